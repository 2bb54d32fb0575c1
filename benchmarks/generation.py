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


def rate(decks: list[Deck], seconds: float = 3.0) -> tuple[float, int]:
    banks = [Bank(d) for d in decks]
    cards = [(b, c.card_id) for b in banks for c in b.cards()]
    made = 0
    started = time.perf_counter()
    seed = 0
    while time.perf_counter() - started < seconds:
        for bank, card in cards[:2000]:
            item = bank.generate(card, seed)
            assert not check_item(item)
            made += 1
        seed += 1
    return made / (time.perf_counter() - started), len(cards)


def main() -> None:
    bundled, n1 = rate(load_decks(bundled_deck_paths()))
    big, n2 = rate([synthetic_deck(10_000)])
    lines = [
        "`python benchmarks/generation.py` — items generated, proven single-key and checked, per second,",
        "measured in the same run:",
        "",
        "| bank | cards | items/s |",
        "|---|---|---|",
        f"| bundled decks | {n1} | {bundled:,.0f} |",
        f"| synthetic 10,000-row table | {n2} | {big:,.0f} |",
        f"| ratio synthetic / bundled | | {big / bundled:.2f} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("Item generation", text)


if __name__ == "__main__":
    main()
