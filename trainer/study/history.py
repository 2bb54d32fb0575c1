"""A card's answers, newest first, as the Browse screen lists them. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from trainer.session import RATING_NAMES, Trainer
from trainer.store.models import ReviewRow


@dataclass(frozen=True)
class PastAnswer:
    at: datetime
    chosen: str | None
    correct: bool
    rating: str
    seconds: float
    mode: str


def card_history(trainer: Trainer, card_id: int, limit: int = 20) -> list[PastAnswer]:
    query = (
        select(
            ReviewRow.reviewed_at,
            ReviewRow.chosen_text,
            ReviewRow.correct,
            ReviewRow.rating,
            ReviewRow.response_ms,
            ReviewRow.mode,
        )
        .where(ReviewRow.student_id == trainer.store.student_id, ReviewRow.card_id == card_id)
        .order_by(ReviewRow.id.desc())
        .limit(limit)
    )
    with trainer.store.session() as session:
        return [
            PastAnswer(
                at, chosen, bool(correct), RATING_NAMES.get(rating, str(rating)), ms / 1000, mode
            )  # type: ignore[call-overload]
            for at, chosen, correct, rating, ms, mode in session.execute(query)
        ]


def card_name(card_key: str) -> str:
    """A readable name from a card key: ``dermatomes/key-point-to-root/C2`` becomes
    ``C2 · key point → root``; a written question keeps its own id."""
    parts = card_key.split("/")
    if len(parts) < 3:
        return parts[-1]
    template, row = parts[1], "/".join(parts[2:])
    if template == "q":
        return row.replace("-", " ")
    return f"{row} · {template.replace('-to-', ' → ').replace('-', ' ')}"
