"""Simulated study up to an exam, for the trainer and the schedulers it is compared with.

Every arm meets the same students (`students.py`) with the same luck. Each study day starts
between 07:00 and 11:00 UTC (the student's own habit, varying by day); the student answers
until the day's minutes are spent (a clock advancing by each answer's time, in continuous
time) or the arm has nothing to serve. The exam is at 09:00 UTC on the exam date, and the
score is the student's true recall probability then, averaged over every card of the deck
(never-seen cards count 0).

The trainer arms drive the app's own `DrillSession` (`backend.SimTrainer`): the day's drill,
then "study more" while minutes remain.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from trainer.clock import FixedClock
from trainer.scheduling.scheduler import Settings
from trainer.session import DrillSession
from trainer.sim.backend import SimTrainer
from trainer.sim.baselines import SM2, Leitner, RandomBank
from trainer.sim.day import study_day
from trainer.sim.students import Student
from trainer.store.db import StoredCard
from trainer.study.predict import exam_forecast
from trainer.study.projection import project

ARMS = ("trainer", "trainer-no-exam-date", "sm2", "sm2+pace", "leitner", "leitner+pace", "random")
START = datetime(2027, 1, 4, tzinfo=UTC)
EXAM_HOUR = 9
PROBE_DAYS = (0.25, 0.5, 0.75, 0.95)  # shares of the plan at which predictions are checked


@dataclass(frozen=True)
class Config:
    students: int = 20
    days: int = 60
    minutes: float = 15.0
    cards: int = 235
    options: int = 4
    seed: int = 0
    new_per_day: int = 20
    specs: tuple[tuple[str, str, str, str], ...] | None = None  # the deck's cards, if real
    projection: bool = False  # run the exam-day projection at each probe (costly)

    @property
    def exam_at(self) -> datetime:
        return START + timedelta(days=self.days, hours=EXAM_HOUR)

    def deck(self) -> list[tuple[str, str, str, str]]:
        if self.specs is not None:
            return list(self.specs)
        # a synthetic deck: facts of one to three cards, in ten decks of one topic each
        rng = random.Random(f"deck|{self.cards}")
        specs, fact = [], 0
        while len(specs) < self.cards:
            size = rng.choice((1, 2, 2, 3))
            for _ in range(min(size, self.cards - len(specs))):
                deck = f"deck{fact % 10}"
                specs.append((f"{deck}/card{len(specs)}", deck, f"{deck}/fact{fact}", deck))
            fact += 1
        return specs


class Probe(NamedTuple):
    """The Stats screen's figures at the start of one study day, beside the truth."""

    share: float  # of the plan
    now: float  # predicted exam-day recall over all cards if study stopped then
    now_true: float  # the student's true one
    if_done: float  # predicted if that day's cards are done
    if_done_true: float  # true after that day's study, if study stopped then
    projected: float | None = None  # predicted if the student keeps studying as they have
    # (`study.projection`; compared with the outcome's exam_recall); None when not asked for
    band: tuple[float, float] | None = None  # its band (the time scale's 95 % interval),
    # once the scale is fitted


@dataclass
class Outcome:
    arm: str
    exam_recall: float
    reviews: int
    minutes: float  # minutes of answering actually used, per study day
    probes: list[Probe] = field(default_factory=list)  # the trainer arm with an exam date
    bins: list[tuple[float, float]] = field(default_factory=list)  # (predicted R, true R)


def _day_start(day: int, rng: random.Random) -> datetime:
    return START + timedelta(days=day, hours=7 + 4 * rng.random())


def run_trainer(config: Config, index: int, exam: bool, perfect: bool = False) -> Outcome:
    specs = config.deck()
    seed = f"{config.seed}|{index}"
    student = Student.draw(seed, len(specs), START, perfect)
    habits = random.Random(f"{seed}|habits")
    clock = FixedClock(START)
    exam_date = config.exam_at.date() if exam else None
    settings = Settings(
        exam_date=exam_date,
        exam_set_on=START.date() if exam else None,
        new_per_day=config.new_per_day,
        options=config.options,
    )
    trainer = SimTrainer(specs, clock, settings)
    scheduler = trainer.scheduler()
    limit_ms = config.minutes * 60_000
    reviews = used_ms = 0
    probes: list[Probe] = []
    probe_days = {max(0, round(share * config.days) - 1): share for share in PROBE_DAYS}
    bins: list[tuple[float, float]] = []
    for day in range(config.days):
        clock.set(_day_start(day, habits))
        session = DrillSession(trainer)
        probe = exam and day in probe_days
        if probe:
            # the Stats screen's figures on the student's own log: "if study stopped now" and
            # "if today's cards are done", from the day's own queue
            queue = session._current()
            states = [c.state for c in trainer.memory.studied_cards(None, None, None)]
            forecast = exam_forecast(scheduler, states, len(specs), queue, clock.now())
            assert forecast is not None
            truth = statistics.fmean(
                student.recall_probability(i, config.exam_at) for i in range(len(specs))
            )
            # "if you keep studying as you have": the drill run forward from the student's
            # own log, with the scheduler's calibrated memory in place of the student's
            projection = project(trainer, band=True) if config.projection else None
            projected = projection.recall if projection is not None else None
            band = None
            if projection is not None and projection.low is not None:
                assert projection.high is not None
                band = (projection.low, projection.high)

        def answer(card: StoredCard) -> tuple[bool, int]:
            if not card.state.is_new:
                predicted = scheduler.retrievability(card.state, clock.now())
                true = student.recall_probability(card.id - 1, clock.now())
                bins.append((predicted, true))
            right, ms, _ = student.answer(card.id - 1, config.options, clock.now())
            return right, ms

        spent = study_day(session, clock, limit_ms, answer)
        reviews += session.answered
        used_ms += spent
        if probe:
            after = statistics.fmean(
                student.recall_probability(i, config.exam_at) for i in range(len(specs))
            )
            share = probe_days[day]
            probes.append(
                Probe(share, forecast.now, truth, forecast.if_today_done, after, projected, band)
            )
    recall = statistics.fmean(
        student.recall_probability(i, config.exam_at) for i in range(len(specs))
    )
    name = "trainer" if exam else "trainer-no-exam-date"
    return Outcome(name, recall, reviews, used_ms / 60_000 / config.days, probes, bins)


def run_baseline(config: Config, arm: str, index: int, perfect: bool = False) -> Outcome:
    cards = len(config.deck())
    seed = f"{config.seed}|{index}"
    student = Student.draw(seed, cards, START, perfect)
    habits = random.Random(f"{seed}|habits")
    exam = config.exam_at.date() if arm.endswith("+pace") else None
    policy: SM2 | Leitner | RandomBank
    if arm.startswith("sm2"):
        policy = SM2(cards, config.new_per_day, exam, START.date())
    elif arm.startswith("leitner"):
        policy = Leitner(cards, config.new_per_day, exam, START.date())
    elif arm == "random":
        policy = RandomBank(cards, random.Random(f"{seed}|order"))
    else:
        raise ValueError(f"unknown arm {arm!r}")
    limit_ms = config.minutes * 60_000
    reviews = used_ms = 0
    for day in range(config.days):
        now = _day_start(day, habits)
        policy.start_day(now.date())
        spent = 0
        while spent < limit_ms:
            card = policy.pick(now)
            if card is None:
                break
            right, ms, _ = student.answer(card, config.options, now)
            now += timedelta(milliseconds=ms)
            policy.record(card, right, ms, now)
            spent += ms
            reviews += 1
        used_ms += spent
    recall = statistics.fmean(student.recall_probability(i, config.exam_at) for i in range(cards))
    return Outcome(arm, recall, reviews, used_ms / 60_000 / config.days)


def run_student(arm: str, config: Config, index: int, *, perfect: bool = False) -> Outcome:
    """One student under one arm; the student's parameters and luck do not depend on the arm."""
    if arm == "trainer":
        return run_trainer(config, index, True, perfect)
    if arm == "trainer-no-exam-date":
        return run_trainer(config, index, False, perfect)
    return run_baseline(config, arm, index, perfect)


@dataclass(frozen=True)
class Summary:
    scheduler: str
    exam_recall: float
    ci: tuple[float, float]  # 95 % interval of the mean over students
    minutes_used: float
    reviews: float
    delta_vs_trainer: float | None = None
    delta_ci: tuple[float, float] | None = None  # paired over the same students

    def to_json(self) -> dict[str, object]:
        return {
            "scheduler": self.scheduler,
            "exam_recall": round(self.exam_recall, 4),
            "ci": [round(self.ci[0], 4), round(self.ci[1], 4)],
            "minutes_used": round(self.minutes_used, 2),
            "reviews": round(self.reviews, 1),
            "delta_vs_trainer": None
            if self.delta_vs_trainer is None
            else round(self.delta_vs_trainer, 4),
            "delta_ci": None if self.delta_ci is None else [round(x, 4) for x in self.delta_ci],
        }


def interval(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, mean
    half = 1.96 * statistics.stdev(values) / math.sqrt(len(values))
    return mean - half, mean + half


def summarise(outcomes: dict[str, list[Outcome]]) -> list[Summary]:
    base = outcomes.get("trainer")
    summaries = []
    for arm, rows in outcomes.items():
        recalls = [o.exam_recall for o in rows]
        delta = delta_ci = None
        if base is not None and arm != "trainer":
            diffs = [o.exam_recall - b.exam_recall for o, b in zip(rows, base, strict=True)]
            delta, delta_ci = statistics.fmean(diffs), interval(diffs)
        summaries.append(
            Summary(
                arm,
                statistics.fmean(recalls),
                interval(recalls),
                statistics.fmean(o.minutes for o in rows),
                statistics.fmean(o.reviews for o in rows),
                delta,
                delta_ci,
            )
        )
    return summaries


def _one_student(task: tuple[Config, tuple[str, ...], int]) -> list[Outcome]:
    config, arms, index = task
    return [run_student(arm, config, index) for arm in arms]


def run(config: Config, arms: tuple[str, ...] = ARMS, jobs: int = 1) -> dict[str, list[Outcome]]:
    """Every arm for every student. With ``jobs`` > 1 the students are shared out among that
    many processes; each student's run depends only on its index (its seeds), so the outcomes
    are the same, in the same order, as with one process."""
    tasks = [(config, arms, i) for i in range(config.students)]
    if jobs > 1 and config.students > 1:
        from concurrent.futures import ProcessPoolExecutor  # only when asked for

        with ProcessPoolExecutor(max_workers=min(jobs, config.students)) as pool:
            per_student = list(pool.map(_one_student, tasks))
    else:
        per_student = [_one_student(task) for task in tasks]
    return {arm: [rows[a] for rows in per_student] for a, arm in enumerate(arms)}


def simulate(config: Config, arms: tuple[str, ...] = ARMS, jobs: int = 1) -> list[Summary]:
    return summarise(run(config, arms, jobs))


def with_minutes(config: Config, minutes: float) -> Config:
    return replace(config, minutes=minutes)
