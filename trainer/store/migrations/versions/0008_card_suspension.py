"""Suspended cards: the student sets a card aside; its schedule is kept, untouched.

Revision ID: 0008
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN with a constant default: no table rebuild, existing rows stay as they are
    op.add_column(
        "cards", sa.Column("suspended", sa.Boolean, nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("suspended")
