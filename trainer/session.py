"""The study-session API: what the TUI and the CLI both drive. No Textual here.

A `Trainer` holds the decks' banks, the store, the clock and the settings. A `DrillSession`
serves today's queue — learning cards that are due, then reviews, then new cards within the
daily limits, with siblings of a fact answered today buried — and turns each answer into a
committed review before the next question is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from fsrs import Rating

from trainer.clock import Clock, day_start
from trainer.deck.model import Deck
from trainer.errors import TrainerError
from trainer.generator.bank import Bank
from trainer.generator.item import CannotGenerate, Item
from trainer.scheduling.policy import RatingDecision, RatingPolicy
from trainer.scheduling.queue import new_first, new_quota
from trainer.scheduling.scheduler import CardState, Settings, TrainerScheduler
from trainer.store.db import ReviewRecord, Store, StoredCard

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
        self.clock = clock
        self.settings = store.settings()
        self._scheduler: TrainerScheduler | None = None
        specs = [c for bank in self.banks.values() for c in bank.cards()]
        store.sync_cards(specs, clock.now(), deck_ids=self.decks)

    # -- settings ---------------------------------------------------------------------------
    def scheduler(self, settings: Settings | None = None) -> TrainerScheduler:
        """The scheduler for the current settings, built once per settings value."""
        wanted = settings or self.settings
        if self._scheduler is None or self._scheduler.settings != wanted:
            self._scheduler = TrainerScheduler(wanted)
        return self._scheduler

    def save_settings(self, settings: Settings) -> None:
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

    def next_seed(self, card: StoredCard) -> int:
        """Each review of a card shows a new variant: the seed is its review count."""
        return self.store.review_count(card.id)

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
        review_id = self.store.record_review(
            ReviewRecord(
                card_id=presented.card.id,
                reviewed_at=now,
                seed=item.seed,
                options=len(item.options),
                chosen=chosen,
                correct=chosen == item.answer,
                response_ms=response_ms,
                rating=int(decision.rating),
                key_text=item.key,
                chosen_text=None if chosen is None else item.options[chosen],
                before=before,
                after=after,
                shown=item.options,
                mode=mode,
            )
        )
        return Feedback(
            presented,
            chosen,
            chosen == item.answer,
            decision.rating,
            decision.reason,
            review_id,
            after,
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
    """Today's drill, one question at a time."""

    trainer: Trainer
    deck_ids: tuple[str, ...] | None = None
    answered: int = 0
    right: int = 0
    started: datetime | None = None
    history: list[Feedback] = field(default_factory=list)
    _skip: set[int] = field(default_factory=set)
    _new_first: bool = False
    _version: int = 0  # bumped by every answer, override and undo
    _cached: tuple[tuple[int, date], tuple[list[StoredCard], ...]] | None = None

    def __post_init__(self) -> None:
        self.started = self.trainer.clock.now()

    def _queue(self) -> tuple[list[StoredCard], list[StoredCard], list[StoredCard]]:
        """Today's queue, recomputed only when an answer changed it or the day turned.

        The one part that moves with the clock — which learning cards are due yet — is
        filtered at every read, so the cache holds under a real clock too."""
        now = self.trainer.clock.now()
        key = (self._version, now.date())
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, self._compute_queue())
        learning, reviews, new = self._cached[1]
        return [c for c in learning if c.state.due and c.state.due <= now], reviews, new

    def _compute_queue(self) -> tuple[list[StoredCard], list[StoredCard], list[StoredCard]]:
        trainer = self.trainer
        now = trainer.clock.now()
        today = trainer.today()
        settings = trainer.settings
        store = trainer.store
        done_reviews, done_new = store.counts_since(today)
        answered_today = store.siblings_reviewed_since(today)
        decks = self.deck_ids if self.deck_ids is not None else tuple(trainer.decks)
        due = store.due_cards(today + timedelta(days=1), deck_ids=decks)

        def allowed(card: StoredCard) -> bool:
            if self.deck_ids is not None and card.deck_id not in self.deck_ids:
                return False
            if card.id in self._skip:
                return False
            others = answered_today.get(card.sibling, set()) - {card.id}
            return not others  # bury: another card of this fact was answered today

        learning = [
            c
            for c in due
            if c.state.state in (1, 3) and allowed(c)  # due-by-now is applied in _queue
        ]
        reviews = [c for c in due if c.state.state == 2 and allowed(c)]
        scheduler = trainer.scheduler()
        exam_at = scheduler.exam_at()
        if exam_at is not None:  # most at risk on exam day first
            reviews.sort(key=lambda c: scheduler.retrievability(c.state, exam_at))
        reviews = reviews[: max(0, settings.reviews_per_day - done_reviews)]
        remaining_new = store.count_new()
        quota = new_quota(settings.new_per_day, remaining_new + done_new, now, exam_at)
        room = max(0, quota - done_new)
        new = [c for c in store.new_cards(room + len(self._skip) + 50, decks) if allowed(c)]
        # a new card of a fact already started today waits for another day
        seen_siblings: set[str] = set()
        fresh = []
        for card in new:
            if card.sibling in seen_siblings:
                continue
            seen_siblings.add(card.sibling)
            fresh.append(card)
        self._new_first = new_first(exam_at, now)
        return learning, reviews, fresh[:room]

    def counts(self) -> Counts:
        learning, reviews, new = self._queue()
        return Counts(len(new), len(learning), len(reviews), self.answered, self.right)

    def next(self) -> Presented | None:
        """The next question, or None when today's drill is done."""
        while True:
            learning, reviews, new = self._queue()
            queue = learning + (new + reviews if self._new_first else reviews + new)
            if not queue:
                return None
            card = queue[0]
            try:
                item = self.trainer.item_for(card, self.trainer.next_seed(card))
            except CannotGenerate:
                self._skip.add(card.id)  # a card its deck can no longer phrase; never shown
                self._version += 1
                continue
            return Presented(card, item, self.trainer.clock.now())

    def answer(
        self, presented: Presented, chosen: int | None, response_ms: int | None = None
    ) -> Feedback:
        if response_ms is None:
            elapsed = self.trainer.clock.now() - presented.shown_at
            response_ms = max(0, int(elapsed.total_seconds() * 1000))
        feedback = self.trainer.answer(presented, chosen, response_ms)
        self._version += 1
        self.answered += 1
        self.right += int(feedback.correct)
        self.history.append(feedback)
        return feedback

    def override(self, rating: Rating) -> Feedback:
        if not self.history:
            raise TrainerError("there is no answer to re-rate")
        self.history[-1] = self.trainer.override(self.history[-1], rating)
        self._version += 1
        return self.history[-1]

    def undo(self) -> Presented:
        if not self.history:
            raise TrainerError("there is no answer to undo")
        feedback = self.history.pop()
        self._version += 1
        self.answered -= 1
        self.right -= int(feedback.correct)
        return self.trainer.undo(feedback)

    def due_tomorrow(self) -> int:
        tomorrow_end = self.trainer.today() + timedelta(days=2)
        return len(self.trainer.store.due_cards(tomorrow_end))
