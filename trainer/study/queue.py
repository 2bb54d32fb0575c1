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
row by row down a table.

Studied cards come from a `Ranking` (`trainer.study.ranking`) read from its top: the queue
holds the part read so far as two flat arrays (priorities and card ids) and a pointer, the
cards answered since as a small heap, and what changed as sets of the few card ids concerned.
It never holds an object per studied card: at 100,000 cards it reads a few hundred rows to
serve the day, and an answer costs O(log n) plus one indexed read of the card's fact.
"""

from __future__ import annotations

import heapq
import statistics
from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from trainer.clock import day_start
from trainer.scheduling.pacing import new_quota
from trainer.scheduling.priority import LEARNING_STATES, Kind, RankTerms, priority, ranked
from trainer.scheduling.scheduler import CardState, TrainerScheduler
from trainer.store.db import StoredCard
from trainer.study.new_cards import ListedNewCards, NewCards, new_order
from trainer.study.ranking import ComputedRanking, Ranking
from trainer.study.source import NewCard, QueueSource

DEFAULT_RIGHT_MS, DEFAULT_WRONG_MS = 10_000, 20_000
MIN_ANSWER_MS = 1_000  # the least time an answer is taken to cost, whatever was measured
FIRST_PAGE = 256  # ranked cards read when the queue is built; the rest only if the drill gets there


@dataclass(frozen=True)
class DrillStatus:
    """Why the drill holds what it holds; shown when the day's cards are done."""

    next_learning_at: datetime | None  # the next learning step due later today
    new_held_by_cap: int  # new cards waiting for another day (daily new-card pace)
    buried: int  # due cards held back: another card of the same fact was answered today
    due_tomorrow: int  # studied cards falling due tomorrow (not today's)
    reviews_held_by_cap: int = 0  # due review cards beyond the daily review limit
    learning_later: int = 0  # learning steps due later today (not counted as today's yet)


class DayQueue:
    def __init__(
        self,
        scheduler: TrainerScheduler,
        source: QueueSource,
        now: datetime,
        deck_ids: tuple[str, ...] | None = None,
        topic: str | None = None,
        extra: bool = False,
        on_ranking: Callable[[Ranking], None] | None = None,
    ) -> None:
        """``on_ranking`` is given the ranking as soon as it is made, before the queue reads
        it (`trainer.stats` takes its own figures in the same pass as the ranking's counts)."""
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
        # no answer takes less than MIN_ANSWER_MS (answers piped in can take none)
        self.right_ms = max(MIN_ANSWER_MS, statistics.median(right) if right else DEFAULT_RIGHT_MS)
        self.wrong_ms = max(MIN_ANSWER_MS, statistics.median(wrong) if wrong else DEFAULT_WRONG_MS)
        # with an exam date every studied card competes for the day's review slots
        self.ranked = extra or self.exam is not None
        kind: Kind = "exam" if self.exam is not None else "recall" if extra else "due"
        self.terms = RankTerms(
            kind, now, self.end, self.exam, float(self.right_ms), float(self.wrong_ms)
        )
        self.ranking = _ranking(scheduler, source, self.terms, deck_ids, topic)
        if on_ranking is not None:
            on_ranking(self.ranking)
        # cards read so far: learning steps, the ranking's head, the cards answered here
        self.cards: dict[int, StoredCard] = {}
        self.version: dict[int, int] = {}
        self.learning: list[tuple[datetime, int, int]] = []
        for card in self.ranking.learning():
            self.cards[card.id] = card
            heapq.heappush(self.learning, (card.state.due, card.id, 0))  # type: ignore[arg-type]
        # the ranking as read so far, and how far the drill has got in it
        self.priorities = array("d")
        self.ids = array("q")
        self.head = 0
        self.complete = False
        # cards ranked again after an answer ("study more" with an exam date)
        self.reviews: list[tuple[float, int, int]] = []
        self.requeued: set[int] = set()
        self.touched: set[int] = set()  # answered since the queue was built
        self.gone: set[int] = set()  # ranked when built, no longer served
        self.not_due: set[int] = set()  # ranked when built and due today; no longer counted so
        self.buried: set[int] = set()
        self.decks: dict[int, str] = {}  # the deck of each card left out when built
        self.ranked_total, self.ranked_due = self.ranking.counts()
        for card in self.ranking.of_facts(self.fact_cards) if self.fact_cards else ():
            self._settle(card)
        self.allotment = self.ranked_due - len(self.not_due)  # review slots: one per due card
        # new cards
        self.new_cards = _new_cards(source, deck_ids, topic, settings.order_seed)
        self.new_done: set[int] = set()
        whole = deck_ids is None and topic is None  # then the queue's new cards are all of them
        remaining_at_start = (self.new_cards.total() if whole else source.count_new()) + (
            self.done_new
        )
        self.new_quota = new_quota(
            settings.new_per_day,
            remaining_at_start,
            self.day,
            settings.exam_date,
            settings.exam_set_on,
        )
        self.new_position = 0

    def _settle(self, card: StoredCard) -> None:
        """A card of a fact answered today, as the queue is built: served, held back or not."""
        state = card.state
        if not ranked(self.terms, state):
            return
        assert state.due is not None
        self.decks[card.id] = card.deck_id
        answered = card.id in self.answered_today
        due = state.due < self.end
        skip = answered and self.exam is None if self.extra else answered
        if not skip and self._held(card.id, card.sibling):
            if due and not answered:
                self.buried.add(card.id)
            skip = True
        if skip:
            self.gone.add(card.id)
        if due and (skip or answered):
            self.not_due.add(card.id)

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
        return priority(self.scheduler, replace(self.terms, now=now), state)

    def _valid(self, entry_id: int, version: int) -> bool:
        return self.version.get(entry_id, 0) == version

    def _pending(self, card: StoredCard) -> bool:
        """Whether the card, as it is now, waits in the ranking."""
        if card.id in self.touched:
            return card.id in self.requeued
        return ranked(self.terms, card.state) and card.id not in self.gone

    def _due(self, card: StoredCard) -> bool:
        """Whether the card, as it is now, counts among today's due cards."""
        if card.id in self.touched or not ranked(self.terms, card.state):
            return False
        assert card.state.due is not None
        return card.state.due < self.end and card.id not in self.not_due

    def _drop(self, card_id: int, built: CardState | None, due_too: bool) -> None:
        """No longer served (and, if ``due_too``, no longer counted due). ``built``: the card's
        state when the queue was built, if known (None for a card answered here since)."""
        self.requeued.discard(card_id)
        if built is None or not ranked(self.terms, built):
            return
        self.gone.add(card_id)
        assert built.due is not None
        if due_too and built.due < self.end:
            self.not_due.add(card_id)

    def _card(self, card_id: int) -> StoredCard:
        card = self.cards.get(card_id)
        if card is None:
            card = self.cards[card_id] = self.ranking.cards([card_id])[0]
        return card

    def _built_state(self, card: StoredCard) -> CardState | None:
        return None if card.id in self.touched else card.state

    # -- the ranking ----------------------------------------------------------------------
    def _read(self) -> None:
        """The first page of the ranking, or (once the drill gets past it) all the rest."""
        limit = None if self.ids else FIRST_PAGE
        page = self.ranking.next_page(limit)
        self.complete = limit is None or len(page) < limit
        for value, card_id in page:
            self.priorities.append(value)
            self.ids.append(card_id)

    def _static(self, position: int) -> int | None:
        """The position of the first waiting ranked card at or after ``position``."""
        while True:
            if position >= len(self.ids):
                if self.complete:
                    return None
                self._read()
                continue
            card_id = self.ids[position]
            if card_id not in self.gone and self.version.get(card_id, 0) == 0:
                return position
            position += 1

    def _requeued_top(self) -> tuple[float, int, int] | None:
        while self.reviews:
            entry = self.reviews[0]
            if self._valid(entry[1], entry[2]) and entry[1] in self.requeued:
                return entry
            heapq.heappop(self.reviews)
        return None

    def _head_entry(self) -> tuple[float, int, int] | None:
        position = self._static(self.head)
        if position is not None:
            self.head = position
        static = None if position is None else (self.priorities[position], self.ids[position], 0)
        requeued = self._requeued_top()
        if static is None or (requeued is not None and requeued < static):
            return requeued
        return static

    def top_reviews(self, count: int) -> list[StoredCard]:
        """The first ``count`` ranked cards waiting, in order (without taking them)."""
        chosen: list[int] = []
        position = self.head
        requeued = sorted(
            e for e in self.reviews if self._valid(e[1], e[2]) and e[1] in self.requeued
        )
        index = 0
        while len(chosen) < count:
            found = self._static(position)
            static = None if found is None else (self.priorities[found], self.ids[found], 0)
            other = requeued[index] if index < len(requeued) else None
            if static is None and other is None:
                break
            if static is None or (other is not None and other < static):
                chosen.append(other[1])  # type: ignore[index]
                index += 1
            else:
                assert found is not None
                chosen.append(static[1])
                position = found + 1
        missing = [card_id for card_id in chosen if card_id not in self.cards]
        read = {card.id: card for card in self.ranking.cards(missing)} if missing else {}
        return [self.cards.get(card_id) or read[card_id] for card_id in chosen]

    def _pending_count(self) -> int:
        return self.ranked_total - len(self.gone) + len(self.requeued)

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
            return self._pending_count()
        due = self.ranked_due - len(self.not_due)
        cap = self.scheduler.settings.reviews_per_day - self.done_reviews
        return max(0, min(due, cap, self.allotment))

    def _top_review(self) -> tuple[float, StoredCard] | None:
        if not self.extra and (
            self.done_reviews >= self.scheduler.settings.reviews_per_day or self.allotment <= 0
        ):
            return None
        while True:
            entry = self._head_entry()
            if entry is None:
                return None
            value, card_id, version = entry
            card = self._card(card_id)
            if not self._held(card_id, card.sibling):
                return value, card
            self.decks[card_id] = card.deck_id
            self._drop(card_id, card.state if version == 0 else None, due_too=False)
            self.buried.add(card_id)

    def _next_new(self) -> NewCard | None:
        if not self.extra and self.done_new >= self.new_quota:
            return None
        while (card := self.new_cards.at(self.new_position)) is not None:
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
        return self._new_count(), learning, min(self._pending_count(), self._review_room())

    def _new_count(self) -> int:
        if self.extra:  # no daily pace: every new card not yet taken
            return max(0, self.new_cards.total() - len(self.new_done))
        room = max(0, self.new_quota - self.done_new)
        count = 0
        facts: set[str] = set()
        for card in self.new_cards.starting(self.new_position):
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
        due_today: dict[str, int] = {}
        for deck, (ranked_here, due_here) in self.ranking.counts_by_deck().items():
            pending[deck] = ranked_here
            due_today[deck] = due_here
        for card_id in self.gone:  # left out when the queue was built
            deck = self.decks[card_id]
            pending[deck] -= 1
        for card_id in self.not_due:
            deck = self.decks[card_id]
            due_today[deck] -= 1
        pending = {deck: n for deck, n in pending.items() if n > 0}
        cap = self.scheduler.settings.reviews_per_day - self.done_reviews
        room = max(0, self.new_quota - self.done_new)
        new: dict[str, int] = {}
        facts: dict[str, set[str]] = {}
        for card in self.new_cards.starting(0):
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
        available = sum(1 for c in self.new_cards.starting(0) if c.id not in self.new_done)
        held = {
            card_id
            for _, card_id, version in self.learning
            if self._valid(card_id, version) and self._held(card_id, self.cards[card_id].sibling)
        }
        due = self.ranked_due - len(self.not_due) if not self.extra else self._pending_count()
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
            learning_later=len(waiting),
        )

    # -- updating ---------------------------------------------------------------------------
    def extend(self) -> None:
        """Become "study more": the day's limits lifted, the same ranking kept."""
        assert self.ranked
        self.extra = True

    def skip(self, card: StoredCard) -> None:
        """Leave a card out of this drill: it cannot be phrased, or another process has it
        on screen."""
        self.new_done.add(card.id)
        built = self._built_state(card)
        self.version[card.id] = self.version.get(card.id, 0) + 1
        self._drop(card.id, built, due_too=False)

    def answered(
        self, card: StoredCard, before: CardState, after: CardState, now: datetime
    ) -> None:
        """Take one answer into account: O(log n), and one read of the card's fact."""
        built = None if card.id in self.touched else before
        self._note_answer(card.id, card.sibling, before.state)
        self.version[card.id] = self.version.get(card.id, 0) + 1
        self._drop(card.id, built, due_too=True)
        self.touched.add(card.id)
        for other in self.ranking.of_facts({card.sibling}):  # held back now
            if other.id == card.id:
                continue
            if self._pending(other) or self._due(other):
                self.buried.add(other.id)
            self._drop(other.id, self._built_state(other), due_too=True)
        if before.state == 2:
            self.allotment -= 1
        if before.is_new:
            self.new_done.add(card.id)
        updated = replace(card, state=after)
        self.cards[card.id] = updated
        self._requeue(updated, now)

    def _requeue(self, card: StoredCard, now: datetime) -> None:
        """Where an answered card goes: a learning step due today, or (in "study more" with
        an exam date) back into the ranking; otherwise not again today."""
        state = card.state
        version = self.version.get(card.id, 0)
        if state.due is None:
            return
        if state.state in LEARNING_STATES and state.due < self.end:
            heapq.heappush(self.learning, (state.due, card.id, version))
            return
        if not self.extra or self.exam is None or self._held(card.id, card.sibling):
            return
        heapq.heappush(self.reviews, (self._priority(state, now), card.id, version))
        self.requeued.add(card.id)


def _new_cards(
    source: QueueSource, deck_ids: tuple[str, ...] | None, topic: str | None, seed: int
) -> NewCards:
    """The source's new cards in their order: read from the top as needed if the source
    keeps each card's place (the store does), else all read and sorted here."""
    stored = getattr(source, "new_card_order", None)
    ordered = stored(deck_ids, topic, seed) if stored is not None else None
    if ordered is not None:
        return ordered  # type: ignore[no-any-return]
    return ListedNewCards(new_order(source.new_cards(deck_ids, topic), seed))


def _ranking(
    scheduler: TrainerScheduler,
    source: QueueSource,
    terms: RankTerms,
    deck_ids: tuple[str, ...] | None,
    topic: str | None,
) -> Ranking:
    """The source's own ranking if it computes one (the store does, in SQL), else one
    computed here from its studied cards."""
    make = getattr(source, "ranking", None)
    if make is not None:
        return make(scheduler, terms, deck_ids, topic)  # type: ignore[no-any-return]
    due_before = None if terms.kind != "due" else terms.end
    return ComputedRanking(scheduler, terms, source.studied_cards(deck_ids, topic, due_before))
