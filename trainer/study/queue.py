"""Today's drill queue: built once, then updated by each answer.

What is served, in order:

1. learning cards whose step is due now (a pending step waits: `next_learning_at`);
2. without an exam date: review cards due before the end of today, oldest due first, up to the
   daily review limit; then new cards up to the daily new limit.
   With an exam date: the day's new cards first (paced, `scheduling.pacing`), then the due
   review cards, those where one review adds most expected exam-day recall per expected
   second of the student's time first;
3. in "study more" (``extra``), when the day's cards are done: with an exam date every studied
   card ranked by that same gain per second, with no daily limits; without one, the studied
   cards least likely to be recalled now. New cards beyond the day's pace come only when no
   studied card is left to serve (a myopic ranking would introduce the whole deck at once and
   leave too little time for second and third exposures).

A card answered today is never served again today as a review (only a learning step brings it
back), and a card is held back ("buried") while another card of the same fact was answered
today. New cards come in an order shuffled for each store and interleaved across decks, never
row by row down a table. The structure is a set of heaps with lazy deletion: an answer costs
O(log n), independent of the collection's size.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from trainer.clock import day_start
from trainer.scheduling.pacing import new_quota
from trainer.scheduling.scheduler import CardState, TrainerScheduler
from trainer.store.db import StoredCard
from trainer.study.source import NewCard, QueueSource

DEFAULT_RIGHT_MS, DEFAULT_WRONG_MS = 10_000, 20_000


@dataclass(frozen=True)
class DrillStatus:
    """Why the drill holds what it holds; shown when the day's cards are done."""

    next_learning_at: datetime | None  # the next learning step due later today
    new_held_by_cap: int  # new cards waiting for another day (daily new-card pace)
    buried: int  # due cards held back: another card of the same fact was answered today
    due_tomorrow: int  # studied cards falling due tomorrow (not today's)
    reviews_held_by_cap: int = 0  # due review cards beyond the daily review limit


def _key(seed: int, text: str) -> bytes:
    return hashlib.blake2b(f"{seed}|{text}".encode(), digest_size=8).digest()


def new_order(cards: Iterable[NewCard], seed: int) -> list[NewCard]:
    """New cards shuffled within each deck (the same order for the same store and seed),
    interleaved across decks in a shuffled deck order."""
    by_deck: dict[str, list[NewCard]] = {}
    for card in cards:
        by_deck.setdefault(card.deck_id, []).append(card)
    decks = sorted(by_deck, key=lambda deck: _key(seed, deck))
    for deck in decks:
        by_deck[deck].sort(key=lambda card: _key(seed, card.card_key))
    ordered = []
    longest = max((len(v) for v in by_deck.values()), default=0)
    for index in range(longest):
        for deck in decks:
            if index < len(by_deck[deck]):
                ordered.append(by_deck[deck][index])
    return ordered


class DayQueue:
    def __init__(
        self,
        scheduler: TrainerScheduler,
        source: QueueSource,
        now: datetime,
        deck_ids: tuple[str, ...] | None = None,
        topic: str | None = None,
        extra: bool = False,
    ) -> None:
        settings = scheduler.settings
        self.scheduler = scheduler
        self.source = source
        self.deck_ids = deck_ids
        self.topic = topic
        self.extra = extra
        self.day = now.date()
        self.start = day_start(self.day)
        self.end = self.start + timedelta(days=1)
        exam = scheduler.exam_at()
        self.exam = exam if exam is not None and now < exam else None
        # what was answered today, in this process or another
        self.answered_today: set[int] = set()
        self.fact_cards: dict[str, set[int]] = {}
        self.done_new = self.done_reviews = 0
        for answer in source.answers_since(self.start):
            self._note_answer(answer.card_id, answer.sibling, answer.state_before)
        right, wrong = source.answer_times()
        self.right_ms = statistics.median(right) if right else DEFAULT_RIGHT_MS
        self.wrong_ms = statistics.median(wrong) if wrong else DEFAULT_WRONG_MS
        # with an exam date every studied card competes for the day's review slots
        self.ranked = extra or self.exam is not None
        # studied cards: today's due ones, or all of them when they are ranked
        due_before = None if self.ranked else self.end
        self.cards: dict[int, StoredCard] = {
            c.id: c for c in source.studied_cards(deck_ids, topic, due_before)
        }
        self.version: dict[int, int] = {}
        self.learning: list[tuple[datetime, int, int]] = []
        self.reviews: list[tuple[float, int, int]] = []
        self.pending_reviews: set[int] = set()  # in the review heap, not held back
        self.due_today: set[int] = set()  # review cards due today, not answered or held
        self.members: dict[str, set[int]] = {}  # fact → its cards in the two sets above
        self.buried: set[int] = set()
        for card in self.cards.values():
            self._push(card, now)
        self.allotment = len(self.due_today)  # review slots today: one per due card
        # new cards
        fresh = [c for c in source.new_cards(deck_ids, topic)]
        self.new_cards = new_order(fresh, settings.order_seed)
        self.new_done: set[int] = set()
        remaining_at_start = source.count_new() + self.done_new
        self.new_quota = new_quota(
            settings.new_per_day,
            remaining_at_start,
            self.day,
            settings.exam_date,
            settings.exam_set_on,
        )
        self.new_position = 0

    # -- bookkeeping ----------------------------------------------------------------------
    def _note_answer(self, card_id: int, sibling: str, state_before: int) -> None:
        self.answered_today.add(card_id)
        self.fact_cards.setdefault(sibling, set()).add(card_id)
        if state_before == 0:
            self.done_new += 1
        elif state_before == 2:
            self.done_reviews += 1

    def _held(self, card_id: int, sibling: str) -> bool:
        """Another card of the same fact was answered today."""
        return bool(self.fact_cards.get(sibling, set()) - {card_id})

    def _priority(self, state: CardState, now: datetime) -> float:
        if self.exam is not None:
            gain, p = self.scheduler.exam_gain(state, now, self.exam)
            return -gain / (p * self.right_ms + (1 - p) * self.wrong_ms)
        if self.extra:
            return self.scheduler.retrievability(state, now)
        assert state.due is not None
        return state.due.timestamp()

    def _push(self, card: StoredCard, now: datetime) -> None:
        state = card.state
        version = self.version.get(card.id, 0)
        if state.due is None:
            return
        if state.state in (1, 3) and state.due < self.end:
            heapq.heappush(self.learning, (state.due, card.id, version))
            return
        answered = card.id in self.answered_today
        due = state.due < self.end and not answered
        if self.extra:
            if answered and self.exam is None:
                return
        elif answered or (not due and not self.ranked):
            return  # a card answered today is not served again today as a review
        if self._held(card.id, card.sibling):
            if due:
                self.buried.add(card.id)
            return
        if due:
            self.due_today.add(card.id)
        self.members.setdefault(card.sibling, set()).add(card.id)
        heapq.heappush(self.reviews, (self._priority(state, now), card.id, version))
        self.pending_reviews.add(card.id)

    def _valid(self, entry_id: int, version: int) -> bool:
        return self.version.get(entry_id, 0) == version

    # -- reading ----------------------------------------------------------------------------
    def _learning_now(self, now: datetime) -> StoredCard | None:
        while self.learning and self.learning[0][0] <= now:
            _, card_id, version = self.learning[0]
            card = self.cards[card_id]
            if self._valid(card_id, version) and not self._held(card_id, card.sibling):
                return card
            heapq.heappop(self.learning)
            if self._valid(card_id, version):
                self.buried.add(card_id)
        return None

    def _review_room(self) -> int:
        """Review cards today's drill still serves (unbounded in "study more")."""
        if self.extra:
            return len(self.pending_reviews)
        due = len(self.due_today)
        cap = self.scheduler.settings.reviews_per_day - self.done_reviews
        return max(0, min(due, cap, self.allotment))

    def _top_review(self) -> tuple[float, StoredCard] | None:
        if not self.extra and (
            self.done_reviews >= self.scheduler.settings.reviews_per_day or self.allotment <= 0
        ):
            return None
        while self.reviews:
            priority, card_id, version = self.reviews[0]
            card = self.cards[card_id]
            if self._valid(card_id, version) and card_id in self.pending_reviews:
                if not self._held(card_id, card.sibling):
                    return priority, card
                self.pending_reviews.discard(card_id)
                self.buried.add(card_id)
            heapq.heappop(self.reviews)
        return None

    def _next_new(self) -> NewCard | None:
        if not self.extra and self.done_new >= self.new_quota:
            return None
        while self.new_position < len(self.new_cards):
            card = self.new_cards[self.new_position]
            if card.id not in self.new_done and not self._held(card.id, card.sibling):
                return card
            self.new_position += 1
        return None

    def peek(self, now: datetime) -> StoredCard | NewCard | None:
        """The card next() serves now, without taking it."""
        learning = self._learning_now(now)
        if learning is not None:
            return learning
        review = self._top_review()
        fresh = self._next_new()
        if review is None or fresh is None:
            return review[1] if review is not None else fresh
        if self.extra:  # beyond the day's pace, studied cards first
            return review[1]
        return fresh if self.exam is not None else review[1]

    def counts(self, now: datetime) -> tuple[int, int, int]:
        """(new, learning, review) cards next() will serve today, as of ``now``."""
        self._learning_now(now)
        self._top_review()
        learning = sum(
            1
            for due, card_id, version in self.learning
            if due <= now
            and self._valid(card_id, version)
            and not self._held(card_id, self.cards[card_id].sibling)
        )
        pending = len(self.pending_reviews)
        return self._new_count(), learning, min(pending, self._review_room())

    def _new_count(self) -> int:
        if self.extra:  # no daily pace: every new card not yet taken
            return max(0, len(self.new_cards) - len(self.new_done))
        room = max(0, self.new_quota - self.done_new)
        count = 0
        facts: set[str] = set()
        for card in itertools.islice(self.new_cards, self.new_position, None):
            if count >= room:
                break
            if (
                card.id in self.new_done
                or card.sibling in facts
                or self._held(card.id, card.sibling)
            ):
                continue
            facts.add(card.sibling)
            count += 1
        return count

    def counts_by_deck(self, now: datetime) -> dict[str, tuple[int, int, int]]:
        """(new, learning, review) per deck, as each deck's own queue (``deck_ids=(deck,)``,
        same topic and mode) would count now: one pass here instead of one queue per deck.

        Only for a queue no answer has been applied to: a deck's own queue shares this one's
        daily limits and today's answers, and its review slots are its own due cards."""
        if self.version:
            raise ValueError("counts_by_deck needs a queue no answer has been applied to")
        self._learning_now(now)
        learning: dict[str, int] = {}
        for due, card_id, version in self.learning:
            card = self.cards[card_id]
            if (
                due <= now
                and self._valid(card_id, version)
                and not self._held(card_id, card.sibling)
            ):
                learning[card.deck_id] = learning.get(card.deck_id, 0) + 1
        pending: dict[str, int] = {}
        for card_id in self.pending_reviews:
            deck = self.cards[card_id].deck_id
            pending[deck] = pending.get(deck, 0) + 1
        due_today: dict[str, int] = {}
        for card_id in self.due_today:
            deck = self.cards[card_id].deck_id
            due_today[deck] = due_today.get(deck, 0) + 1
        cap = self.scheduler.settings.reviews_per_day - self.done_reviews
        room = max(0, self.new_quota - self.done_new)
        new: dict[str, int] = {}
        facts: dict[str, set[str]] = {}
        for card in self.new_cards:
            deck = card.deck_id
            if card.id in self.new_done:
                continue
            if self.extra:  # no daily pace: every new card not yet taken (`_new_count`)
                new[deck] = new.get(deck, 0) + 1
                continue
            seen = facts.setdefault(deck, set())
            if new.get(deck, 0) >= room or card.sibling in seen:
                continue
            if self._held(card.id, card.sibling):
                continue
            seen.add(card.sibling)
            new[deck] = new.get(deck, 0) + 1
        result = {}
        for deck in set(learning) | set(pending) | set(new):
            waiting = pending.get(deck, 0)
            # a deck's own queue: its review slots are its due cards (``allotment``)
            room_here = waiting if self.extra else max(0, min(due_today.get(deck, 0), cap))
            result[deck] = (new.get(deck, 0), learning.get(deck, 0), min(waiting, room_here))
        return result

    def status(self, now: datetime) -> DrillStatus:
        new, _, reviews = self.counts(now)
        waiting = [
            due
            for due, card_id, version in self.learning
            if due > now and self._valid(card_id, version)
        ]
        available = sum(1 for c in self.new_cards if c.id not in self.new_done)
        held = {
            card_id
            for _, card_id, version in self.learning
            if self._valid(card_id, version) and self._held(card_id, self.cards[card_id].sibling)
        }
        due = len(self.due_today) if not self.extra else len(self.pending_reviews)
        pending = min(due, self.allotment) if not self.extra else due
        tomorrow = self.source.count_due_between(
            self.end, self.end + timedelta(days=1), self.deck_ids, self.topic
        )
        return DrillStatus(
            next_learning_at=min(waiting) if waiting else None,
            new_held_by_cap=max(0, available - new) if not self.extra else 0,
            buried=len((self.buried | held) - self.answered_today),
            due_tomorrow=tomorrow,
            reviews_held_by_cap=max(0, pending - reviews),
        )

    # -- updating ---------------------------------------------------------------------------
    def extend(self) -> None:
        """Become "study more": the day's limits lifted, the same ranking kept."""
        assert self.ranked
        self.extra = True

    def answered(
        self, card: StoredCard, before: CardState, after: CardState, now: datetime
    ) -> None:
        """Take one answer into account: O(log n)."""
        self._note_answer(card.id, card.sibling, before.state)
        self.version[card.id] = self.version.get(card.id, 0) + 1
        self.pending_reviews.discard(card.id)
        self.due_today.discard(card.id)
        for other in self.members.get(card.sibling, set()) - {card.id}:  # held back now
            if other in self.pending_reviews or other in self.due_today:
                self.buried.add(other)
            self.pending_reviews.discard(other)
            self.due_today.discard(other)
        if before.state == 2:
            self.allotment -= 1
        if before.is_new:
            self.new_done.add(card.id)
        updated = replace(card, state=after)
        self.cards[card.id] = updated
        self._push(updated, now)
