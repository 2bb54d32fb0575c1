"""From a multiple-choice answer to an FSRS rating.

FSRS was built for free recall, where "right" means "remembered". Among k options a student
who does not remember is still right one time in k, so a right answer is weaker evidence the
less likely recall was beforehand. By Bayes, with the card's predicted retrievability R,

    P(recalled | right) = R / (R + (1 - R) / k).

- Wrong (or left blank) → Again.
- Right, P(recalled | right) < ``GUESS_BELOW`` (0.5: at k = 4, R < 0.2) → Again: more likely a
  guess than recall.
- Right, P(recalled | right) < ``WEAK_BELOW`` (0.85: at k = 4, R < 0.59) → Hard: some of it
  was luck, so the interval grows less.
- A never-seen card has no prediction; a right first answer is taken as recall (Good) only
  when it is fast for this student (below the median of their right answers, or 8 s before
  there are enough of them), otherwise as a likely guess (Again).
- Otherwise by speed: Easy when faster than the student's own 25th percentile of right answers,
  Hard when slower than their 75th, else Good (after ``MIN_SAMPLES`` right answers; before that,
  Good).
- The student may override the rating after the feedback.

Without this, the model tracks MCQ correctness (R + (1 - R)/k), not recall, and its
predictions of exam-day recall run high (docs/rating-policy.md has the measurements).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fsrs import Rating

MIN_SAMPLES = 20
FAST_QUANTILE = 0.25
SLOW_QUANTILE = 0.75
GUESS_BELOW = 0.5
WEAK_BELOW = 0.85
FIRST_ANSWER_FAST_MS = 8_000  # before the student's own times are known


@dataclass(frozen=True)
class RatingDecision:
    rating: Rating
    reason: str


def _quantile(sorted_values: Sequence[int], q: float) -> float:
    position = (len(sorted_values) - 1) * q
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def recalled_given_right(retrievability: float, options: int) -> float:
    """P(recalled | right) for a card with predicted recall R among ``options`` choices."""
    guess = (1 - retrievability) / options
    return retrievability / (retrievability + guess) if retrievability + guess > 0 else 0.0


@dataclass(frozen=True)
class RatingPolicy:
    """Thresholds are computed from the student's own recent correct response times."""

    fast_ms: float | None = None
    slow_ms: float | None = None
    median_ms: float | None = None

    @classmethod
    def from_history(cls, correct_times_ms: Sequence[int]) -> RatingPolicy:
        if len(correct_times_ms) < MIN_SAMPLES:
            return cls()
        ordered = sorted(correct_times_ms)
        return cls(
            _quantile(ordered, FAST_QUANTILE),
            _quantile(ordered, SLOW_QUANTILE),
            _quantile(ordered, 0.5),
        )

    def rate(
        self,
        correct: bool,
        response_ms: int,
        options: int,
        retrievability: float | None,
    ) -> RatingDecision:
        if not correct:
            return RatingDecision(Rating.Again, "wrong answer")
        if retrievability is None:
            fast = self.median_ms if self.median_ms is not None else FIRST_ANSWER_FAST_MS
            if response_ms < fast:
                return RatingDecision(Rating.Good, "right on a first sight, and fast: known")
            return RatingDecision(
                Rating.Again, f"right on a first sight, but a guess among {options} is likely"
            )
        posterior = recalled_given_right(retrievability, options)
        if posterior < GUESS_BELOW:
            return RatingDecision(
                Rating.Again, f"right, but a guess among {options} is likelier than recall"
            )
        if posterior < WEAK_BELOW:
            return RatingDecision(Rating.Hard, f"right, but partly a guess among {options}")
        if self.slow_ms is not None and response_ms > self.slow_ms:
            return RatingDecision(Rating.Hard, "right but slow for you")
        if self.fast_ms is not None and response_ms < self.fast_ms:
            return RatingDecision(Rating.Easy, "right and fast for you")
        return RatingDecision(Rating.Good, "right")
