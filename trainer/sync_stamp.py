"""What a card sync reads, in one short stamp: the sync may be skipped when the stamp it left
in the store is the one the decks at hand give.

The cards of a set of decks follow from the decks' files and the code that reads them and
judges which rows make cards (the deck reader, the generator, the fact registry): the stamp
covers the content of every deck file, in order, and the name, size and modification time of
every file of the `trainer` package (a changed or upgraded program syncs again). Decks given
without a stamp (built in memory, or by a caller that did not read their files first) are
always synced.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def code_stamp(root: Path = PACKAGE) -> str:
    """Name, size and modification time of every file under ``root`` (compiled caches
    aside): any edit, install or upgrade of the program changes it."""
    digest = hashlib.blake2b(digest_size=16)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)  # a dangling link (an editor's lock file) is a name too
            except OSError:  # gone between the listing and now: no part of the program
                continue
            relative = os.path.relpath(path, root)
            digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def sync_stamp(deck_paths: Sequence[str | Path], root: Path = PACKAGE) -> str | None:
    """The stamp of a sync of the decks in ``deck_paths``, read before the decks are loaded:
    a file changed between the two leaves a stamp of the older content in the store, so the
    next launch, reading the newer one, syncs again (the other order could skip a sync).
    None when a path is not a readable regular file (the loader then says what is wrong)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_stamp(root).encode())
    for path in deck_paths:
        try:  # only regular files: the loader reports anything else (and a FIFO must not block)
            if not stat.S_ISREG(os.stat(path).st_mode):
                return None
            content = Path(path).read_bytes()
        except OSError:
            return None
        digest.update(f"\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()
