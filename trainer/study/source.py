"""What the drill queue reads, and the store's implementation of it.

The queue reads the collection only when it is built (once a day, after an undo or re-rating,
or when another process answered); every answer then updates it in memory. The simulator
provides the same reads from memory, so the app and the simulator run one queue.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, select

from trainer.scheduling.scheduler import NEW, CardState
from trainer.store.db import Store, StoredCard
from trainer.store.models import CardRow, ReviewRow
from trainer.study.calibration import RecentAnswer


@dataclass(frozen=True)
class NewCard:
    id: int
    card_key: str
    deck_id: str
    sibling: str


@dataclass(frozen=True)
class TodayAnswer:
    card_id: int
    sibling: str
    state_before: int  # 0 new, 1 learning, 2 review, 3 relearning


class QueueSource(Protocol):
    def studied_cards(
        self, deck_ids: Iterable[str] | None, topic: str | None, due_before: datetime | None
    ) -> list[StoredCard]:
        """Live studied cards of the decks/topic, only those due before ``due_before`` if given."""
        ...

    def new_cards(self, deck_ids: Iterable[str] | None, topic: str | None) -> list[NewCard]: ...

    def count_new(self) -> int: ...

    def answers_since(self, since: datetime) -> list[TodayAnswer]: ...

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        """Recent response times in ms: (right answers, wrong answers)."""
        ...

    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        """The latest ``limit`` answers, newest first (for `calibration`)."""
        ...

    def last_review_id(self) -> int: ...

    def count_due_between(
        self, start: datetime, end: datetime, deck_ids: Iterable[str] | None, topic: str | None
    ) -> int: ...

    def card(self, card_id: int) -> StoredCard: ...


def _filtered(query, student_id: int, deck_ids: Iterable[str] | None, topic: str | None):  # type: ignore[no-untyped-def]
    query = query.where(  # live cards the student has not suspended
        CardRow.student_id == student_id,
        CardRow.retired_at.is_(None),
        CardRow.suspended.is_(False),
    )
    if deck_ids is not None:
        query = query.where(CardRow.deck_id.in_(list(deck_ids)))
    if topic is not None:
        query = query.where(CardRow.topic == topic)
    return query


class StoreSource:
    """The queue's reads from the progress database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def studied_cards(
        self, deck_ids: Iterable[str] | None, topic: str | None, due_before: datetime | None
    ) -> list[StoredCard]:
        from trainer.store.db import _cards_query, _stored

        query = _filtered(
            _cards_query().where(CardRow.state != NEW), self.store.student_id, deck_ids, topic
        )
        if due_before is not None:
            query = query.where(CardRow.due < due_before)
        with self.store.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def new_cards(self, deck_ids: Iterable[str] | None, topic: str | None) -> list[NewCard]:
        query = _filtered(
            select(CardRow.id, CardRow.card_key, CardRow.deck_id, CardRow.sibling).where(
                CardRow.state == NEW
            ),
            self.store.student_id,
            deck_ids,
            topic,
        )
        with self.store.session() as session:
            return [NewCard(*row) for row in session.execute(query)]

    def count_new(self) -> int:
        return self.store.count_new()

    def answers_since(self, since: datetime) -> list[TodayAnswer]:
        query = (
            select(ReviewRow.card_id, CardRow.sibling, ReviewRow.state_before)
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .where(ReviewRow.student_id == self.store.student_id, ReviewRow.reviewed_at >= since)
            # in time order: an index range over today's answers (ordered by id alone, SQLite
            # walked the student's every review, 0.2 s at a million)
            .order_by(ReviewRow.reviewed_at, ReviewRow.id)
        )
        with self.store.session() as session:
            return [
                TodayAnswer(card_id, sibling, int(json.loads(before)["state"]))
                for card_id, sibling, before in session.execute(query)
            ]

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        query = (
            select(ReviewRow.correct, ReviewRow.response_ms)
            .where(ReviewRow.student_id == self.store.student_id)
            .order_by(ReviewRow.id.desc())
            .limit(limit)
        )
        right: list[int] = []
        wrong: list[int] = []
        with self.store.session() as session:
            for correct, ms in session.execute(query):
                (right if correct else wrong).append(int(ms))
        return right, wrong

    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        """The latest ``limit`` answers, newest first: an index walk from the end."""
        query = (
            select(
                ReviewRow.state_before,
                ReviewRow.reviewed_at,
                ReviewRow.correct,
                ReviewRow.options,
            )
            .where(ReviewRow.student_id == self.store.student_id)
            .order_by(ReviewRow.id.desc())
            .limit(limit)
        )
        with self.store.session() as session:
            return [
                RecentAnswer(CardState.from_json(before), at, bool(correct), int(options))
                for before, at, correct, options in session.execute(query)
            ]

    def last_review_id(self) -> int:
        with self.store.session() as session:
            query = (  # an index walk from the end, not a scan of the student's reviews
                select(ReviewRow.id)
                .where(ReviewRow.student_id == self.store.student_id)
                .order_by(ReviewRow.id.desc())
                .limit(1)
            )
            return int(session.scalar(query) or 0)

    def count_due_between(
        self, start: datetime, end: datetime, deck_ids: Iterable[str] | None, topic: str | None
    ) -> int:
        query = _filtered(
            select(func.count(CardRow.id)).where(
                CardRow.state != NEW, CardRow.due >= start, CardRow.due < end
            ),
            self.store.student_id,
            deck_ids,
            topic,
        )
        with self.store.session() as session:
            return int(session.scalar(query) or 0)

    def card(self, card_id: int) -> StoredCard:
        return self.store.card(card_id)
