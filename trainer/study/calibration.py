"""What the student's own answers say about the model's exam-day predictions.

Two corrections, both estimated from the student's latest answers only (a bounded read,
`RECENT` answers, whatever the size of the collection) and both falling back to the model's
own values while the evidence is thin:

- **Prior knowledge.** Some cards are known before the trainer teaches them. A first answer
  to a never-seen card is right when the student knows it, or by a guess one time in k, so
  the share known is (share right − 1/k) / (1 − 1/k). It is pooled with a prior
  (`PRIOR_KNOWN`, worth `PRIOR_WEIGHT` answers) while first answers are few. An unseen card
  counts that share at the exam instead of 0.
- **Pace of forgetting.** The model's FSRS weights are the defaults, not the student's. For
  answers to cards already answered at least twice (whose stability rests on the model's
  growth after reviews, where students differ most) the expected number right is
  Σ (R + (1 − R)/k) with the model's R at the moment of the answer; the time scale c with
  R_c(t) = R(c·t) that makes it equal the number actually right is the student's pace
  relative to the model (c > 1: forgets faster). It is shrunk towards 1 in proportion to the
  evidence (`SCALE_WEIGHT` answers) and bounded to [1/32, 32].

Neither changes which card the drill serves; they change only the predicted exam-day recall.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from fsrs import Rating

from trainer.scheduling.memory import Memory, elapsed_days
from trainer.scheduling.scheduler import CardState

RECENT = 1_000  # answers read for the estimates
PRIOR_KNOWN = 0.05  # share of unseen cards assumed known before any first answer
PRIOR_WEIGHT = 30  # the prior counts as this many first answers
SCALE_WEIGHT = 30  # answers at which the fitted time scale gets half its weight
MIN_SCALE_ANSWERS = 30
SCALE_BOUNDS = (1 / 32, 32.0)


@dataclass(frozen=True)
class RecentAnswer:
    state_before: CardState
    at: datetime
    correct: bool
    options: int


class AnswerLog(Protocol):
    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        """The latest ``limit`` answers, newest first."""
        ...


@dataclass(frozen=True)
class Calibration:
    prior_known: float = PRIOR_KNOWN  # share of never-seen cards recalled without teaching
    time_scale: float = 1.0  # c: the student's forgetting runs on c times the model's clock
    first_answers: int = 0  # evidence behind each figure
    scale_answers: int = 0

    def recall(self, memory: Memory, state: CardState, at: datetime) -> float:
        """Calibrated recall of a studied card at ``at``; an unseen card's prior knowledge."""
        if state.is_new or state.stability is None or state.last_review is None:
            return self.prior_known
        days = elapsed_days(state.last_review, at) * self.time_scale
        return memory.retrievability(state.stability, days)

    def gain(self, memory: Memory, state: CardState, now: datetime, exam: datetime) -> float:
        """Expected exam-day recall added by one review now (right with the card's calibrated
        recall now, then the model's update for Good, else for Again)."""
        if state.is_new or state.stability is None or state.difficulty is None:
            return self.first_sight(memory, now, exam) - self.prior_known
        last = state.last_review or now
        before = self.recall(memory, state, exam)
        p = self.recall(memory, state, now)
        after = 0.0
        for rating, chance in ((Rating.Good, p), (Rating.Again, 1 - p)):
            stability, _ = memory.next(state.stability, state.difficulty, last, rating, now)
            after += chance * memory.retrievability(
                stability, elapsed_days(now, exam) * self.time_scale
            )
        return max(0.0, after - before)

    def first_sight(self, memory: Memory, now: datetime, exam: datetime) -> float:
        """Expected exam-day recall of a card first answered now: known (rated Good) with the
        prior-knowledge share, else a first exposure (Again)."""
        days = elapsed_days(now, exam) * self.time_scale
        value = 0.0
        for rating, chance in (
            (Rating.Good, self.prior_known),
            (Rating.Again, 1 - self.prior_known),
        ):
            stability, _ = memory.initial(rating)
            value += chance * memory.retrievability(stability, days)
        return value


def prior_known(answers: Iterable[RecentAnswer]) -> tuple[float, int]:
    """(share of never-seen cards known, first answers behind it), guess-corrected."""
    n = 0
    excess = 0.0  # Σ (right − 1/k)
    room = 0.0  # Σ (1 − 1/k)
    for answer in answers:
        if answer.state_before.is_new:
            n += 1
            excess += answer.correct - 1 / answer.options
            room += 1 - 1 / answer.options
    if n == 0:
        return PRIOR_KNOWN, 0
    observed = excess / room
    pooled = (n * observed + PRIOR_WEIGHT * PRIOR_KNOWN) / (n + PRIOR_WEIGHT)
    return min(1.0, max(0.0, pooled)), n


def _samples(answers: Iterable[RecentAnswer]) -> list[tuple[float, float, RecentAnswer]]:
    """(stability, days since the last review, answer) of the answers the time scale is
    fitted on: to cards already answered at least twice."""
    return [
        (a.state_before.stability, elapsed_days(a.state_before.last_review, a.at), a)
        for a in answers
        if a.state_before.reps >= 2
        and a.state_before.stability is not None
        and a.state_before.last_review is not None
    ]


def time_scale(memory: Memory, answers: Iterable[RecentAnswer]) -> tuple[float, int]:
    """(time scale c, answers behind it): see the module's docstring."""
    samples = _samples(answers)
    n = len(samples)
    if n < MIN_SCALE_ANSWERS:
        return 1.0, n
    right = sum(a.correct for _, _, a in samples)

    def surplus(scale: float) -> float:  # expected right − right; falls as the scale grows
        total = 0.0
        for stability, days, answer in samples:
            r = memory.retrievability(stability, days * scale)
            total += r + (1 - r) / answer.options
        return total - right

    low, high = SCALE_BOUNDS
    if surplus(low) <= 0:
        fitted = low
    elif surplus(high) >= 0:
        fitted = high
    else:
        for _ in range(20):  # bisection on a log scale: within 0.02 %
            middle = math.sqrt(low * high)
            if surplus(middle) > 0:
                low = middle
            else:
                high = middle
        fitted = math.sqrt(low * high)
    weight = n / (n + SCALE_WEIGHT)
    return math.exp(weight * math.log(fitted)), n


def scale_error(memory: Memory, answers: Iterable[RecentAnswer], scale: float) -> float:
    """The standard error of log c, the fitted time scale (delta method: the binomial spread
    of the number right over how fast its expectation moves with log c), shrunk as c is;
    0 while the model's own clock is used (too few answers)."""
    samples = _samples(answers)
    n = len(samples)
    if n < MIN_SCALE_ANSWERS:
        return 0.0

    def expected(c: float) -> tuple[float, float]:  # Σ p, Σ p(1 − p)
        total = spread = 0.0
        for stability, days, answer in samples:
            r = memory.retrievability(stability, days * c)
            p = r + (1 - r) / answer.options
            total += p
            spread += p * (1 - p)
        return total, spread

    step = 0.05
    _, spread = expected(scale)
    slope = (expected(scale * math.exp(-step))[0] - expected(scale * math.exp(step))[0]) / (
        2 * step
    )
    if slope <= 0:
        return 0.0
    return n / (n + SCALE_WEIGHT) * math.sqrt(spread) / slope


def calibrate(memory: Memory, log: AnswerLog) -> Calibration:
    return calibrated(memory, log.recent_answers(RECENT))


def calibrated(memory: Memory, answers: list[RecentAnswer]) -> Calibration:
    """`calibrate` from answers already read (newest first)."""
    known, firsts = prior_known(answers)
    scale, used = time_scale(memory, answers)
    return Calibration(known, scale, firsts, used)
