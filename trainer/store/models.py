"""The progress schema. Changed only through Alembic revisions in ``migrations/versions``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from trainer.store.shuffle import order_key


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC, on every dialect."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; the trainer's times are UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """On SQLite, parse the stored text straight to an aware datetime: the queue reads
        tens of thousands of these, and the generic two-step path was most of that cost."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def parse(value: str | None) -> datetime | None:
            return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)

        return parse


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_us(moment: datetime | None) -> int | None:
    """A UTC time as whole microseconds since the Unix epoch (exact: the same integer that
    Python's own datetime arithmetic works in)."""
    return None if moment is None else (moment - EPOCH) // timedelta(microseconds=1)


def _new_order_key(context: Any) -> int | None:
    """Insert default of ``cards.new_order_key``: the row's place in the new-card shuffle."""
    key = context.get_current_parameters().get("card_key")
    return None if key is None else order_key(key)


def _last_review_us(context: Any) -> int | None:
    """Insert default of ``cards.last_review_us``: the row's own ``last_review``."""
    return epoch_us(context.get_current_parameters().get("last_review"))


class Base(DeclarativeBase):
    pass


class StudentRow(Base):
    """revision 0003: one student's profile. Every card, review, setting and exam is theirs."""

    __tablename__ = "students"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CardRow(Base):
    """One schedulable card of one student: (deck, template, row) or (deck, question)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("student_id", "card_key", name="uq_cards_student_key"),
        Index("ix_cards_student_due", "student_id", "due"),
        # revision 0010: a deck's live new cards in their shuffled order (`store.shuffle`)
        Index(
            "ix_cards_new_order",
            "student_id",
            "state",
            "retired_at",
            "suspended",
            "deck_id",
            "new_order_key",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # revision 0003
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"))
    card_key: Mapped[str] = mapped_column(String(400))
    deck_id: Mapped[str] = mapped_column(String(100), index=True)
    template_id: Mapped[str | None] = mapped_column(String(100))
    row_key: Mapped[str | None] = mapped_column(String(200))
    sibling: Mapped[str] = mapped_column(String(400), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True, nullable=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # revision 0002
    leech: Mapped[bool] = mapped_column(Boolean, default=False)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    # revision 0008: set aside by the student; never drilled, counted or drawn into a block
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # revision 0009: ``last_review`` as microseconds since the Unix epoch (`epoch_us`), so
    # that SQL computes elapsed time exactly as Python does (the drill's ranking); every write
    # of ``last_review`` writes it too
    last_review_us: Mapped[int | None] = mapped_column(
        BigInteger, nullable=True, default=_last_review_us
    )
    # revision 0010: the card's place in the shuffled order of new cards for the stored seed
    # (`trainer.store.shuffle.order_key` of ``card_key``); written when the card is added
    new_order_key: Mapped[int | None] = mapped_column(
        BigInteger, nullable=True, default=_new_order_key
    )


class ReviewRow(Base):
    """One answer: written, with the card's new state, in one transaction."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"), index=True)
    # revision 0003
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    seed: Mapped[int] = mapped_column(Integer)
    options: Mapped[int] = mapped_column(Integer)
    chosen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    correct: Mapped[bool] = mapped_column(Boolean)
    response_ms: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)
    key_text: Mapped[str] = mapped_column(Text)
    chosen_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    state_before: Mapped[str] = mapped_column(Text)
    state_after: Mapped[str] = mapped_column(Text)
    # revision 0002
    mode: Mapped[str] = mapped_column(String(10), default="drill")
    # revision 0003: the options as shown, a JSON list of their texts (None before 0003)
    shown: Mapped[str | None] = mapped_column(Text, nullable=True)


class SettingRow(Base):
    """revision 0002: the student's settings, one row per name, JSON values."""

    __tablename__ = "settings"

    # revision 0003: per student
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ExamRow(Base):
    """revision 0002: a submitted exam block."""

    __tablename__ = "exam_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # revision 0003
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    preset: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    questions: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    detail: Mapped[str] = mapped_column(Text)


class ExamSittingRow(Base):
    """revision 0004: an exam block being sat, written as it happens so it survives a crash."""

    __tablename__ = "exam_sittings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    preset: Mapped[str] = mapped_column(Text)  # the preset as JSON: a custom block's own values
    pool: Mapped[str] = mapped_column(String(20))
    deck_ids: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), index=True)  # open, submitted, discarded
    current: Mapped[int] = mapped_column(Integer)
    section: Mapped[int] = mapped_column(Integer)
    used: Mapped[str] = mapped_column(Text)  # seconds used per section, JSON list
    warned: Mapped[str] = mapped_column(Text)  # warnings given per section, JSON list of lists
    exam_id: Mapped[int | None] = mapped_column(ForeignKey("exam_blocks.id"), nullable=True)


class ExamSlotRow(Base):
    """revision 0004: one question of a sitting: the item as shown, and what the student did."""

    __tablename__ = "exam_slots"

    sitting_id: Mapped[int] = mapped_column(ForeignKey("exam_sittings.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    seed: Mapped[int] = mapped_column(Integer)
    options: Mapped[int] = mapped_column(Integer)
    item: Mapped[str] = mapped_column(Text)  # the question exactly as shown, JSON
    chosen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class CardLeaseRow(Base):
    """revision 0006: a card on screen in one process, until it is answered or the lease ends."""

    __tablename__ = "card_leases"

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(80), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
