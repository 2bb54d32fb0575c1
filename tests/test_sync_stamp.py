"""The card sync is skipped when the decks' files and the program are those of the last sync,
and runs again on any change (`trainer.sync_stamp`)."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from trainer.cli import app_opener, build_parser
from trainer.deck import load_decks
from trainer.session import Trainer
from trainer.store.models import CardRow
from trainer.sync_stamp import code_stamp, sync_stamp

ROOT = Path(__file__).resolve().parents[1]


def deck_copies(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "decks"
    shutil.copytree(ROOT / "decks", folder)
    return sorted(folder.glob("*.yaml"))


def retire_behind_the_syncs_back(store, key: str, clock) -> None:
    """Retire one card directly: only a sync that runs brings it back."""
    with store.session() as session:
        session.execute(
            update(CardRow)
            .where(CardRow.student_id == store.student_id, CardRow.card_key == key)
            .values(retired_at=clock.now())
        )


def start(paths: list[Path], store, clock) -> Trainer:
    stamp = sync_stamp(paths)  # read before loading, as the app does
    return Trainer(load_decks(paths), store, clock, sync_stamp=stamp)


def test_same_files_skip_the_sync_and_any_change_syncs_again(tmp_path, store, clock):
    paths = deck_copies(tmp_path)
    start(paths, store, clock)
    assert store.sync_stamp() == sync_stamp(paths)
    key = store.cards()[0].card_key
    retire_behind_the_syncs_back(store, key, clock)
    start(paths, store, clock)  # nothing changed: no sync, the card stays as it is
    assert store.card_by_key(key).retired
    # one byte of one deck changed, its size and modification time kept: a sync
    path = paths[3]
    info = path.stat()
    text = path.read_bytes()
    at = text.index(b"title:") + len(b"title:") + 1
    path.write_bytes(text[:at] + bytes([text[at] ^ 0x20]) + text[at + 1 :])
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    start(paths, store, clock)
    assert not store.card_by_key(key).retired


def test_another_set_of_decks_or_no_stamp_syncs(tmp_path, store, clock):
    paths = deck_copies(tmp_path)
    start(paths, store, clock)
    key = next(c.card_key for c in store.cards() if c.deck_id == "dermatomes")
    retire_behind_the_syncs_back(store, key, clock)
    start([p for p in paths if p.stem != "myotomes"], store, clock)  # another set: a sync
    assert not store.card_by_key(key).retired
    retire_behind_the_syncs_back(store, key, clock)
    Trainer(load_decks(paths), store, clock)  # decks given without a stamp: always synced
    assert not store.card_by_key(key).retired and store.sync_stamp() is None


def test_a_file_changed_while_loading_syncs_at_the_next_start(tmp_path, store, clock):
    paths = deck_copies(tmp_path)
    before = sync_stamp(paths)
    path = paths[0]
    path.write_text(path.read_text() + "# edited\n")  # meanwhile
    Trainer(load_decks(paths), store, clock, sync_stamp=before)
    key = store.cards()[0].card_key
    retire_behind_the_syncs_back(store, key, clock)
    start(paths, store, clock)  # the newer content's stamp is not the one stored
    assert not store.card_by_key(key).retired


def test_saving_settings_drops_the_stamp_so_the_next_start_syncs(tmp_path, store, clock):
    paths = deck_copies(tmp_path)
    trainer = start(paths, store, clock)
    trainer.save_settings(trainer.settings)
    assert store.sync_stamp() is None
    key = store.cards()[0].card_key
    retire_behind_the_syncs_back(store, key, clock)
    clock.advance(timedelta(minutes=1))
    start(paths, store, clock)
    assert not store.card_by_key(key).retired


def test_the_program_stamp_follows_every_file_but_compiled_caches(tmp_path):
    root = tmp_path / "package"
    (root / "generator" / "__pycache__").mkdir(parents=True)
    module = root / "generator" / "bank.py"
    module.write_text("RULE = 1\n")
    first = code_stamp(root)
    (root / "generator" / "__pycache__" / "bank.pyc").write_bytes(b"compiled")
    assert code_stamp(root) == first
    module.write_text("RULE = 2\n")  # same size: the modification time tells
    os.utime(module, ns=(1, 2_000_000_000))
    second = code_stamp(root)
    assert second != first
    (root / "generator" / "new.py").write_text("")
    assert code_stamp(root) != second
    assert sync_stamp([tmp_path / "missing.yaml"], root) is None
    assert sync_stamp([tmp_path], root) is None  # a folder is not a deck file


def test_the_app_opener_stores_the_stamp_and_the_next_start_skips_the_sync(db_url, clock):
    args = build_parser().parse_args(["--db", db_url])
    opened: list = []
    trainer = app_opener(args, opened)()
    store = opened[0]
    assert store.sync_stamp() is not None
    key = store.cards()[0].card_key
    retire_behind_the_syncs_back(store, key, clock)
    app_opener(args, opened)()
    assert store.card_by_key(key).retired  # the second start did not sync
    assert len(trainer.decks) == len(load_decks(sorted((ROOT / "decks").glob("*.yaml"))))
    for each in opened:
        each.close()
