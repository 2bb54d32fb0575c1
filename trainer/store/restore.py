"""`trainer restore FILE`: put a backup back in place of the store, saying what is lost.

The backup must pass the same checks as a store being opened. The store it replaces is not
deleted: it is moved into ``backups/`` (with its write-ahead log) as ``…-replaced``. The
reviews the store holds beyond the backup's are counted when the store can still be read.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from trainer.errors import StoreError
from trainer.humanize import agree, plural
from trainer.store import backup, integrity

_STAMP = "%Y%m%dT%H%M%S%fZ"


def _not_in_use(store: Path) -> None:
    try:
        db = sqlite3.connect(str(store), timeout=0.5, isolation_level=None)
        try:
            db.execute("BEGIN EXCLUSIVE")
            db.execute("ROLLBACK")
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(
                f"{store} is in use by another trainer; close it, then restore"
            ) from None
    except sqlite3.DatabaseError:
        pass  # damaged: nothing else can be using it to any purpose


def restore(store: Path, source: Path, known_revisions: set[str]) -> str:
    """Replace ``store`` by the backup ``source``; a sentence saying what was restored/lost."""
    if integrity.file_status(source) is None:
        raise StoreError(f"{source}: no such backup file")
    try:
        integrity.preflight(source, known_revisions)
    except StoreError as exc:
        raise StoreError(f"this backup cannot be restored: {exc}") from None  # it names the file
    kept = backup.count_reviews(source)
    if kept is None:
        raise StoreError(f"{source} is not a trainer store (it has no reviews table)")
    had: int | None = None
    moved: Path | None = None
    if integrity.file_status(store) is not None:
        _not_in_use(store)
        had = backup.count_reviews(store)
        folder = backup.folder(store)
        stamp = datetime.now(UTC).strftime(_STAMP)
        moved = folder / f"{store.stem}-{stamp}-replaced.sqlite3"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.replace(store, moved)
        except OSError as exc:
            raise StoreError(
                f"cannot move {store} aside to {moved} ({exc.strerror}); nothing was changed"
            ) from None
        for suffix in ("-wal", "-shm"):
            side = store.with_name(store.name + suffix)
            if side.exists():
                os.replace(side, moved.with_name(moved.name + suffix))
    backup.copy_database(source, store)
    integrity.enable_wal(store)
    message = f"restored {store} from {source}: {plural(kept, 'review')}"
    if moved is None:
        return message + "."
    if had is None:
        return (
            f"{message}. The replaced store could not be read to count its reviews; every "
            f"answer after the backup was taken is lost. It is kept as {moved}."
        )
    lost = max(0, had - kept)
    return (
        f"{message}. The replaced store had {had}: {plural(lost, 'review')} made "
        f"since the backup {agree(lost, 'is', 'are')} lost. It is kept as {moved}."
    )
