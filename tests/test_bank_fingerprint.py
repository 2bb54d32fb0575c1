"""Every bundled card and every item it gives (two seeds, four and five options) are exactly
those recorded in tests/bank_fingerprint.txt: how the bank is held in memory may change, what
it asks may not, unless the record is renewed on purpose (see tests/bank_fingerprint.py)."""

from __future__ import annotations

from tests.bank_fingerprint import fingerprints, recorded


def test_the_bundled_bank_gives_exactly_the_recorded_cards_and_items(decks):
    found = fingerprints(decks)
    expected = recorded()
    changed = sorted(d for d in found.keys() | expected.keys() if found.get(d) != expected.get(d))
    assert not changed, (
        f"cards or items changed in {changed}; if on purpose (a deck or generator change), "
        "record them again with: python -m tests.bank_fingerprint --update"
    )
