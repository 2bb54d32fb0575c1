"""The fsrs scheduler, wrapped with the trainer's exam-date placement.

Stability and difficulty follow the FSRS-6 model in continuous time (`memory.py`); fsrs's own
`review_card` still runs the learning-step state machine. Without an exam date the intervals
are plain FSRS at the desired retention, with the learning steps. With one:

- no learning or relearning steps: under FSRS-6 a same-day repeat adds little exam-day recall
  for the minutes it costs (the drill may still serve one in "study more" when it ranks best);
- no interval runs past the exam: a card whose next FSRS due date falls at or after the exam
  is "parked" at the exam moment, which is after the last study day ends, so it is never due
  again before the exam (a parked card is not served in the normal drill);
- a card whose predicted exam-day recall would be below the exam target (0.98 by default) gets
  its next review placed at the earliest day from which a successful review still lifts its
  exam-day recall to the target (bisection over the days left), and no later than the last
  study day;
- `exam_gain` is what one review now adds to the card's expected exam-day recall: the drill
  ranks cards by it per expected second of the student's time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from trainer.clock import day_start
from trainer.scheduling.memory import Memory, elapsed_days

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
    exam_set_on: date | None = None  # when the exam date was set: new cards are paced from it
    order_seed: int = 1  # which shuffle of the new cards this student meets (`store.shuffle`)
    parameters: tuple[float, ...] | None = None  # personal FSRS weights from `trainer optimize`

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        data["exam_set_on"] = self.exam_set_on.isoformat() if self.exam_set_on else None
        data["parameters"] = list(self.parameters) if self.parameters else None
        data["learning_steps_min"] = list(self.learning_steps_min)
        data["relearning_steps_min"] = list(self.relearning_steps_min)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Settings:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("exam_date", "exam_set_on"):
            if values.get(name):
                values[name] = date.fromisoformat(str(values[name]))
        if values.get("parameters"):
            values["parameters"] = tuple(float(x) for x in values["parameters"])  # type: ignore[union-attr]
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
        if self.parameters is not None:
            _check_weights(self.parameters)
        return self


def _check_weights(weights: tuple[float, ...]) -> None:
    """The FSRS weights as the `fsrs` scheduler will take them: its count, within its bounds."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    if len(weights) != len(LOWER_BOUNDS_PARAMETERS):
        raise ValueError(
            f"the FSRS weights are {len(LOWER_BOUNDS_PARAMETERS)} numbers, not {len(weights)}"
        )
    for index, (weight, low, high) in enumerate(
        zip(weights, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ):
        if not low <= weight <= high:
            raise ValueError(f"FSRS weight {index} is {weight:g}, outside {low:g} to {high:g}")


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
        weights = self.parameters or self.settings.parameters
        self.memory = Memory(weights)
        common: dict[str, object] = {
            "parameters": self.memory.parameters,
            "desired_retention": self.settings.desired_retention,
            "enable_fuzzing": self.settings.fuzz,
        }
        self.fsrs = Scheduler(
            learning_steps=tuple(timedelta(minutes=m) for m in self.settings.learning_steps_min),
            relearning_steps=tuple(
                timedelta(minutes=m) for m in self.settings.relearning_steps_min
            ),
            **common,  # type: ignore[arg-type]
        )
        self._no_steps = Scheduler(learning_steps=(), relearning_steps=(), **common)  # type: ignore[arg-type]

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
        """Predicted recall at ``at``, from the real elapsed time."""
        if state.is_new or state.stability is None or state.last_review is None:
            return 0.0
        return self.memory.retrievability(state.stability, elapsed_days(state.last_review, at))

    def exam_at(self) -> datetime | None:
        exam = self.settings.exam_date
        return day_start(exam) if exam else None

    def exam_gain(self, state: CardState, now: datetime, exam: datetime) -> tuple[float, float]:
        """(gain in expected exam-day recall from one review now, probability it is right
        from memory)."""
        if state.is_new or state.stability is None or state.difficulty is None:
            return 0.0, 0.0
        last = state.last_review or now
        before, after, p = self.memory.mean_recall_after(
            state.stability, state.difficulty, last, now, exam
        )
        return after - before, p

    def new_card_gain(self, now: datetime, exam: datetime) -> float:
        """Expected exam-day recall of a card first seen now (answered wrong: it is new)."""
        stability, _ = self.memory.initial(Rating.Again)
        return self.memory.retrievability(stability, elapsed_days(now, exam))

    # -- reviewing ------------------------------------------------------------------------
    def review(self, state: CardState, rating: Rating, now: datetime) -> CardState:
        exam = self.exam_at()
        exam_mode = exam is not None and now < exam
        fsrs = self._no_steps if exam_mode else self.fsrs
        card, _ = fsrs.review_card(self._card(state, now), rating, now)
        if state.is_new or state.stability is None or state.difficulty is None:
            stability, difficulty = self.memory.initial(rating)
        else:
            stability, difficulty = self.memory.next(
                state.stability, state.difficulty, state.last_review or now, rating, now
            )
        due = card.due
        if card.state == State.Review:
            days = self.memory.interval_days(stability, self.settings.desired_retention)
            due = now + timedelta(days=max(1, round(days)))
        lapses = state.lapses + (1 if rating == Rating.Again and state.state == State.Review else 0)
        after = CardState(
            state=int(card.state),
            step=card.step,
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=now,
            reps=state.reps + 1,
            lapses=lapses,
            leech=state.leech or lapses >= self.settings.leech_lapses,
        )
        return self._place_for_exam(after, now) if exam_mode else after

    def _place_for_exam(self, state: CardState, now: datetime) -> CardState:
        exam = self.exam_at()
        if exam is None or state.due is None or now >= exam or state.due < exam:
            return state
        if self.retrievability(state, exam) >= self.settings.exam_target:
            return replace(state, due=exam)  # parked: after the last study day ends
        last = (exam - timedelta(days=1)).date()  # the last study day
        first = now.date() + timedelta(days=1)
        if last < first:
            return replace(state, due=exam)  # answered on the last study day: parked

        # a review at the start of the day ``offset`` days after ``first``
        def when(offset: int) -> datetime:
            return max(now, day_start(first + timedelta(days=offset)))

        low, high = 0, (last - first).days
        if not self._reaches_target(state, when(high), exam):
            return replace(state, due=when(high))
        while low < high:
            middle = (low + high) // 2
            if self._reaches_target(state, when(middle), exam):
                high = middle
            else:
                low = middle + 1
        return replace(state, due=when(low))

    def _reaches_target(self, state: CardState, when: datetime, exam: datetime) -> bool:
        assert state.stability is not None and state.difficulty is not None
        stability, _ = self.memory.next(
            state.stability, state.difficulty, state.last_review or when, Rating.Good, when
        )
        reached = self.memory.retrievability(stability, elapsed_days(when, exam))
        return reached >= self.settings.exam_target

    # -- exam-day prediction --------------------------------------------------------------
    def predicted_recall(self, states: Iterable[CardState], at: datetime) -> float | None:
        """Mean predicted recall at ``at`` over the given cards, unseen cards counting 0."""
        values = [self.retrievability(s, at) for s in states]
        return sum(values) / len(values) if values else None
