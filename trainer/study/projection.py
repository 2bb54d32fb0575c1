"""Exam-day recall if the student keeps studying as they have: a forward run of the app's drill.

The "if study stopped now" figure (`predict`) is a lower bound: it ignores every review still
to come and counts a card not yet seen at its prior-knowledge share. This projection runs the
drill itself (`DrillSession`, its queue, the new-card pacing, the rating policy, the
scheduler) day by day up to the exam, in memory (`trainer.sim.backend`), from a copy of the
student's card states, with a model student in place of the real one:

- **Minutes a day**: the student's own (`habit`). Today gets what is left of them after what
  was already spent today; a day's overrun is taken off the next day's minutes.
- **Answers**: the scheduler's calibrated memory (`calibration`): a studied card is recalled
  with its calibrated recall at that moment, a card never seen with the prior-known share; a
  card not recalled is right by a guess one time in k. Answer times are drawn from the
  student's own latest answers: right answers' times when recalled, wrong answers' times
  when not. The scheduler takes the rating policy's rating as always; the memory the result
  is read from is updated on what the model student recalled (`_ModelStudent`).
- **Band** (``band=True``): the same run at both ends of the 95 % interval of the fitted time
  scale (`calibration.scale_error`).
- **Result**: the mean calibrated exam-day recall over every card at the end of the run (a card
  still unseen counts the prior-known share), so with no minutes it equals "if study stopped
  now".

Cost: the drill's cost grows with the cards it holds and the answers it serves, so at most
``MAX_CARDS`` cards are projected, and few enough for about ``MAX_ANSWERS`` answers at the
student's pace (`sample_size`): beyond that, a random sample of the cards (seeded: the same
figure for the same collection), with the minutes and the daily limits scaled by the sample's
share. Sampling adds an error of about sd/sqrt(cards projected) (sd: the spread of exam-day
recall across cards, at most 0.5): under 0.011 at 2,000 cards, measured in
docs/benchmarks.md. The model student's luck is seeded too.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fsrs import Rating

from trainer.clock import FixedClock, day_start
from trainer.scheduling.memory import Memory
from trainer.scheduling.scheduler import CardState, Settings
from trainer.session import DrillSession, Trainer
from trainer.sim.backend import MemorySource, SimTrainer
from trainer.sim.day import Answerer, study_day
from trainer.store.db import StoredCard
from trainer.study.calibration import (
    MIN_SCALE_ANSWERS,
    RECENT,
    Calibration,
    calibrated,
    scale_error,
)
from trainer.study.habit import StudyHabit, habit_of
from trainer.study.queue import DEFAULT_RIGHT_MS, DEFAULT_WRONG_MS
from trainer.study.source import TodayAnswer

MAX_CARDS = 2_000  # cards projected; a seeded sample of them beyond this
MAX_ANSWERS = 20_000  # answers a run may serve (at the student's pace); fewer cards beyond
# cards × days a run may hold (each day's drill ranks every card): the 2,000 cards of a 60-day
# plan; an exam further off is projected on fewer cards (never under MIN_CARDS)
MAX_CARD_DAYS = 2_000 * 61
MIN_CARDS = 200  # a sample never smaller than this
TIMES = 400  # latest answers whose times the model student draws from
BAND_Z = 1.96  # the band: the time scale's 95 % interval
_NEW = CardState()


class Stopped(Exception):
    """The caller asked the projection to stop (`project`'s ``stop``)."""


@dataclass(frozen=True)
class Projection:
    recall: float  # expected exam-day recall over every card, studying minutes_per_day
    stopped: float  # the same if study stopped now (over the cards projected)
    minutes_per_day: float
    cards: int  # cards in the collection
    projected: int  # cards run forward (a sample when above MAX_CARDS)
    answers: int  # answers the model student gave (in the sample)
    unseen_left: int  # cards still unseen on exam day (in the sample)
    habit: StudyHabit | None = None
    low: float | None = None  # the same at the ends of the time scale's 95 % interval
    high: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "exam_recall": round(self.recall, 4),
            "if_study_stopped": round(self.stopped, 4),
            "minutes_per_day": round(self.minutes_per_day, 1),
            "days_observed": self.habit.days if self.habit is not None else 0,
            "cards": self.cards,
            "cards_projected": self.projected,
            "band": None
            if self.low is None or self.high is None
            else [round(self.low, 4), round(self.high, 4)],
        }


class _Source(MemorySource):
    """The in-memory collection the projection drills, with the student's own answer times."""

    def __init__(
        self, specs: list[tuple[str, str, str, str]], times: tuple[list[int], list[int]]
    ) -> None:
        super().__init__(specs)
        self.times = times

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        return self.times


def project(
    trainer: Trainer,
    minutes_per_day: float | None = None,
    *,
    max_cards: int = MAX_CARDS,
    seed: int = 0,
    band: bool = False,
    stop: Callable[[], bool] | None = None,
) -> Projection | None:
    """The exam-day recall if the student keeps studying ``minutes_per_day`` (default: their
    own, `habit_of`); None without an exam date, on or after the exam, or with no cards.
    ``band``: also run it at the ends of the time scale's 95 % interval (three runs), once
    the scale is fitted (`calibration.MIN_SCALE_ANSWERS`). ``stop``: asked before each
    simulated day; when it says yes the run ends by raising `Stopped` (an app's worker whose
    screen or app has closed)."""
    scheduler = trainer.scheduler()
    exam = scheduler.exam_at()
    now = trainer.clock.now()
    if exam is None or now >= exam:
        return None
    habit = habit_of(trainer)
    if minutes_per_day is None:
        minutes_per_day = habit.minutes_per_day if habit is not None else 0.0
    ids = trainer.source.live_card_ids()  # ids only: a large collection is not loaded whole
    cards = len(ids)
    if not cards:
        return None
    times = trainer.source.answer_times(TIMES)
    size = sample_size(cards, max_cards, minutes_per_day, exam - now, times)
    if size < cards:  # seeded: the same sample for the same collection
        ids = sorted(random.Random(f"projection|{seed}").sample(ids, size))
    sample = trainer.source.cards_by_id(ids)
    answers = trainer.source.recent_answers(RECENT)
    calibration = calibrated(scheduler.memory, answers)
    run = _Run(trainer, sample, cards, minutes_per_day, habit, times, seed, stop)
    recall, stopped, answered, unseen = run(calibration)
    low = high = None
    if band and calibration.scale_answers >= MIN_SCALE_ANSWERS:  # else no fitted scale
        error = scale_error(scheduler.memory, answers, calibration.time_scale)
        scale = calibration.time_scale
        # a faster pace of forgetting (a larger scale) gives the lower end
        low = run(replace(calibration, time_scale=scale * math.exp(BAND_Z * error)))[0]
        high = run(replace(calibration, time_scale=scale * math.exp(-BAND_Z * error)))[0]
    return Projection(
        recall,
        stopped,
        minutes_per_day,
        cards,
        len(sample),
        answered,
        unseen,
        habit,
        low,
        high,
    )


def sample_size(
    cards: int,
    max_cards: int,
    minutes_per_day: float,
    left: timedelta,
    times: tuple[list[int], list[int]],
) -> int:
    """How many cards to project: all of them up to ``max_cards``, and few enough that the
    run serves at most ``MAX_ANSWERS`` answers at the student's own pace (minutes and daily
    limits are scaled by the sample's share) and hold at most ``MAX_CARD_DAYS`` cards × days,
    never fewer than ``MIN_CARDS``."""
    answer_ms = statistics.fmean(times[0] + times[1]) if times[0] or times[1] else None
    size = min(cards, max_cards, max(MIN_CARDS, MAX_CARD_DAYS // (left.days + 1)))
    if answer_ms and minutes_per_day > 0:
        expected = minutes_per_day * 60_000 * left.total_seconds() / 86_400 / answer_ms
        size = min(size, max(MIN_CARDS, math.floor(cards * MAX_ANSWERS / expected)))
    return min(size, cards)


class _Run:
    """One forward run of the drill on a fresh in-memory copy of the sampled cards."""

    def __init__(
        self,
        trainer: Trainer,
        sample: list[StoredCard],
        cards: int,
        minutes_per_day: float,
        habit: StudyHabit | None,
        times: tuple[list[int], list[int]],
        seed: int,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self.trainer = trainer
        self.stop = stop
        self.sample = sample
        self.share = len(sample) / cards
        self.minutes = minutes_per_day
        self.habit = habit
        self.seed = seed
        self.times = times
        settings = trainer.settings
        if self.share < 1:
            settings = replace(
                settings,
                new_per_day=round(settings.new_per_day * self.share),
                reviews_per_day=math.ceil(settings.reviews_per_day * self.share),
            )
        self.settings = settings

    def __call__(self, calibration: Calibration) -> tuple[float, float, int, int]:
        """(exam-day recall at the end, before the run, answers given, cards left unseen)."""
        trainer = self.trainer
        clock = FixedClock(trainer.clock.now())
        sim = _in_memory(trainer, self.sample, self.settings, self.times, clock)
        exam = sim.scheduler().exam_at()
        assert exam is not None
        source = sim.memory
        already = len(source.log)  # today's answers so far
        student = _ModelStudent(
            calibration, sim.scheduler().memory, clock, self.settings.options, self.times, self.seed
        )
        stopped = student.mean_recall(source.cards.values(), exam)
        if self.minutes > 0:
            share = self.share
            _study_to_exam(
                sim, student.answer, exam, self.minutes * share, self.habit, share, self.stop
            )
        recall = student.mean_recall(source.cards.values(), exam)
        return recall, stopped, len(source.log) - already, len(source.new)


def _study_to_exam(
    sim: SimTrainer,
    answer: Answerer,
    exam: datetime,
    minutes_per_day: float,
    habit: StudyHabit | None,
    share: float,
    stop: Callable[[], bool] | None = None,
) -> None:
    """Each day up to the exam, the day's drill and "study more" for ``minutes_per_day``:
    today what is left after today's minutes so far (scaled by the sample's ``share``), later
    days from the student's usual hour; a day's overrun is taken off the next day."""
    clock = sim.clock
    now = clock.now()
    today = day_start(now.date())
    start_of_day = habit.start_of_day if habit is not None else now - today
    carry = -(habit.spent_today_ms if habit is not None else 0) * share
    for day in range((exam.date() - now.date()).days + 1):
        start = now if day == 0 else today + timedelta(days=day) + start_of_day
        if start >= exam:
            break
        if stop is not None and stop():
            raise Stopped
        clock.set(start)
        budget = minutes_per_day * 60_000 + carry
        spent = study_day(DrillSession(sim), clock, budget, answer) if budget > 0 else 0
        carry = min(0.0, budget - spent)


def _in_memory(
    trainer: Trainer,
    sample: list[StoredCard],
    settings: Settings,
    times: tuple[list[int], list[int]],
    clock: FixedClock,
) -> SimTrainer:
    """The app's trainer over a copy of the sampled cards and today's answers to them."""
    specs = [(c.card_key, c.deck_id, c.sibling, c.topic) for c in sample]
    sim = SimTrainer([], clock, settings)
    source = _Source(specs, times)
    source.options = settings.options
    source.right_ms = list(times[0])  # the rating policy's speed thresholds
    sim.memory = sim.source = source
    ids = {}
    for index, card in enumerate(sample, start=1):
        ids[card.id] = index
        source.cards[index] = replace(card, id=index)
        if not card.state.is_new:
            source.new.discard(index)
    today = day_start(clock.now().date())
    for answer in trainer.source.answers_since(today):  # buried facts, the day's quotas
        if answer.card_id in ids:
            entry = TodayAnswer(ids[answer.card_id], answer.sibling, answer.state_before)
            source.log.append((today, entry, True, 0))
            source.before.append(_NEW)
    return sim


def split_times(
    times: tuple[Sequence[int], Sequence[int]], options: int
) -> tuple[list[int], list[int]]:
    """(times of answers recalled, of answers not recalled) from the student's (right, wrong)
    answer times. A right answer is recalled or a lucky guess; a student who does not recall
    is wrong k − 1 times for each lucky guess, so about wrong / (k − 1) of the right answers
    were guesses, and guessing is slow: that many of the slowest right answers' times join
    the wrong answers' as the times of answers not recalled."""
    right, wrong = sorted(times[0]), list(times[1])
    guesses = min(len(right), round(len(wrong) / (options - 1)))
    recalled = right[: len(right) - guesses]
    missed = wrong + right[len(right) - guesses :]
    return recalled or [DEFAULT_RIGHT_MS], missed or recalled or [DEFAULT_WRONG_MS]


class _ModelStudent:
    """The student as the scheduler's calibrated model sees them, with their own answer times.

    Each card's memory starts as the scheduler's state and is recalled with its calibrated
    recall (`Calibration.recall`: on the student's own time scale; a card never seen, with
    the prior-known share), else the answer is right by a guess one time in k. A review then
    updates that memory on what the model student really did (recalled: Good, not: Again),
    as the simulator updates a simulated student's true memory: a guess that the rating
    policy took for recall moves the scheduler's state, which the queue reads, but not the
    memory the exam-day recall is taken from.
    """

    def __init__(
        self,
        calibration: Calibration,
        memory: Memory,
        clock: FixedClock,
        options: int,
        times: tuple[Sequence[int], Sequence[int]],
        seed: int,
    ) -> None:
        self.calibration = calibration
        self.memory = memory
        self.clock = clock
        self.options = options
        self.recalled_ms, self.missed_ms = split_times(times, options)
        self.rng = random.Random(f"projection|{seed}|answers")
        self.states: dict[int, CardState] = {}  # memory of each card answered in the run

    def _state(self, card: StoredCard) -> CardState:
        return self.states.get(card.id, card.state)

    def answer(self, card: StoredCard) -> tuple[bool, int]:
        now = self.clock.now()
        state = self._state(card)
        recalled = self.rng.random() < self.calibration.recall(self.memory, state, now)
        right = recalled or self.rng.random() < 1 / self.options
        rating = Rating.Good if recalled else Rating.Again
        if state.stability is None or state.difficulty is None or state.last_review is None:
            stability, difficulty = self.memory.initial(rating)
        else:
            stability, difficulty = self.memory.next(
                state.stability, state.difficulty, state.last_review, rating, now
            )
        self.states[card.id] = CardState(
            state=2, stability=stability, difficulty=difficulty, last_review=now
        )
        times = self.recalled_ms if recalled else self.missed_ms
        return right, max(1, self.rng.choice(times))

    def mean_recall(self, cards: Iterable[StoredCard], exam: datetime) -> float:
        return statistics.fmean(
            self.calibration.recall(self.memory, self._state(c), exam) for c in cards
        )
