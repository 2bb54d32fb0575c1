"""Predicted exam-day recall, over every card of the collection.

- ``now``: the mean predicted recall at the exam over *all* live cards if study stopped now;
  a card never seen counts 0 (it cannot be recalled from this trainer's teaching).
- ``if_today_done``: the same after the cards today's drill will actually serve (the queue's
  own rules: its order, the daily review limit, the new-card pace, buried siblings), each
  answered right with its present predicted recall; a new card contributes the exam-day recall
  of one first exposure.

Both are expectations under the scheduler's model; docs/benchmarks.md compares them with the
simulated students' true recall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trainer.scheduling.scheduler import TrainerScheduler
from trainer.study.queue import DayQueue


@dataclass(frozen=True)
class ExamForecast:
    cards: int
    now: float
    if_today_done: float


def exam_forecast(
    scheduler: TrainerScheduler,
    studied_recall: float,
    total_cards: int,
    queue: DayQueue,
    now: datetime,
) -> ExamForecast | None:
    """``studied_recall``: the sum of the studied cards' predicted recall at the exam
    (`trainer.store.ranking.exam_recall_query`, or `TrainerScheduler.retrievability` summed)."""
    exam = scheduler.exam_at()
    if exam is None or total_cards == 0:
        return None
    total = studied_recall
    gained = 0.0
    new, _, reviews = queue.counts(now)
    for card in queue.top_reviews(reviews):  # the cards today's drill serves, in its order
        gained += scheduler.exam_gain(card.state, now, exam)[0]
    gained += new * scheduler.new_card_gain(now, exam)
    return ExamForecast(total_cards, total / total_cards, (total + gained) / total_cards)
