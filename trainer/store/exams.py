"""Exam sittings in the store: every answer, flag and move written as it happens.

A sitting is written when the block starts (its questions exactly as shown), then one small
transaction per action, so a crash or a quit loses nothing but the seconds since the last
write. Submitting writes the reviews, the flags, the result row and the sitting's new status
in one transaction: a block is either wholly submitted or still open to resume.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from trainer.errors import StoreError
from trainer.store.db import ReviewRecord, Store, add_reviews
from trainer.store.models import CardRow, ExamRow, ExamSittingRow, ExamSlotRow, ReviewRow

OPEN, SUBMITTED, DISCARDED = "open", "submitted", "discarded"


@dataclass
class SlotData:
    position: int
    card_id: int
    seed: int
    options: int
    item: dict[str, Any]
    chosen: int | None = None
    flagged: bool = False
    seen: bool = False
    seconds: float = 0.0


@dataclass
class SittingData:
    id: int
    preset: dict[str, Any]
    pool: str
    deck_ids: tuple[str, ...] | None
    started_at: datetime
    current: int
    section: int
    used: list[float]
    warned: list[list[int]]
    status: str = OPEN
    exam_id: int | None = None
    slots: list[SlotData] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """The block-wide part of a sitting that moves with every action."""

    current: int
    section: int
    used: list[float]
    warned: list[list[int]]
    at: datetime


@dataclass(frozen=True)
class PastBlock:
    """One submitted block, for the history and its trend."""

    id: int
    preset: str
    started_at: datetime
    submitted_at: datetime
    questions: int
    score: float
    max_score: float
    right: int
    wrong: int
    blank: int
    sitting_id: int | None

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.questions if self.questions else 0.0


class ExamStore:
    """Reads and writes of exam sittings on the trainer's store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, sitting: SittingData, at: datetime) -> int:
        with self.store.session() as session:
            row = ExamSittingRow(
                student_id=self.store.student_id,
                preset=json.dumps(sitting.preset),
                pool=sitting.pool,
                deck_ids=None if sitting.deck_ids is None else json.dumps(list(sitting.deck_ids)),
                started_at=sitting.started_at,
                updated_at=at,
                status=OPEN,
                current=sitting.current,
                section=sitting.section,
                used=json.dumps(sitting.used),
                warned=json.dumps(sitting.warned),
            )
            session.add(row)
            session.flush()
            session.add_all(
                ExamSlotRow(
                    sitting_id=row.id,
                    position=slot.position,
                    card_id=slot.card_id,
                    seed=slot.seed,
                    options=slot.options,
                    item=json.dumps(slot.item),
                    chosen=slot.chosen,
                    flagged=slot.flagged,
                    seen=slot.seen,
                    seconds=slot.seconds,
                )
                for slot in sitting.slots
            )
            return row.id

    def save(self, sitting_id: int, progress: Progress, slots: Sequence[SlotData] = ()) -> None:
        """One action: the block's clock and place, and the questions it touched."""
        with self.store.session() as session:
            _save_progress(session, sitting_id, progress)
            for slot in slots:
                session.execute(
                    update(ExamSlotRow)
                    .where(
                        ExamSlotRow.sitting_id == sitting_id,
                        ExamSlotRow.position == slot.position,
                    )
                    .values(
                        chosen=slot.chosen,
                        flagged=slot.flagged,
                        seen=slot.seen,
                        seconds=slot.seconds,
                    )
                )

    def review_counts(self) -> dict[int, int]:
        """Reviews per card of this student, in one query (a card's next variant is its count)."""
        query = (
            select(ReviewRow.card_id, func.count(ReviewRow.id))
            .where(ReviewRow.student_id == self.store.student_id)
            .group_by(ReviewRow.card_id)
        )
        with self.store.session() as session:
            return {card_id: int(n) for card_id, n in session.execute(query)}

    def open_sitting(self) -> SittingData | None:
        """The most recent sitting neither submitted nor discarded, with its questions."""
        with self.store.session() as session:
            row = session.scalars(
                select(ExamSittingRow)
                .where(
                    ExamSittingRow.student_id == self.store.student_id,
                    ExamSittingRow.status == OPEN,
                )
                .order_by(ExamSittingRow.id.desc())
                .limit(1)
            ).first()
            return None if row is None else _sitting(session, row)

    def sitting(self, sitting_id: int) -> SittingData | None:
        with self.store.session() as session:
            row = session.get(ExamSittingRow, sitting_id)
            if row is None or row.student_id != self.store.student_id:
                return None
            return _sitting(session, row)

    def discard(self, sitting_id: int, at: datetime) -> None:
        """Close a sitting without recording anything from it."""
        with self.store.session() as session:
            session.execute(
                update(ExamSittingRow)
                .where(
                    ExamSittingRow.student_id == self.store.student_id,
                    ExamSittingRow.id == sitting_id,
                    ExamSittingRow.status == OPEN,
                )
                .values(status=DISCARDED, updated_at=at)
            )

    def submit(
        self,
        sitting_id: int,
        progress: Progress,
        slots: Sequence[SlotData],
        reviews: Sequence[ReviewRecord],
        flags: Sequence[int],
        result: dict[str, Any],
    ) -> int:
        """Reviews, flags, the result row and the sitting's status, in one transaction."""
        with self.store.session() as session:
            row = session.get(ExamSittingRow, sitting_id)
            if row is None or row.status != OPEN or row.student_id != self.store.student_id:
                raise ValueError(f"exam sitting {sitting_id} is not open")
            _save_progress(session, sitting_id, progress)
            for slot in slots:
                session.execute(
                    update(ExamSlotRow)
                    .where(
                        ExamSlotRow.sitting_id == sitting_id,
                        ExamSlotRow.position == slot.position,
                    )
                    .values(seconds=slot.seconds, seen=slot.seen)
                )
            student = self.store.student_id
            add_reviews(session, student, reviews)
            for card_id in flags:
                session.execute(
                    update(CardRow)
                    .where(CardRow.student_id == student, CardRow.id == card_id)
                    .values(flagged=True)
                )
            exam = ExamRow(
                student_id=student,
                preset=result["preset"],
                started_at=row.started_at,
                submitted_at=progress.at,
                questions=result["questions"],
                score=result["score"],
                max_score=result["max_score"],
                detail=json.dumps(result["detail"]),
            )
            session.add(exam)
            session.flush()
            row.status = SUBMITTED
            row.exam_id = exam.id
            row.updated_at = progress.at
            return exam.id

    def history(self, limit: int = 50) -> list[PastBlock]:
        """Submitted blocks, oldest first (the most recent ``limit``)."""
        with self.store.session() as session:
            rows = session.execute(
                select(ExamRow, ExamSittingRow.id)
                .outerjoin(ExamSittingRow, ExamSittingRow.exam_id == ExamRow.id)
                .where(ExamRow.student_id == self.store.student_id)
                .order_by(ExamRow.submitted_at.desc(), ExamRow.id.desc())
                .limit(limit)
            ).all()
        past = []
        for exam, sitting_id in reversed(rows):
            try:
                detail = json.loads(exam.detail)
                if not isinstance(detail, dict):
                    raise ValueError("not an object")
            except (ValueError, TypeError) as exc:
                raise StoreError(
                    f"the progress database's exam block {exam.id} has a detail the trainer "
                    f"cannot read ({exc}); `trainer check` lists it"
                ) from None
            past.append(
                PastBlock(
                    id=exam.id,
                    preset=exam.preset,
                    started_at=exam.started_at,
                    submitted_at=exam.submitted_at,
                    questions=exam.questions,
                    score=exam.score,
                    max_score=exam.max_score,
                    right=int(detail.get("right", 0)),
                    wrong=int(detail.get("wrong", 0)),
                    blank=int(detail.get("blank", 0)),
                    sitting_id=sitting_id,
                )
            )
        return past


def _save_progress(session: Any, sitting_id: int, progress: Progress) -> None:
    session.execute(
        update(ExamSittingRow)
        .where(ExamSittingRow.id == sitting_id)
        .values(
            current=progress.current,
            section=progress.section,
            used=json.dumps(progress.used),
            warned=json.dumps(progress.warned),
            updated_at=progress.at,
        )
    )


def _sitting(session: Any, row: ExamSittingRow) -> SittingData:
    slots = session.scalars(
        select(ExamSlotRow).where(ExamSlotRow.sitting_id == row.id).order_by(ExamSlotRow.position)
    ).all()
    return SittingData(
        id=row.id,
        preset=json.loads(row.preset),
        pool=row.pool,
        deck_ids=None if row.deck_ids is None else tuple(json.loads(row.deck_ids)),
        started_at=row.started_at,
        current=row.current,
        section=row.section,
        used=[float(x) for x in json.loads(row.used)],
        warned=[list(w) for w in json.loads(row.warned)],
        status=row.status,
        exam_id=row.exam_id,
        slots=[
            SlotData(
                position=s.position,
                card_id=s.card_id,
                seed=s.seed,
                options=s.options,
                item=json.loads(s.item),
                chosen=s.chosen,
                flagged=s.flagged,
                seen=s.seen,
                seconds=s.seconds,
            )
            for s in slots
        ],
    )
