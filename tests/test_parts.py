"""A whole and its part are never rival options: a nerve and its own branch (median and anterior
interosseous, sciatic and tibial), a skin area and its sub-area (the front of the thigh and its
lower part), recorded once in a deck's ``includes`` and used bank-wide."""

from __future__ import annotations

import textwrap

import pytest

from trainer.deck import load_deck
from trainer.errors import DeckError
from trainer.facts.parts import Parts
from trainer.generator import Bank

SEEDS = range(10)


def test_parts_are_related_through_every_step_and_never_to_themselves():
    parts = Parts()
    parts.add("sciatic nerve", "common peroneal nerve")
    parts.add("Common peroneal nerve", "deep peroneal nerve")
    assert parts.related("deep peroneal nerve", "sciatic nerve")
    assert parts.related("sciatic nerve", "Deep  peroneal nerve")
    assert not parts.related("sciatic nerve", "sciatic nerve")
    assert not parts.related("deep peroneal nerve", "tibial nerve")


@pytest.mark.parametrize(
    ("card", "never"),
    [
        ("muscle-to-nerve/anterior interosseous nerve", {"median nerve"}),
        ("sign-to-nerve/anterior interosseous nerve", {"median nerve"}),
        ("injury-to-nerve/anterior interosseous nerve", {"median nerve"}),
        (
            "nerve-to-muscle/median nerve",
            {"flexor pollicis longus and the lateral half of flexor digitorum profundus"},
        ),
        ("nerve-to-sign/median nerve", {"inability to make an 'O' with the tips of the thumb"}),
        ("nerve-to-injury/median nerve", {"a supracondylar fracture of the humerus in a child"}),
    ],
)
def test_the_median_nerve_and_its_own_branch_are_never_rivals(decks, card, never):
    bank = Bank(next(d for d in decks if d.id == "upper-limb-nerves"))
    for options in (4, 5):
        for seed in SEEDS:
            item = bank.generate_any(f"upper-limb-nerves/{card}", seed, options)
            shown = {o for i, o in enumerate(item.options) if i != item.answer}
            assert not [o for o in shown for n in never if o.startswith(n[:40])], item.options


def test_a_sciatic_key_never_has_its_own_branches_beside_it(decks):
    bank = Bank(next(d for d in decks if d.id == "lower-limb-gaps"))
    branches = {"tibial nerve", "common peroneal nerve"}
    for card in bank.cards():
        if card.template_id not in ("movement-to-nerve", "injury-to-nerve"):
            continue
        for seed in SEEDS:
            item = bank.generate_any(card.card_id, seed, 5)
            if item.key == "sciatic nerve":
                assert not branches & set(item.options), item.options
            if item.key in branches:
                assert "sciatic nerve" not in item.options, item.options


def test_an_includes_entry_names_a_whole_and_a_part(tmp_path):
    path = tmp_path / "parts.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            id: parts
            title: Parts
            version: 1
            sources:
              LL: {title: Notes}
            includes:
              - [median nerve]
            questions:
              - id: q
                kind: anatomy
                topic: nerves
                stems: ["Which nerve supplies abductor pollicis brevis?"]
                answer: the median nerve
                distractors:
                  - {text: the ulnar nerve, why: "The ulnar nerve supplies the hypothenar muscles."}
                  - {text: the radial nerve, why: "The radial nerve supplies the extensors."}
                  - {text: the axillary nerve, why: "The axillary nerve supplies deltoid."}
                explanation: The median nerve supplies the thenar muscles.
                source: LL
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert any(":7:" in str(p) and "whole and at least one" in str(p) for p in info.value.problems)
