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
from collections.abc import Iterator
from dataclasses import dataclass, field

from trainer.deck.cell import norm
from trainer.deck.model import Deck, Row, Table, Template
from trainer.facts.registry import Registry
from trainer.generator.distractors import Judge, Option, Stated

ROWS_KEPT = 4_000


@dataclass
class TableWork:
    """One table's derived material; each part is filled on first use."""

    judge: Judge
    # (template id, row key) -> the cue statements that determine the key (from its proof)
    choices: dict[tuple[str, str], list[list[Stated]]] = field(default_factory=dict)
    # template id -> the table's answer values (`answers`)
    answered: dict[str, Answers] = field(default_factory=dict)
    _positions: dict[str, int] | None = None

    def answers(self, template: Template) -> Answers:
        """The answer values of ``template``'s column, read from every row once."""
        found = self.answered.get(template.id)
        if found is None:
            found = self.answered[template.id] = _answers(self.judge.table, template)
        return found

    def position(self, row_key: str) -> int | None:
        """The position of the row keyed ``row_key`` (the last one, should keys repeat)."""
        if self._positions is None:
            self._positions = {row.key: i for i, row in enumerate(self.judge.table.rows)}
        return self._positions.get(row_key)


@dataclass(frozen=True)
class Answers:
    """A table's answer values for one template, as the generator reads them. Kept as few
    objects as it can be (two lists, not a tuple per value; a row, not a list of one), since
    every object a kept table holds is walked by each of the cyclic collector's full passes,
    which the working set's turnover sets off."""

    # every answer value of the table as an option, in row order (not an unasked cell's),
    # and the position of its row
    options: list[Option]
    positions: list[int]
    # answer value -> the row whose answer cell admits it, or the rows if several do (atoms
    # alone too, for member mode)
    admitting: dict[frozenset[str], Row | list[Row]]
    # normalised option text -> option
    texts: dict[str, Option]

    @property
    def domain(self) -> Iterator[tuple[int, Option]]:
        """(row position, option) for every answer value, in row order."""
        return zip(self.positions, self.options, strict=True)

    def admitted(self, atoms: frozenset[str]) -> list[Row]:
        """The rows whose answer cell admits the value ``atoms``."""
        found = self.admitting.get(atoms)
        if found is None:
            return []
        return found if isinstance(found, list) else [found]


def _answers(table: Table, template: Template) -> Answers:
    """One pass over the rows: each row's answer cell is made and its values normalised once
    (three passes did it three times: about half of a table's first item at 1,000 rows)."""
    member = template.mode == "member"
    options: list[Option] = []
    positions: list[int] = []
    admitting: dict[frozenset[str], Row | list[Row]] = {}
    for position, row in enumerate(table.rows):
        cell = row.cell_alone(template.answer)
        if cell is None:
            continue
        own = frozenset(norm(v) for v in cell.values)  # `Cell.accepted_values`, first
        values = (own,) if not cell.also else (own, frozenset(norm(v) for v in cell.also))
        keys = set(values)
        if member:
            keys |= {frozenset({a}) for a in cell.accepted()}
        for atoms in keys:
            before = admitting.get(atoms)
            if before is None:
                admitting[atoms] = row
            elif isinstance(before, list):
                before.append(row)
            else:
                admitting[atoms] = [before, row]
        if cell.unasked:
            continue  # a disputed or unasked value is never drawn as an option from its row
        if member:
            for value in cell.values:
                options.append(Option(value, frozenset({norm(value)}), row))
                positions.append(position)
        else:
            options.append(Option(cell.text, own, row))
            positions.append(position)
    texts = {norm(option.text): option for option in options}
    return Answers(options, positions, admitting, texts)


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
