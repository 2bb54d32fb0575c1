"""Each card keeps its place in the shuffled order of new cards (`trainer.store.shuffle`), and
an index serves a deck's live new cards in that order, so that building today's queue reads
only the first new cards instead of sorting every one.

Revision ID: 0010
Revises: 0009
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SEED = 1  # `trainer.store.shuffle.STORED_SEED`, written out: a revision never changes


def _key(card_key: str) -> int:
    digest = hashlib.blake2b(f"{SEED}|{card_key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") - 2**63


def upgrade() -> None:
    op.add_column("cards", sa.Column("new_order_key", sa.BigInteger, nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, card_key FROM cards")).all()
    update = sa.text("UPDATE cards SET new_order_key = :key WHERE id = :id")
    for start in range(0, len(rows), 5_000):
        batch = rows[start : start + 5_000]
        connection.execute(update, [{"id": i, "key": _key(key)} for i, key in batch])
    op.create_index(
        "ix_cards_new_order",
        "cards",
        ["student_id", "state", "retired_at", "suspended", "deck_id", "new_order_key"],
    )


def downgrade() -> None:
    op.drop_index("ix_cards_new_order", table_name="cards")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("new_order_key")
