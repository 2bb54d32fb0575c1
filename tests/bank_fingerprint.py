"""A fingerprint of the whole bundled bank: every card, and every item (or refusal) it gives
for two seeds at four and at five options, each deck hashed on its own.

The fingerprint is what a change of representation (how decks, proofs and cards are held in
memory) must leave exactly as it was. A change that alters cards or items on purpose (a deck
edit, a new distractor rule) records a new fingerprint:

    python -m tests.bank_fingerprint --update
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from trainer.deck import load_decks
from trainer.deck.model import Deck
from trainer.generator import Bank, CannotGenerate
from trainer.paths import bundled_deck_paths

RECORD = Path(__file__).resolve().parent / "bank_fingerprint.txt"
SEEDS = (0, 7)
OPTIONS = (4, 5)


def deck_lines(deck: Deck, bank: Bank | None = None) -> list[str]:
    """One line per card and per (seed, options): the card, then each item in full (stem,
    options, key, rationales, facts, what the stem states) or the reason it cannot be made."""
    bank = bank if bank is not None else Bank(deck)
    vignettes = bank.vignette_cards()
    lines = []
    for card in bank.cards():
        lines.append(f"card {card!r} vignette={card.card_id in vignettes}")
        for seed in SEEDS:
            for options in OPTIONS:
                try:
                    item = bank.generate(card.card_id, seed, options)
                except CannotGenerate as exc:
                    lines.append(f"  {seed}/{options} refused {exc.reason!r} {exc.colliding!r}")
                else:
                    lines.append(f"  {seed}/{options} {item!r}")
    return lines


def fingerprints(decks: list[Deck] | None = None) -> dict[str, str]:
    """Deck id -> sha256 of its lines (with its number of cards, for a readable diff)."""
    found = {}
    for deck in decks if decks is not None else load_decks(bundled_deck_paths()):
        lines = deck_lines(deck)
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        cards = sum(line.startswith("card ") for line in lines)
        found[deck.id] = f"{cards} {digest}"
    return found


def recorded() -> dict[str, str]:
    entries = {}
    for line in RECORD.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            deck_id, rest = line.split(" ", 1)
            entries[deck_id] = rest
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="record the current fingerprint")
    args = parser.parse_args()
    found = fingerprints()
    if args.update:
        header = "# deck id, cards, sha256 of its cards and items: python -m tests.bank_fingerprint"
        body = "\n".join(f"{deck_id} {value}" for deck_id, value in sorted(found.items()))
        RECORD.write_text(f"{header}\n{body}\n", encoding="utf-8")
    for deck_id, value in sorted(found.items()):
        print(deck_id, value)


if __name__ == "__main__":
    main()
