"""Build the bank-wide registry from loaded decks and report facts recorded inconsistently.

Sources of a fact, all merged into one `Fact`:

* a ``facts:`` entry (``subject``, ``relation``, ``value``, ``also``): the declared record;
* a table column with ``fact: RELATION``: each row's cell is the row subject's value;
* a table column with ``fact_of: RELATION``: each value listed in a row's cell is a subject
  whose relation includes the row's key (a myotome chart listing movements under a level).

Where no ``facts:`` entry exists, two places that record different values for the same fact
are a conflict; where one exists, every table value must be one of its values.
"""

from __future__ import annotations

from collections.abc import Iterable

from trainer.deck.model import Cell, Column, Deck, Row, Table, norm
from trainer.errors import Problem
from trainer.facts.model import Fact, Place, Value
from trainer.facts.parts import Parts


def _atoms(values: Iterable[str]) -> frozenset[str]:
    return frozenset(norm(v) for v in values)


class Registry:
    """Facts by (subject, relation), normalised; built once for every deck loaded together."""

    def __init__(self) -> None:
        self.facts: dict[tuple[str, str], Fact] = {}
        self.problems: list[Problem] = []
        self.parts = Parts()

    @classmethod
    def build(cls, decks: Iterable[Deck]) -> Registry:
        registry = cls()
        decks = list(decks)
        for deck in decks:
            registry._declared(deck)
            for whole, *parts in deck.includes:
                for part in parts:
                    registry.parts.add(whole, part)
        for deck in decks:
            for table in deck.tables.values():
                registry._table(deck, table)
        registry._check()
        return registry

    # -- lookup ---------------------------------------------------------------------------
    def get(self, subject: str, relation: str) -> Fact | None:
        return self.facts.get((norm(subject), relation))

    def __len__(self) -> int:
        return len(self.facts)

    def _fact(self, subject: str, relation: str, kind: str) -> Fact:
        key = (norm(subject), relation)
        fact = self.facts.get(key)
        if fact is None:
            fact = self.facts[key] = Fact(subject=subject, relation=relation, kind=kind)
        return fact

    # -- recording ------------------------------------------------------------------------
    def _declared(self, deck: Deck) -> None:
        path = str(deck.path or deck.id)
        for entry in deck.facts:
            place = Place(path, entry.line)
            fact = self._fact(entry.subject, entry.relation, entry.kind)
            mine = {_atoms(entry.value), *(_atoms(a) for a in entry.also)}
            if fact.declared is not None and set(fact.whole_values()) == mine:
                continue  # the same record declared by another deck loaded alongside
            if fact.declared is not None:
                self.problems.append(
                    Problem(
                        path,
                        entry.line,
                        1,
                        f"fact {entry.subject!r} ({entry.relation}) is recorded with other values "
                        f"at {fact.declared}; record every accepted value in one entry",
                    )
                )
                continue
            fact.declared = place
            fact.complete = entry.complete
            fact.note = entry.note
            fact.disputed = entry.disputed
            fact.sources = entry.sources
            fact.values.append(Value(_atoms(entry.value), _text(entry.value, entry.kind), place))
            for other in entry.also:
                fact.values.append(Value(_atoms(other), _text(other, entry.kind), place, False))

    def _table(self, deck: Deck, table: Table) -> None:
        path = str(deck.path or deck.id)
        for column in table.columns.values():
            if column.fact is None and column.fact_of is None:
                continue
            for row in table.rows:
                cell = row.cell(column.name)
                if cell is None:
                    continue
                if column.fact is not None:
                    self._forward(deck, table, column, row, cell, path)
                if column.fact_of is not None:
                    self._inverse(deck, table, column, row, cell, path)

    def _forward(
        self, deck: Deck, table: Table, column: Column, row: Row, cell: Cell, path: str
    ) -> None:
        assert column.fact is not None
        fact = self._fact(row.key, column.fact, column.type)
        place = Place(path, cell.line)
        if fact.declared is None:
            fact.complete = fact.complete or complete(deck, column)
            fact.disputed = fact.disputed or cell.disputed
            fact.note = fact.note or cell.note
        elif cell.disputed and not fact.disputed:
            fact.disputed = cell.disputed
        fact.values.append(Value(_atoms(cell.values), cell.text, place))
        if cell.also:
            also = tuple(cell.also)
            fact.values.append(Value(_atoms(also), _text(also, column.type), place, False))

    def _inverse(
        self, deck: Deck, table: Table, column: Column, row: Row, cell: Cell, path: str
    ) -> None:
        assert column.fact_of is not None
        key_cell = row.cell(table.key)
        if key_cell is None:
            return
        kind = table.columns[table.key].type
        place = Place(path, cell.line)
        for value in (*cell.values, *cell.also):
            fact = self._fact(value, column.fact_of, kind)
            if fact.declared is None:
                fact.complete = fact.complete or complete(deck, column, inverse=True)
            for atom in key_cell.accepted():
                fact.parts.setdefault(atom, place)

    # -- consistency ----------------------------------------------------------------------
    def _check(self) -> None:
        for fact in self.facts.values():
            if fact.declared is not None:
                self._check_declared(fact)
            else:
                self._check_undeclared(fact)

    def _check_declared(self, fact: Fact) -> None:
        declared = [v for v in fact.values if v.place == fact.declared]
        accepted = [v.atoms for v in declared]
        atoms = frozenset().union(*accepted) if accepted else frozenset()
        for value in fact.values:
            if value.place == fact.declared:
                continue
            fits = value.atoms in accepted if fact.kind == "roots" else value.atoms <= atoms
            if not fits:
                self._conflict(fact, value.place, value.text, declared[0].text, fact.declared)
        if fact.complete:
            for atom, place in fact.parts.items():
                if atom not in atoms:
                    self._conflict(fact, place, atom.upper(), declared[0].text, fact.declared)

    def _check_undeclared(self, fact: Fact) -> None:
        primaries = [v for v in fact.values if v.primary]
        if not primaries:
            return
        first = primaries[0]
        accepted = {v.atoms for v in fact.values if v.place == first.place}
        for value in primaries[1:]:
            if value.place == first.place or value.atoms in accepted:
                continue
            mine = {v.atoms for v in fact.values if v.place == value.place}
            if first.atoms in mine:
                continue
            self._conflict(fact, value.place, value.text, first.text, first.place)

    def _conflict(
        self, fact: Fact, place: Place, text: str, other: str, other_place: Place | None
    ) -> None:
        where = f" at {other_place}" if other_place else ""
        self.problems.append(
            Problem(
                place.path,
                place.line,
                1,
                f"fact {fact.subject!r} ({fact.relation}) is recorded as {text} here but as "
                f"{other}{where}: record every accepted value once under 'facts:'",
            )
        )


def complete(deck: Deck, column: Column, *, inverse: bool = False) -> bool:
    """Whether a column's lists are whole records. Roots and single values are whole facts;
    lists are open (they prove nothing they omit) unless marked ``complete: true``. Decks in the
    first format read every column as complete."""
    if column.complete is not None:
        return column.complete
    if deck.format < 2:
        return True
    if inverse:
        return False
    return column.type == "roots" or not column.many


def _text(values: tuple[str, ...], kind: str) -> str:
    from trainer.deck.model import format_value

    return format_value(values, kind) if kind == "roots" else " and ".join(values)
