"""Short leases on cards, so two processes drilling one store never show the same card at once.

A drill takes a lease on the card it is about to show (`take`); another process asking for the
same card while the lease runs is told no and shows something else. Each store (each process's
connection) holds at most one lease: taking the next one releases the last. A lease ends after
`LEASE_SECONDS` even if its process died, so a crash never hides a card for long. The lease is
only about what is *shown*: what is *written* is guarded by the compare-and-set in
`trainer.store.db.add_reviews`, which holds even if a lease ran out.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from trainer.store.db import Store
from trainer.store.models import CardLeaseRow, StudentRow

LEASE_SECONDS = 600


def holder(store: Store) -> str:
    """This process's name for this store."""
    return f"{os.getpid()}:{id(store):x}"


def take(store: Store, card_id: int, now: datetime) -> bool:
    """Lease ``card_id`` for this store; False if another process holds a live lease on it."""
    me = holder(store)
    # not durable: a lease that a power cut loses only lets another window show the card
    with store.session(durable=False) as session:
        # two windows of one student asking at once: the second waits for the first (a row
        # lock on PostgreSQL, where both would otherwise insert; SQLite serialises writers)
        session.execute(
            select(StudentRow.id).where(StudentRow.id == store.student_id).with_for_update()
        )
        row = session.execute(
            select(CardLeaseRow.holder, CardLeaseRow.expires_at).where(
                CardLeaseRow.card_id == card_id
            )
        ).first()
        if row is not None and row.holder != me and row.expires_at > now:
            return False
        session.execute(
            delete(CardLeaseRow).where(
                (CardLeaseRow.holder == me) | (CardLeaseRow.card_id == card_id)
            )
        )
        session.add(
            CardLeaseRow(
                card_id=card_id, holder=me, expires_at=now + timedelta(seconds=LEASE_SECONDS)
            )
        )
    return True


def release(store: Store) -> None:
    """Give back this store's lease (the drill ended)."""
    with store.session() as session:
        session.execute(delete(CardLeaseRow).where(CardLeaseRow.holder == holder(store)))
