"""Today's new cards in the order the drill introduces them, read only as far as it gets.

New cards come shuffled within each deck (the same order for the same seed, each profile of a
store having its own: by the hash of the seed and the card's key, `trainer.store.shuffle`, ties
by card id), interleaved
across decks in a shuffled deck order (by the hash of the seed and the deck id), never row by
row down a table. `new_order` sorts a list of cards held in memory; `StoredNewCards` reads the
same order from the database a page at a time, one index range per deck (the cards keep their
hash, revision 0010): at 100,000 cards the day's first few hundred new cards are read instead
of every new card being read and sorted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from trainer.store.shuffle import order_hash

if TYPE_CHECKING:
    from trainer.study.source import NewCard

FIRST_PAGE = 256  # cards read from a deck at first; each further page twice the last
LAST_PAGE = 512

# (deck, the last (key, card id) read from it or None, how many): the next cards in order
PageReader = Callable[[str, tuple[int, int] | None, int], list[tuple[int, "NewCard"]]]


def deck_order(decks: Iterable[str], seed: int) -> list[str]:
    """The shuffled order in which decks take turns."""
    return sorted(set(decks), key=lambda deck: (order_hash(seed, deck), deck))


def new_order(cards: Iterable[NewCard], seed: int) -> list[NewCard]:
    """New cards shuffled within each deck (the same order for the same store and seed),
    interleaved across decks in a shuffled deck order."""
    by_deck: dict[str, list[NewCard]] = {}
    for card in cards:
        by_deck.setdefault(card.deck_id, []).append(card)
    decks = deck_order(by_deck, seed)
    for deck in decks:
        by_deck[deck].sort(key=lambda card: (order_hash(seed, card.card_key), card.id))
    ordered = []
    longest = max((len(v) for v in by_deck.values()), default=0)
    for index in range(longest):
        for deck in decks:
            if index < len(by_deck[deck]):
                ordered.append(by_deck[deck][index])
    return ordered


class NewCards(Protocol):
    """The new cards of a queue, in order, as they were when it was built."""

    def at(self, position: int) -> NewCard | None:
        """The card at ``position`` (None past the last)."""
        ...

    def starting(self, position: int) -> Iterator[NewCard]:
        """The cards from ``position`` on, in order."""
        ...

    def total(self) -> int:
        """How many there are."""
        ...


class ListedNewCards:
    """`NewCards` held as a list (a source without stored order keys: the simulator's)."""

    def __init__(self, cards: list[NewCard]) -> None:
        self.cards = cards

    def at(self, position: int) -> NewCard | None:
        return self.cards[position] if position < len(self.cards) else None

    def starting(self, position: int) -> Iterator[NewCard]:
        return iter(self.cards[position:])

    def total(self) -> int:
        return len(self.cards)


class StoredNewCards:
    """`NewCards` read from the database as far as they are asked for: each deck's cards a
    page at a time in key order, taken in turns across decks exactly as `new_order` does."""

    def __init__(self, decks: list[str], read: PageReader, count: Callable[[], int]) -> None:
        self.read = read
        self.count = count
        self.counted: int | None = None
        self.loaded: list[NewCard] = []
        self.turns = self._turns(decks)

    def _deck(self, deck: str) -> Iterator[NewCard]:
        last: tuple[int, int] | None = None
        size = FIRST_PAGE
        while True:
            page = self.read(deck, last, size)
            for _key, card in page:
                yield card
            if len(page) < size:
                return
            last = (page[-1][0], page[-1][1].id)
            size = min(size * 2, LAST_PAGE)

    def _turns(self, decks: list[str]) -> Iterator[NewCard]:
        """Round after round, the next card of each deck that still has one."""
        readers = [self._deck(deck) for deck in decks]
        while readers:
            left = []
            for reader in readers:
                card = next(reader, None)
                if card is not None:
                    left.append(reader)
                    yield card
            readers = left

    def at(self, position: int) -> NewCard | None:
        while len(self.loaded) <= position:
            card = next(self.turns, None)
            if card is None:
                return None
            self.loaded.append(card)
        return self.loaded[position]

    def starting(self, position: int) -> Iterator[NewCard]:
        while (card := self.at(position)) is not None:
            yield card
            position += 1

    def total(self) -> int:
        if self.counted is None:
            self.counted = self.count()
        return self.counted
