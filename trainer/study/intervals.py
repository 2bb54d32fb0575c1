"""What each rating would do to a card: the wait until it is asked again. No Textual here."""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Rating

from trainer.scheduling.scheduler import CardState, TrainerScheduler

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


def next_intervals(
    scheduler: TrainerScheduler, before: CardState, when: datetime
) -> dict[Rating, timedelta]:
    """For each rating, how long after ``when`` the card would next be due if the answer
    given at ``when`` on a card in state ``before`` were rated so (what re-rating does)."""
    waits = {}
    for rating in RATINGS:
        after = scheduler.review(before, rating, when)
        waits[rating] = (after.due - when) if after.due is not None else timedelta(0)
    return waits


def exam_recalls(
    scheduler: TrainerScheduler, before: CardState, when: datetime
) -> dict[Rating, float] | None:
    """With an exam date ahead, for each rating the card's predicted recall on the exam
    morning were it rated so and not reviewed again; None without one. With an exam date
    the wait says little (the drill serves the cards whose review adds most, and a card is
    placed no sooner than the next day whatever its rating): this is what the rating
    changes."""
    exam = scheduler.exam_at()
    if exam is None or when >= exam:
        return None
    return {
        rating: scheduler.retrievability(scheduler.review(before, rating, when), exam)
        for rating in RATINGS
    }
