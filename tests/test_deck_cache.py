"""The decks kept on disk between launches (`trainer.deck.cache`): read back only for the same
files and program, giving exactly the decks the files give; anything else is loaded again."""

from __future__ import annotations

import ast
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bank_fingerprint import fingerprints, recorded
from trainer.deck import loader
from trainer.deck.cache import cache_file, load_decks_cached
from trainer.paths import bundled_deck_paths
from trainer.sync_stamp import sync_stamp

ROOT = Path(__file__).resolve().parents[1]


def deck_copies(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "decks"
    shutil.copytree(ROOT / "decks", folder)
    return sorted(folder.glob("*.yaml"))


def load(paths: list[Path], folder: Path):
    return load_decks_cached(paths, sync_stamp(paths), folder)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the decks were parsed from their files (a cache hit parses nothing)."""
    calls: list[int] = []
    real = loader.load_decks

    def counted(paths):
        calls.append(1)
        return real(paths)

    monkeypatch.setattr(loader, "load_decks", counted)
    return calls


def test_a_second_load_reads_the_same_decks_back_without_parsing(tmp_path, parses):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    parsed = load(paths, folder)
    assert cache_file(paths, folder).is_file() and len(parses) == 1
    cached = load(paths, folder)
    assert len(parses) == 1
    assert cached == parsed and cached is not parsed
    assert [d.path for d in cached] == paths
    for deck, same in zip(cached, parsed, strict=True):
        assert all(peer is other for peer, other in zip(deck.peers, cached, strict=True))
        for name, table in deck.tables.items():
            for row, again in zip(table.rows, same.tables[name].rows, strict=True):
                assert row == again and row.phrases == again.phrases and row.note == again.note


def test_cached_decks_give_exactly_the_recorded_cards_and_items(tmp_path, parses):
    paths = sorted((ROOT / "decks").glob("*.yaml"))
    folder = tmp_path / "cache"
    load(paths, folder)
    cached = load(paths, folder)
    assert len(parses) == 1
    assert fingerprints(cached) == recorded()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],  # one bit flipped
        lambda data: b"not a cache at all\n\n\x80\x05garbage",
        lambda data: data.replace(b"trainer-decks 1", b"trainer-decks 0", 1),  # another format
    ],
    ids=["empty", "truncated", "bit-flip", "garbage", "old-format"],
)
def test_a_damaged_cache_is_ignored_and_written_again(tmp_path, damage, parses):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    parsed = load(paths, folder)
    file = cache_file(paths, folder)
    good = file.read_bytes()
    file.write_bytes(damage(good))
    assert load(paths, folder) == parsed
    assert len(parses) == 2  # parsed again
    assert file.read_bytes() == good  # rebuilt whole
    load(paths, folder)
    assert len(parses) == 2


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_cache_that_is_not_a_regular_file_is_ignored_and_replaced(tmp_path, kind, parses):
    """A FIFO would block the launch for ever, a device never end: neither is read."""
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    parsed = load(paths, folder)
    file = cache_file(paths, folder)
    file.unlink()
    if kind == "fifo":
        os.mkfifo(file)
    else:
        file.symlink_to("/dev/zero")
    assert load(paths, folder) == parsed
    assert len(parses) == 2 and file.is_file() and not file.is_symlink()
    load(paths, folder)
    assert len(parses) == 2


def test_a_dangling_link_in_the_program_folder_is_part_of_its_stamp_not_a_crash(tmp_path):
    from trainer.sync_stamp import code_stamp

    program = tmp_path / "program"
    program.mkdir()
    (program / "cli.py").write_text("print()\n")
    before = code_stamp(program)
    (program / ".#cli.py").symlink_to("user@host.1234:1700000000")  # an editor's lock file
    assert code_stamp(program) != before


def test_a_changed_deck_file_is_parsed_again_and_the_cache_renewed(tmp_path, parses):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    before = load(paths, folder)
    path = paths[2]
    text = path.read_text(encoding="utf-8")
    info = path.stat()
    old = before[2].title
    # same size and modification time: only the content tells
    path.write_text(text.replace(f"title: {old}", f"title: {old[::-1]}", 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = load(paths, folder)
    assert after[2].title == old[::-1] and after[2] != before[2]
    assert after[:2] == before[:2]
    again = load(paths, folder)  # the renewed cache gives the edited deck
    assert again[2].title == old[::-1] and len(parses) == 2


def test_a_changed_program_is_not_served_the_old_cache(tmp_path, parses):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    program = tmp_path / "program"  # stands for the trainer package (`sync_stamp`'s root)
    (program / "deck").mkdir(parents=True)
    (program / "deck" / "loader.py").write_text("# one version\n")
    first = sync_stamp(paths, program)
    load_decks_cached(paths, first, folder, program)
    load_decks_cached(paths, first, folder, program)
    assert len(parses) == 1
    (program / "deck" / "loader.py").write_text("# another version\n")
    load_decks_cached(paths, sync_stamp(paths, program), folder, program)
    assert len(parses) == 2


def test_the_same_files_named_another_way_keep_the_path_they_were_given(
    tmp_path, monkeypatch, parses
):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    load(paths, folder)
    monkeypatch.chdir(tmp_path)
    relative = [Path("decks") / p.name for p in paths]
    decks = load(relative, folder)
    assert [d.path for d in decks] == relative and len(parses) == 2


def test_a_file_changed_while_loading_is_not_cached(tmp_path):
    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"
    stamp = sync_stamp(paths)
    path = paths[0]
    path.write_text(path.read_text(encoding="utf-8") + "# edited meanwhile\n", encoding="utf-8")
    load_decks_cached(paths, stamp, folder)
    assert not cache_file(paths, folder).exists()  # the stamp describes the older content


def test_a_file_changed_and_changed_back_during_the_load_is_not_cached(tmp_path, monkeypatch):
    """The stamp is read from content A; the load parses B (another save); the file is A
    again before the load ends. B's decks must not be kept under A's stamp: every later
    launch would serve B's questions."""
    paths = deck_copies(tmp_path)
    deck = paths[0]
    folder = tmp_path / "cache"
    a = deck.read_bytes()
    b = a.replace(b"\ntitle: ", b"\ntitle: Changed - ", 1)
    real = loader.load_decks

    def saved_and_reverted(paths):
        deck.write_bytes(b)  # saved as B just before it is read
        try:
            return real(paths)
        finally:
            deck.write_bytes(a)  # and back to A before the load ends

    stamp_a = sync_stamp(paths)
    monkeypatch.setattr(loader, "load_decks", saved_and_reverted)
    assert load_decks_cached(paths, stamp_a, folder)[0].title.startswith("Changed - ")
    assert not cache_file(paths, folder).exists()  # B is not cached under A's stamp
    monkeypatch.setattr(loader, "load_decks", real)
    assert not load_decks_cached(paths, stamp_a, folder)[0].title.startswith("Changed - ")
    assert cache_file(paths, folder).is_file()


def test_a_stamp_whose_files_changed_while_they_were_read_is_not_recorded(
    tmp_path, db_url, clock, monkeypatch
):
    """As the app and the CLI load: the stamp read, then a save lands just before the
    decks are read. The card sync runs on what was read and records no stamp, so the next
    launch syncs again."""
    from trainer import cli
    from trainer.deck import cache
    from trainer.session import Trainer
    from trainer.store import open_store

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    paths = deck_copies(tmp_path)
    deck = paths[0]
    a = deck.read_bytes()
    b = a.replace(b"\ntitle: ", b"\ntitle: Changed - ", 1)
    real = cache.load_decks_cached

    def saved_meanwhile(*args, **kwargs):
        deck.write_bytes(b)  # the editor's save, between the stamp and the read
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "load_decks_cached", saved_meanwhile)
    decks, stamp = cli._stamped_decks([str(p) for p in paths])
    assert decks[0].title.startswith("Changed - ") and stamp is None
    store = open_store(db_url)
    Trainer(decks, store, clock, sync_stamp=stamp)
    assert store.sync_stamp() is None  # the next start syncs again
    store.close()
    monkeypatch.setattr(cache, "load_decks_cached", real)
    decks, stamp = cli._stamped_decks([str(p) for p in paths])  # unchanged while read
    assert stamp == sync_stamp(paths) and decks[0].title.startswith("Changed - ")


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    paths = deck_copies(tmp_path)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    decks = load(paths, blocked / "cache")
    assert [d.path for d in decks] == paths


def test_the_launch_writes_the_cache_in_the_platform_cache_folder_not_at_import(tmp_path):
    """The first launch writes it; the next reads it, and imports neither the YAML reader
    nor the deck audit (nor anything that parses a deck)."""
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    env.pop("TRAINER_DB", None)
    code = (
        "import sys, trainer.deck.cache, trainer.cli\n"
        "from pathlib import Path\n"
        "assert sys.argv[3] == 'again' or not Path(sys.argv[1]).exists(), 'made at import'\n"
        "from trainer.cli import app_opener, build_parser\n"
        "opened = []\n"
        "trainer = app_opener(build_parser().parse_args(['--db', sys.argv[2]]), opened)()\n"
        "opened[0].close()\n"
        "parsing = ('yaml', 'trainer.deck.loader', 'trainer.generator.audit')\n"
        "print([sorted(p.name for p in (Path(sys.argv[1]) / 'trainer').iterdir()),\n"
        "       [m for m in parsing if m in sys.modules], len(trainer.decks)])\n"
    )
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    found = {}
    for launch in ("first", "again"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(home / "cache"), url, launch],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr
        found[launch] = ast.literal_eval(done.stdout)
    names, parsed, decks = found["first"]
    assert len(names) == 1 and names[0].startswith("decks-")
    assert decks == len(bundled_deck_paths())
    assert "yaml" in parsed  # no cache yet: the decks were parsed
    assert found["again"] == [names, [], decks]


def test_decks_that_cannot_be_stored_are_still_loaded(tmp_path, monkeypatch):
    from trainer.deck import cache

    paths = deck_copies(tmp_path)
    folder = tmp_path / "cache"

    def refuse(self, obj):
        raise pickle.PicklingError("cannot store this")

    monkeypatch.setattr(cache._Pickler, "reducer_override", refuse)
    decks = load(paths, folder)
    assert [d.path for d in decks] == paths and not cache_file(paths, folder).exists()
