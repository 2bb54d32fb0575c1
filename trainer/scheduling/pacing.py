"""How many new cards a day.

Without an exam date: the daily new-card limit. With one, an unseen card recalls nothing on
exam day, so every card must be introduced early enough for spaced second and third
exposures: the deck is paced to a fixed deadline, three quarters of the plan counted from the
day the exam date was set (not of the time remaining, which would push the deadline back every
day), never fewer than the daily limit.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

NEW_CARDS_BY = 0.75  # every card introduced by this share of the plan


def new_deadline(set_on: date, exam: date) -> date:
    """The day by which every card should have been introduced."""
    span = max(1, (exam - set_on).days)
    return set_on + timedelta(days=math.floor(span * NEW_CARDS_BY))


def new_quota(
    new_per_day: int,
    new_remaining: int,
    today: date,
    exam: date | None,
    set_on: date | None = None,
) -> int:
    """How many new cards to introduce ``today``; ``new_remaining`` counts the cards still
    new at the start of the day."""
    if exam is None:
        return new_per_day
    if today >= exam:
        return new_per_day
    deadline = new_deadline(set_on or today, exam)
    days_left = max(1, (deadline - today).days)
    return max(new_per_day, math.ceil(new_remaining / days_left))
