"""Cards and reviews.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_key", sa.String(400), nullable=False, unique=True),
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
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("card_id", sa.Integer, sa.ForeignKey("cards.id"), nullable=False, index=True),
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
    )


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("cards")
