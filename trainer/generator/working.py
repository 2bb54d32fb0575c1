"""What a bank derives from one table to prove and build items, kept for the tables in use.

Proving a card single-keyed reads the table's facts (`Judge`: one record per row and column,
and an atom index per stated column); building its items reads every answer value of the
table as an option. (What a proof concluded is kept by the bank, a few bits a card.) All of it is derived from the deck alone, so it can be dropped and made
again with the same result. A bank keeps it for the most recently used tables up to a number
of rows (`ROWS_KEPT`): a deck of a few hundred rows keeps everything, a deck of 100,000 rows
keeps a few tables' worth instead of every card's proof for as long as the trainer runs.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from trainer.deck.model import Deck, Row, Table
from trainer.facts.registry import Registry
from trainer.generator.distractors import Judge, Option

ROWS_KEPT = 4_000


@dataclass
class TableWork:
    """One table's derived material; each part is filled on first use."""

    judge: Judge
    # template id -> every answer value of the table as an option, in row order
    domains: dict[str, list[tuple[int, Option]]] = field(default_factory=dict)
    # template id -> answer value -> the rows whose answer cell admits it
    admits: dict[str, dict[frozenset[str], list[Row]]] = field(default_factory=dict)
    # template id -> normalised option text -> option
    texts: dict[str, dict[str, Option]] = field(default_factory=dict)
    _positions: dict[str, int] | None = None

    def position(self, row_key: str) -> int | None:
        """The position of the row keyed ``row_key`` (the last one, should keys repeat)."""
        if self._positions is None:
            self._positions = {row.key: i for i, row in enumerate(self.judge.table.rows)}
        return self._positions.get(row_key)


class WorkingSet:
    """`TableWork` for the most recently used tables of one deck, up to ``rows`` rows in all
    (the table in use is always kept, however large)."""

    def __init__(self, deck: Deck, registry: Registry, rows: int = ROWS_KEPT) -> None:
        self.deck = deck
        self.registry = registry
        self.rows = rows
        self._kept: OrderedDict[str, TableWork] = OrderedDict()
        self._size = 0

    def get(self, table: Table) -> TableWork:
        work = self._kept.get(table.name)
        if work is not None:
            self._kept.move_to_end(table.name)
            return work
        work = TableWork(Judge(self.deck, table, self.registry))
        self._kept[table.name] = work
        self._size += len(table.rows)
        while self._size > self.rows and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped.judge.table.rows)
        return work
