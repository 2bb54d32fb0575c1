"""Take back the failed reviews that earlier exam blocks wrote for unanswered questions.

Before this revision a submitted block recorded every question, answered or not, and rated an
unanswered one Again: cards the student never saw were introduced as failed. A student did
nothing with those questions, so they are undone exactly as `undo` would undo them: for each
card, the run of such reviews at the end of its history is deleted and the card gets back its
state from before the first of them. One that a later real answer builds on is left in place
(the card's later states were computed from it); it no longer counts as a wrong answer.

Revision ID: 0005
Revises: 0004
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BLANK_EXAM = "mode = 'exam' AND chosen IS NULL"


def _naive_utc(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def _state(text: str) -> dict[str, object]:
    data = json.loads(text or "{}")
    return {
        "state": int(data.get("state", 0)),
        "step": data.get("step"),
        "stability": data.get("stability"),
        "difficulty": data.get("difficulty"),
        "due": _naive_utc(data.get("due")),
        "last_review": _naive_utc(data.get("last_review")),
        "reps": int(data.get("reps", 0)),
        "lapses": int(data.get("lapses", 0)),
        "leech": bool(data.get("leech", False)),
    }


def upgrade() -> None:
    bind = op.get_bind()
    cards = bind.execute(sa.text(f"SELECT DISTINCT card_id FROM reviews WHERE {BLANK_EXAM}"))
    for (card_id,) in cards.all():
        history = bind.execute(
            sa.text(
                "SELECT id, mode, chosen, state_before FROM reviews WHERE card_id = :card "
                "ORDER BY reviewed_at DESC, id DESC"
            ),
            {"card": card_id},
        ).all()
        trailing = []
        for row in history:
            if row.mode != "exam" or row.chosen is not None:
                break
            trailing.append(row)
        if not trailing:
            continue
        state = _state(trailing[-1].state_before)  # the earliest of the run
        bind.execute(
            sa.text(
                "UPDATE cards SET state = :state, step = :step, stability = :stability, "
                "difficulty = :difficulty, due = :due, last_review = :last_review, "
                "reps = :reps, lapses = :lapses, leech = :leech WHERE id = :card"
            ),
            {**state, "card": card_id},
        )
        for row in trailing:
            bind.execute(sa.text("DELETE FROM reviews WHERE id = :id"), {"id": row.id})


def downgrade() -> None:
    pass  # the undone reviews recorded nothing the student did; there is nothing to restore
