"""The study-session API: what the TUI, the CLI and the simulator drive. No Textual here.

A `Trainer` holds the decks' banks, the store, the clock and the settings. A `DrillSession`
serves today's queue (`trainer.study.queue`: what comes next and why) and turns each answer
into a committed review before the next question is shown.
"""

from __future__ import annotations

import gc
import threading
import weakref
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
from trainer.study.fewer_new import SessionStatus, fewer_new, with_fewer_new
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

    drill: weakref.ref[DrillSession] | None = None  # the latest whole-day drill, if alive

    def __init__(
        self, decks: Sequence[Deck], store: Store, clock: Clock, sync_stamp: str | None = None
    ) -> None:
        """``sync_stamp``: `trainer.sync_stamp` of the decks' files, read before they were
        loaded; when the store's cards were last synced with the same stamp, the sync (and
        listing every deck's cards for it) is skipped. Without one the cards are synced."""
        self.decks = {deck.id: deck for deck in decks}
        self._banks = {deck.id: Bank(deck) for deck in decks}
        # one thread at a time lists a bank's cards or makes its items (the app's workers)
        self._bank_lock = threading.Lock()
        self._prepared = False
        self.store = store
        self.source: QueueSource = StoreSource(store)
        self.clock = clock
        self.settings = store.settings()
        self._scheduler: TrainerScheduler | None = None
        if sync_stamp is None or store.sync_stamp() != sync_stamp:
            # one card at a time: a large deck's cards are never all in memory at once
            specs = (c for bank in self.banks.values() for c in bank.iter_cards())
            store.sync_cards(specs, clock.now(), deck_ids=self.decks, stamp=sync_stamp)
        # The decks, their banks and proofs live as long as the trainer. Keep them out of the
        # cyclic collector's full passes: at 100,000 cards a pass walked 2.5 million objects
        # (about a second, landing inside some answer → next question). `prepare` freezes
        # again once every bank has listed its cards.
        gc.freeze()

    @property
    def banks(self) -> dict[str, Bank]:
        """Every deck's bank, each with its cards listed (`prepare`)."""
        self.prepare()
        return self._banks

    @banks.setter
    def banks(self, banks: dict[str, Bank]) -> None:
        """Banks given whole (the simulator's trainer has none): nothing left to prepare."""
        self._banks = banks
        self._prepared = True

    def prepare(self) -> None:
        """List every bank's cards (the proofs of which rows make cards), once. A sync does
        it on opening; when the sync was skipped it is left for later: the app runs it in the
        background after Home appears, and the first item of a deck lists that deck only."""
        if self._prepared:
            return
        for bank in self._banks.values():
            with self._bank_lock:
                for _card in bank.iter_cards():  # proves each row once; keeps no list
                    pass
        self._prepared = True
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
        bank = self._banks.get(card.deck_id)
        if bank is None:
            raise CannotGenerate(card.card_key, "its deck is not loaded")
        with self._bank_lock:
            return bank.generate_any(card.card_key, seed, options or self.settings.options)

    def vignette_form(self, card: StoredCard) -> bool:
        """Whether the card's items are USMLE-style vignettes rather than one-liners."""
        bank = self._banks.get(card.deck_id)
        if bank is None:
            return False
        with self._bank_lock:
            return card.card_key in bank.vignette_cards()

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
    # the item made ahead for the card next() would serve (`prefetch`): (card, options, item)
    _ready: tuple[StoredCard, int, Item] | None = field(default=None, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _serving: bool = field(default=False, repr=False, compare=False)  # next() was called
    # the queue `deck_counts` counted from (not kept alive for it) and each row's new cards
    _deck_new: tuple[weakref.ref[DayQueue], dict[str, int]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.started = self.trainer.clock.now()
        if self.deck_ids is not None:
            self.deck_ids = tuple(self.deck_ids)
        elif self.topic is None and not self.extra:
            self.trainer.drill = weakref.ref(self)

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
        queue = self._current()
        by_deck = queue.counts_by_deck(self.trainer.clock.now())
        self._deck_new = (weakref.ref(queue), {deck: c[0] for deck, c in by_deck.items()})
        return {deck: Counts(*counts, 0, 0) for deck, counts in by_deck.items()}

    def status(self) -> SessionStatus:
        """The queue's status; after `deck_counts` on the same queue and before any answer,
        also which decks' rows give fewer new cards than the day's limit and why
        (`study.fewer_new`; a drill's answers do not pay for it)."""
        queue = self._current()
        counted = self._deck_new
        known = counted is not None and counted[0]() is queue and not self.history
        fewer = fewer_new(queue, counted[1]) if counted is not None and known else None
        return with_fewer_new(queue.status(self.trainer.clock.now()), fewer)

    def prefetch(self) -> None:
        """Make the item of the card next() would serve now, so that next() shows it at once;
        nothing is written and no card is taken (next() still takes the card's lease, and
        makes the item again if the card or the options changed meanwhile)."""
        with self._lock:
            if self._serving:  # the drill has begun: its own thread reads the queue now
                return
            now = self.trainer.clock.now()
            picked = self._current().peek(now)
            if picked is None:
                return
            card = self.trainer.source.card(picked.id) if isinstance(picked, NewCard) else picked
            options = self.trainer.settings.options
            try:
                item = self.trainer.item_for(card, self.trainer.next_seed(card), options)
            except CannotGenerate:
                return
            self._ready = (card, options, item)

    def _item(self, card: StoredCard) -> Item:
        ready, self._ready = self._ready, None
        options = self.trainer.settings.options
        if ready is not None and ready[0] == card and ready[1] == options:
            return ready[2]
        return self.trainer.item_for(card, self.trainer.next_seed(card), options)

    def next(self) -> Presented | None:
        """The next question, or None when today's drill is done."""
        with self._lock:
            self._serving = True
            return self._next()

    def _next(self) -> Presented | None:
        while True:
            queue = self._current()
            picked = queue.peek(self.trainer.clock.now())
            if picked is None:
                return None
            # the lease first: a card on screen in another process is passed over before its
            # item is made (taking the next lease gives back this one if the item fails)
            card = self.trainer.source.card(picked.id) if isinstance(picked, NewCard) else picked
            store = getattr(self.trainer, "store", None)  # the simulator has none
            if store is not None and not leases.take(store, card.id, self.trainer.clock.now()):
                queue.skip(card)  # on screen in another process: not here as well
                continue
            try:
                item = self._item(card)
            except CannotGenerate:  # a card its deck can no longer phrase; never shown
                self._skip.add(card.id)
                queue.skip(card)
                continue
            return Presented(card, item, self.trainer.clock.now())

    def close(self) -> None:
        """The drill is left: give back the lease on the card it showed, so that another
        window, or the next start within the lease's ten minutes, may show that card."""
        store = getattr(self.trainer, "store", None)
        if store is not None:
            leases.release(store)

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
