"""What a card's review log says its state is, taken from the states the log itself records.

Each review row records the card's state before and after the answer, as the scheduler made
it under the settings in force at that moment (an exam date, the desired retention, the
learning steps and the FSRS weights all change what it makes, and only the current settings
are stored). So the log is not re-run through today's scheduler: it is followed. A card's
reviews form a chain: the first starts from a new card, each starts from the state the one
before it reached, and each reached state is a step the scheduler could take from there
(one more review, a lapse only for a forgotten review card, the review's own time, a
learning, review or relearning state with a stability and a difficulty). The card's state
is the last review's. Where that chain is broken (a state edited by hand, a row that cannot
be read), a review's outcome is taken from its other record (the next review's start, or the
card's own state) when that one is a step, and only failing both rebuilt through the current
scheduler from the last state the chain vouches for.

Nothing changes a studied card's state outside a review: setting, moving or clearing the
exam date, the retention, the steps or the weights only shape the answers that follow, and a
re-rate rewrites its own review's recorded outcome.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fsrs import Rating

from trainer.scheduling.scheduler import CardState, TrainerScheduler

TIME_SLACK = timedelta(minutes=10)  # stored times round-trip through text
RERATE_WINDOW = timedelta(days=1)  # a re-rate schedules from its own moment, after the answer
REVIEW, STUDIED = 2, (1, 2, 3)  # FSRS states: learning, review, relearning


@dataclass(frozen=True)
class LoggedReview:
    id: int
    at: datetime
    rating: int
    before: CardState | None  # None: the logged state cannot be read
    after: CardState | None


@dataclass
class Followed:
    state: CardState  # the state the card's log says it reached
    fixes: dict[int, tuple[CardState, CardState]] = field(default_factory=dict)  # review id ->
    # the (before, after) its row should record


def close(a: CardState, b: CardState) -> bool:
    """The same state, up to float rounding and the stored times' precision."""

    def near(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is y
        return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))

    def when(x: datetime | None, y: datetime | None) -> bool:
        if x is None or y is None:
            return x is y
        return abs(x - y) <= TIME_SLACK

    return (
        (a.state, a.step, a.reps, a.lapses, a.leech) == (b.state, b.step, b.reps, b.lapses, b.leech)
        and near(a.stability, b.stability)
        and near(a.difficulty, b.difficulty)
        and when(a.due, b.due)
        and when(a.last_review, b.last_review)
    )


def a_step(before: CardState, after: CardState, rating: int, at: datetime) -> bool:
    """Whether ``after`` is a state the scheduler can reach from ``before`` by this answer at
    ``at``, under some settings (what no setting changes)."""
    lapse = rating == Rating.Again and before.state == REVIEW
    stability, difficulty = after.stability, after.difficulty
    return (
        after.state in STUDIED
        and after.reps == before.reps + 1
        and after.lapses == before.lapses + int(lapse)
        and (after.leech or not before.leech)
        and stability is not None
        and difficulty is not None
        and math.isfinite(stability)
        and math.isfinite(difficulty)
        and stability > 0
        and after.last_review is not None
        and at - TIME_SLACK <= after.last_review <= at + RERATE_WINDOW
        and after.due is not None
        and after.due >= after.last_review - TIME_SLACK
    )


def follow(
    reviews: Sequence[LoggedReview],
    scheduler: Callable[[], TrainerScheduler],
    stored: CardState | None = None,
) -> Followed:
    """Follow one card's reviews, oldest first. A review's outcome that is unreadable or not a
    step from its start is taken from the other record of it, when that one is a step: the
    next review's logged start, or the card's ``stored`` state for the last review; failing
    both it is rebuilt through ``scheduler`` (asked for only then)."""
    state = CardState()
    fixes: dict[int, tuple[CardState, CardState]] = {}
    for index, review in enumerate(reviews):
        after = review.after
        if after is None or not a_step(state, after, review.rating, review.at):
            witness = reviews[index + 1].before if index + 1 < len(reviews) else stored
            if witness is not None and a_step(state, witness, review.rating, review.at):
                after = witness
            else:  # never before the state it starts from (the model's time runs forward)
                at = max(review.at, state.last_review or review.at)
                after = scheduler().review(state, Rating(review.rating), at)
        if (
            review.before is None
            or review.after is None
            or not close(review.before, state)
            or not close(review.after, after)
        ):
            fixes[review.id] = (state, after)
        state = after
    return Followed(state, fixes)


def follow_either_order(
    reviews: Sequence[LoggedReview],
    scheduler: Callable[[], TrainerScheduler],
    stored: CardState | None = None,
) -> Followed:
    """``reviews`` in the order they were written (id); if their chain breaks there, in the
    order of their times (imported reviews are older than their ids say): whichever order
    the log follows with fewer breaks."""
    written = follow(reviews, scheduler, stored)
    if not written.fixes:
        return written
    timed = sorted(reviews, key=lambda r: (r.at, r.id))
    if [r.id for r in timed] == [r.id for r in reviews]:
        return written
    by_time = follow(timed, scheduler, stored)
    return by_time if len(by_time.fixes) < len(written.fixes) else written
