"""Sentence- and option-level faults of the third content review, each as a test over items.

Items are generated for every affected card over several seeds with four and five options, and
the fault is asserted absent; where the fault is systemic the test runs over every card of the
bundled bank. Each test names what it guards.
"""

from __future__ import annotations

import re

import pytest

from tests.bank_items import card_items
from tests.test_content_regressions import items, roots_of, wrong
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate, Item

# The explainer's fallback when a column has no sentence pattern: "Subject: value." or
# "Between the C2 and C3 vertebrae: C3, not C1." -- a table cell, not a sentence.
_CELL_FRAGMENT = re.compile(r"^[^.:;]+: [^ ]+(?:, not [^ ]+)?\.")


@pytest.fixture(scope="module")
def templated(banks) -> list[Item]:
    """Every templated card's items, seeds 0 and 1, four and five options: made once for the
    bank-wide checks of this module."""
    return [
        item
        for bank in banks.values()
        for card in bank.cards()
        if card.template_id is not None
        for item in card_items(bank, card.card_id, (0, 1))
    ]


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


def test_no_rationale_in_the_bank_is_a_cell_fragment(templated) -> None:
    """H1, systemic: no wrong-option rationale of any templated card reads "X: Y." or
    "X: Y, not Z." (two seeds, four and five options)."""
    bad = [
        (item.card_id, r) for item in templated for _, r in wrong(item) if _CELL_FRAGMENT.match(r)
    ]
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
        ("dermatomes", "key-point-to-root", "S4, S5", {"L2", "L3", "L4"}),
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


# -- H25: vignette explanations teach; they do not restate the stem ---------------------------

_LESION_TABLES = {
    "cervical-spine": ["radiculopathy"],
    "upper-limb-nerves": ["lesions"],
    "lower-limb-gaps": ["mimics", "back_pain"],
    "lumbar-localisation": ["radiculopathy", "mimics"],
    "cord-syndromes": ["syndromes"],
    "referred-pain": ["referred"],
}


@pytest.mark.parametrize("deck", sorted(_LESION_TABLES))
def test_every_lesion_table_vignette_explains_from_its_teaching_column(decks, deck) -> None:
    """H25: every vignette template over a lesion, syndrome or condition table takes its
    explanation from the row's teaching column, which every row of the table fills."""
    (found,) = [d for d in decks if d.id == deck]
    for name in _LESION_TABLES[deck]:
        table = found.tables[name]
        assert "teach" in table.columns, name
        assert all(row.cell("teach") is not None for row in table.rows), name
        vignettes = [t for t in found.templates if t.table == name and t.vignette]
        assert vignettes, name
        for template in vignettes:
            assert template.explain and "{teach}" in template.explain, template.id


_VERBS = (
    "gives weakens reduces reduced spares spared abolishes numbs leaves intact typically presents"
    " follows"
)


@pytest.mark.parametrize("deck", sorted(_LESION_TABLES))
def test_vignette_explanations_do_not_restate_the_stem(banks, deck) -> None:
    """H25, systemic: over every vignette card of the deck (two seeds, four and five options)
    the explanation is not the key's rationale, and none of its sentences (the "By contrast"
    sentence aside) is the stem's findings said again: a sentence of three content words or
    more, the key's name and the finding verbs aside, has at least one that the stem lacks.
    ("C5 radiculopathy weakens shoulder abduction and spares wrist extension." restates.)"""
    from trainer.generator.checks import content_words

    verbs = content_words(_VERBS)
    bank = banks[deck]
    seen = 0
    for card in bank.cards():
        template = next((t for t in bank.deck.templates if t.id == card.template_id), None)
        if template is None or not template.vignette:
            continue
        if template.table not in _LESION_TABLES[deck]:
            continue  # a dermatome-from-rash item names the region it asks about by design
        for item in card_items(bank, card.card_id, (0, 1)):
            seen += 1
            assert item.explanation != item.rationales[item.answer], item.card_id
            stem = content_words(item.stem)
            key = content_words(item.options[item.answer])
            for sentence in re.split(r"(?<=[.?])\s+", item.explanation):
                if sentence.startswith("By contrast"):
                    continue
                words = content_words(sentence) - key - verbs
                if len(words) >= 3:
                    assert words - stem, (item.card_id, sentence)
    assert seen > 10


def test_teaching_sentences_are_sentences(decks) -> None:
    """H25: every teaching cell reads as prose: a capital, a full stop (added by the
    explanation), no doubled word, no unbalanced parenthesis, no slot left unfilled."""
    for deck in decks:
        for table in deck.tables.values():
            if "teach" not in table.columns:
                continue
            for row in table.rows:
                cell = row.cell("teach")
                if cell is None:
                    continue
                text = cell.values[0].strip()
                where = f"{deck.id}/{table.name}/{row.key}"
                assert text[:1].isupper(), where
                assert "{" not in text and "}" not in text, where
                assert text.count("(") == text.count(")"), where
                assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), where


# -- H17: lower-limb mimics offer rivals from the key's region ---------------------------------

_THIGH_ONLY = {
    "meralgia paraesthetica",
    "obturator neuropathy",
    "L3 radiculopathy",
}
_FOOT_ONLY = {"S1 radiculopathy", "tarsal tunnel syndrome", "common peroneal nerve palsy"}


def test_lower_limb_mimics_draw_rivals_from_the_key_region(banks) -> None:
    """H17: a meralgia vignette (outer thigh) offered S1 radiculopathy and tarsal tunnel
    syndrome, a tarsal tunnel vignette offered meralgia: rivals a student rules out by region
    alone. A thigh lesion's options are never foot-only lesions, and the reverse."""
    for item in items(banks["lower-limb-gaps"], "vignette-mimic"):
        key = item.options[item.answer]
        offered = set(item.options)
        if key in _THIGH_ONLY:
            assert not offered & _FOOT_ONLY, (item.card_id, item.options)
        if key in _FOOT_ONLY:
            assert not offered & _THIGH_ONLY, (item.card_id, item.options)


def test_meralgia_next_sensory_offers_no_foot_areas(banks) -> None:
    """H17: "Over which area is sensation reduced?" for meralgia offered the sole, the heel
    and the lateral border of the foot."""
    foot = {"sole", "heel", "lateral border of the foot"}
    found = 0
    for item in items(banks["lower-limb-gaps"], "next-sensory"):
        if item.card_id.endswith("/meralgia paraesthetica"):
            found += 1
            assert not foot & set(item.options), item.options
    assert found


# -- H7, H13, H18, H23: wording and non-refuting rationales ------------------------------------


def test_no_stem_cue_holds_a_pronoun_without_antecedent(decks) -> None:
    """H7: "After a ganglion cyst pressing on it at the notch of the scapula, which nerve is
    most at risk?" -- a cue value placed in a one-line stem has no antecedent for "it"."""
    bad = []
    for deck in decks:
        for template in deck.templates:
            if template.vignette:
                continue
            table = deck.tables[template.table]
            for name in template.cues:
                for row in table.rows:
                    cell = row.cell(name)
                    for value in cell.values if cell is not None else ():
                        if re.search(r"\b(it|its|them|they)\b", value):
                            bad.append(f"{deck.id}/{template.id}/{row.key}: {value}")
    assert not bad, bad


def test_injury_stems_do_not_treat_a_compression_as_an_event(banks) -> None:
    """H7: "After compression in the carpal tunnel, which nerve is most at risk?" -- the
    injury-to-nerve stems read for a cause that is a state as well as for an event."""
    for deck in ("upper-limb-nerves", "lower-limb-gaps"):
        for item in items(banks[deck], "injury-to-nerve"):
            assert not item.stem.startswith("After "), item.stem


def test_no_wrong_option_rationale_is_the_key_fact_again(templated) -> None:
    """H13, systemic: a distractor's rationale that only repeats the key's fact ("C3" ->
    "C2 supplies the skin of the occiput.") does not refute it; every wrong option's
    rationale either names the option or says what its own row records."""
    bad = []
    for item in templated:
        key = item.rationales[item.answer].split(". ")[0].rstrip(".")
        for option, rationale in wrong(item):
            if rationale.rstrip(".") == key and option not in rationale:
                bad.append((item.card_id, option, rationale))
    assert not bad, bad[:5]


def test_stems_of_the_minor_findings(banks) -> None:
    """H13, H18: the abdominal-reflex stem places the lesion above the abdominal segments; the
    analgesic stem does not appeal to "review books"; the inferior gluteal stem does not
    describe the classic sciatic approach; the torsion item offers no root lesion."""
    extra = banks["reflexes-extra"]
    (umn,) = {i.stem for i in items(extra, question="superficial-vs-deep-umn")}
    assert "sensory level at T4" in umn
    for item in items(extra, question="cremasteric-torsion"):
        assert not any("root lesion" in o for o in item.options), item.options
    lumbar = banks["lumbar-localisation"]
    for item in items(lumbar, question="analgesic-of-choice"):
        assert "review books" not in item.stem
    for item in items(banks["lower-limb-gaps"], "injury-to-nerve"):
        if item.options[item.answer] == "inferior gluteal nerve":
            assert "posterior approach" not in item.stem, item.stem


def test_central_cord_lamination_is_marked_as_disputed(banks) -> None:
    """H23: the somatotopic lamination answer is the classic one but disputed; the
    explanation says so."""
    for item in items(banks["cord-syndromes"], question="central-cord-arms"):
        assert "disputed" in item.explanation


def test_motor_zpp_rationales_have_a_subject() -> None:
    """H23: "The zone reaches T7, below T5." names no zone; every motor-ZPP rationale names
    the motor zone of partial preservation or the muscles it speaks of."""
    from trainer.isncsci.questions import cards, generate

    seen = 0
    for card in cards():
        if card.template_id != "motor-zpp":
            continue
        for seed in range(12):
            try:
                item = generate(card.card_id, seed, 4)
            except CannotGenerate:
                continue
            for rationale in item.rationales:
                seen += 1
                assert not rationale.startswith("The zone"), rationale
    assert seen


# -- H26: a finding, not the history, separates the key from its nearest rival -----------------


def test_klumpke_vignettes_state_a_t1_finding(banks) -> None:
    """H26/H8: ring-finger numbness, weak thumb adduction and clawing fit a C8 root lesion as
    well; every Klumpke vignette states a T1 finding (medial arm numbness or a Horner's
    syndrome) that separates the lower trunk from the C8 root."""
    t1 = ("medial side of the arm", "small pupil")
    found = 0
    for item in items(banks["upper-limb-nerves"], "vignette-lesion"):
        if item.options[item.answer] != "Klumpke's palsy":
            continue
        found += 1
        assert any(f in item.stem for f in t1), item.stem
    assert found


def test_every_vignette_is_separated_by_its_findings_alone(banks) -> None:
    """H26, systemic: over every vignette card (two seeds, four and five options) no other
    row that gives another answer fits the stated examination findings: the history is never
    the only thing that separates the key from a rival."""
    from trainer.generator.distractors import Stated

    bad = []
    for bank in banks.values():
        templates = {t.id: t for t in bank.deck.templates}
        for card in bank.cards():
            template = templates.get(card.template_id or "")
            if template is None or not template.vignette:
                continue
            table = bank.deck.tables[template.table]
            judge = bank.judge(table)
            row = next(r for r in table.rows if r.key == card.row_key)
            own = row.cell(template.answer)
            for item in card_items(bank, card.card_id, (0, 1)):
                findings = [
                    Stated(column, values, "")
                    for column, values in item.stated
                    if table.columns[column].role != "history"
                ]
                for rival in judge.consistent(findings):
                    cell = rival.cell(template.answer)
                    if rival is row or cell is None or own is None:
                        continue
                    if not cell.accepted() <= own.accepted():
                        bad.append((item.card_id, rival.key))
    assert not bad, bad[:5]


def test_wrong_rationales_do_not_cite_a_finding_the_key_shares(banks) -> None:
    """H8: a rationale that rules an option out by a finding the key gives as well ("Sacroiliac
    joint pain gives ... a full painless range of hip movement, whereas osteoarthritis of the
    knee gives ...") teaches nothing; the shared finding is left out where the option's
    record has others."""
    bank = banks["referred-pain"]
    table = bank.deck.tables["referred"]
    findings = {row.key: row.cell("findings") for row in table.rows}
    checked = 0
    for item in items(bank, "vignette-condition"):
        key_cell = findings[item.options[item.answer]]
        if key_cell is None:
            continue
        for option, rationale in wrong(item):
            own = findings.get(option)
            if own is None or "whereas" not in rationale:
                continue
            cited = rationale.split(", whereas")[0]
            shared = [v for v in key_cell.values if v in own.values and v in item.stem]
            if len(shared) < len(own.values):
                checked += 1
                assert not any(v in cited for v in shared), (item.card_id, option, rationale)
    assert checked
