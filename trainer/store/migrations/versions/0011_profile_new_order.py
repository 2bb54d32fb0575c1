"""Every profile after a store's first meets new cards in a shuffled order of its own: a later
profile that still has the first one's order (no order seed of its own, or the default) gets
its seed from its name, and its cards are placed again for it (`trainer.store.shuffle`). Only
the order of cards not yet seen changes; nothing studied does.

Revision ID: 0011
Revises: 0010
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

DEFAULT_SEED = 1  # `trainer.store.shuffle.DEFAULT_SEED`, written out: a revision never changes


def _profile_seed(name: str) -> int:  # `trainer.store.shuffle.profile_seed`, as of this revision
    value = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")
    return DEFAULT_SEED + 1 + value % (2**31 - 2)


def _key(seed: int, card_key: str) -> int:  # `trainer.store.shuffle.order_key`
    digest = hashlib.blake2b(f"{seed}|{card_key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") - 2**63


def upgrade() -> None:
    connection = op.get_bind()
    students = connection.execute(sa.text("SELECT id, name FROM students ORDER BY id")).all()
    stored = dict(
        connection.execute(
            sa.text("SELECT student_id, value FROM settings WHERE name = 'order_seed'")
        ).all()
    )
    for student_id, name in students[1:]:
        raw = stored.get(student_id)
        try:
            seed = DEFAULT_SEED if raw is None else int(json.loads(raw))
        except (ValueError, TypeError):
            continue  # a setting `trainer check` lists: left as it is
        if seed != DEFAULT_SEED:
            continue  # a shuffle of its own already
        seed = _profile_seed(name)
        connection.execute(
            sa.text("DELETE FROM settings WHERE student_id = :s AND name = 'order_seed'"),
            {"s": student_id},
        )
        connection.execute(
            sa.text("INSERT INTO settings (student_id, name, value) VALUES (:s, 'order_seed', :v)"),
            {"s": student_id, "v": json.dumps(seed)},
        )
        rows = connection.execute(
            sa.text("SELECT id, card_key FROM cards WHERE student_id = :s"), {"s": student_id}
        ).all()
        update = sa.text("UPDATE cards SET new_order_key = :key WHERE id = :id")
        for start in range(0, len(rows), 5_000):
            batch = rows[start : start + 5_000]
            connection.execute(update, [{"id": i, "key": _key(seed, key)} for i, key in batch])


def downgrade() -> None:
    pass  # the orders stay as they are: any order is a valid shuffle
