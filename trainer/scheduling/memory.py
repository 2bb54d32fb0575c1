"""The FSRS-6 memory model in continuous time.

The formulas are the `fsrs` package's own (its scheduler's stability and difficulty
functions, called with its parameters); only the clock differs. fsrs counts elapsed time in
whole 24-hour periods, so a card answered at 08:20 and again at 08:05 the next morning has
"0 days" elapsed and a card reviewed 16 hours before the exam predicts recall 1.0. Here:

- retrievability uses the real elapsed time in (fractional) days, everywhere;
- a review on the same UTC day as the previous one gets FSRS's short-term (same-day) update,
  a review on a later day the long-term update with the retrievability at that moment.

The trainer's scheduler, its predictions and the simulator's students all use this one model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from fsrs import Rating, Scheduler

SECONDS_PER_DAY = 86_400.0


def elapsed_days(since: datetime, at: datetime) -> float:
    """Real elapsed time in days (never negative)."""
    return max(0.0, (at - since).total_seconds() / SECONDS_PER_DAY)


class Memory:
    """FSRS-6 stability, difficulty and retrievability for one parameter set."""

    def __init__(self, parameters: Sequence[float] | None = None) -> None:
        self.fsrs = (
            Scheduler(parameters=tuple(parameters), enable_fuzzing=False)
            if parameters is not None
            else Scheduler(enable_fuzzing=False)
        )
        self.parameters = tuple(self.fsrs.parameters)
        self.decay = -self.parameters[20]
        self.factor = 0.9 ** (1 / self.decay) - 1

    def retrievability(self, stability: float, days: float) -> float:
        return (1 + self.factor * days / stability) ** self.decay

    def interval_days(self, stability: float, retention: float) -> float:
        """Days until retrievability falls to ``retention``."""
        return stability / self.factor * (retention ** (1 / self.decay) - 1)

    def initial(self, rating: Rating) -> tuple[float, float]:
        """(stability, difficulty) after a first answer."""
        fsrs = self.fsrs
        return (
            fsrs._initial_stability(rating=rating),
            fsrs._initial_difficulty(rating=rating, clamp=True),
        )

    def next(
        self,
        stability: float,
        difficulty: float,
        last_review: datetime,
        rating: Rating,
        now: datetime,
    ) -> tuple[float, float]:
        """(stability, difficulty) after answering at ``now``."""
        fsrs = self.fsrs
        if now.date() == last_review.date():
            new_s = fsrs._short_term_stability(stability=stability, rating=rating)
        else:
            r = self.retrievability(stability, elapsed_days(last_review, now))
            new_s = fsrs._next_stability(
                difficulty=difficulty, stability=stability, retrievability=r, rating=rating
            )
        return new_s, fsrs._next_difficulty(difficulty=difficulty, rating=rating)

    def mean_recall_after(
        self, stability: float, difficulty: float, last: datetime, now: datetime, at: datetime
    ) -> tuple[float, float]:
        """(recall at ``at`` if not reviewed now, expected recall at ``at`` if reviewed now),
        the review being right with the card's present retrievability."""
        before = self.retrievability(stability, elapsed_days(last, at))
        p = self.retrievability(stability, elapsed_days(last, now))
        s_good, _ = self.next(stability, difficulty, last, Rating.Good, now)
        s_again, _ = self.next(stability, difficulty, last, Rating.Again, now)
        horizon = elapsed_days(now, at)
        after = p * self.retrievability(s_good, horizon) + (1 - p) * self.retrievability(
            s_again, horizon
        )
        return before, after


def clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def is_finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))
