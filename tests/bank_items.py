"""Every item a card gives over a range of seeds, four and five options: the loop the
bank-wide content checks share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from trainer.generator import Bank
from trainer.generator.item import CannotGenerate, Item


def card_items(
    bank: Bank, card_id: str, seeds: Iterable[int], any_form: bool = True
) -> Iterator[Item]:
    """The card's item for each seed, with 4 and with 5 options; ``any_form`` makes the item
    the drill would (`Bank.generate_any`), else the card's own form (`Bank.generate`). A
    combination the card cannot make is left out (`tests/test_generator.py` reports those)."""
    make = bank.generate_any if any_form else bank.generate
    for seed in seeds:
        for options in (4, 5):
            try:
                yield make(card_id, seed, options)
            except CannotGenerate:
                continue
