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
from fsrs.scheduler import STABILITY_MIN

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
        w = self.parameters
        self._easy_difficulty = w[4] - math.exp(w[5] * 3) + 1  # fsrs's D0(Easy), unclamped
        self._e8 = math.exp(w[8])
        self._short_good = math.exp(w[17] * w[18])  # same-day increase for Good, before S^-w19
        self._short_again = math.exp(w[17] * (w[18] - 2))
        self._short_term_divisor = math.exp(w[17] * w[18])

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
        """(stability, difficulty) after answering at ``now``: fsrs's formulas, written out
        (a test checks them against fsrs's own functions)."""
        w = self.parameters
        r = int(rating)
        if now.date() == last_review.date():  # same day: the short-term update
            increase = math.exp(w[17] * (r - 3 + w[18])) * stability ** -w[19]
            if r > 1:
                increase = max(increase, 1.0)
            new_s = stability * increase
        else:
            days = (now - last_review).total_seconds() / SECONDS_PER_DAY
            retrievability = (1 + self.factor * days / stability) ** self.decay
            if r == 1:
                long_term = (
                    w[11]
                    * difficulty ** -w[12]
                    * ((stability + 1) ** w[13] - 1)
                    * math.exp((1 - retrievability) * w[14])
                )
                new_s = min(long_term, stability / math.exp(w[17] * w[18]))
            else:
                bonus = w[15] if r == 2 else (w[16] if r == 4 else 1.0)
                new_s = stability * (
                    1
                    + math.exp(w[8])
                    * (11 - difficulty)
                    * stability ** -w[9]
                    * (math.exp((1 - retrievability) * w[10]) - 1)
                    * bonus
                )
        new_s = max(new_s, STABILITY_MIN)
        delta = -w[6] * (r - 3)
        damped = difficulty + (10.0 - difficulty) * delta / 9.0
        new_d = w[7] * self._easy_difficulty + (1 - w[7]) * damped
        return new_s, min(max(new_d, 1.0), 10.0)

    def mean_recall_after(
        self, stability: float, difficulty: float, last: datetime, now: datetime, at: datetime
    ) -> tuple[float, float, float]:
        """(recall at ``at`` if not reviewed now, expected recall at ``at`` if reviewed now,
        recall now), the review being right (Good) with the card's present retrievability,
        else Again.
        The same formulas as `next`, with the shared terms computed once."""
        w = self.parameters
        factor, decay = self.factor, self.decay
        since = max(0.0, (now - last).total_seconds() / SECONDS_PER_DAY)
        horizon = max(0.0, (at - now).total_seconds() / SECONDS_PER_DAY)
        before = (1 + factor * (since + horizon) / stability) ** decay
        p = (1 + factor * since / stability) ** decay
        if now.date() == last.date():
            scale = stability ** -w[19]
            s_good = stability * max(self._short_good * scale, 1.0)
            s_again = stability * self._short_again * scale
        else:
            s_good = stability * (
                1
                + self._e8
                * (11 - difficulty)
                * stability ** -w[9]
                * (math.exp((1 - p) * w[10]) - 1)
            )
            s_again = min(
                w[11]
                * difficulty ** -w[12]
                * ((stability + 1) ** w[13] - 1)
                * math.exp((1 - p) * w[14]),
                stability / self._short_term_divisor,
            )
        s_good = max(s_good, STABILITY_MIN)
        s_again = max(s_again, STABILITY_MIN)
        after = (
            p * (1 + factor * horizon / s_good) ** decay
            + (1 - p) * (1 + factor * horizon / s_again) ** decay
        )
        return before, after, p
