from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.clock import FixedClock
from trainer.deck import load_decks
from trainer.paths import bundled_deck_paths
from trainer.store import open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch a developer's own data: HOME and XDG point into tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("TRAINER_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def decks():
    return load_decks(bundled_deck_paths())


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'progress.sqlite3'}"


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole run. Missing binaries fail the tests that need
    it (CI installs them): a skipped test is not a passed one."""
    from tests.pgserver import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres) -> str:
    """A fresh, empty database on the test server."""
    return postgres.url()


@pytest.fixture
def store(db_url: str):
    store = open_store(db_url)
    yield store
    store.close()


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
):
    """Run ``python -m trainer`` in a real subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=120,
    )


def fill_disk(store) -> None:
    """Make the store's database refuse to grow, as a full disk would."""
    from sqlalchemy import event

    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.commit()
    event.listen(
        store.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count = {pages}")
    )
    store.engine.dispose()


def upgrade_schema(connection, revision: str) -> None:
    """Run the store's Alembic migrations on ``connection`` up to ``revision`` (a store as an
    older version of the trainer left it)."""
    from alembic import command
    from alembic.config import Config

    from trainer.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
