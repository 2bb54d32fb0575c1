"""Items generated and verified per second: bundled decks and a synthetic 10,000-row table.

Run: python benchmarks/generation.py   (prints figures and rewrites its section of docs/benchmarks.md)
"""

from __future__ import annotations

import time

from _docs import synthetic_deck, write_section

from trainer.deck import load_decks
from trainer.deck.model import Deck
from trainer.generator import Bank, check_item
from trainer.paths import bundled_deck_paths


def rate(decks: list[Deck], seconds: float = 3.0) -> tuple[float, float, int]:
    """(first items per second: each card's first item, which builds and proves what the card
    needs; later items per second: further variants of cards already served; cards), over at
    most 2,000 of the bank's cards."""
    banks = [Bank(d) for d in decks]
    cards = [(b, c.card_id) for b in banks for c in b.cards()][:2000]
    started = time.perf_counter()
    for bank, card in cards:
        assert not check_item(bank.generate(card, 0))
    first = len(cards) / (time.perf_counter() - started)
    made = 0
    seed = 1
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for bank, card in cards:
            item = bank.generate(card, seed)
            assert not check_item(item)
            made += 1
        seed += 1
    return first, made / (time.perf_counter() - started), len(cards)


def main() -> None:
    bundled = rate(load_decks(bundled_deck_paths()))
    big = rate([synthetic_deck(10_000)])
    lines = [
        "`python benchmarks/generation.py` — items generated, proven single-key and checked, per "
        "second, measured in the same run: each card's first item (which builds what the card "
        "needs: its table's answer values, its single-key proof) and then further variants of "
        "the same cards (at most 2,000 of them).",
        "",
        "| bank | cards | first items/s | later items/s |",
        "|---|---|---|---|",
        f"| bundled decks | {bundled[2]:,} | {bundled[0]:,.0f} | {bundled[1]:,.0f} |",
        f"| synthetic 10,000-row table | {big[2]:,} (of 10,000) | {big[0]:,.0f} | {big[1]:,.0f} |",
        f"| ratio synthetic / bundled | | {big[0] / bundled[0]:.2f} | {big[1] / bundled[1]:.2f} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("Item generation", text)


if __name__ == "__main__":
    main()
