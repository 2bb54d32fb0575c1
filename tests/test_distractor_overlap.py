"""No option of a root-valued item lies within another: never "L5" beside "L5, S1", even as
two distractors.

Two nested wrong options make one of them "more wrong" than the other and cue the test-taker
away from both. (Neighbouring pairs that share one root, "L4, L5" beside "L5, S1", are the
usual option set of real items and are not nested.) Checked over every card of the bundled
bank, with four and five options and several seeds.
"""

from __future__ import annotations

from itertools import combinations

from trainer.deck.model import Deck
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.generator import Bank, CannotGenerate, CardSpec

SEEDS = (0, 1, 2, 3, 7)


def _roots(text: str) -> frozenset[str] | None:
    try:
        return frozenset(parse_roots(text))
    except RootSyntaxError:
        return None


def nested(options: tuple[str, ...]) -> list[tuple[str, str]]:
    """The pairs of options one of which holds the other, where every option is a root value."""
    parsed = [_roots(o) for o in options]
    if any(p is None for p in parsed):
        return []
    pairs = zip(options, parsed, strict=True)
    return [(a, b) for (a, ra), (b, rb) in combinations(pairs, 2) if ra <= rb or rb <= ra]


def test_the_finder_sees_a_root_beside_a_pair_that_holds_it():
    assert nested(("L3, L4", "L5", "L5, S1", "S1, S2")) == [("L5", "L5, S1")]
    assert nested(("T10–T12", "L4–S1", "L5", "S2–S4")) == [("L4–S1", "L5")]
    assert nested(("C5", "C6", "C7", "C8")) == []
    assert nested(("L4, L5", "L5, S1", "S1, S2", "S2, S3")) == []
    assert nested(("radial nerve", "C5, C6")) == []


def _root_valued(deck: Deck, card: CardSpec) -> bool:
    """A template card whose answer column holds roots; a question or case is judged by its
    options (a disc level such as "C5-C6" is written as a range and is not a root value)."""
    template = next((t for t in deck.templates if t.id == card.template_id), None)
    if template is None:  # a hand-written question or a generated ISNCSCI case
        return True
    return deck.tables[template.table].columns[template.answer].type == "roots"


def test_no_item_offers_a_root_beside_a_range_that_holds_it(decks):
    found = []
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            if not _root_valued(deck, card):
                continue
            for options in (4, 5):
                for seed in SEEDS:
                    try:
                        item = bank.generate(card.card_id, seed, options)
                    except CannotGenerate:
                        continue
                    if card.row_key is None and any("-" in o for o in item.options):
                        continue  # disc levels, not root values
                    pairs = nested(item.options)
                    if pairs:
                        found.append((card.card_id, options, seed, item.options))
    assert not found, f"{len(found)} items, e.g. {found[:5]}"
