"""The expert review's deck-level faults, each as a test that generates items and judges them.

Items are generated for the affected cards over many seeds, with four and five options, and
judged against ``tests/reference_facts.py`` (written from the standard references, not from
the decks). Each test names the review finding it guards (D = dermatomes, M = myotomes,
R = reflexes, L = lumbar localisation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.reference_facts import (
    CONTESTED_LANDMARKS,
    ISNCSCI_DERMATOMES,
    MIMICS,
    MOVEMENT_ROOTS,
    REFLEX_ROOTS,
    ROOT_LESIONS,
    Lesion,
)
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.facts.registry import Registry
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate, Item

SEEDS = range(12)
OPTIONS = (4, 5)


@pytest.fixture(scope="module")
def banks(decks) -> dict[str, Bank]:
    return {d.id: Bank(d) for d in decks}


def items(
    bank: Bank, template: str | None = None, *, question: str | None = None
) -> Iterator[Item]:
    """Every variant of the template's (or question's) cards over SEEDS and OPTIONS."""
    for card in bank.cards():
        if template is not None and card.template_id != template:
            continue
        if question is not None and card.question_id != question:
            continue
        for seed in SEEDS:
            for k in OPTIONS:
                try:
                    yield bank.generate_any(card.card_id, seed, k)
                except CannotGenerate:  # pragma: no cover - test_generator reports these
                    continue


def wrong(item: Item) -> list[tuple[str, str]]:
    """(option, rationale) of every wrong option."""
    return [
        (o, r)
        for i, (o, r) in enumerate(zip(item.options, item.rationales, strict=True))
        if i != item.answer
    ]


def roots_of(text: str) -> frozenset[str]:
    try:
        return frozenset(parse_roots(text))
    except (RootSyntaxError, KeyError):
        return frozenset()


def roots_named(text: str) -> frozenset[str]:
    """Every root a text names (``S2–S4`` counts its ends only; enough for these stems)."""
    return roots_of(", ".join(re.findall(r"\b(?:[CTLS]\d{1,2}|Co)\b", text)))


def mentioned(text: str, vocabulary) -> list[str]:
    """Vocabulary phrases in ``text``, longest first, each span counted once."""
    found = []
    for phrase in sorted(vocabulary, key=len, reverse=True):
        if phrase in text:
            found.append(phrase)
            text = text.replace(phrase, "#")
    return found


def all_text(item: Item) -> str:
    return " ".join((item.stem, item.explanation, *item.rationales))


# -- D: dermatomes ----------------------------------------------------------------------
def test_d1_key_point_items_cover_exactly_the_28_isncsci_points(banks):
    bank = banks["dermatomes"]
    for template in ("key-point-to-root", "root-to-key-point"):
        asked = {c.row_key for c in bank.cards() if c.template_id == template}
        assert asked == set(ISNCSCI_DERMATOMES), template
    for item in items(bank, "key-point-to-root"):
        assert "Co" not in item.options and "coccyx" not in all_text(item)


def test_d2_d4_contested_landmarks_never_offer_an_accepted_root_as_wrong(banks):
    for item in items(banks["dermatomes"], "landmark-to-root"):
        for landmark in mentioned(item.stem, CONTESTED_LANDMARKS):
            for option, _ in wrong(item):
                assert not roots_of(option) & CONTESTED_LANDMARKS[landmark], (item.stem, option)


def test_d3_l1_key_point_follows_the_isncsci_definition(banks):
    stems = [i.stem for i in items(banks["dermatomes"], "key-point-to-root") if i.key == "L1"]
    assert stems and all(
        "halfway between the midpoint of the inguinal ligament" in s for s in stems
    )


def test_d5_c5_landmark_is_root_territory_not_the_axillary_patch(banks):
    for item in items(banks["dermatomes"], "landmark-to-root"):
        assert "regimental" not in item.stem


ORDINALS = {3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}


def test_d6_thoracic_key_points_carry_no_ordinal_cue(banks):
    bank = banks["dermatomes"]
    for item in (*items(bank, "key-point-to-root"), *items(bank, "root-to-key-point")):
        card_root = item.card_id.rsplit("/", 1)[1]
        match = re.fullmatch(r"T(\d+)", card_root)
        if match and int(match.group(1)) in ORDINALS:
            ordinal = ORDINALS[int(match.group(1))]
            assert ordinal not in (item.stem + item.key).lower(), item.stem


def test_d7_a_single_root_lesion_reduces_sensation_it_does_not_abolish_it(banks):
    for item in items(banks["dermatomes"], "landmark-to-root"):
        assert "lost sensation" not in item.stem and "loss of sensation" not in item.stem


# -- M: myotomes ------------------------------------------------------------------------
def test_m1_m7_chart_never_offers_a_root_that_shares_the_movement(banks):
    for item in items(banks["myotomes"], "movement-to-myotome"):
        (movement,) = mentioned(item.stem, MOVEMENT_ROOTS)[:1]
        for option, _ in wrong(item):
            assert not roots_of(option) & MOVEMENT_ROOTS[movement], (item.stem, option)


def test_m1_m7_chart_never_offers_a_movement_the_level_shares(banks):
    seen = 0
    for item in items(banks["myotomes"], "myotome-to-movement"):
        level = roots_of(item.card_id.rsplit("/", 1)[1])
        for option, _ in wrong(item):
            assert option in MOVEMENT_ROOTS, option
            assert not MOVEMENT_ROOTS[option] & level, (item.stem, option)
        seen += 1
    assert seen


def test_m8_no_made_up_thoracic_movement(banks):
    for item in items(banks["myotomes"]):
        assert "rib and trunk" not in all_text(item)


@pytest.mark.parametrize("template", ["movement-to-root-value", "indicator-to-root-value"])
def test_m9_m11_m12_m13_root_values_never_overlap_any_accepted_value(banks, template):
    seen = 0
    for item in items(banks["myotomes"], template):
        movement = item.card_id.rsplit("/", 1)[1]
        accepted = MOVEMENT_ROOTS[movement]
        for option, _ in wrong(item):
            assert not roots_of(option) & accepted, (item.stem, option)
        seen += 1
    assert seen


def test_m9_reverse_root_value_never_offers_a_movement_that_value_drives(banks):
    for item in items(banks["myotomes"], "root-value-to-movement"):
        stated = roots_named(item.stem)
        assert stated, item.stem
        for option, _ in wrong(item):
            assert not stated <= MOVEMENT_ROOTS[option], (item.stem, option)


def test_m9_a_stem_asking_for_a_pair_has_a_pair_as_its_key(banks):
    for bank in banks.values():
        for item in items(bank):
            if re.search(r"\bpair\b", item.stem) and roots_of(item.key):
                assert len(roots_of(item.key)) == 2, item.stem


def test_m10_knee_flexion_is_never_given_only_the_minority_value(banks):
    for item in items(banks["myotomes"]):
        for sentence in re.split(r"(?<=\.)\s", all_text(item)):
            after = sentence.partition("knee flexion")[2]
            if after and re.search(r"root value|movement of", sentence):
                named = roots_named(after)
                assert not named or "L5" in named or not named <= {"S1", "S2"}, sentence


# -- R: reflexes ------------------------------------------------------------------------
def test_r1_convention_does_not_deny_questions_the_deck_asks(banks):
    bank = banks["reflexes"]
    asked = {c.row_key for c in bank.cards() if c.template_id == "reflex-to-segments"}
    assert {"triceps jerk", "knee jerk"} <= asked
    assert "no question asks for that reflex's root value" not in bank.deck.convention


def test_r2_r3_r4_reflex_segments_never_overlap_any_accepted_value(banks):
    for item in items(banks["reflexes"], "reflex-to-segments"):
        reflex = item.card_id.rsplit("/", 1)[1]
        for option, _ in wrong(item):
            assert not roots_of(option) & REFLEX_ROOTS[reflex], (item.stem, option)
    for item in items(banks["reflexes"], "reflex-to-chief-root"):
        reflex = item.card_id.rsplit("/", 1)[1]
        for option, _ in wrong(item):
            assert not roots_of(option) & REFLEX_ROOTS[reflex], (item.stem, option)


def test_r4_r5_the_plantar_response_never_localises_a_root(banks):
    for bank in banks.values():
        for item in items(bank):
            text = item.stem.lower()
            # "a reduced plantar reflex/response" (not "plantarflexion" beside another reflex)
            plantar = re.search(r"\bplantar (?:reflex|response)", text)
            assert not ("reduced" in text and plantar), item.stem
            if item.key == "plantar reflex":
                assert not roots_named(item.stem), item.stem


def test_r5_no_two_cards_share_a_stem_with_different_keys(banks):
    keys: dict[str, tuple[str, str]] = {}
    for bank in banks.values():
        for item in items(bank):
            card, key = keys.setdefault(item.stem, (item.card_id, item.key))
            assert card == item.card_id or key == item.key, (item.stem, card, item.card_id)


def test_r6_cremasteric_afferent_limb_is_recorded(decks, banks):
    fact = Registry.build(decks).get("cremasteric reflex", "nerve")
    assert fact is not None and "ilioinguinal nerve" in fact.atoms()
    for item in items(banks["reflexes"], "reflex-to-nerve"):
        if "cremasteric" in item.stem:
            assert "ilioinguinal nerve" not in item.options


# -- L: lumbar localisation -------------------------------------------------------------
def test_l1_vignette_patients_fit_their_histories(banks):
    for bank in banks.values():
        for item in items(bank):
            stem = item.stem
            assert not re.search(r"\bin an? (man|woman)\b who", stem), stem
            if "pregnan" in stem:
                age = re.match(r"An? (\d+)-year-old (\w+)", stem)
                assert age and age.group(2) == "woman" and 16 <= int(age.group(1)) <= 45, stem


_PREFIXES = (
    "weakness of ",
    "4/5 power of ",
    "normal power of ",
    "reduced sensation over the ",
    "reduced pinprick sensation over the ",
)
_KINDS = {"weakness of ": "weak", "4/5 power of ": "weak", "normal power of ": "normal"}
_MOVEMENTS = set(MOVEMENT_ROOTS)
_AREAS = {a for lesion in MIMICS.values() for a in lesion.sensory}
_REFLEXES = {r for lesion in MIMICS.values() for r in lesion.reflexes}
_GAITS = {g for lesion in MIMICS.values() for g in lesion.gait}


def findings(stem: str) -> tuple[str | None, list[tuple[str, str]]]:
    """The history and the stated findings of a vignette stem, as (kind, phrase) pairs."""
    head, _, rest = stem.partition(". ")
    if "history of " in head:
        history: str | None = head.split("history of ", 1)[1]
    else:
        history = head.split(" with ", 1)[1] if " with " in head else None
    body = rest.split("?")[0]
    marks = sorted((m.start(), p) for p in _PREFIXES for m in re.finditer(re.escape(p), body))
    stated: list[tuple[str, str]] = []
    for i, (start, prefix) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(body)
        segment = body[start + len(prefix) : end]
        kind = _KINDS.get(prefix, "sensory")
        vocabulary = _AREAS if kind == "sensory" else _MOVEMENTS
        stated += [(kind, phrase) for phrase in mentioned(segment, vocabulary)]
    stated += [("reflex", r) for r in mentioned(body, _REFLEXES)]
    stated += [("gait", g) for g in mentioned(body, _GAITS)]
    return history, stated


def possible(lesion: Lesion, kind: str, phrase: str) -> bool:
    return (
        phrase
        in {
            "weak": lesion.weak,
            "normal": lesion.normal,
            "sensory": lesion.sensory,
            "reflex": lesion.reflexes,
            "gait": lesion.gait,
        }[kind]
    )


def defensible(lesion: Lesion, history: str | None, stated: list[tuple[str, str]]) -> bool:
    """True when nothing the stem states positively contradicts the lesion."""
    if history is not None and history not in lesion.pain:
        return False
    return all(possible(lesion, kind, phrase) for kind, phrase in stated)


@pytest.mark.parametrize("template", ["vignette-root", "vignette-mimic"])
def test_l2_l4_l7_l14_no_wrong_option_fits_every_stated_finding(banks, template):
    lesions = ROOT_LESIONS if template == "vignette-root" else MIMICS
    seen = 0
    for item in items(banks["lumbar-localisation"], template):
        history, stated = findings(item.stem)
        assert stated, item.stem
        for option, rationale in wrong(item):
            if option not in lesions:
                continue
            assert not defensible(lesions[option], history, stated), (item.stem, option)
            for kind, phrase in stated:
                if possible(lesions[option], kind, phrase):
                    assert f"not {phrase}" not in rationale, (item.stem, rationale)
        seen += 1
    assert seen


def test_l2_l3_vignettes_name_a_finding_that_excludes_the_neighbours(banks):
    for template in ("vignette-root", "vignette-disc"):
        for item in items(banks["lumbar-localisation"], template):
            if not item.card_id.endswith("/L3"):
                continue
            _, stated = findings(item.stem)
            assert {p for k, p in stated if k == "sensory"} & ROOT_LESIONS["L3"].sensory, item.stem


def test_l3_l11_test_meanings_are_distinct_and_grammatical(banks):
    lumbar = banks["lumbar-localisation"]
    for item in items(lumbar, "meaning-to-test"):
        assert "comes from" not in item.stem and "  " not in item.stem
        if item.key == "straight leg raise":
            assert "sensitiv" in item.stem
    bragard = [i for i in items(lumbar, "manoeuvre-to-test") if i.key == "Bragard's sign"]
    assert bragard and all("lowered until the leg pain just eases" in i.stem for i in bragard)


def test_l8_l10_gabapentinoid_advice_names_nice_ng59(banks):
    for item in items(banks["lumbar-localisation"]):
        text = all_text(item)
        if re.search(r"gabapentin|pregabalin", text, re.IGNORECASE):
            assert "NICE" in text, text
        assert not re.fullmatch(r"(gabapentin|pregabalin).*", item.key)


def test_l9_mri_pitfall_offers_no_defensible_interpretation(banks):
    for item in items(banks["lumbar-localisation"], question="mri-pitfall"):
        assert not any("excludes a disc cause" in o for o in item.options)


def test_l12_tests_that_are_not_root_tension_tests_are_not_filed_as_such(banks):
    deck = banks["lumbar-localisation"].deck
    for table in deck.tables.values():
        if table.row("Schober's test") or table.row("FABER test"):
            assert "root irritation" not in table.title.lower(), table.title
    for item in items(banks["lumbar-localisation"]):
        assert "Provocative tests for lumbar root irritation" not in all_text(item)


def test_l13_upper_lumbar_disc_items_note_the_conus(banks):
    texts = [
        i.explanation
        for i in items(banks["lumbar-localisation"], "vignette-disc")
        if i.card_id.endswith("/L2")
    ]
    assert texts and all("conus" in t for t in texts)


def test_l15_cauda_equina_stem_does_not_report_the_imaging_it_asks_for(banks):
    for item in items(banks["lumbar-localisation"], question="cauda-equina-management"):
        if "MRI" in item.key:
            assert "disc prolapse" not in item.stem


def test_l16_sciatic_nerve_stem_does_not_give_the_key_away(banks):
    for item in items(banks["lumbar-localisation"], question="largest-nerve"):
        assert "largest" not in item.stem
        assert "root" in item.explanation
