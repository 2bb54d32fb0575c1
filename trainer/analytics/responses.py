"""The class's answers as item analysis sees them: each student's first answer to each card.

A card is one item (the same ``card_key`` for every student); its first answer is the cold
attempt, before spaced practice has taught it, which is what classical item statistics
describe. Reads every student's rows: this is the instructor's view, not one profile's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from trainer.store.db import Store
from trainer.store.models import CardRow, ReviewRow, StudentRow


@dataclass(frozen=True)
class Response:
    student: str
    card_key: str
    deck_id: str
    template_id: str | None
    correct: bool
    chosen_text: str | None
    key_text: str
    shown: tuple[str, ...] | None  # the options as shown; None for answers stored before 0003
    response_ms: int


def first_answers(store: Store) -> list[Response]:
    """Every student's first answer to every card, oldest first."""
    first = select(func.min(ReviewRow.id).label("id")).group_by(ReviewRow.card_id).subquery("first")
    query = (
        select(
            StudentRow.name,
            CardRow.card_key,
            CardRow.deck_id,
            CardRow.template_id,
            ReviewRow.correct,
            ReviewRow.chosen_text,
            ReviewRow.key_text,
            ReviewRow.shown,
            ReviewRow.response_ms,
        )
        .join(first, first.c.id == ReviewRow.id)
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .join(StudentRow, StudentRow.id == ReviewRow.student_id)
        .order_by(ReviewRow.id)
    )
    with store.session() as session:
        return [
            Response(
                student=name,
                card_key=key,
                deck_id=deck,
                template_id=template,
                correct=bool(correct),
                chosen_text=chosen,
                key_text=key_text,
                shown=tuple(json.loads(shown)) if shown else None,
                response_ms=int(ms),
            )
            for name, key, deck, template, correct, chosen, key_text, shown, ms in session.execute(
                query
            )
        ]
