"""Small statistics for item analysis: plain Python, no dependencies."""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import median


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equal-length series; None when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def point_biserial(correct: Sequence[bool], score: Sequence[float]) -> float | None:
    """The point-biserial correlation of right/wrong with each answerer's score."""
    return pearson([1.0 if c else 0.0 for c in correct], score)


def upper_lower(
    correct: Sequence[bool], score: Sequence[float], share: float = 0.27
) -> float | None:
    """Kelley's index: share right in the top 27 % by score minus share right in the bottom
    27 %. None with fewer than four answerers (each group needs two)."""
    n = len(correct)
    group = round(n * share)
    if group < 2 or 2 * group > n:
        return None
    ranked = sorted(zip(score, correct, strict=True), key=lambda pair: pair[0])
    low = sum(1 for _s, c in ranked[:group] if c) / group
    high = sum(1 for _s, c in ranked[-group:] if c) / group
    return high - low


def median_or_none(values: Sequence[float]) -> float | None:
    return median(values) if values else None
