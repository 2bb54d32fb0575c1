"""Student profiles: cards, reviews, settings and exam blocks belong to one student; reviews
record the options as shown.

An existing single-student database keeps everything: its rows go to a profile named
``default``. SQLite cannot change a table's unique or primary key in place, so there the four
tables are rebuilt (renamed aside, created anew, copied, dropped); PostgreSQL alters them.

Revision ID: 0003
Revises: 0002
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DEFAULT_STUDENT = "default"
OWNED = ("cards", "reviews", "settings", "exam_blocks")


def _cards_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id"), nullable=False),
        sa.Column("card_key", sa.String(400), nullable=False),
        sa.Column("deck_id", sa.String(100), nullable=False, index=True),
        sa.Column("template_id", sa.String(100)),
        sa.Column("row_key", sa.String(200)),
        sa.Column("sibling", sa.String(400), nullable=False, index=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("state", sa.Integer, nullable=False, server_default="1"),
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", sa.DateTime, index=True),
        sa.Column("last_review", sa.DateTime),
        sa.Column("reps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime),
        sa.Column("leech", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("student_id", "card_key", name="uq_cards_student_key"),
    ]


def _reviews_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False, index=True),
        sa.Column(
            "student_id", sa.Integer, sa.ForeignKey("students.id"), nullable=False, index=True
        ),
        sa.Column("reviewed_at", sa.DateTime, nullable=False, index=True),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("options", sa.Integer, nullable=False),
        sa.Column("chosen", sa.Integer),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("response_ms", sa.Integer, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("key_text", sa.Text, nullable=False),
        sa.Column("chosen_text", sa.Text),
        sa.Column("state_before", sa.Text, nullable=False),
        sa.Column("state_after", sa.Text, nullable=False),
        sa.Column("mode", sa.String(10), nullable=False, server_default="drill"),
        sa.Column("shown", sa.Text),
    ]


def _settings_columns() -> list[sa.Column]:
    return [
        sa.Column("student_id", sa.Integer, sa.ForeignKey("students.id"), primary_key=True),
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    ]


def _exam_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "student_id", sa.Integer, sa.ForeignKey("students.id"), nullable=False, index=True
        ),
        sa.Column("preset", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("max_score", sa.Float, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    ]


COLUMNS = {
    "cards": _cards_columns,
    "reviews": _reviews_columns,
    "settings": _settings_columns,
    "exam_blocks": _exam_columns,
}
OLD_INDEXES = {
    "cards": ("ix_cards_deck_id", "ix_cards_sibling", "ix_cards_due"),
    "reviews": ("ix_reviews_card_id", "ix_reviews_reviewed_at"),
}


def _default_student(bind: sa.Connection) -> int | None:
    """The profile that receives the rows already stored, made only if there are any."""
    if not any(bind.execute(sa.text(f"SELECT 1 FROM {name} LIMIT 1")).first() for name in OWNED):
        return None
    bind.execute(
        sa.text("INSERT INTO students (name, created_at) VALUES (:name, :now)"),
        {"name": DEFAULT_STUDENT, "now": datetime.now(UTC).replace(tzinfo=None)},
    )
    return bind.execute(
        sa.text("SELECT id FROM students WHERE name = :name"), {"name": DEFAULT_STUDENT}
    ).scalar_one()


def upgrade() -> None:
    op.create_table(
        "students",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(60), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    bind = op.get_bind()
    student = _default_student(bind)
    if bind.dialect.name == "sqlite":
        _rebuild_sqlite(bind, student)
    else:
        _alter(bind, student)
    op.create_index("ix_cards_student_due", "cards", ["student_id", "due"])


def _rebuild_sqlite(bind: sa.Connection, student: int | None) -> None:
    # Rename reviews before cards, so that renaming cards points the old reviews' foreign key
    # at the old cards; the new tables then reference only each other.
    for name in ("reviews", "cards", "settings", "exam_blocks"):
        for index in OLD_INDEXES.get(name, ()):
            op.drop_index(index, table_name=name)
        op.rename_table(name, f"old_{name}")
    for name in ("cards", "reviews", "settings", "exam_blocks"):
        op.create_table(name, *COLUMNS[name]())
    for name in ("cards", "settings", "exam_blocks"):
        old = [c.name for c in COLUMNS[name]() if isinstance(c, sa.Column)]
        kept = [c for c in old if c != "student_id"]
        bind.execute(
            sa.text(
                f"INSERT INTO {name} (student_id, {', '.join(kept)}) "
                f"SELECT :student, {', '.join(kept)} FROM old_{name}"
            ),
            {"student": student},
        )
    kept = [c.name for c in _reviews_columns() if c.name not in ("student_id", "shown")]
    bind.execute(
        sa.text(
            f"INSERT INTO reviews (student_id, {', '.join(kept)}) "
            f"SELECT :student, {', '.join(kept)} FROM old_reviews"
        ),
        {"student": student},
    )
    for name in ("reviews", "cards", "settings", "exam_blocks"):
        op.drop_table(f"old_{name}")


def _alter(bind: sa.Connection, student: int | None) -> None:
    for name in OWNED:
        op.add_column(name, sa.Column("student_id", sa.Integer, nullable=True))
        if student is not None:
            bind.execute(sa.text(f"UPDATE {name} SET student_id = :s"), {"s": student})
        op.alter_column(name, "student_id", nullable=False)
        op.create_foreign_key(f"fk_{name}_student_id", name, "students", ["student_id"], ["id"])
    op.add_column("reviews", sa.Column("shown", sa.Text, nullable=True))
    op.drop_constraint("cards_card_key_key", "cards", type_="unique")
    op.create_unique_constraint("uq_cards_student_key", "cards", ["student_id", "card_key"])
    op.drop_constraint("settings_pkey", "settings", type_="primary")
    op.create_primary_key("settings_pkey", "settings", ["student_id", "name"])
    op.create_index("ix_reviews_student_id", "reviews", ["student_id"])
    op.create_index("ix_exam_blocks_student_id", "exam_blocks", ["student_id"])


def downgrade() -> None:
    raise NotImplementedError("profiles cannot be merged back into one student's database")
