"""A student's review log as CSV in the FSRS tools' layout, and back.

Columns: ``card_id, review_time, review_rating, review_state, review_duration`` as the FSRS
optimizer reads them (time and duration in milliseconds; rating 1 Again .. 4 Easy; state
before the review, 0 new, 1 learning, 2 review, 3 relearning), then ``card_key``, which the
optimizer ignores and which lets another trainer database find the same card.

Importing adds the reviews it does not already hold (same card, same moment). A card given
reviews is replayed through the scheduler from its first added review on, so its state is what
those answers would have made it; its reviews before that keep the outcomes the scheduler
recorded under the settings of their day, and a card given nothing is left as it is. The file
is checked whole before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from trainer.errors import TrainerError, unreadable
from trainer.scheduling.scheduler import NEW, CardState, TrainerScheduler
from trainer.store.db import Store
from trainer.store.models import EPOCH, CardRow, ReviewRow, epoch_us

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # no answer in a file is older than this
CLOCK_SLACK = timedelta(minutes=5)  # another machine's clock a little ahead

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
REQUIRED = ("card_id", "review_time", "review_rating")
IMPORTED = "import"


def export_csv(store: Store) -> str:
    """The profile's reviews, oldest first."""
    query = (
        select(
            ReviewRow.card_id,
            ReviewRow.reviewed_at,
            ReviewRow.rating,
            ReviewRow.state_before,
            ReviewRow.response_ms,
            CardRow.card_key,
        )
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .where(ReviewRow.student_id == store.student_id)
        .order_by(ReviewRow.reviewed_at, ReviewRow.id)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, "card_key"))
    with store.session() as session:
        for card_id, at, rating, before, ms, key in session.execute(query):
            state = json.loads(before).get("state", NEW)
            writer.writerow((card_id, _millis(at), rating, state, ms, key))
    return out.getvalue()


@dataclass(frozen=True)
class Incoming:
    line: int
    card_id: int  # this profile's card
    at: datetime
    rating: int
    duration: int


@dataclass(frozen=True)
class ImportSummary:
    read: int
    added: int
    duplicates: int
    cards: int


def _int(value: str | None, where: str, name: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise TrainerError(f"{where}: {name} {value!r} is not a whole number") from None


def parse(text: str, source: str, store: Store) -> list[Incoming]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TrainerError(f"{source}:1: missing column(s) {', '.join(missing)}")
    by_key = {c.card_key: c.id for c in store.cards(include_retired=True)}
    ids = set(by_key.values())
    rows = []
    for row in reader:
        where = f"{source}:{reader.line_num}"
        key = (row.get("card_key") or "").strip()
        if key:
            if key not in by_key:
                raise TrainerError(f"{where}: no card {key!r} in the loaded decks")
            card_id = by_key[key]
        else:
            card_id = _int(row.get("card_id"), where, "card_id")
            if card_id not in ids:
                raise TrainerError(f"{where}: no card with id {card_id} for this student")
        millis = _int(row.get("review_time"), where, "review_time")
        rating = _int(row.get("review_rating"), where, "review_rating")
        if rating not in (1, 2, 3, 4):
            raise TrainerError(f"{where}: review_rating {rating} is not 1-4")
        duration = _int(row.get("review_duration") or "0", where, "review_duration")
        if duration < 0:
            raise TrainerError(f"{where}: review_duration {duration} is negative")
        try:
            at = datetime.fromtimestamp(millis / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            raise TrainerError(f"{where}: review_time {millis} is not a time") from None
        rows.append(Incoming(reader.line_num, card_id, at, rating, duration))
    return rows


def _millis(at: datetime) -> int:
    """A time as whole milliseconds since the Unix epoch, as the file holds it (exact)."""
    return (at - EPOCH) // timedelta(milliseconds=1)


def import_csv(
    store: Store, path: Path, scheduler: TrainerScheduler, now: datetime
) -> ImportSummary:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainerError(f"{path}: cannot read: {unreadable(exc)}") from None
    incoming = parse(text, str(path), store)
    for r in incoming:  # an answer from after now, or from before the trainer's own time
        if not EARLIEST <= r.at <= now + CLOCK_SLACK:
            raise TrainerError(
                f"{path}:{r.line}: review_time {_millis(r.at)} ({r.at:%Y-%m-%d %H:%M} UTC) is "
                f"{'in the future' if r.at > now else 'before ' + f'{EARLIEST:%Y}'}; "
                "nothing was imported"
            )
    mine = ReviewRow.student_id == store.student_id
    with store.session() as session:
        cards = sorted({r.card_id for r in incoming})
        # the file holds milliseconds and the store microseconds: an answer is the one
        # already held if it is the same card at the same millisecond
        held = {
            (card_id, _millis(at))
            for card_id, at in session.execute(
                select(ReviewRow.card_id, ReviewRow.reviewed_at).where(
                    mine, ReviewRow.card_id.in_(cards)
                )
            )
        }
        added = 0
        since: dict[int, datetime] = {}  # card -> the time of its earliest added review
        for r in incoming:
            if (r.card_id, _millis(r.at)) in held:
                continue
            held.add((r.card_id, _millis(r.at)))
            session.add(_row(store, r))
            added += 1
            since[r.card_id] = min(since.get(r.card_id, r.at), r.at)
        session.flush()
        for card_id, first in since.items():  # a card given nothing keeps its schedule
            _replay(session, store, card_id, scheduler, first)
    return ImportSummary(len(incoming), added, len(incoming) - added, len(since))


def _row(store: Store, r: Incoming) -> ReviewRow:
    blank = CardState().to_json()
    return ReviewRow(
        card_id=r.card_id,
        student_id=store.student_id,
        reviewed_at=r.at,
        seed=0,
        options=0,
        chosen=None,
        correct=r.rating > 1,
        response_ms=r.duration,
        rating=r.rating,
        key_text="",
        chosen_text=None,
        state_before=blank,
        state_after=blank,
        mode=IMPORTED,
        shown=None,
    )


def _replay(
    session, store: Store, card_id: int, scheduler: TrainerScheduler, since: datetime
) -> None:
    """Recompute a card's state, and each review's before/after, from its first review at or
    after ``since`` (its earliest added one) on; the reviews before keep their outcomes."""
    from fsrs import Rating

    state = CardState()
    reviews: Iterable[ReviewRow] = session.scalars(
        select(ReviewRow)
        .where(ReviewRow.student_id == store.student_id, ReviewRow.card_id == card_id)
        .order_by(ReviewRow.reviewed_at, ReviewRow.id)
    )
    replaying = False
    for review in reviews:
        recorded = None if replaying or review.reviewed_at >= since else _recorded(review)
        if recorded is not None:
            state = recorded
            continue
        replaying = True
        review.state_before = state.to_json()
        state = scheduler.review(state, Rating(review.rating), review.reviewed_at)
        review.state_after = state.to_json()
    card = session.get(CardRow, card_id)
    card.state, card.step, card.stability = state.state, state.step, state.stability
    card.difficulty, card.due, card.last_review = state.difficulty, state.due, state.last_review
    card.reps, card.lapses, card.leech = state.reps, state.lapses, state.leech
    card.last_review_us = epoch_us(state.last_review)


def _recorded(review: ReviewRow) -> CardState | None:
    """The outcome the review's row records, if it can be read."""
    try:
        return CardState.from_json(review.state_after)
    except (ValueError, TypeError, KeyError):
        return None
