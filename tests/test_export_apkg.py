"""Anki packages written by `trainer export apkg`, read back by the real `anki` package."""

from __future__ import annotations

import html
from pathlib import Path

from tests.conftest import run_cli
from trainer.deck import load_decks
from trainer.export.apkg import FIELDS, guid
from trainer.generator import Bank
from trainer.paths import bundled_deck_paths


def _import(collection_path: Path, package: Path) -> None:
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    col = Collection(str(collection_path))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(update_notes=1, merge_notetypes=True),
            )
        )
    finally:
        col.close()


def _notes(collection_path: Path) -> dict[str, dict[str, str]]:
    from anki.collection import Collection

    col = Collection(str(collection_path))
    try:
        found = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            found[note.guid] = dict(zip(note.keys(), note.values(), strict=True)) | {
                "_deck": col.decks.name(note.cards()[0].did),
                "_tags": " ".join(note.tags),
            }
        return found
    finally:
        col.close()


def test_package_opens_in_anki_with_every_variant_and_stable_guids(tmp_path):
    package = tmp_path / "reflexes.apkg"
    result = run_cli("export", "apkg", "reflexes", "--variants", "2", "--out", str(package))
    assert result.returncode == 0, result.stderr
    deck = next(d for d in load_decks(bundled_deck_paths()) if d.id == "reflexes")
    bank = Bank(deck)
    expected = {}
    for card in bank.cards():
        for variant in range(2):
            item = bank.generate_any(card.card_id, variant, 4)
            if all((item.stem, item.options) != (e.stem, e.options) for e in expected.values()):
                expected[guid(card.card_id, variant)] = item
    assert f"{len(expected)} notes" in result.stdout

    collection = tmp_path / "student.anki2"
    _import(collection, package)
    notes = _notes(collection)
    assert set(notes) == set(expected)
    for note_guid, item in expected.items():
        note = notes[note_guid]
        assert list(note)[: len(FIELDS)] == list(FIELDS)
        assert note["Stem"] == html.escape(item.stem)
        assert all(f"<li>{html.escape(o)}</li>" in note["Options"] for o in item.options)
        assert note["Answer"].startswith("ABCDE"[item.answer] + ". ")
        assert note["Explanation"] and note["_deck"] == f"trainer::{deck.title}"
        assert "reflexes" in note["_tags"].split()

    # exporting again and re-importing updates the same notes: no copies
    again = tmp_path / "again.apkg"
    assert (
        run_cli("export", "apkg", "reflexes", "--variants", "2", "--out", str(again)).returncode
        == 0
    )
    _import(collection, again)
    assert set(_notes(collection)) == set(expected)


def test_unknown_deck_is_a_clear_error(tmp_path):
    result = run_cli("export", "apkg", "nosuch", "--out", str(tmp_path / "x.apkg"))
    assert result.returncode == 2 and "nosuch" in result.stderr
    assert not (tmp_path / "x.apkg").exists()
