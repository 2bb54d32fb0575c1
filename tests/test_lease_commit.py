"""A card's lease commits without waiting for the disk and without checkpointing the WAL; the
connection it used is handed back with the store's own settings, and the lease is written."""

from __future__ import annotations

import sqlite3

from tests.conftest import run_cli
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


def test_the_plain_drill_gives_back_the_card_on_screen_when_it_stops(db_url):
    """q, end of input and --max each end `trainer drill` with no lease left: the next start
    shows the same first card instead of skipping it for ten minutes."""
    path = db_url.removeprefix("sqlite:///")
    firsts = []
    for stdin in ("q\n", "", "q\n"):
        result = run_cli("--db", db_url, "drill", stdin=stdin)
        assert result.returncode == 0, result.stderr
        firsts.append(next(line for line in result.stdout.splitlines() if line.strip()))
        with sqlite3.connect(path) as other:
            assert other.execute("SELECT count(*) FROM card_leases").fetchone() == (0,)
    assert firsts[0] == firsts[1] == firsts[2]
    result = run_cli("--db", db_url, "drill", "--max", "1", stdin="1\n")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as other:
        assert other.execute("SELECT count(*) FROM card_leases").fetchone() == (0,)
