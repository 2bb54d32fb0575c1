"""Settings, exam blocks, leech and flag marks, and the review mode.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN with a constant default: no table rebuild, so existing rows and the
    # reviews' foreign keys stay as they are
    op.add_column(
        "cards", sa.Column("leech", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "cards", sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column(
        "reviews", sa.Column("mode", sa.String(10), nullable=False, server_default="drill")
    )
    op.create_table(
        "settings",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "exam_blocks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("preset", sa.String(40), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("max_score", sa.Float, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("exam_blocks")
    op.drop_table("settings")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("mode")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("flagged")
        batch.drop_column("leech")
