"""How a day's study is ordered; shared by the drill and the simulator.

Without an exam date: due cards first (oldest due first), then new cards up to the daily limit.
With one: an unseen card recalls nothing on exam day, so new cards come first, at the pace that
introduces every remaining card by three quarters of the time left (never below the daily
limit), leaving the last quarter for spaced reviews; then due cards, those whose predicted
exam-day recall is lowest first. (Simulated, 2,000 cards at 30 minutes a day: pacing new cards
to the day before the exam gave 0.762 exam-day recall, to three quarters 0.785.)
"""

from __future__ import annotations

import math
from datetime import datetime

NEW_CARDS_BY = 0.75  # every card introduced by this share of the time to the exam


def new_quota(new_per_day: int, new_remaining: int, now: datetime, exam_at: datetime | None) -> int:
    """How many new cards to introduce today."""
    if exam_at is None:
        return new_per_day
    days_left = max(1, math.floor((exam_at.date() - now.date()).days * NEW_CARDS_BY) - 1)
    return max(new_per_day, math.ceil(new_remaining / days_left))


def new_first(exam_at: datetime | None, now: datetime) -> bool:
    return exam_at is not None and now < exam_at
