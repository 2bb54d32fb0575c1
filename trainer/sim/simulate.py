"""Simulated students and the schedulers they are drilled with.

Time moves in days. Each day a scheduler picks up to ``budget`` reviews; a card its scheduler
makes due again the same day (a learning step) is answered again that day while budget lasts.

A student's true memory of a card follows the FSRS-6 forgetting curve with the student's own
parameters, drawn around the defaults (each multiplied by a log-normal factor), so the
trainer's scheduler, which assumes the defaults, meets a student it does not know. On an item
with k options the student is right when they recall, or by a guess with probability 1/k;
recalling is faster than guessing.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from trainer.scheduling.pacing import new_quota
from trainer.scheduling.policy import RatingPolicy
from trainer.scheduling.scheduler import CardState, Settings, TrainerScheduler

SCHEDULERS = ("trainer", "trainer-no-exam-date", "sm2", "leitner", "random")
START = datetime(2027, 1, 4, 8, tzinfo=UTC)
FAST_MS, SLOW_MS = 8_000, 20_000  # answer times a student would rate Easy and Hard (SM-2)


# -- students -------------------------------------------------------------------------------
def student_parameters(rng: random.Random, spread: float = 0.15) -> tuple[float, ...]:
    params = []
    for value, low, high in zip(
        DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
    ):
        drawn = value * math.exp(rng.gauss(0.0, spread))
        params.append(min(high, max(low, drawn)))
    return tuple(params)


@dataclass
class Student:
    """True memory: one FSRS card per item, reviewed with what really happened."""

    parameters: tuple[float, ...]
    rng: random.Random
    perfect: bool = False
    memory: Scheduler = field(init=False)
    cards: dict[int, Card] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.memory = Scheduler(
            parameters=self.parameters, enable_fuzzing=False, learning_steps=(), relearning_steps=()
        )

    def recall_probability(self, card: int, at: datetime) -> float:
        if card not in self.cards:
            return 0.0
        if self.perfect:
            return 1.0
        return self.memory.get_card_retrievability(self.cards[card], at)

    def answer(self, card: int, options: int, at: datetime) -> tuple[bool, int]:
        """(right, response time in ms); updates the student's true memory."""
        recalled = self.rng.random() < self.recall_probability(card, at)
        right = recalled or self.rng.random() < 1 / options
        seconds = self.rng.lognormvariate(math.log(9 if recalled else 22), 0.35)
        true_card = self.cards.get(card) or Card(card_id=card + 1, due=at)
        updated, _ = self.memory.review_card(
            true_card, Rating.Good if recalled else Rating.Again, at
        )
        self.cards[card] = updated
        return right, int(seconds * 1000)


# -- schedulers under test ------------------------------------------------------------------
class Policy:
    name = "policy"

    def pick(self, day: datetime, budget: int) -> list[int]:
        raise NotImplementedError

    def record(self, card: int, right: bool, response_ms: int, options: int, at: datetime) -> None:
        raise NotImplementedError


class TrainerPolicy(Policy):
    """This trainer as shipped: its FSRS wrapper, rating policy and exam-date placement."""

    def __init__(self, cards: int, exam: date | None, new_per_day: int) -> None:
        self.name = "trainer" if exam else "trainer-no-exam-date"
        self.scheduler = TrainerScheduler(Settings(exam_date=exam, new_per_day=new_per_day))
        self.states = [CardState() for _ in range(cards)]
        self.new_per_day = new_per_day
        self.times: list[int] = []
        self.next_new = 0
        self.introduced_today = 0
        self.today: date | None = None
        self.quota = new_per_day

    def pick(self, day: datetime, budget: int) -> list[int]:
        exam_at = self.scheduler.exam_at()
        if self.today != day.date():
            remaining = len(self.states) - self.next_new
            self.today, self.introduced_today = day.date(), 0
            self.quota = new_quota(
                self.new_per_day,
                remaining,
                day.date(),
                self.scheduler.settings.exam_date,
                START.date(),
            )
        due = [
            i
            for i, s in enumerate(self.states)
            if not s.is_new and s.due is not None and s.due <= day
        ]
        if exam_at is not None:
            due.sort(key=lambda i: self.scheduler.retrievability(self.states[i], exam_at))
        else:
            due.sort(key=lambda i: self.states[i].due)  # type: ignore[arg-type, return-value]
        new: list[int] = []
        while (
            len(new) < budget
            and self.next_new + len(new) < len(self.states)
            and self.introduced_today + len(new) < self.quota
        ):
            new.append(self.next_new + len(new))
        picked = (new + due) if exam_at is not None and day < exam_at else (due + new)
        return picked[:budget]

    def record(self, card: int, right: bool, response_ms: int, options: int, at: datetime) -> None:
        if card >= self.next_new:  # a new card counts as introduced once it is answered
            self.next_new = card + 1
            self.introduced_today += 1
        state = self.states[card]
        if right:
            self.times.append(response_ms)
        policy = RatingPolicy.from_history(self.times[-200:])
        r = None if state.is_new else self.scheduler.retrievability(state, at)
        decision = policy.rate(right, response_ms, options, r)
        self.states[card] = self.scheduler.review(state, decision.rating, at)


class DueThenNew(Policy):
    """The classic daily order: due cards (oldest due first), then new cards up to the
    daily limit. Subclasses keep ``due``, ``next_new``, ``new_per_day`` and ``introduced``."""

    due: list[datetime | None]
    next_new: int
    new_per_day: int
    introduced: dict[date, int]

    def pick(self, day: datetime, budget: int) -> list[int]:
        waiting = [i for i, d in enumerate(self.due) if d is not None and d <= day]
        waiting.sort(key=lambda i: self.due[i])  # type: ignore[arg-type, return-value]
        picked = waiting[:budget]
        room = self.new_per_day - self.introduced.get(day.date(), 0)
        fresh = range(self.next_new, min(len(self.due), self.next_new + room))
        return picked + list(fresh)[: budget - len(picked)]

    def introduce(self, card: int, at: datetime) -> None:
        """Call from record(): a new card counts as introduced once it is answered."""
        if card >= self.next_new:
            self.next_new = card + 1
            self.introduced[at.date()] = self.introduced.get(at.date(), 0) + 1


class SM2Policy(DueThenNew):
    """Anki's legacy SM-2: starting ease 250%, learning steps 1 and 10 minutes, graduating
    interval 1 day, easy interval 4 days; Again −20% ease and relearn over 10 minutes, then
    1 day (new interval 0%); Hard ×1.2 and −15% ease; Good × ease; Easy × ease × 1.3 and
    +15% ease; ease floor 130%. Easy and Hard are read from the answer time."""

    name = "sm2"

    def __init__(self, cards: int, new_per_day: int) -> None:
        self.ease = [2.5] * cards
        self.interval = [0.0] * cards
        self.due: list[datetime | None] = [None] * cards
        self.step = [0] * cards
        self.review_state = [False] * cards
        self.new_per_day = new_per_day
        self.next_new = 0
        self.introduced: dict[date, int] = {}

    def record(self, card: int, right: bool, response_ms: int, options: int, at: datetime) -> None:
        self.introduce(card, at)
        steps = (timedelta(minutes=1), timedelta(minutes=10))
        if not self.review_state[card]:
            if not right:
                self.step[card] = 0
                self.due[card] = at + steps[0]
            elif self.step[card] + 1 < len(steps):
                self.step[card] += 1
                self.due[card] = at + steps[self.step[card]]
            else:
                self.review_state[card] = True
                self.interval[card] = self.interval[card] or 1.0
                self.due[card] = at + timedelta(days=self.interval[card])
            return
        if not right:
            self.ease[card] = max(1.3, self.ease[card] - 0.2)
            self.review_state[card] = False
            self.step[card] = 1
            self.interval[card] = 1.0
            self.due[card] = at + steps[1]
            return
        # the button a student would press, read from the answer time as the trainer does
        if response_ms < FAST_MS:  # Easy: x ease x easy bonus 1.3, ease +15%
            self.interval[card] = max(4.0, self.interval[card] * self.ease[card] * 1.3)
            self.ease[card] += 0.15
        elif response_ms > SLOW_MS:  # Hard: x 1.2, ease -15%
            self.interval[card] = max(self.interval[card] + 1, self.interval[card] * 1.2)
            self.ease[card] = max(1.3, self.ease[card] - 0.15)
        else:  # Good: x ease
            self.interval[card] = max(
                self.interval[card] + 1, self.interval[card] * self.ease[card]
            )
        self.due[card] = at + timedelta(days=round(self.interval[card]))


class LeitnerPolicy(DueThenNew):
    """Five boxes reviewed every 1, 2, 4, 8 and 16 days; right moves up, wrong back to box 1."""

    name = "leitner"
    INTERVALS = (1, 2, 4, 8, 16)

    def __init__(self, cards: int, new_per_day: int) -> None:
        self.box = [0] * cards
        self.due: list[datetime | None] = [None] * cards
        self.new_per_day = new_per_day
        self.next_new = 0
        self.introduced: dict[date, int] = {}

    def record(self, card: int, right: bool, response_ms: int, options: int, at: datetime) -> None:
        self.introduce(card, at)
        self.box[card] = min(len(self.INTERVALS) - 1, self.box[card] + 1) if right else 0
        self.due[card] = at + timedelta(days=self.INTERVALS[self.box[card]])


class RandomPolicy(Policy):
    """A question bank answered in random order, pass after pass, with no scheduling."""

    name = "random"

    def __init__(self, cards: int, rng: random.Random) -> None:
        self.order = list(range(cards))
        rng.shuffle(self.order)
        self.position = 0
        self.last_day: date | None = None

    def pick(self, day: datetime, budget: int) -> list[int]:
        if self.last_day == day.date():
            return []  # one pass of the budget a day
        self.last_day = day.date()
        count = min(budget, len(self.order))
        return [self.order[(self.position + i) % len(self.order)] for i in range(count)]

    def record(self, card: int, right: bool, response_ms: int, options: int, at: datetime) -> None:
        self.position += 1  # the bank moves on only past questions actually answered


# -- running --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Config:
    students: int = 20
    days: int = 60
    budget: int = 60
    cards: int = 235
    options: int = 4
    seed: int = 0
    new_per_day: int = 20
    exam: bool = True
    minutes: float | None = None  # a daily budget in minutes of answering, instead of reviews

    @property
    def budget_text(self) -> str:
        return (
            f"{self.minutes:g} min/day"
            if self.minutes is not None
            else f"{self.budget} reviews/day"
        )


@dataclass(frozen=True)
class Outcome:
    scheduler: str
    exam_recall: float
    reviews: int


def make_policy(name: str, config: Config, rng: random.Random) -> Policy:
    exam_day = (START + timedelta(days=config.days)).date() if config.exam else None
    if name == "trainer":
        return TrainerPolicy(config.cards, exam_day, config.new_per_day)
    if name == "trainer-no-exam-date":
        return TrainerPolicy(config.cards, None, config.new_per_day)
    if name == "sm2":
        return SM2Policy(config.cards, config.new_per_day)
    if name == "leitner":
        return LeitnerPolicy(config.cards, config.new_per_day)
    if name == "random":
        return RandomPolicy(config.cards, rng)
    raise ValueError(f"unknown scheduler {name!r}")


MAX_REVIEWS_PER_DAY = 5_000  # the ceiling when the budget is in minutes


def run_student(name: str, config: Config, index: int, *, perfect: bool = False) -> Outcome:
    """One student under one scheduler; the student's parameters and luck do not depend on
    the scheduler, so every scheduler meets the same students."""
    base = random.Random(f"{config.seed}|student|{index}")
    parameters = student_parameters(base)
    student = Student(parameters, random.Random(f"{config.seed}|luck|{index}"), perfect=perfect)
    policy = make_policy(name, config, random.Random(f"{config.seed}|order|{index}"))
    limit_ms = None if config.minutes is None else config.minutes * 60_000
    reviews = 0
    for day_number in range(config.days):
        day = START + timedelta(days=day_number)
        left = config.budget if limit_ms is None else MAX_REVIEWS_PER_DAY
        spent_ms = 0
        moment = day
        while left > 0:
            batch = policy.pick(moment, left)
            if not batch:
                break
            for card in batch[:left]:
                right, ms = student.answer(card, config.options, moment)
                policy.record(card, right, ms, config.options, moment)
                moment += timedelta(milliseconds=ms)
                reviews += 1
                left -= 1
                spent_ms += ms
                if limit_ms is not None and spent_ms >= limit_ms:
                    left = 0
                    break
            moment += timedelta(minutes=15)  # learning steps fall due within the day's session
            if moment.date() != day.date():
                break
    exam_at = START.replace(hour=0) + timedelta(days=config.days)
    recall = statistics.fmean(student.recall_probability(c, exam_at) for c in range(config.cards))
    return Outcome(name, recall, reviews)


@dataclass(frozen=True)
class Summary:
    scheduler: str
    exam_recall: float
    exam_recall_sd: float
    reviews: float
    reviews_sd: float
    recall_per_100_reviews: float
    recall_per_100_reviews_sd: float

    def to_json(self) -> dict[str, object]:
        return {
            "scheduler": self.scheduler,
            "exam_recall": round(self.exam_recall, 4),
            "exam_recall_sd": round(self.exam_recall_sd, 4),
            "reviews": round(self.reviews, 1),
            "reviews_sd": round(self.reviews_sd, 1),
            "recall_per_100_reviews": round(self.recall_per_100_reviews, 4),
            "recall_per_100_reviews_sd": round(self.recall_per_100_reviews_sd, 4),
        }


def _sd(values: list[float]) -> float:
    return statistics.stdev(values) if len(values) > 1 else 0.0


def simulate(config: Config, schedulers: tuple[str, ...] = SCHEDULERS) -> list[Summary]:
    summaries = []
    for name in schedulers:
        outcomes = [run_student(name, config, i) for i in range(config.students)]
        recalls = [o.exam_recall for o in outcomes]
        reviews = [float(o.reviews) for o in outcomes]
        per100 = [100 * o.exam_recall / o.reviews if o.reviews else 0.0 for o in outcomes]
        summaries.append(
            Summary(
                name,
                statistics.fmean(recalls),
                _sd(recalls),
                statistics.fmean(reviews),
                _sd(reviews),
                statistics.fmean(per100),
                _sd(per100),
            )
        )
    return summaries


def no_exam(config: Config) -> Config:
    return replace(config, exam=False)
