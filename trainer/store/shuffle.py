"""Each card's place in the shuffled order of new cards, as an integer the database can index.

The drill serves new cards shuffled within each deck: by the hash of the store's order seed and
the card's key (`trainer.study.new_cards`). The card keeps that hash for the default seed
(``cards.new_order_key``, revision 0010, written whenever a card is added), so today's first
new cards are an index range, not a sort of every new card. The integer orders as the hash's
bytes do: the 8 bytes read big-endian, shifted into a signed 64-bit column.
"""

from __future__ import annotations

import hashlib

STORED_SEED = 1  # the order seed whose keys the cards keep (`Settings.order_seed`'s default)


def order_hash(seed: int, text: str) -> bytes:
    """The 8-byte hash that places ``text`` (a card key or a deck id) in the shuffle."""
    return hashlib.blake2b(f"{seed}|{text}".encode(), digest_size=8).digest()


def order_key(card_key: str, seed: int = STORED_SEED) -> int:
    """``order_hash`` as a signed 64-bit integer that sorts as the bytes do."""
    return int.from_bytes(order_hash(seed, card_key), "big") - 2**63
