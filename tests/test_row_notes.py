"""A row's note is the author's teaching point: the key's explanation states it, and deck check
holds it to the same prose rules as every other sentence the bank shows."""

from __future__ import annotations

import textwrap

from tests.conftest import run_cli
from trainer.deck.patterns import sentence
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate
from trainer.generator.prose import prose_problems


def test_every_row_note_is_taught_by_the_keys_explanation(decks):
    taught = 0
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            source = bank.source(card.card_id)
            if source is None or source[1] is None or not source[1].note:
                continue
            try:
                item = bank.generate(card.card_id, 0)
            except CannotGenerate:
                continue
            note = sentence(source[1].note)
            assert note in item.explanation, (card.card_id, item.explanation)
            assert note in item.rationales[item.answer]
            assert not prose_problems(note), (card.card_id, prose_problems(note))
            taught += 1
    assert taught >= 13  # the bundled decks' notes, each on at least one card


NOTED = """\
id: noted
title: Noted deck
version: 1
format: 2
sources:
  LL: {title: Revision notes}
tables:
  reflexes:
    title: Reflex arcs
    key: reflex
    columns:
      reflex: {label: reflex}
      roots: {type: roots, say: "the {reflex} is mediated by {roots}"}
    rows:
      - {reflex: biceps jerk, roots: "C5, C6", source: LL}
      - {reflex: triceps jerk, roots: "C7, C8", source: LL}
      - {reflex: knee jerk, roots: "L3, L4", source: LL}
      - reflex: ankle jerk
        roots: S1, S2
        note: "S1: its chief root, so L5 is never offered as a wrong answer."
        source: LL
templates:
  - id: reflex-to-segments
    table: reflexes
    kind: forward
    cues: [reflex]
    answer: roots
    stems: ["The {reflex} is mediated by which spinal segments?"]
"""


def test_deck_check_locates_a_row_note_that_is_no_teaching_sentence(tmp_path):
    path = tmp_path / "noted.yaml"
    path.write_text(textwrap.dedent(NOTED), encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    line = NOTED.splitlines().index("      - reflex: ankle jerk") + 1
    assert f"{path}:{line}:" in result.stderr
    assert "note of row 'ankle jerk'" in result.stderr
    assert "quotes the data model" in result.stderr and "raw label" in result.stderr
