"""Predicted exam-day recall, over every card of the collection.

- ``now``: the mean predicted recall at the exam over *all* live cards if study stopped now.
  A studied card counts its recall on the student's own pace of forgetting; a card never
  seen counts the share of unseen cards the student already knows (`calibration`: both
  estimated from the student's latest answers, guess-corrected).
- ``if_today_done``: the same after the cards today's drill will actually serve (the queue's
  own rules: its order, the daily review limit, the new-card pace, buried siblings), each
  reviewed with its present calibrated recall; a new card contributes the exam-day recall of
  one first sight (known with the prior-knowledge share, else a first exposure).
- ``studied``: ``now`` over the studied cards only.

Both are expectations under the scheduler's model; docs/benchmarks.md compares them with the
simulated students' true recall.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime

from trainer.scheduling.scheduler import CardState, TrainerScheduler
from trainer.study.calibration import Calibration, calibrate
from trainer.study.queue import DayQueue


@dataclass(frozen=True)
class ExamForecast:
    cards: int
    now: float
    if_today_done: float
    studied: float | None = None
    calibration: Calibration = field(default_factory=Calibration)


def recall_now(
    scheduler: TrainerScheduler,
    calibration: Calibration,
    studied: list[CardState],
    total_cards: int,
    exam: datetime,
) -> tuple[float, float | None]:
    """(sum of predicted exam-day recall over every card if study stopped now, mean over the
    studied cards)."""
    memory = scheduler.memory
    total = sum(calibration.recall(memory, s, exam) for s in studied)
    unseen = max(0, total_cards - len(studied))
    return total + unseen * calibration.prior_known, (total / len(studied) if studied else None)


def exam_forecast(
    scheduler: TrainerScheduler,
    studied: list[CardState],
    total_cards: int,
    queue: DayQueue,
    now: datetime,
) -> ExamForecast | None:
    exam = scheduler.exam_at()
    if exam is None or total_cards == 0:
        return None
    calibration = calibrate(scheduler.memory, queue.source)
    total, studied_mean = recall_now(scheduler, calibration, studied, total_cards, exam)
    gained = 0.0
    new, _, reviews = queue.counts(now)
    entries = [
        entry
        for entry in queue.reviews
        if queue.version.get(entry[1], 0) == entry[2] and entry[1] in queue.pending_reviews
    ]
    for _, card_id, _ in heapq.nsmallest(reviews, entries):
        gained += calibration.gain(scheduler.memory, queue.cards[card_id].state, now, exam)
    first = calibration.first_sight(scheduler.memory, now, exam) - calibration.prior_known
    gained += new * max(0.0, first)
    return ExamForecast(
        total_cards,
        total / total_cards,
        min(1.0, (total + gained) / total_cards),
        studied_mean,
        calibration,
    )
