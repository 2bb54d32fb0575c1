"""Database URLs as the trainer shows and classifies them.

A URL may carry a password (``postgresql+psycopg://user:secret@host/db``): every message that
names a database uses `shown`, which masks it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from trainer.errors import StoreError

_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][\w+.-]*://)(?P<user>[^:/@]*):(?P<pw>[^@/]*)@")


def parse(url: str) -> URL | None:
    try:
        return make_url(url)
    except (ArgumentError, ValueError, TypeError):
        return None


def shown(url: str) -> str:
    """``url`` with any password replaced by ``***``, even when the URL does not parse."""
    parsed = parse(url)
    if parsed is not None and parsed.password is not None:
        return parsed.render_as_string(hide_password=True)
    return _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url)


def scrub(message: str, url: str) -> str:
    """``message`` with the URL's password (if any) masked wherever a driver repeated it."""
    parsed = parse(url)
    if parsed is not None and parsed.password:
        message = message.replace(str(parsed.password), "***")
    return message


def is_memory(url: str) -> bool:
    """True for a SQLite database that lives only as long as the process."""
    parsed = parse(url)
    if parsed is None or parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    return database in ("", ":memory:") or "mode=memory" in database or database == "file::memory:"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL naming a plain path (not memory, not a ``file:`` URI)."""
    parsed = parse(url)
    if parsed is None or parsed.get_backend_name() != "sqlite" or is_memory(url):
        return None
    database = parsed.database or ""
    if database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(database).expanduser()


def check_kept(url: str, *, records: bool) -> None:
    """Refuse an in-memory store for a command that records answers; note it for the others."""
    if not is_memory(url):
        return
    if records:
        raise StoreError(
            "an in-memory database keeps nothing once the command ends, so every answer "
            "would be lost; give a file instead, e.g. --db sqlite:///progress.sqlite3"
        )
    print("trainer: note: an in-memory database starts empty and keeps nothing", file=sys.stderr)
