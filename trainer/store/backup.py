"""Backups of a SQLite store, taken with SQLite's online backup API (never a file copy).

A backup is a complete, consistent database written beside the store, in ``backups/``, named
``<store>-<UTC time>-<reason>.sqlite3``: ``daily`` (the first open of each UTC day),
``migration`` (before the schema is upgraded), ``manual`` (`trainer backup`) and ``restore``
(the store as it was, before `trainer restore` replaced it). The newest `KEEP` of each store
are kept. Backups are only taken of a file that passed the opening checks, so a damaged store
never pushes a good backup out.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from trainer.errors import StoreError
from trainer.store import integrity

KEEP = 10
_STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str

    @property
    def reviews(self) -> int | None:
        return count_reviews(self.path)


def folder(store: Path) -> Path:
    return store.parent / "backups"


def backups(store: Path) -> list[Backup]:
    """This store's backups, oldest first."""
    found = []
    prefix = store.stem + "-"
    directory = folder(store)
    if not directory.is_dir():
        return []
    for path in directory.glob(f"{store.stem}-*.sqlite3"):
        stamp, _, reason = path.stem[len(prefix) :].partition("-")
        try:
            taken = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken, reason))
    return sorted(found, key=lambda b: b.taken)


ATTEMPTS = 3  # another process opening the store at the same moment can fail a copy once


def copy_database(source: Path, target: Path) -> None:
    """Copy a live database with the online backup API into a new file, atomically. A copy
    that fails on the database's state at that moment (another process opening or writing
    the store: "locked", "read-only") is tried again from the start."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _copy_once(source, target)
            return
        except sqlite3.OperationalError as exc:
            if attempt == ATTEMPTS:
                raise StoreError(f"cannot back up {source} to {target}: {exc}") from None
            time.sleep(0.2 * attempt)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot back up {source} to {target}: {exc}") from None


def _copy_once(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(str(source), timeout=integrity.BUSY_TIMEOUT_S)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        for side in ("-wal", "-shm", "-journal"):
            partial.with_name(partial.name + side).unlink(missing_ok=True)
        raise


def take(store: Path, reason: str, now: datetime | None = None) -> Path:
    """Back up ``store`` now; prune its oldest backups beyond `KEEP`."""
    now = now or datetime.now(UTC)
    directory = folder(store)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the backup folder {directory}: {exc.strerror}") from None
    target = directory / f"{store.stem}-{now.strftime(_STAMP)}-{reason}.sqlite3"
    copy_database(store, target)
    for old in backups(store)[:-KEEP]:
        old.path.unlink(missing_ok=True)
    return target


def on_open(store: Path, migrating: bool, now: datetime | None = None) -> Path | None:
    """The automatic backups: before a migration, and on the first open of a UTC day."""
    now = now or datetime.now(UTC)
    if migrating:
        return take(store, "migration", now)
    latest = backups(store)
    if latest and latest[-1].taken.date() == now.date():
        return None
    return take(store, "daily", now)


def count_reviews(path: Path) -> int | None:
    """Reviews in a database file, None if it cannot be read."""
    try:
        connection = integrity.read_only(path)
    except sqlite3.Error:
        return None
    try:  # the table itself first: a damaged index must not hide the count
        for query in ("SELECT count(*) FROM reviews NOT INDEXED", "SELECT count(*) FROM reviews"):
            try:
                return int(connection.execute(query).fetchone()[0])
            except sqlite3.Error:
                continue
        return None
    finally:
        connection.close()
