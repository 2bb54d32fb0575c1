"""Sentence- and option-level faults of the third content review, each as a test over items.

Items are generated for every affected card over several seeds with four and five options, and
the fault is asserted absent; where the fault is systemic the test runs over every card of the
bundled bank. Each test names what it guards.
"""

from __future__ import annotations

import re

import pytest

from tests.test_content_regressions import items, wrong
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate

# The explainer's fallback when a column has no sentence pattern: "Subject: value." or
# "Between the C2 and C3 vertebrae: C3, not C1." -- a table cell, not a sentence.
_CELL_FRAGMENT = re.compile(r"^[^.:;]+: [^ ]+(?:, not [^ ]+)?\.")


@pytest.fixture(scope="module")
def banks(decks) -> dict[str, Bank]:
    return {d.id: Bank(d) for d in decks}


@pytest.mark.parametrize(
    "template",
    ["foramen-to-root", "root-to-foramen", "lumbar-foramen-to-root", "cervical-disc-to-root"],
)
def test_foramen_and_disc_rationales_are_sentences(banks, template: str) -> None:
    """H1: "C4-C5: C5, not C3." is a cell pair, not a sentence; each option's rationale names
    the foramen or disc and what it does to the root ("A C4-C5 disc compresses C5, not C3.")."""
    seen = 0
    for item in items(banks["cervical-spine"], template):
        for rationale in item.rationales:
            seen += 1
            assert not _CELL_FRAGMENT.match(rationale), (item.card_id, rationale)
            assert re.search(r"\b(transmits|compresses|leaves|is compressed)\b", rationale), (
                item.card_id,
                rationale,
            )
    assert seen > 100


def test_every_asked_or_stated_column_has_a_sentence_pattern(decks) -> None:
    """H1, systemic: a column a template asks or states without a ``say`` pattern falls back to
    "Subject: value." in the rationales. Every such column of every bundled deck has one."""
    missing = []
    for deck in decks:
        for template in deck.templates:
            table = deck.tables[template.table]
            for name in {template.answer, *template.cues}:
                column = table.columns[name]
                if name == table.key or column.role == "history":
                    continue  # the subject itself; a history is a story, never a fact stated
                if column.say is None:
                    missing.append(f"{deck.id}/{template.id}: {name}")
    assert not missing, missing


def test_no_rationale_in_the_bank_is_a_cell_fragment(banks) -> None:
    """H1, systemic: no wrong-option rationale of any templated card reads "X: Y." or
    "X: Y, not Z." (two seeds, four and five options)."""
    bad = []
    for bank in banks.values():
        for card in bank.cards():
            if card.template_id is None:
                continue
            for seed in (0, 1):
                for k in (4, 5):
                    try:
                        item = bank.generate_any(card.card_id, seed, k)
                    except CannotGenerate:  # test_generator reports these
                        continue
                    bad += [(item.card_id, r) for _, r in wrong(item) if _CELL_FRAGMENT.match(r)]
    assert not bad, bad[:5]


def test_t1_t2_disc_is_not_called_a_disc_in_the_neck(banks) -> None:
    """H8: the T1-T2 disc is thoracic; a stem keyed on it never says "a disc in the neck"."""
    for template in ("vignette-disc", "root-to-disc"):
        for item in items(banks["cervical-spine"], template):
            if item.options[item.answer] != "T1-T2":
                continue
            assert "in the neck" not in item.stem and "lower neck" not in item.stem, item.stem
