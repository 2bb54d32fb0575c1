"""The order in which the drill serves studied cards: one number per card, lowest first.

- ``exam``: minus the expected exam-day recall one review now adds, per expected millisecond
  of the student's time (`TrainerScheduler.exam_gain`; a right answer takes the student's
  median right-answer time, a wrong one the median wrong-answer time);
- ``recall``: the card's predicted recall now ("study more" without an exam date: the cards
  least likely to be recalled first);
- ``due``: the due time (the day's due cards, oldest due first).

Ties are broken by card id. `trainer.store.ranking` computes the same numbers in SQL, operation
for operation, so that only the top of a ranking over every card has to be read; a test checks
that the two agree bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from trainer.scheduling.scheduler import NEW, CardState, TrainerScheduler

Kind = Literal["exam", "recall", "due"]
LEARNING_STATES = (1, 3)


@dataclass(frozen=True)
class RankTerms:
    """Everything a ranking of studied cards is computed from, fixed when it is built."""

    kind: Kind
    now: datetime
    end: datetime  # the end of the study day: learning steps due before it are not ranked
    exam: datetime | None = None
    right_ms: float = 10_000.0
    wrong_ms: float = 20_000.0


def priority(scheduler: TrainerScheduler, terms: RankTerms, state: CardState) -> float:
    """The card's place in the ranking (lower comes first)."""
    if terms.kind == "exam":
        assert terms.exam is not None
        gain, p = scheduler.exam_gain(state, terms.now, terms.exam)
        return -gain / (p * terms.right_ms + (1 - p) * terms.wrong_ms)
    if terms.kind == "recall":
        return scheduler.retrievability(state, terms.now)
    assert state.due is not None
    return state.due.timestamp()


def ranked(terms: RankTerms, state: CardState) -> bool:
    """Whether a card in this state belongs to the ranking: a studied card with a due time,
    not a learning step due today (those are served by time, apart), and, for ``due``, due
    before the day ends."""
    if state.state == NEW or state.due is None:
        return False
    if state.state in LEARNING_STATES and state.due < terms.end:
        return False
    return terms.kind != "due" or state.due < terms.end
