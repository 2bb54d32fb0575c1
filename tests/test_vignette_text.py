"""Vignette stems read as a clinician writes them: findings separated so that no two run
together ("... in the weak leg and pain and temperature ..."), no value cut at a comma ("a
high-riding"), symptoms in the history rather than among the examination findings, units on
temperatures, and no mild grade (4/5) beside a history or sign of paralysis ("a wrist that hung
limp")."""

from __future__ import annotations

import re

from trainer.deck.model import Column
from trainer.deck.schema import cut_at_comma
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate
from trainer.generator.vignette import list_of

SEEDS = range(6)
_SYMPTOM = re.compile(r"^(pain|aching|tingling|numbness)\b.*\b(spread|radiat|felt)", re.I)
# what the patient reports, not what the examiner finds
_REPORTED = re.compile(r"urinary retention|incontinence|a band of tingling", re.I)
_NO_UNIT = re.compile(r"\b\d+(\.\d+)? degrees\b")
# a history or sign of paralysis beside a grade of mild weakness
_PARALYSIS = re.compile(
    r"hung limp|dropped wrist|wrist drop|useless arm|hanging at the side|foot drop|flail foot", re.I
)


def test_findings_with_an_and_of_their_own_are_kept_apart():
    assert list_of(["weakness and brisk reflexes in one leg", "sweating"]) == (
        "weakness and brisk reflexes in one leg, and sweating"
    )
    assert list_of(["sweating", "pallor", "a fever"]) == "sweating, pallor and a fever"


def test_no_vignette_runs_its_findings_together(decks):
    checked = 0
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            source = bank.source(card.card_id)
            if source is None or source[1] is None or not getattr(source[0], "vignette", False):
                continue
            for seed in SEEDS:
                try:
                    item = bank.generate(card.card_id, seed)
                except CannotGenerate:
                    break
                shows = item.stem.split("Examination shows ", 1)[-1].split(". ", 1)[0]
                chunks = shows.split(", ")
                table = deck.tables[source[0].table]
                values = [
                    v
                    for column, vs in item.stated
                    if table.columns[column].role == "finding"
                    for v in vs
                ]
                for value in (v for v in values if " and " in v):
                    for chunk in (c for c in chunks if value in c):
                        fused = [v for v in values if v != value and v in chunk]
                        assert not fused, (card.card_id, shows)
                if _PARALYSIS.search(item.stem):
                    assert "4/5" not in item.stem, (card.card_id, item.stem)
                checked += 1
    assert checked > 500


def _finding_columns(deck) -> list[tuple[object, Column]]:
    return [
        (table, column)
        for table in deck.tables.values()
        for column in table.columns.values()
        if column.role == "finding"
    ]


def test_findings_are_signs_with_units_and_never_cut_at_a_comma(decks):
    for deck in decks:
        for table, column in _finding_columns(deck):
            for row in table.rows:
                cell = row.cell(column.name)
                for value in cell.values if cell else ():
                    where = (deck.id, row.key, value)
                    assert not _SYMPTOM.match(value), where
                    assert not _REPORTED.search(value), where
                    assert not _NO_UNIT.search(value), where
                    assert not cut_at_comma(value), where


def test_a_required_cue_is_stated_in_every_variant(decks):
    checked = 0
    for deck in decks:
        bank = Bank(deck)
        for template in (t for t in deck.templates if t.require):
            for card in (c for c in bank.cards() if c.template_id == template.id):
                for seed in SEEDS:
                    item = bank.generate(card.card_id, seed)
                    stated = {column for column, _ in item.stated}
                    assert set(template.require) <= stated, (card.card_id, item.stem)
                    checked += 1
    assert checked  # cord-syndromes' vignette-damaged requires the sensory loss
