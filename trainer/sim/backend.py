"""The trainer with its progress kept in memory, for the simulator.

`SimTrainer` is the app's `Trainer` with two things swapped: answers are kept in memory
instead of the database, and items are blank k-option questions (the simulated student does
not read them). Everything that decides what the student sees — `DrillSession`, its queue, the
rating policy, the scheduler — is the app's own code. A test checks that the same student
gets the same cards in the same order from this trainer and from the SQLite-backed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from trainer.clock import FixedClock
from trainer.generator.item import Item
from trainer.scheduling.policy import RatingPolicy
from trainer.scheduling.scheduler import CardState, Settings
from trainer.session import Presented, Trainer
from trainer.store.db import StoredCard
from trainer.study.calibration import RecentAnswer
from trainer.study.source import NewCard, TodayAnswer


class MemorySource:
    """`QueueSource` over cards and answers held in memory."""

    def __init__(self, specs: list[tuple[str, str, str, str]]) -> None:
        """``specs``: (card key, deck, sibling, topic) per card; card ids are 1, 2, ..."""
        self.cards: dict[int, StoredCard] = {
            i + 1: StoredCard(i + 1, key, deck, sibling, topic, "sim", CardState(), False, False)
            for i, (key, deck, sibling, topic) in enumerate(specs)
        }
        self.new: set[int] = set(self.cards)
        self.log: list[tuple[datetime, TodayAnswer, bool, int]] = []
        self.before: list[CardState] = []  # each answer's card state before it, as ``log``
        self.options = 4
        self.day_start = 0  # index in ``log`` of the first answer of the latest day asked for
        self.right_ms: list[int] = []

    def _match(self, card: StoredCard, deck_ids: Iterable[str] | None, topic: str | None) -> bool:
        return (deck_ids is None or card.deck_id in deck_ids) and (
            topic is None or card.topic == topic
        )

    def studied_cards(
        self, deck_ids: Iterable[str] | None, topic: str | None, due_before: datetime | None
    ) -> list[StoredCard]:
        decks = set(deck_ids) if deck_ids is not None else None
        return [
            c
            for c in self.cards.values()
            if not c.state.is_new
            and self._match(c, decks, topic)
            and (due_before is None or (c.state.due is not None and c.state.due < due_before))
        ]

    def new_cards(self, deck_ids: Iterable[str] | None, topic: str | None) -> list[NewCard]:
        decks = set(deck_ids) if deck_ids is not None else None
        return [
            NewCard(c.id, c.card_key, c.deck_id, c.sibling)
            for i in sorted(self.new)
            if self._match(c := self.cards[i], decks, topic)
        ]

    def count_new(self) -> int:
        return len(self.new)

    def answers_since(self, since: datetime) -> list[TodayAnswer]:
        while self.day_start < len(self.log) and self.log[self.day_start][0] < since:
            self.day_start += 1
        return [entry[1] for entry in self.log[self.day_start :] if entry[0] >= since]

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        right: list[int] = []
        wrong: list[int] = []
        for _, _, correct, ms in self.log[-limit:]:
            (right if correct else wrong).append(ms)
        return right, wrong

    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        start = max(0, len(self.log) - limit)
        return [
            RecentAnswer(self.before[i], self.log[i][0], self.log[i][2], self.options)
            for i in range(len(self.log) - 1, start - 1, -1)
        ]

    def last_review_id(self) -> int:
        return len(self.log)

    def count_due_between(
        self, start: datetime, end: datetime, deck_ids: Iterable[str] | None, topic: str | None
    ) -> int:
        return sum(
            1
            for c in self.studied_cards(deck_ids, topic, end)
            if c.state.due is not None and c.state.due >= start
        )

    def card(self, card_id: int) -> StoredCard:
        return self.cards[card_id]

    def live_card_ids(self) -> list[int]:
        return sorted(self.cards)

    def cards_by_id(self, ids: Sequence[int]) -> list[StoredCard]:
        return [self.cards[i] for i in ids]

    def answer_log(self, since: datetime) -> tuple[datetime | None, list[tuple[datetime, int]]]:
        first = self.log[0][0] if self.log else None
        return first, [(at, ms) for at, _, _, ms in self.log if at >= since]

    def record(
        self, card: StoredCard, after: CardState, at: datetime, correct: bool, ms: int
    ) -> int:
        self.cards[card.id] = replace(card, state=after)
        self.new.discard(card.id)
        self.log.append((at, TodayAnswer(card.id, card.sibling, card.state.state), correct, ms))
        self.before.append(card.state)
        if correct:
            self.right_ms.append(ms)
            if len(self.right_ms) > 400:
                del self.right_ms[:200]
        return len(self.log)


class SimTrainer(Trainer):
    """The app's trainer over a `MemorySource`."""

    def __init__(
        self, specs: list[tuple[str, str, str, str]], clock: FixedClock, settings: Settings
    ) -> None:
        self.decks = {}
        self.banks = {}
        self.clock = clock
        self.settings = settings
        self._scheduler = None
        self.memory = MemorySource(specs)
        self.memory.options = settings.options
        self.source = self.memory
        self.options = settings.options
        self._policy: tuple[int, RatingPolicy] | None = None

    def item_for(self, card: StoredCard, seed: int, options: int | None = None) -> Item:
        k = options or self.options
        return Item(
            card_id=card.card_key,
            deck=card.deck_id,
            kind="sim",
            stem="",
            options=tuple(str(i) for i in range(k)),
            answer=0,
            explanation="",
            rationales=("",) * k,
            topic=card.topic,
            sources=(),
            seed=seed,
        )

    def next_seed(self, card: StoredCard) -> int:
        return card.state.reps

    def policy(self) -> RatingPolicy:
        times = self.memory.right_ms
        if self._policy is None or self._policy[0] != len(self.memory.log):
            self._policy = (len(self.memory.log), RatingPolicy.from_history(times[-200:]))
        return self._policy[1]

    def _record(
        self,
        presented: Presented,
        chosen: int | None,
        response_ms: int,
        rating: int,
        after: CardState,
        mode: str,
        reschedule: object = None,  # one simulated student: no other process changes a card
    ) -> int:
        correct = chosen == presented.item.answer
        return self.memory.record(presented.card, after, self.clock.now(), correct, response_ms)
