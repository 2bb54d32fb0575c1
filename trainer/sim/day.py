"""One study day: the app's drill, then "study more", until the day's minutes are spent.

The loop the simulator runs for each simulated student, and the one the exam-day projection
(`trainer.study.projection`) runs with a model student: the session serves, ``answer`` says
whether the student is right and how long it took, the clock advances by that time and the
session records the answer. The day ends when its minutes are spent or nothing is left to
serve (a learning step due within half an hour is waited for).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from trainer.clock import FixedClock
from trainer.session import DrillSession
from trainer.store.db import StoredCard

WAIT_FOR_STEP = timedelta(minutes=30)

# (card) -> (answered right, response time in ms)
Answerer = Callable[[StoredCard], tuple[bool, int]]


def study_day(session: DrillSession, clock: FixedClock, budget_ms: float, answer: Answerer) -> int:
    """Answer until ``budget_ms`` is spent (the last answer may run over); the ms spent."""
    spent = 0
    for extra in (False, True):
        if extra:
            session.study_more()
        while spent < budget_ms:
            presented = session.next()
            if presented is None:
                waiting = session.status().next_learning_at
                if waiting is None or waiting - clock.now() > WAIT_FOR_STEP:
                    break
                clock.set(waiting)  # a learning step is due soon: wait for it
                continue
            right, ms = answer(presented.card)
            key = presented.item.answer
            chosen = key if right else (key + 1) % len(presented.item.options)
            clock.advance(timedelta(milliseconds=ms))
            session.answer(presented, chosen, ms)
            spent += ms
    return spent
