"""A card's lease commits without waiting for the disk and without checkpointing the WAL; the
connection it used is handed back with the store's own settings, and the lease is written."""

from __future__ import annotations

import sqlite3

from trainer.session import Trainer
from trainer.store import leases


def _pragmas(store) -> list[tuple[int, int]]:
    """(synchronous, wal_autocheckpoint) of every connection the pool holds."""
    found = []
    for _ in range(3):  # the pool's connections in turn
        with store.engine.connect() as connection:
            raw = connection.connection.driver_connection
            found.append(
                (
                    raw.execute("PRAGMA synchronous").fetchone()[0],
                    raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0],
                )
            )
    return found


def test_a_lease_is_written_and_the_connection_keeps_its_settings(store, decks, clock, db_url):
    card = Trainer(decks, store, clock).store.cards()[0]
    before = _pragmas(store)
    assert before[0] == (2, 1000)  # FULL, SQLite's default checkpoint
    assert leases.take(store, card.id, clock.now())
    assert _pragmas(store) == before
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as other:  # another process sees the lease
        assert other.execute("SELECT card_id FROM card_leases").fetchall() == [(card.id,)]


def test_a_failed_lease_write_leaves_nothing_and_the_settings_as_they_were(store, clock):
    before = _pragmas(store)
    try:
        with store.session(durable=False) as session:
            session.execute(leases.delete(leases.CardLeaseRow))
            raise RuntimeError("interrupted")
    except RuntimeError:
        pass
    assert _pragmas(store) == before
