"""From an answer to an FSRS rating.

- Wrong (or left blank) → Again.
- Right → Good by default; Easy when faster than the student's own fast threshold; Hard when
  slower than their slow threshold. The thresholds are the 25th and 75th percentiles of the
  student's recent correct response times (after ``MIN_SAMPLES`` of them; before that, every
  right answer is Good).
- A right answer may be a guess among k options. By Bayes, with prior recall probability R
  (the card's predicted retrievability), P(recalled | right) = R / (R + (1 − R)/k). When that
  is below one half — R < 1/(k + 1) — the right answer is rated Hard, not Good or Easy: the
  scheduler should not stretch the interval of a card the student probably guessed.
  New cards have no prediction and are rated on speed alone.
- The student may override the rating after the feedback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fsrs import Rating

MIN_SAMPLES = 20
FAST_QUANTILE = 0.25
SLOW_QUANTILE = 0.75


@dataclass(frozen=True)
class RatingDecision:
    rating: Rating
    reason: str


def _quantile(sorted_values: Sequence[int], q: float) -> float:
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


@dataclass(frozen=True)
class RatingPolicy:
    """Thresholds are computed from the student's own recent correct response times."""

    fast_ms: float | None = None
    slow_ms: float | None = None

    @classmethod
    def from_history(cls, correct_times_ms: Sequence[int]) -> RatingPolicy:
        if len(correct_times_ms) < MIN_SAMPLES:
            return cls()
        ordered = sorted(correct_times_ms)
        return cls(_quantile(ordered, FAST_QUANTILE), _quantile(ordered, SLOW_QUANTILE))

    def rate(
        self,
        correct: bool,
        response_ms: int,
        options: int,
        retrievability: float | None,
    ) -> RatingDecision:
        if not correct:
            return RatingDecision(Rating.Again, "wrong answer")
        if retrievability is not None and retrievability < 1 / (options + 1):
            return RatingDecision(
                Rating.Hard, f"right, but a guess among {options} is as likely as recall"
            )
        if self.slow_ms is not None and response_ms > self.slow_ms:
            return RatingDecision(Rating.Hard, "right but slow for you")
        if self.fast_ms is not None and response_ms < self.fast_ms:
            return RatingDecision(Rating.Easy, "right and fast for you")
        return RatingDecision(Rating.Good, "right")
