"""Each card's place in the shuffled order of new cards, as an integer the database can index.

The drill serves new cards shuffled within each deck: by the hash of the student's order seed
(`Settings.order_seed`) and the card's key (`trainer.study.new_cards`). The card keeps that
hash for its student's seed (``cards.new_order_key``, revision 0010, written whenever a card is
added and again if the seed changes), so today's first new cards are an index range, not a sort
of every new card. The integer orders as the hash's bytes do: the 8 bytes read big-endian,
shifted into a signed 64-bit column.

A store's first profile keeps the default seed; every later profile gets its own
(`profile_seed`, from its name), so students sharing a store (a class, a family) do not all
meet the syllabus in one order.
"""

from __future__ import annotations

import hashlib

DEFAULT_SEED = 1  # `Settings.order_seed`'s default: a store's first profile's


def order_hash(seed: int, text: str) -> bytes:
    """The 8-byte hash that places ``text`` (a card key or a deck id) in the shuffle."""
    return hashlib.blake2b(f"{seed}|{text}".encode(), digest_size=8).digest()


def order_key(card_key: str, seed: int = DEFAULT_SEED) -> int:
    """``order_hash`` as a signed 64-bit integer that sorts as the bytes do."""
    return int.from_bytes(order_hash(seed, card_key), "big") - 2**63


def profile_seed(name: str) -> int:
    """The order seed of a profile made in a store that already has one: from its name, so
    the same name always shuffles alike, and never the default."""
    value = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big")
    return DEFAULT_SEED + 1 + value % (2**31 - 2)
