"""The loaded decks kept on disk between launches, so that a launch whose deck files and
program are those of the last one reads them back instead of parsing and validating YAML.

Keyed by `trainer.sync_stamp` (every deck file's content and every file of the `trainer`
package), the Python version and the YAML library's files; one file per set of deck paths in
the platform cache directory, made when first written, never at import. A payload checksum
guards against a damaged file. A missing, stale, damaged or unreadable cache is ignored: the
decks are loaded from their files and the cache is written again (a failure to write is
ignored too: the cache only saves time). Decks are stored only when the files read while
loading are the ones the stamp was taken from.

The file is a `pickle` of the decks: it is read only from the user's own cache directory,
where it was written by this program."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import pickle
import stat
import sys
import tempfile
import types
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.deck.model import Deck

FORMAT = b"trainer-decks 1"
PROTOCOL = 5


def cache_dir() -> Path:
    """Where the cache lives (computed on call, made only when written)."""
    import platformdirs  # deferred: only a launch that reads or writes the cache needs it

    from trainer.paths import APP_NAME

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_file(paths: Sequence[str | Path], folder: Path | None = None) -> Path:
    """The cache file of this list of deck paths (as given, and where they resolve to)."""
    digest = hashlib.blake2b(digest_size=12)
    for path in paths:
        digest.update(f"{path}\0{Path(path).resolve()}\n".encode())
    return (folder or cache_dir()) / f"decks-{digest.hexdigest()}.pickle"


def cache_key(stamp: str) -> bytes:
    """The header a cache file must carry to be read: the deck files and the program
    (``stamp``), the Python version and the YAML library that parsed them."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(FORMAT + b"\0" + stamp.encode() + b"\0" + sys.version.encode())
    spec = importlib.util.find_spec("yaml")  # found, not imported (importing costs ~10 ms)
    for location in (spec.submodule_search_locations or []) if spec else []:
        for name in sorted(os.listdir(location)):
            info = os.stat(os.path.join(location, name))
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return FORMAT + b" " + digest.hexdigest().encode()


def load_decks_cached(
    paths: Sequence[str | Path],
    stamp: str | None,
    folder: Path | None = None,
    program: Path | None = None,
) -> list[Deck]:
    """`load_decks(paths)`, read from the cache when it holds these files' decks.
    ``stamp``: `sync_stamp(paths, program)` read before this call (None: no cache, only a
    load); ``folder``: the cache's folder (the platform's by default)."""
    if stamp is not None:
        file = cache_file(paths, folder)
        key = cache_key(stamp)
        decks = read(file, key, paths)
        if decks is not None:
            return decks
    from trainer.deck.loader import load_decks  # the YAML reader: about 20 ms to import

    decks = load_decks(paths)  # a DeckError leaves the cache as it was
    if stamp is None:
        return decks
    from trainer.sync_stamp import PACKAGE, decks_stamp

    # only if the bytes parsed are the ones the stamp describes (a file may have changed, even
    # and back again, between the stamp and the load)
    if decks_stamp(decks, program or PACKAGE) == stamp:
        write(file, key, decks)
    return decks


MAX_BYTES = 256 * 1024 * 1024  # no deck list's cache is near this: anything larger is not one


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read(file: Path, key: bytes, paths: Sequence[str | Path]) -> list[Deck] | None:
    """The decks in ``file`` if it carries ``key``, is whole, and holds a deck per path
    (loaded from that same path); None otherwise."""
    try:  # a regular file of a sane size only: a FIFO would block, a device never end
        with open(file, "rb", opener=_nonblocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    checksum, _, payload = rest.partition(b"\n")
    if header != key or checksum != _checksum(payload):
        return None
    try:
        decks = pickle.loads(payload)
    except Exception:  # a damaged file that passed the checksum: rebuilt like any other
        return None
    from trainer.deck.model import Deck

    if not isinstance(decks, list) or len(decks) != len(paths):
        return None
    for deck, path in zip(decks, paths, strict=True):
        if not isinstance(deck, Deck) or deck.path != Path(path):
            return None
    return decks


def write(file: Path, key: bytes, decks: list[Deck]) -> None:
    """Store ``decks`` under ``key``, whole or not at all (a temporary file renamed)."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=PROTOCOL).dump(decks)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # a deck part pickle cannot store: no cache (its tests say so), no failure
    payload = buffer.getvalue()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(key + b"\n" + _checksum(payload) + b"\n" + payload)
            os.replace(temporary, file)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return  # a read-only or full disk: the next launch loads the files again


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).hexdigest().encode()


# -- what plain pickling cannot do ----------------------------------------------------------
# A deck row refuses attribute assignment (pickle's way to restore slots), and a read-only
# mapping (`types.MappingProxyType`) has no pickle support; both are rebuilt by these.


def _row(state: tuple[object, ...]) -> object:
    from trainer.deck.model import Row

    row = Row.__new__(Row)
    for name, value in zip(Row.__slots__, state, strict=True):
        object.__setattr__(row, name, value)
    return row


def _proxy(mapping: dict) -> types.MappingProxyType:
    return types.MappingProxyType(mapping)


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, protocol: int) -> None:
        from trainer.deck.model import Row

        super().__init__(file, protocol=protocol)
        self._row_type = Row

    def reducer_override(self, obj: object) -> object:
        kind = type(obj)
        if kind is self._row_type:
            return _row, (tuple(getattr(obj, name) for name in kind.__slots__),)
        if kind is types.MappingProxyType:
            return _proxy, (dict(obj),)  # type: ignore[call-overload]
        return NotImplemented
