"""Where things live. Computed on call, never at import; directories made only when written."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trainer"
DB_ENV = "TRAINER_DB"


def data_dir() -> Path:
    import platformdirs  # deferred: only commands that open the default store need it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    """The store URL: ``TRAINER_DB`` if set, else a SQLite file in the user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return f"sqlite:///{data_dir() / 'progress.sqlite3'}"


def bundled_decks_dir() -> Path:
    """The decks that ship with the trainer: inside the wheel, or the checkout's ``decks/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "bundled_decks"
    if packaged.is_dir():
        return packaged
    return here.parent / "decks"


def bundled_deck_paths() -> list[Path]:
    return sorted(bundled_decks_dir().glob("*.yaml"))
