"""The student's study habit from their own log: minutes a day and the hour they begin.

The exam-day projection (`projection`) runs the drill forward at these minutes: the answering
time (each answer's response time) of the last ``WINDOW_DAYS`` whole days, or of the whole
days since the student's first answer if fewer, divided by those days, days without study
included; today is not a whole day yet and counts apart.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from trainer.clock import day_start
from trainer.session import Trainer

WINDOW_DAYS = 14  # whole days of the log the daily minutes are taken from


@dataclass(frozen=True)
class StudyHabit:
    minutes_per_day: float  # answering minutes per day, days without study included
    days: int  # whole days behind it (0: the student began today)
    spent_today_ms: int
    start_of_day: timedelta  # when the student usually begins (median first answer of a day)


def study_habit(
    answers: Iterable[tuple[datetime, int]], first_answer: datetime | None, now: datetime
) -> StudyHabit | None:
    """The student's habit from (time, response ms) of their answers since ``WINDOW_DAYS``
    days before today; None before any answer."""
    if first_answer is None:
        return None
    today = day_start(now.date())
    since = max(today - timedelta(days=WINDOW_DAYS), day_start(first_answer.date()))
    days = (today - since).days
    before = today_ms = 0
    starts: dict[date, timedelta] = {}
    for at, ms in answers:
        if at >= today:
            today_ms += ms
        elif at >= since:
            before += ms
        else:
            continue
        moment = at - day_start(at.date())
        starts[at.date()] = min(starts.get(at.date(), moment), moment)
    minutes = before / days / 60_000 if days else today_ms / 60_000
    start = (
        timedelta(seconds=statistics.median(s.total_seconds() for s in starts.values()))
        if starts
        else now - today
    )
    return StudyHabit(minutes, days, today_ms, start)


def habit_of(trainer: Trainer) -> StudyHabit | None:
    """The habit from the trainer's own log (the database, or the simulator's memory)."""
    now = trainer.clock.now()
    since = day_start(now.date()) - timedelta(days=WINDOW_DAYS)
    first, answers = trainer.source.answer_log(since)
    return study_habit(answers, first, now)
