"""Personal FSRS parameters, fitted to the student's own review log with fsrs-rs-python.

The log becomes one training item per review that came on a later UTC day than the previous
review of its card (the review history up to it, elapsed time in whole UTC days, the trainer's
own rule for a same-day review). The items are split in time: the fit uses the earlier 80 %,
and the default and fitted parameters are both scored (log loss) on the later 20 %. The fitted
parameters are kept only when they predict those later reviews better; otherwise the defaults
stay. Nothing is fitted before ``MIN_ITEMS`` such reviews exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS

MIN_ITEMS = 400
HOLDOUT = 0.2


@dataclass(frozen=True)
class Fit:
    items: int
    default_loss: float | None
    fitted_loss: float | None
    parameters: tuple[float, ...] | None  # None: keep the defaults

    @property
    def improved(self) -> bool:
        return self.parameters is not None


def training_items(
    reviews: Iterable[tuple[int, datetime, int]],
) -> list[tuple[datetime, list[tuple[int, int]]]]:
    """(card id, time, rating) → (time, [(rating, days since the previous review), ...])
    for every review on a later day than its card's previous one."""
    by_card: dict[int, list[tuple[datetime, int]]] = {}
    for card_id, at, rating in reviews:
        by_card.setdefault(card_id, []).append((at, rating))
    items = []
    for history in by_card.values():
        history.sort()
        steps: list[tuple[int, int]] = []
        previous: datetime | None = None
        for at, rating in history:
            days = 0 if previous is None else (at.date() - previous.date()).days
            steps.append((rating, days))
            previous = at
            if len(steps) > 1 and days > 0:
                items.append((at, list(steps)))
    items.sort(key=lambda item: item[0])
    return items


def fit(
    reviews: Iterable[tuple[int, datetime, int]],
    start: Sequence[float] = DEFAULT_PARAMETERS,
) -> Fit:
    import fsrs_rs_python as rs  # deferred: only `trainer optimize` needs the Rust optimizer

    items = training_items(reviews)
    if len(items) < MIN_ITEMS:
        return Fit(len(items), None, None, None)
    made = [rs.FSRSItem([rs.FSRSReview(r, d) for r, d in steps]) for _, steps in items]
    cut = int(len(made) * (1 - HOLDOUT))
    train, test = made[:cut], made[cut:]
    fitted = tuple(rs.FSRS(list(start)).compute_parameters(train))
    default_loss = rs.FSRS(list(start)).evaluate(test).log_loss
    fitted_loss = rs.FSRS(list(fitted)).evaluate(test).log_loss
    keep = fitted if fitted_loss < default_loss else None
    return Fit(len(items), default_loss, fitted_loss, keep)


def store_reviews(store: object) -> list[tuple[int, datetime, int]]:
    """The student's reviews as (card id, time, rating)."""
    from sqlalchemy import select

    from trainer.store.db import Store
    from trainer.store.models import ReviewRow

    assert isinstance(store, Store)
    query = (
        select(ReviewRow.card_id, ReviewRow.reviewed_at, ReviewRow.rating)
        .where(ReviewRow.student_id == store.student_id)
        .order_by(ReviewRow.id)
    )
    with store.session() as session:
        return [(c, at, int(r)) for c, at, r in session.execute(query)]
