"""The fsrs scheduler, wrapped with the trainer's exam-date placement.

Without an exam date the intervals are plain FSRS. With one:

- no interval runs past the exam day: a card whose next FSRS due date falls on or after the
  exam is due on the exam day at the latest;
- a card whose predicted retrievability on the exam day would be below the exam target (0.98 by default) gets
  its next review placed at the earliest day before the exam from which a successful review
  still lifts its exam-day retrievability to the target (found by bisection over the days
  left, using FSRS's own prediction of the review), and no later than the day before the exam;
- predicted exam-day recall is the mean retrievability of all studied cards on the exam day.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from trainer.clock import day_start

NEW = 0  # a card never answered; FSRS states are 1 learning, 2 review, 3 relearning


@dataclass(frozen=True)
class Settings:
    desired_retention: float = 0.9
    exam_date: date | None = None
    exam_target: float = 0.98
    new_per_day: int = 20
    reviews_per_day: int = 200
    options: int = 4
    learning_steps_min: tuple[int, ...] = (1, 10)
    relearning_steps_min: tuple[int, ...] = (10,)
    leech_lapses: int = 8
    fuzz: bool = False

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        data["learning_steps_min"] = list(self.learning_steps_min)
        data["relearning_steps_min"] = list(self.relearning_steps_min)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Settings:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("exam_date"):
            values["exam_date"] = date.fromisoformat(str(values["exam_date"]))
        for name in ("learning_steps_min", "relearning_steps_min"):
            if name in values:
                values[name] = tuple(int(x) for x in values[name])  # type: ignore[union-attr]
        return cls(**values)  # type: ignore[arg-type]

    def validated(self) -> Settings:
        if not 0.7 <= self.desired_retention <= 0.99:
            raise ValueError("desired retention must be between 0.70 and 0.99")
        if self.options not in (4, 5):
            raise ValueError("options must be 4 or 5")
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        if any(m < 1 or m > 24 * 60 for m in self.learning_steps_min):
            raise ValueError("learning steps are minutes between 1 and 1440")
        return self


@dataclass(frozen=True)
class CardState:
    """Everything scheduling needs about a card; serialised into each review row."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.state == NEW

    def to_json(self) -> str:
        data = asdict(self)
        for name in ("due", "last_review"):
            data[name] = data[name].isoformat() if data[name] else None
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CardState:
        data = json.loads(text)
        for name in ("due", "last_review"):
            data[name] = datetime.fromisoformat(data[name]) if data[name] else None
        return cls(**data)


@dataclass
class TrainerScheduler:
    settings: Settings = field(default_factory=Settings)
    parameters: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        kwargs: dict[str, object] = {
            "desired_retention": self.settings.desired_retention,
            "learning_steps": tuple(timedelta(minutes=m) for m in self.settings.learning_steps_min),
            "relearning_steps": tuple(
                timedelta(minutes=m) for m in self.settings.relearning_steps_min
            ),
            "enable_fuzzing": self.settings.fuzz,
        }
        if self.parameters is not None:
            kwargs["parameters"] = self.parameters
        self.fsrs = Scheduler(**kwargs)  # type: ignore[arg-type]
        # the FSRS-6 forgetting curve, from the scheduler's public parameters:
        # R(t) = (1 + factor * t / S) ** decay, decay = -w20, factor = 0.9 ** (1 / decay) - 1
        self._decay = -self.fsrs.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    # -- conversions ----------------------------------------------------------------------
    @staticmethod
    def _card(state: CardState, now: datetime) -> Card:
        if state.is_new:
            return Card(card_id=1, state=State.Learning, step=0, due=now)
        return Card(
            card_id=1,
            state=State(state.state),
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due or now,
            last_review=state.last_review,
        )

    # -- predictions ----------------------------------------------------------------------
    def retrievability(self, state: CardState, at: datetime) -> float:
        """Predicted recall at ``at``; whole elapsed days, exactly as fsrs counts them."""
        if state.is_new or state.stability is None or state.last_review is None:
            return 0.0
        elapsed = max(0, (at - state.last_review).days)
        return (1 + self._factor * elapsed / state.stability) ** self._decay

    def exam_at(self) -> datetime | None:
        exam = self.settings.exam_date
        return day_start(exam) if exam else None

    # -- reviewing ------------------------------------------------------------------------
    def review(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        card, _ = self.fsrs.review_card(self._card(state, now), rating, now)
        lapses = state.lapses + (1 if rating == Rating.Again and state.state == State.Review else 0)
        after = CardState(
            state=int(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=state.reps + 1,
            lapses=lapses,
            leech=state.leech or lapses >= self.settings.leech_lapses,
        )
        return self._place_for_exam(after, now)

    def _place_for_exam(self, state: CardState, now: datetime) -> CardState:
        exam = self.exam_at()
        if exam is None or state.due is None or now >= exam or state.due < exam:
            return state
        if self.retrievability(state, exam) >= self.settings.exam_target:
            return replace(state, due=exam)
        first = (now - day_start(now.date())).days + 1  # whole days from now: at least tomorrow
        last = (exam - now).days
        if last < first:
            return replace(state, due=exam)
        low, high = first, last
        if not self._reaches_target(state, now + timedelta(days=high), exam):
            return replace(state, due=now + timedelta(days=high))
        while low < high:
            middle = (low + high) // 2
            if self._reaches_target(state, now + timedelta(days=middle), exam):
                high = middle
            else:
                low = middle + 1
        return replace(state, due=now + timedelta(days=low))

    def _reaches_target(self, state: CardState, when: datetime, exam: datetime) -> bool:
        card, _ = self.fsrs.review_card(self._card(state, when), Rating.Good, when)
        return self.fsrs.get_card_retrievability(card, exam) >= self.settings.exam_target

    # -- exam-day prediction --------------------------------------------------------------
    def predicted_recall(self, states: Iterable[CardState], at: datetime) -> float | None:
        values = [self.retrievability(s, at) for s in states if not s.is_new]
        return sum(values) / len(values) if values else None

    def predicted_recall_if_done(
        self, states: Iterable[CardState], now: datetime, at: datetime, due_by: datetime
    ) -> float | None:
        """Expected exam-day recall if every card due by ``due_by`` is reviewed now:
        right with its current retrievability (Good), else wrong (Again)."""
        values = []
        for state in states:
            if state.is_new:
                continue
            if state.due is not None and state.due <= due_by:
                # exam-day recall after a review depends only on the new stability and the
                # review time, not on where the next review is placed: plain FSRS suffices
                card = self._card(state, now)
                p = self.retrievability(state, now)
                good, _ = self.fsrs.review_card(card, Rating.Good, now)
                again, _ = self.fsrs.review_card(card, Rating.Again, now)
                values.append(
                    p * self.fsrs.get_card_retrievability(good, at)
                    + (1 - p) * self.fsrs.get_card_retrievability(again, at)
                )
            else:
                values.append(self.retrievability(state, at))
        return sum(values) / len(values) if values else None
