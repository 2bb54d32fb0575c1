"""The study-session API: what the TUI, the CLI and the simulator drive. No Textual here.

A `Trainer` holds the decks' banks, the store, the clock and the settings. A `DrillSession`
serves today's queue (`trainer.study.queue`: what comes next and why) and turns each answer
into a committed review before the next question is shown.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from fsrs import Rating

from trainer.clock import Clock, day_start
from trainer.deck.model import Deck
from trainer.errors import TrainerError
from trainer.generator.bank import Bank
from trainer.generator.item import CannotGenerate, Item
from trainer.scheduling.policy import RatingDecision, RatingPolicy
from trainer.scheduling.scheduler import CardState, Settings, TrainerScheduler
from trainer.store import leases
from trainer.store.db import ReviewRecord, Store, StoredCard
from trainer.study.queue import DayQueue, DrillStatus
from trainer.study.source import NewCard, QueueSource, StoreSource

__all__ = ["Counts", "DrillSession", "DrillStatus", "Feedback", "Presented", "Trainer"]

RATING_NAMES = {
    Rating.Again: "Again",
    Rating.Hard: "Hard",
    Rating.Good: "Good",
    Rating.Easy: "Easy",
}


@dataclass(frozen=True)
class Presented:
    card: StoredCard
    item: Item
    shown_at: datetime


@dataclass(frozen=True)
class Feedback:
    presented: Presented
    chosen: int | None
    correct: bool
    rating: Rating
    reason: str
    review_id: int
    after: CardState

    @property
    def rating_name(self) -> str:
        return RATING_NAMES[self.rating]


@dataclass(frozen=True)
class Counts:
    new: int
    learning: int
    review: int
    answered: int
    right: int

    @property
    def remaining(self) -> int:
        return self.new + self.learning + self.review


class Trainer:
    """Decks + store + clock: the domain core the app is built on."""

    def __init__(self, decks: Sequence[Deck], store: Store, clock: Clock) -> None:
        self.decks = {deck.id: deck for deck in decks}
        self.banks = {deck.id: Bank(deck) for deck in decks}
        self.store = store
        self.source: QueueSource = StoreSource(store)
        self.clock = clock
        self.settings = store.settings()
        self._scheduler: TrainerScheduler | None = None
        # one card at a time: a large deck's cards are never all in memory at once
        specs = (c for bank in self.banks.values() for c in bank.iter_cards())
        store.sync_cards(specs, clock.now(), deck_ids=self.decks)
        # The decks, their banks and proofs live as long as the trainer. Keep them out of the
        # cyclic collector's full passes: at 100,000 cards a pass walked 2.5 million objects
        # (about a second, landing inside some answer → next question).
        gc.freeze()

    # -- settings ---------------------------------------------------------------------------
    def scheduler(self, settings: Settings | None = None) -> TrainerScheduler:
        """The scheduler for the current settings, built once per settings value."""
        wanted = settings or self.settings
        if self._scheduler is None or self._scheduler.settings != wanted:
            self._scheduler = TrainerScheduler(wanted)
        return self._scheduler

    def save_settings(self, settings: Settings) -> None:
        if settings.exam_date != self.settings.exam_date:  # new cards are paced from today
            set_on = self.clock.now().date() if settings.exam_date else None
            settings = replace(settings, exam_set_on=set_on)
        try:
            settings.validated()
        except ValueError as exc:
            raise TrainerError(str(exc)) from None
        self.store.save_settings(settings)
        self.settings = settings

    # -- items ------------------------------------------------------------------------------
    def item_for(self, card: StoredCard, seed: int, options: int | None = None) -> Item:
        bank = self.banks.get(card.deck_id)
        if bank is None:
            raise CannotGenerate(card.card_key, "its deck is not loaded")
        return bank.generate_any(card.card_key, seed, options or self.settings.options)

    def vignette_form(self, card: StoredCard) -> bool:
        """Whether the card's items are USMLE-style vignettes rather than one-liners."""
        bank = self.banks.get(card.deck_id)
        return bank is not None and card.card_key in bank.vignette_cards()

    def next_seed(self, card: StoredCard) -> int:
        """Each review of a card shows a new variant: the seed is its review count, which
        the card's state carries (``reps``; an undo restores it), so no query is needed."""
        return card.state.reps

    def today(self) -> datetime:
        return day_start(self.clock.now().date())

    # -- answering --------------------------------------------------------------------------
    def policy(self) -> RatingPolicy:
        return RatingPolicy.from_history(self.store.correct_times())

    def decide(self, presented: Presented, chosen: int | None, response_ms: int) -> RatingDecision:
        correct = chosen == presented.item.answer
        state = presented.card.state
        r = None if state.is_new else self.scheduler().retrievability(state, self.clock.now())
        return self.policy().rate(correct, response_ms, len(presented.item.options), r)

    def answer(
        self, presented: Presented, chosen: int | None, response_ms: int, mode: str = "drill"
    ) -> Feedback:
        """Rate the answer, schedule the card and commit the review, all before returning."""
        now = self.clock.now()
        decision = self.decide(presented, chosen, response_ms)
        before = presented.card.state
        after = self.scheduler().review(before, decision.rating, now)
        item = presented.item
        moved: list[tuple[CardState, CardState]] = []  # if another process answered it meanwhile

        def reschedule(current: CardState) -> CardState:
            moved.append((current, self.scheduler().review(current, decision.rating, now)))
            return moved[-1][1]

        review_id = self._record(
            presented, chosen, response_ms, int(decision.rating), after, mode, reschedule
        )
        if moved:  # the answer was applied to the card's current state: report that
            presented = replace(presented, card=replace(presented.card, state=moved[0][0]))
            after = moved[0][1]
        return Feedback(
            presented,
            chosen,
            chosen == item.answer,
            decision.rating,
            decision.reason,
            review_id,
            after,
        )

    def _record(
        self,
        presented: Presented,
        chosen: int | None,
        response_ms: int,
        rating: int,
        after: CardState,
        mode: str,
        reschedule: Callable[[CardState], CardState] | None = None,
    ) -> int:
        """Commit one answer; the review's id."""
        item = presented.item
        return self.store.record_review(
            ReviewRecord(
                card_id=presented.card.id,
                reviewed_at=self.clock.now(),
                seed=item.seed,
                options=len(item.options),
                chosen=chosen,
                correct=chosen == item.answer,
                response_ms=response_ms,
                rating=rating,
                key_text=item.key,
                chosen_text=None if chosen is None else item.options[chosen],
                before=presented.card.state,
                after=after,
                shown=item.options,
                mode=mode,
                reschedule=reschedule,
            )
        )

    def override(self, feedback: Feedback, rating: Rating) -> Feedback:
        """Re-schedule the last answer with another rating (the review keeps its time)."""
        before = feedback.presented.card.state
        when = self.clock.now()
        after = self.scheduler().review(before, rating, when)
        self.store.rerate_review(feedback.review_id, int(rating), after)
        return replace(feedback, rating=rating, reason="changed by you", after=after)

    def undo(self, feedback: Feedback) -> Presented:
        """Take back an answer: the review row goes and the card's state is restored."""
        self.store.undo_review(feedback.review_id)
        card = self.store.card(feedback.presented.card.id)
        return replace(feedback.presented, card=card, shown_at=self.clock.now())


@dataclass
class DrillSession:
    """Today's drill, one question at a time.

    ``deck_ids``/``topic`` study one deck or one topic (the daily limits stay shared);
    ``extra`` is "study more" once the day's cards are done (see `trainer.study.queue`)."""

    trainer: Trainer
    deck_ids: tuple[str, ...] | None = None
    topic: str | None = None
    extra: bool = False
    answered: int = 0
    right: int = 0
    started: datetime | None = None
    history: list[Feedback] = field(default_factory=list)
    _queue: DayQueue | None = None
    _seen_review_id: int = -1  # the newest review the queue knows of
    _skip: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.started = self.trainer.clock.now()
        if self.deck_ids is not None:
            self.deck_ids = tuple(self.deck_ids)

    def _current(self) -> DayQueue:
        """The queue, rebuilt only when the day turned, an answer was undone or re-rated, or
        another process answered; otherwise kept up to date answer by answer."""
        now = self.trainer.clock.now()
        last = self.trainer.source.last_review_id()
        queue = self._queue
        if queue is None or queue.day != now.date() or last != self._seen_review_id:
            queue = DayQueue(
                self.trainer.scheduler(),
                self.trainer.source,
                now,
                self.deck_ids,
                self.topic,
                self.extra,
            )
            queue.new_done |= self._skip
            self._queue = queue
            self._seen_review_id = last
        return queue

    def study_more(self) -> None:
        """Switch to "study more" once the day's cards are done (same as ``extra=True``)."""
        self.extra = True
        queue = self._queue
        if queue is not None and queue.exam is not None:
            queue.extend()  # with an exam date the day's ranking already holds every card
        else:
            self._queue = None

    def counts(self) -> Counts:
        new, learning, review = self._current().counts(self.trainer.clock.now())
        return Counts(new, learning, review, self.answered, self.right)

    def deck_counts(self) -> dict[str, Counts]:
        """What a drill of each deck alone would count now (`DayQueue.counts_by_deck`), from
        this session's queue; only before its first answer. Decks with nothing are absent."""
        if self.history:
            raise TrainerError("deck counts come from a drill not yet answered")
        by_deck = self._current().counts_by_deck(self.trainer.clock.now())
        return {deck: Counts(*counts, 0, 0) for deck, counts in by_deck.items()}

    def status(self) -> DrillStatus:
        return self._current().status(self.trainer.clock.now())

    def next(self) -> Presented | None:
        """The next question, or None when today's drill is done."""
        while True:
            queue = self._current()
            picked = queue.peek(self.trainer.clock.now())
            if picked is None:
                return None
            card = self.trainer.source.card(picked.id) if isinstance(picked, NewCard) else picked
            try:
                item = self.trainer.item_for(card, self.trainer.next_seed(card))
            except CannotGenerate:  # a card its deck can no longer phrase; never shown
                self._skip.add(card.id)
                queue.new_done.add(card.id)
                queue.version[card.id] = queue.version.get(card.id, 0) + 1
                queue.pending_reviews.discard(card.id)
                continue
            store = getattr(self.trainer, "store", None)  # the simulator has none
            if store is not None and not leases.take(store, card.id, self.trainer.clock.now()):
                queue.new_done.add(card.id)  # on screen in another process: not here as well
                queue.version[card.id] = queue.version.get(card.id, 0) + 1
                queue.pending_reviews.discard(card.id)
                continue
            return Presented(card, item, self.trainer.clock.now())

    def answer(
        self, presented: Presented, chosen: int | None, response_ms: int | None = None
    ) -> Feedback:
        if response_ms is None:
            elapsed = self.trainer.clock.now() - presented.shown_at
            response_ms = max(0, int(elapsed.total_seconds() * 1000))
        queue = self._current()
        feedback = self.trainer.answer(presented, chosen, response_ms)
        queue.answered(
            presented.card, presented.card.state, feedback.after, self.trainer.clock.now()
        )
        self._seen_review_id = feedback.review_id
        self.answered += 1
        self.right += int(feedback.correct)
        self.history.append(feedback)
        return feedback

    def override(self, rating: Rating) -> Feedback:
        if not self.history:
            raise TrainerError("there is no answer to re-rate")
        self.history[-1] = self.trainer.override(self.history[-1], rating)
        self._queue = None
        return self.history[-1]

    def undo(self) -> Presented:
        if not self.history:
            raise TrainerError("there is no answer to undo")
        feedback = self.history[-1]
        presented = self.trainer.undo(feedback)  # a failed write leaves the session unchanged
        self.history.pop()
        self._queue = None
        self.answered -= 1
        self.right -= int(feedback.correct)
        return presented

    def due_tomorrow(self) -> int:
        """Studied cards falling due tomorrow (not those due today)."""
        return self.status().due_tomorrow
