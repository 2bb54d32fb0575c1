"""Each card keeps its last review's time also as whole microseconds since the Unix epoch
(UTC), so that the drill's ranking can compute elapsed time in SQL, exactly as Python does, on
SQLite and PostgreSQL alike.

Revision ID: 0009
Revises: 0008
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

EPOCH = datetime(1970, 1, 1)


def _microseconds(value: object) -> int:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:  # the store writes naive UTC; be safe with any other
        moment = moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta(0))
    return (moment - EPOCH) // timedelta(microseconds=1)


def upgrade() -> None:
    op.add_column("cards", sa.Column("last_review_us", sa.BigInteger, nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, last_review FROM cards WHERE last_review IS NOT NULL")
    ).all()
    update = sa.text("UPDATE cards SET last_review_us = :us WHERE id = :id")
    for start in range(0, len(rows), 5_000):
        batch = rows[start : start + 5_000]
        connection.execute(update, [{"id": i, "us": _microseconds(at)} for i, at in batch])


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("last_review_us")
