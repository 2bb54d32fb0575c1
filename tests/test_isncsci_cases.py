"""Generated ISNCSCI cases: every key is the classifier's answer, every option definite."""

from __future__ import annotations

import re

import pytest

from trainer.isncsci import classify
from trainer.isncsci.cases import GRADES, REGIONS, draw, worksheet_text
from trainer.isncsci.questions import INT, build, cards, generate

SEEDS = range(12)


def _value(option: str) -> str:
    return option.removeprefix("AIS ").replace("S4-5", "S4_5").replace("intact (INT)", INT)


@pytest.mark.parametrize("options", [4, 5])
def test_every_case_card_has_one_key_that_the_classifier_gives(options: int) -> None:
    for card in cards():
        for seed in SEEDS:
            item = generate(card.card_id, seed, options)
            case, field, _ = build(card.card_id, seed)
            truth = classify(case.exam)[field]
            assert "," not in truth  # every cell scored: one value per field
            values = [_value(o) for o in item.options]
            assert len(set(values)) == options
            assert values[item.answer] == truth, (card.card_id, seed)
            assert [v for v in values if v == truth] == [truth]


def test_rationales_are_sentences() -> None:
    doubled = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
    for card in cards():
        for seed in range(4):
            item = generate(card.card_id, seed, 5)
            for text in (item.explanation, *item.rationales):
                assert text[0].isupper() or text[0].isdigit(), text
                assert text.endswith("."), text
                assert "{" not in text and "}" not in text, text
                assert not doubled.search(text), text
                assert not re.search(r"\([^)]*\(", text), text


def test_each_review_draws_a_fresh_examination() -> None:
    card = cards()[0].card_id
    stems = {generate(card, seed, 4).stem for seed in range(10)}
    assert len(stems) >= 8


def test_drawn_injuries_have_the_grade_they_were_drawn_for() -> None:
    import random

    rng = random.Random(7)
    hits = total = 0
    for levels in REGIONS.values():
        for grade in GRADES:
            for _ in range(15):
                case = draw(rng, rng.choice(levels), grade)
                total += 1
                hits += case.result["asiaImpairmentScale"] == grade
    assert hits / total > 0.6, (hits, total)


def test_worksheet_fits_the_terminal() -> None:
    import random

    rng = random.Random(3)
    for grade in GRADES:
        text = worksheet_text(draw(rng, "C6", grade).flat)
        assert max(len(line) for line in text.splitlines()) <= 64


def test_the_bundled_case_deck_serves_case_cards_through_the_bank() -> None:
    from trainer.deck import load_decks
    from trainer.generator.bank import Bank
    from trainer.paths import bundled_deck_paths

    (deck,) = [d for d in load_decks(bundled_deck_paths()) if d.cases]
    bank = Bank(deck)
    specs = bank.cards()
    assert len(specs) == len(cards(deck.id)) >= 50
    item = bank.generate(specs[0].card_id, 3, 5)
    assert item.deck == deck.id and len(item.options) == 5
    assert item.sources == tuple(s.title for s in deck.sources.values())


def test_a_deck_naming_an_unknown_case_generator_is_refused(tmp_path) -> None:
    from trainer.deck import load_decks
    from trainer.errors import DeckError

    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\ntitle: Bad\nversion: 1\nsources:\n  S: {title: A source}\ncases: [tarot]\n"
    )
    with pytest.raises(DeckError, match=r"bad.yaml:6:\d+: cases: 'tarot' is not a case generator"):
        load_decks([path])
