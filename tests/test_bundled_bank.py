"""The bundled bank as a whole: its size, its share of vignettes, the decks the docs list, and
facts the cervical, nerve and cord decks must key correctly."""

from __future__ import annotations

from pathlib import Path

from trainer.deck.model import Deck
from trainer.generator import Bank, forms
from trainer.generator.item import CardSpec

ROOT = Path(__file__).resolve().parent.parent


def _is_vignette(deck: Deck, card: CardSpec) -> bool:
    # generated ISNCSCI cases are not counted as vignettes here
    return forms.vignette_form(deck, card, cases=False)


def _bank(decks, deck_id: str) -> Bank:
    return Bank(next(d for d in decks if d.id == deck_id))


def test_the_bank_exceeds_600_cards_with_a_third_in_vignette_form(decks):
    cards = vignettes = 0
    for deck in decks:
        for card in Bank(deck).cards():
            cards += 1
            vignettes += _is_vignette(deck, card)
    assert cards > 600
    assert 3 * vignettes >= cards


def test_every_bundled_deck_is_listed_with_its_sources(decks):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listing = (ROOT / "docs" / "decks.md").read_text(encoding="utf-8")
    for deck in decks:
        assert f"`{deck.id}`" in readme, deck.id
        assert f"`{deck.id}`" in listing, deck.id


def test_cervical_roots_leave_above_their_vertebra_and_lumbar_roots_below(decks):
    bank = _bank(decks, "cervical-spine")
    expected = {
        "cervical-spine/cervical-disc-to-root/C6-C7": "C7",
        "cervical-spine/cervical-disc-to-root/C5-C6": "C6",
        "cervical-spine/foramen-to-root/between the C7 and T1 vertebrae": "C8",
        "cervical-spine/lumbar-foramen-to-root/between the L4 and L5 vertebrae": "L4",
    }
    for card_id, key in expected.items():
        for seed in range(5):
            assert bank.generate(card_id, seed).key == key


def test_a_c7_radiculopathy_vignette_is_keyed_to_c7_and_never_offers_c7_as_wrong(decks):
    bank = _bank(decks, "cervical-spine")
    for seed in range(20):
        item = bank.generate("cervical-spine/vignette-root/C7", seed, 5)
        assert item.key == "C7"
        assert item.stem.startswith("A ") and "-year-old" in item.stem
        assert item.options.count("C7") == 1


def test_nerve_mimics_are_told_from_their_roots_by_a_stated_finding(decks):
    bank = _bank(decks, "upper-limb-nerves")
    for seed in range(20):
        item = bank.generate("upper-limb-nerves/vignette-lesion/carpal tunnel syndrome", seed)
        assert item.key == "carpal tunnel syndrome"
        if "C6 radiculopathy" in item.options:
            # the option is ruled out by a recorded fact set against the key's
            why = item.rationales[item.options.index("C6 radiculopathy")]
            assert why.startswith("C6 radiculopathy") and "carpal tunnel syndrome" in why


def test_disputed_segments_are_never_offered_as_wrong(decks):
    bank = _bank(decks, "reflexes-extra")
    for seed in range(20):
        item = bank.generate_any("reflexes-extra/reflex-to-segments/finger jerk", seed, 5)
        assert item.key == "C8"
        # C7, C8 and C8, T1 are other conventions' values: no option may overlap them
        assert not {"C7", "T1", "C7, C8", "C8, T1"} & set(item.options)


def test_vignette_patients_fit_their_history(decks):
    bank = _bank(decks, "upper-limb-nerves")
    for seed in range(40):
        item = bank.generate("upper-limb-nerves/vignette-lesion/carpal tunnel syndrome", seed)
        if "pregnancy" in item.stem:
            assert "-year-old woman" in item.stem
