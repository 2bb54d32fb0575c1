"""Which root a place names: the key sensory points and landmarks of the decks' root tables,
so that a wrongly chosen key point ("anteromedial thigh") can be drawn at its root (L2)."""

from __future__ import annotations

from collections.abc import Iterable

from trainer.deck.model import Deck

PLACE_COLUMNS = ("key_point", "landmark")


def place_roots(decks: Iterable[Deck]) -> dict[str, tuple[str, ...]]:
    """Place text (casefolded) -> the roots of the row that names it. A place two rows with
    different roots name is left out: the map draws only what one row states."""
    found: dict[str, tuple[str, ...]] = {}
    clashing: set[str] = set()
    for deck in decks:
        for table in deck.tables.values():
            key = table.columns.get(table.key)
            if key is None or key.type != "roots":
                continue
            for row in table.rows:
                roots = row.cells[table.key].values
                for column in PLACE_COLUMNS:
                    cell = row.cells.get(column)
                    for value in cell.values if cell is not None else ():
                        place = value.casefold()
                        if found.setdefault(place, roots) != roots:
                            clashing.add(place)
    return {place: roots for place, roots in found.items() if place not in clashing}
