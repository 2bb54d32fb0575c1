"""Exam sittings: a block's questions, answers, flags and clock, written as they happen.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_sittings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "student_id", sa.Integer, sa.ForeignKey("students.id"), nullable=False, index=True
        ),
        sa.Column("preset", sa.Text, nullable=False),
        sa.Column("pool", sa.String(20), nullable=False),
        sa.Column("deck_ids", sa.Text, nullable=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("current", sa.Integer, nullable=False),
        sa.Column("section", sa.Integer, nullable=False),
        sa.Column("used", sa.Text, nullable=False),
        sa.Column("warned", sa.Text, nullable=False),
        sa.Column("exam_id", sa.Integer, sa.ForeignKey("exam_blocks.id"), nullable=True),
    )
    op.create_table(
        "exam_slots",
        sa.Column("sitting_id", sa.Integer, sa.ForeignKey("exam_sittings.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("options", sa.Integer, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("chosen", sa.Integer, nullable=True),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("seen", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("seconds", sa.Float, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("exam_slots")
    op.drop_table("exam_sittings")
