"""Every bundled card and every item it gives (two seeds, four and five options) are exactly
those recorded in tests/bank_fingerprint.txt: how the bank is held in memory may change, what
it asks may not, unless the record is renewed on purpose (see tests/bank_fingerprint.py)."""

from __future__ import annotations

from tests.bank_fingerprint import deck_lines, fingerprints, recorded
from trainer.generator import Bank


def test_the_bundled_bank_gives_exactly_the_recorded_cards_and_items(decks):
    found = fingerprints(decks)
    expected = recorded()
    changed = sorted(d for d in found.keys() | expected.keys() if found.get(d) != expected.get(d))
    assert not changed, (
        f"cards or items changed in {changed}; if on purpose (a deck or generator change), "
        "record them again with: python -m tests.bank_fingerprint --update"
    )


def test_a_bank_keeping_one_table_at_a_time_gives_the_same_cards_and_items(decks):
    """What a bank drops of a table it is not using (facts, indexes, option domains) is made
    again with the same result: a bank that keeps one row's worth drops every table but the
    one in use, and still gives exactly what a bank keeping everything gives."""
    several = [d for d in decks if len(d.tables) > 1]
    assert several
    for deck in several:
        assert deck_lines(deck, Bank(deck, rows_kept=1)) == deck_lines(deck), deck.id
