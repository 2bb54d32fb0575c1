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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.deck.model import Deck

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


def sync_stamp(
    deck_paths: Sequence[str | Path], root: Path = PACKAGE, code: str | None = None
) -> str | None:
    """The stamp of a sync of the decks in ``deck_paths``, read before the decks are loaded:
    a file changed between the two leaves a stamp of the older content in the store, so the
    next launch, reading the newer one, syncs again (the other order could skip a sync).
    None when a path is not a readable regular file (the loader then says what is wrong).
    ``code``: `code_stamp(root)` if already read."""
    digests = []
    for path in deck_paths:
        try:  # only regular files: the loader reports anything else (and a FIFO must not block)
            if not stat.S_ISREG(os.stat(path).st_mode):
                return None
            digests.append(content_digest(Path(path).read_bytes()))
        except OSError:
            return None
    return stamp_of(code or code_stamp(root), digests)


def content_digest(content: bytes) -> str:
    """A deck file's part of the stamp: the digest of its bytes."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def stamp_of(code: str, digests: Sequence[str]) -> str:
    """The stamp of the program's ``code`` stamp and the deck files' ``digests``, in order."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code.encode())
    for part in digests:
        digest.update(f"\0{part}".encode())
    return digest.hexdigest()


def decks_stamp(decks: Sequence[Deck], root: Path = PACKAGE, code: str | None = None) -> str | None:
    """The stamp of what ``decks`` were parsed from (None if one was not read from a file):
    equal to a `sync_stamp` read before loading them only if the files did not change in
    between, even and back again. ``code``: `code_stamp(root)` if already read."""
    if any(not deck.content_digest for deck in decks):
        return None
    return stamp_of(code or code_stamp(root), [deck.content_digest for deck in decks])
