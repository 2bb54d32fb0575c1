"""Checks a SQLite store passes before the trainer writes a single byte to it.

`preflight` opens the file **read-only** (SQLite's ``mode=ro``: no write is possible, not even
a journal-mode change) and refuses, with the file left exactly as it was:

* a path that is not a regular file, or whose name the system rejects;
* a file that is not a SQLite database;
* a database that fails ``PRAGMA quick_check`` (a damaged page, a broken index);
* a database holding tables the trainer did not write, or written by a newer trainer.

Only then does `enable_wal` switch the file to write-ahead logging (which persists in the
file), and only then does the store migrate or write. ``quick_check`` reads every page once but
skips the costly index-to-table cross-checks of ``integrity_check``; its cost on start is
measured by ``benchmarks/store_open.py`` (see docs/benchmarks.md).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Collection, Sequence
from pathlib import Path
from urllib.parse import quote

from trainer.errors import StoreError

BUSY_TIMEOUT_S = 10.0
UNTOUCHED = "The file was not changed."


class CorruptStore(StoreError):
    """The database file is damaged: refused untouched; a backup can restore it."""


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (and cannot create it)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def not_damage(exc: sqlite3.Error, path: Path) -> str | None:
    """What an error that says nothing about the file's contents means, in words: the store is
    held by another program, or SQLite may not create its working files beside it (a folder
    that is read-only); None for any other error."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (
            f"{path} is in use by another program ({text}): close it, then try again. "
            "Nothing is damaged."
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        folder = path.resolve().parent
        if not os.access(folder, os.W_OK) or not os.access(path, os.R_OK):
            why = (
                f"the folder {folder} is read-only"
                if not os.access(folder, os.W_OK)
                else (f"{path} cannot be read by this user")
            )
        else:
            why = f"{text}"
        return (
            f"cannot open {path}: {why}; SQLite needs to write its working files "
            f"({path.name}-wal, {path.name}-shm) beside the store. Nothing is damaged."
        )
    return None


def quick_check(connection: sqlite3.Connection, limit: int = 5) -> list[str]:
    """The problems ``PRAGMA quick_check`` finds (empty when the file is sound)."""
    rows = [str(row[0]) for row in connection.execute(f"PRAGMA quick_check({int(limit)})")]
    return [] if rows == ["ok"] else rows


def file_status(path: Path) -> os.stat_result | None:
    """The file's status, None if it does not exist yet; any other problem is a `StoreError`."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot open the progress database {path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a directory, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path} is not a regular file (a device, pipe or socket). {UNTOUCHED}")
    return info


def preflight(path: Path, known_revisions: set[str]) -> str | None:
    """Refuse ``path`` untouched unless it is absent, empty, or a sound trainer database;
    the schema revision it is at (None for a new file)."""
    info = file_status(path)
    if info is None or info.st_size == 0:
        return None
    # Never open the file other than through SQLite: closing any other descriptor on it
    # drops every POSIX lock this process's SQLite connections hold on it (a documented
    # way to corrupt a database that another process is writing).
    try:
        connection = read_only(path)
    except sqlite3.Error as exc:
        plain = not_damage(exc, path)
        raise StoreError(plain or f"cannot open the progress database {path}: {exc}") from None
    try:
        problems = quick_check(connection)
        if problems:
            raise CorruptStore(
                f"{path} is damaged: SQLite's quick_check reports "
                f"{'; '.join(problems[:3])}. {UNTOUCHED} "
                "Restore a backup with `trainer restore FILE` (`trainer backup --list` shows them)."
            )
        tables = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        if tables and "alembic_version" not in tables:
            raise StoreError(
                f"{path} holds tables the trainer did not write ({', '.join(sorted(tables))}); "
                f"refusing to change it. {UNTOUCHED}"
            )
        if "alembic_version" in tables:
            versions = [
                str(version)
                for (version,) in connection.execute("SELECT version_num FROM alembic_version")
            ]
            refusal = schema_refusal(versions, known_revisions, tables, str(path))
            if refusal is not None:
                raise StoreError(f"{refusal}. {UNTOUCHED}")
            return versions[0] if versions else None
        return None
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise StoreError(f"{path} is not a database (not a SQLite file). {UNTOUCHED}") from None
        plain = not_damage(exc, path)
        if plain is not None:
            raise StoreError(f"{plain} {UNTOUCHED}") from None
        raise CorruptStore(f"{path} is damaged: {exc}. {UNTOUCHED}") from None
    finally:
        connection.close()


def schema_refusal(
    versions: Sequence[str], known: Collection[str], tables: Collection[str], where: str
) -> str | None:
    """Why a store whose ``alembic_version`` table holds ``versions`` (beside ``tables``)
    is not opened, or None: it names one schema revision of this program's, or none at all
    in an otherwise empty store."""
    if len(versions) > 1:
        shown = ", ".join(repr(v) for v in sorted(versions))
        return f"{where} records {len(versions)} schema versions ({shown}), not one; refusing to change it"
    if not versions:
        others = sorted(set(tables) - {"alembic_version"})
        if others:
            return (
                f"{where} records no schema version beside its tables ({', '.join(others)}): "
                "it was not written by the trainer, or it was damaged; refusing to change it"
            )
        return None
    version = versions[0]
    if version in known:
        return None
    numbered = sorted(k for k in known if k.isdigit())
    if (
        version.isdigit()
        and numbered
        and len(version) == len(numbered[-1])
        and version > numbered[-1]
    ):
        return (
            f"{where} was written by a newer version of trainer (schema {version!r}); "
            "upgrade trainer to open it"
        )
    return (
        f"{where} records schema {version!r}, which no version of the trainer wrote (this one "
        "knows revisions up to "
        f"{numbered[-1] if numbered else '?'}); refusing to change it"
    )


def enable_wal(path: Path) -> None:
    """Switch a checked (or new) database file to write-ahead logging, once."""
    try:
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the progress database {path}: {exc}") from None
