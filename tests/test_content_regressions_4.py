"""Sentence- and option-level faults of the third content review, each as a test over items.

Items are generated for every affected card over several seeds with four and five options, and
the fault is asserted absent; where the fault is systemic the test runs over every card of the
bundled bank. Each test names what it guards.
"""

from __future__ import annotations

import re

import pytest

from tests.test_content_regressions import items, roots_of, wrong
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


# -- H12: options stay in the key's limb ------------------------------------------------------

_ARM = frozenset(f"C{n}" for n in range(5, 9)) | {"T1"}
_LEG = frozenset({"L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3"})


def _band(roots: frozenset[str]) -> frozenset[str] | None:
    for band in (_ARM, _LEG):
        if roots and roots <= band:
            return band
    return None


_LIMB_TEMPLATES = [
    ("reflexes", "reflex-to-segments"),
    ("reflexes", "reflex-to-chief-root"),
    ("reflexes-extra", "reflex-to-segments"),
    ("myotomes", "movement-to-root-value"),
    ("myotomes", "indicator-to-root-value"),
]


@pytest.mark.parametrize(("deck", "template"), _LIMB_TEMPLATES)
def test_limb_root_options_never_leave_the_limb_unless_another_row_holds_them(
    banks, deck: str, template: str
) -> None:
    """H12: "T2, T3" for the triceps jerk, "C2, C3" for the biceps jerk, "S5, Co" for toe
    abduction, "T12, L1" for knee extension: a root value no row holds, outside the key's limb,
    is eliminated without knowledge. Another row's value (the knee jerk's L3, L4 beside the
    triceps jerk) is the same construct and may stand when the limb offers too few."""
    bank = banks[deck]
    held: set[frozenset[str]] = set()
    for table in bank.deck.tables.values():
        for row in table.rows:
            for cell in row.cells.values():
                if cell.column_type == "roots":
                    held.add(roots_of(cell.text))
    checked = 0
    for item in items(bank, template):
        key = roots_of(item.options[item.answer])
        band = _band(key)
        if band is None:
            continue
        for option, _ in wrong(item):
            roots = roots_of(option)
            checked += 1
            assert roots <= band or roots in held, (item.card_id, option, item.options)
    assert checked > 50


@pytest.mark.parametrize(
    ("deck", "template", "card", "dead"),
    [
        ("reflexes", "reflex-to-segments", "triceps jerk", {"T1, T2", "T2, T3", "C4, C5"}),
        ("reflexes", "reflex-to-segments", "biceps jerk", {"C2, C3", "C3, C4"}),
        ("reflexes", "reflex-to-chief-root", "brachioradialis jerk", {"C3", "C4"}),
        ("reflexes", "reflex-to-chief-root", "triceps jerk", {"T2", "T3"}),
        ("reflexes-extra", "reflex-to-segments", "finger jerk", {"T2", "T3"}),
        ("myotomes", "movement-to-root-value", "toe abduction", {"S4, S5", "S5, Co"}),
        ("myotomes", "movement-to-root-value", "ankle plantarflexion", {"S4, S5"}),
        ("myotomes", "movement-to-root-value", "great toe extension", {"S3", "S4"}),
        ("myotomes", "movement-to-root-value", "knee extension", {"T11, T12", "T12, L1"}),
        ("myotomes", "movement-to-root-value", "hip adduction", {"T11, T12", "T12, L1"}),
    ],
)
def test_review_dead_root_distractors_are_gone(banks, deck, template, card, dead) -> None:
    """H12: the review's examples, over every seed and both option counts."""
    found = 0
    for item in items(banks[deck], template):
        if not item.card_id.endswith("/" + card):
            continue
        found += 1
        offered = {o.replace("–", "-").replace("-", "–") for o in item.options}
        assert not offered & {d.replace("-", "–") for d in dead}, (item.card_id, item.options)
    assert found


# -- H6, H10, H11: explanations teach what the stem does not say ----------------------------


def test_suprascapular_nerve_is_never_offered_c4(banks) -> None:
    """H6: Moore's gives the suprascapular nerve C5, C6 and often C4; "C3, C4" and "C4, C5"
    overlap an accepted root and are never wrong options for it."""
    found = 0
    for item in items(banks["upper-limb-nerves"], "nerve-to-roots"):
        if item.card_id.endswith("/suprascapular nerve"):
            found += 1
            assert not {"C3, C4", "C4, C5"} & set(item.options), item.options
    assert found


def test_indicator_rationales_state_root_values(banks) -> None:
    """H10: "Which root value do you test by grading the adductor muscles?" -- every wrong
    option's rationale names the option's root value and the key's, and the explanation names
    the key's root value (not only "grading the adductors tests hip adduction")."""
    for item in items(banks["myotomes"], "indicator-to-root-value"):
        key = item.options[item.answer]
        assert key in item.explanation, (item.card_id, item.explanation)
        for option, rationale in wrong(item):
            assert key in rationale, (item.card_id, option, rationale)
            if roots_of(option) in _held_values(banks["myotomes"], "lower_limb_root_values"):
                assert option in rationale, (item.card_id, option, rationale)


def _held_values(bank: Bank, table: str) -> set[frozenset[str]]:
    return {roots_of(row.cells["roots"].text) for row in bank.deck.tables[table].rows}


@pytest.mark.parametrize(
    ("deck", "template"),
    [
        ("reflexes", "reflex-to-nerve"),
        ("reflexes-extra", "method-to-reflex"),
        ("upper-limb-nerves", "nerve-to-roots"),
    ],
)
def test_one_liner_explanations_add_a_fact_the_stem_and_key_do_not_state(
    banks, deck: str, template: str
) -> None:
    """H11, H6: the explanation of a one-liner is not the stem's fact said again ("The biceps
    jerk runs in the musculocutaneous nerve."): it adds the row's teaching sentence, a fact
    that neither the stem nor the key's own rationale states."""
    seen = 0
    for item in items(banks[deck], template):
        seen += 1
        told = _sentences(item.stem) | _sentences(item.rationales[item.answer])
        new = _sentences(item.explanation) - told
        assert new, (item.card_id, item.explanation)
    assert seen


def _sentences(text: str) -> set[str]:
    return {s.strip().casefold() for s in re.split(r"(?<=[.?])\s+", text) if s.strip()}
