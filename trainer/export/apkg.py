"""Decks as an Anki package (``.apkg``), written with genanki.

Each generated variant of a card is one note (up to ``variants`` per card) with the stem, the
lettered options, the answer and the explanation. Note GUIDs come from the card key and the
variant number, deck and note-type ids from fixed names, so exporting again after a deck
edit updates the notes a student already imported instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.deck.model import Deck
from trainer.errors import TrainerError
from trainer.generator.bank import Bank
from trainer.generator.item import CannotGenerate, Item

FIELDS = ("Stem", "Options", "Answer", "Explanation", "Sources", "CardKey")
LETTERS = "ABCDE"
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
ol.options { list-style-type: upper-alpha; }
.answer { font-weight: bold; }"""


def stable_id(name: str) -> int:
    """A positive 31-bit id derived from ``name``: the same on every export."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") >> 1 | (1 << 29)


def guid(card_key: str, variant: int) -> str:
    import genanki  # deferred: only the export needs it

    return str(genanki.guid_for("trainer", card_key, variant))


@dataclass(frozen=True)
class ExportSummary:
    decks: int
    notes: int
    skipped: tuple[str, ...]  # cards no variant of which could be generated


def _model():  # -> genanki.Model
    import genanki

    return genanki.Model(
        stable_id("trainer single-best-answer v1"),
        "trainer single best answer",
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": "{{Stem}}<br>{{Options}}",
                "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                "<p>{{Explanation}}</p><small>{{Sources}}</small>",
            }
        ],
        css=CSS,
        sort_field_index=0,
    )


def note_fields(item: Item, card_key: str) -> list[str]:
    options = "".join(f"<li>{html.escape(o)}</li>" for o in item.options)
    return [
        html.escape(item.stem),
        f'<ol class="options">{options}</ol>',
        f"{LETTERS[item.answer]}. {html.escape(item.key)}",
        html.escape(item.explanation),
        html.escape("; ".join(item.sources)),
        html.escape(card_key),
    ]


def _tag(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_:" else "_" for c in text)


def export_apkg(
    decks: Sequence[Deck], out: Path, variants: int = 1, options: int = 4
) -> ExportSummary:
    """Write ``decks`` to ``out``; variants are seeds 0..variants-1 (identical ones once)."""
    import genanki

    model = _model()
    packaged = []
    notes = 0
    skipped: list[str] = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"trainer deck {deck.id}"), f"trainer::{deck.title}")
        bank = Bank(deck)
        for card in bank.cards():
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for variant in range(variants):
                try:
                    item = bank.generate_any(card.card_id, variant, options)
                except CannotGenerate:
                    skipped.append(card.card_id)
                    break
                if (item.stem, item.options) in seen:
                    continue
                seen.add((item.stem, item.options))
                anki_deck.add_note(
                    genanki.Note(
                        model=model,
                        fields=note_fields(item, card.card_id),
                        guid=guid(card.card_id, variant),
                        tags=[_tag(deck.id), _tag(item.topic), _tag(item.kind)],
                    )
                )
                notes += 1
        packaged.append(anki_deck)
    try:
        genanki.Package(packaged).write_to_file(str(out))
    except OSError as exc:
        raise TrainerError(f"{out}: cannot write the package: {exc.strerror or exc}") from None
    return ExportSummary(len(packaged), notes, tuple(skipped))
