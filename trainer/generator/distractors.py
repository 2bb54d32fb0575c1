"""Open-world distractor choice: an option is wrong only where a recorded fact contradicts it.

A row *clashes* with something the stem states when its record positively says otherwise:

* the stem names a different subject (another row's key);
* a complete fact of the row (a root value, a single-valued column, a list marked complete, or
  the bank-wide fact the column links to) accepts nothing of the stated value;
* an opposing column of the row lists the stated value ("normal power of ankle inversion"
  against a row whose weakness includes ankle inversion, and the reverse);
* the stated value is a subject whose bank-wide fact excludes the row (``fact_of``).

Options come from the key's body region (roots) and, where the deck groups a table's rows by
construct, from the key row's construct (`same_construct`).

A disputed fact is never the reason given for a wrong option. A list that merely omits the stated value proves nothing (first-format decks excepted, which
read every list as complete). An option is accepted as a distractor only when every row that
admits it clashes, or when the stated subject's own complete fact denies it; it is never
accepted when it overlaps any value the key's fact accepts under any convention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from trainer.deck.model import Column, Deck, Row, Table, Template, norm
from trainer.deck.roots import ROOT_INDEX
from trainer.facts.model import Fact, Place, Value
from trainer.facts.registry import Registry, complete

T = TypeVar("T")


@dataclass(frozen=True)
class Stated:
    """One thing the stem states: a column of the key row and the value(s) it names."""

    column: str
    values: tuple[str, ...]
    text: str

    @property
    def atoms(self) -> frozenset[str]:
        return frozenset(norm(v) for v in self.values)


@dataclass(frozen=True)
class Option:
    text: str
    atoms: frozenset[str]
    row: Row | None  # the row it was drawn from; None for a shifted root value


@dataclass(frozen=True)
class Clash:
    """The recorded fact that makes a row (or a value) wrong for what the stem states."""

    kind: str  # subject | fact | opposes | inverse | absent
    row: Row | None  # the row whose record clashes (None: the stated subject's own fact)
    stated: Stated | None
    column: str  # the column whose record speaks
    values: tuple[str, ...] = ()  # what that record says
    fact: Fact | None = field(default=None, compare=False)


class Judge:
    """Decides, for one table, which rows and values a stem's statements exclude."""

    def __init__(self, deck: Deck, table: Table, registry: Registry) -> None:
        self.deck = deck
        self.table = table
        self.registry = registry
        self._facts: dict[tuple[int, str], Fact | None] = {}
        self._indexes: dict[str, tuple[dict[frozenset[str] | str, list[int]], list[int]]] = {}
        self.open = deck.format >= 2
        self._where = str(deck.path or deck.id)  # one string for every fact's place

    # -- facts ----------------------------------------------------------------------------
    def fact(self, row: Row, column: str) -> Fact | None:
        """The record of ``row``'s value in ``column``: the bank-wide fact when linked."""
        key = (row.index, column)
        if key not in self._facts:
            self._facts[key] = self._make_fact(row, self.table.columns[column])
        return self._facts[key]

    def _make_fact(self, row: Row, column: Column) -> Fact | None:
        if column.fact is not None:
            linked = self.registry.get(row.key, column.fact)
            if linked is not None:
                return linked
        cell = row.cell(column.name)
        if cell is None:
            return None
        place = Place(self._where, cell.line)
        values = [Value(frozenset(norm(v) for v in cell.values), cell.text, place)]
        if cell.also:
            values.append(Value(frozenset(norm(v) for v in cell.also), "", place, False))
        return Fact(
            subject=row.key,
            relation=column.name,
            kind=column.type,
            values=values,
            complete=complete(self.deck, column),
            note=cell.note,
            disputed=cell.disputed,
        )

    def key_atoms(self, row: Row) -> frozenset[str]:
        cell = row.cell(self.table.key)
        return cell.accepted() if cell is not None else frozenset({norm(row.key)})

    # -- clashes --------------------------------------------------------------------------
    def clash(self, row: Row, stated: Stated, strict: bool = False) -> Clash | None:
        table = self.table
        column = table.columns[stated.column]
        if stated.column == table.key:
            if self.key_atoms(row) != stated.atoms:
                return Clash("subject", row, stated, stated.column, (row.key,))
            return None
        for other in table.columns.values():
            if other.opposes == stated.column or (
                column.opposes == other.name and other.name != stated.column
            ):
                cell = row.cell(other.name)
                hit = [v for v in (cell.values if cell else ()) if norm(v) in stated.atoms]
                if hit:
                    return Clash("opposes", row, stated, other.name, tuple(hit))
        if column.fact_of is not None:
            for value in stated.values:
                fact = self.registry.get(value, column.fact_of)
                if (
                    fact is not None
                    and not fact.disputed
                    and fact.excludes(self.key_atoms(row), strict=False)
                ):
                    return Clash("inverse", row, stated, stated.column, (value,), fact)
            if self.open:
                return None
        fact = self.fact(row, stated.column)
        if fact is None:
            if self.open:
                return None
            return Clash("absent", row, stated, stated.column)
        if fact.excludes(stated.atoms, strict):
            cell = row.cell(stated.column)
            shown = cell.values if cell is not None else ()
            return Clash("fact", row, stated, stated.column, shown, fact)
        return None

    def clashes(self, row: Row, stated: list[Stated], strict: bool = False) -> list[Clash]:
        return [c for s in stated if (c := self.clash(row, s, strict)) is not None]

    def consistent(self, stated: list[Stated]) -> list[Row]:
        """Rows the stem could be describing: nothing stated contradicts their record.

        Every row is still judged by `clashes`; an index only skips rows that cannot pass
        (another subject, or a complete record sharing no atom with what is stated), so a
        card's uniqueness proof costs the rows that could fit, not the whole table."""
        rows = self.table.rows
        candidates: set[int] | None = None
        for s in stated:
            found = self._could_fit(s)
            if found is not None:
                candidates = found if candidates is None else candidates & found
        if candidates is not None:
            rows = [rows[i] for i in sorted(candidates)]
        return [row for row in rows if not self.clashes(row, stated, strict=True)]

    def _could_fit(self, stated: Stated) -> set[int] | None:
        """Positions of the rows a strict check of ``stated`` may leave standing (a superset),
        or None when no index applies."""
        atoms = stated.atoms
        column = self.table.columns[stated.column]
        if not atoms or (stated.column != self.table.key and column.fact_of is not None):
            return None
        index, unindexed = self._atom_index(stated.column)
        if stated.column == self.table.key:  # a subject clash unless the key atoms match
            return set(index.get(atoms, ()))
        found = set(unindexed)
        for atom in atoms:
            found.update(index.get(atom, ()))
        return found

    def _atom_index(self, column: str) -> tuple[dict[frozenset[str] | str, list[int]], list[int]]:
        """For the key column: key atoms -> row positions. For another column: each atom (a
        string) of
        a row's complete record -> row positions, and the rows whose record is missing,
        incomplete or empty (open: the index cannot rule them out)."""
        if column not in self._indexes:
            index: dict[frozenset[str] | str, list[int]] = {}
            unindexed: list[int] = []
            for position, row in enumerate(self.table.rows):
                if column == self.table.key:
                    index.setdefault(self.key_atoms(row), []).append(position)
                    continue
                fact = self.fact(row, column)
                known = fact.atoms() if fact is not None and fact.complete else frozenset()
                if not known:
                    unindexed.append(position)
                for atom in known:
                    index.setdefault(atom, []).append(position)
            self._indexes[column] = (index, unindexed)
        return self._indexes[column]

    # -- options --------------------------------------------------------------------------
    def accepted(self, row: Row, template: Template) -> frozenset[str]:
        """Every answer atom the key's record accepts, under any convention in the bank."""
        fact = self.fact(row, template.answer)
        found = set(fact.atoms()) if fact is not None else set()
        cell = row.cell(template.answer)
        if cell is not None:
            found |= cell.accepted()
        column = self.table.columns[template.answer]
        if column.fact_of is not None and cell is not None:
            for value in cell.values:
                linked = self.registry.get(value, column.fact_of)
                if linked is not None:
                    found.add(norm(value))
        return frozenset(found)

    def wrong(
        self,
        option: Option,
        key_row: Row,
        stated: list[Stated],
        template: Template,
        admitting: list[Row],
    ) -> Clash | None:
        """The recorded fact that rules ``option`` out, or None when nothing does."""
        table = self.table
        column = table.columns[template.answer]
        if table.key in {s.column for s in stated}:
            if column.fact_of is not None:
                fact = self.registry.get(option.text, column.fact_of)
                if fact is not None and not fact.disputed and fact.denies(self.key_atoms(key_row)):
                    return Clash("inverse", option.row, None, template.answer, (option.text,), fact)
                if self.open:
                    return None
            own = self.fact(key_row, template.answer)
            if own is not None and not own.disputed and own.denies(option.atoms):
                shown = own.primary()
                return Clash(
                    "fact",
                    None,
                    None,
                    template.answer,
                    (shown.text,) if shown else (),
                    own,
                )
            return None
        if not admitting:
            return None
        found: Clash | None = None
        for row in admitting:
            # a disputed fact is never stated as fact, so it cannot explain a wrong option
            clashes = [c for c in self.clashes(row, stated) if not _disputed(c)]
            if not clashes:
                return None
            if found is None or row is option.row:
                found = _best(clashes, self.table)
        return found


def _disputed(clash: Clash) -> bool:
    if clash.fact is not None and clash.fact.disputed:
        return True
    cell = clash.row.cell(clash.column) if clash.row is not None else None
    return cell is not None and cell.unasked


def _best(clashes: list[Clash], table: Table) -> Clash:
    """The clearest clash to explain: an examination finding before the history."""
    order = {"opposes": 0, "fact": 1, "inverse": 1, "subject": 2, "absent": 3}

    def history(clash: Clash) -> bool:
        return clash.stated is not None and table.columns[clash.stated.column].role == "history"

    return min(clashes, key=lambda c: (history(c), order[c.kind]))


def same_construct(key_row: Row, option: Option, admitting: Sequence[Row] = ()) -> bool:
    """Whether ``option`` may stand beside the key: in a table whose rows declare the construct
    they belong to (``group``), an option drawn from a row must share one with the key's row,
    so a spinal-mobility test is never offered among root-tension tests. A value that several
    rows hold (a movement weakened by lesions of the shoulder and of the hand) belongs to the
    construct of every row that accepts it."""
    if option.row is None or not key_row.groups:
        return True
    wanted = {norm(g) for g in key_row.groups}
    for row in (option.row, *admitting):
        if not row.groups or wanted & {norm(g) for g in row.groups}:
            return True
    return False


REGIONS = (("C1", "T2"), ("T1", "L1"), ("T12", "Co"))


def regions(atoms: frozenset[str]) -> set[int]:
    """Which body regions (upper limb and neck; trunk; lower limb and sacrum) roots fall in."""
    found = set()
    for atom in atoms:
        token = atom.upper() if atom != "co" else "Co"
        if token not in ROOT_INDEX:
            continue
        for number, (low, high) in enumerate(REGIONS):
            if ROOT_INDEX[low] <= ROOT_INDEX[token] <= ROOT_INDEX[high]:
                found.add(number)
    return found


def band(bands: Sequence[Sequence[str]], atoms: frozenset[str]) -> frozenset[str] | None:
    """The roots an option may name: the first of a column's ``within`` bands that holds every
    root of the key (C5-T1 for the triceps jerk, L1-S2 for the ankle jerk); None when no band
    holds the key, which leaves it unbounded."""
    for roots in bands:
        allowed = frozenset(norm(r) for r in roots)
        if atoms <= allowed:
            return allowed
    return None


def nests(candidate: Option, chosen: Sequence[Option]) -> bool:
    """Whether a root-valued candidate holds, or lies within, a distractor already chosen.

    "L5" beside "L5, S1" makes one of two wrong options "more wrong" than the other, a cue that
    points the test-taker away from both. (The key's own overlaps are ruled out elsewhere, by
    the values its fact accepts.)
    """
    return any(
        candidate.atoms <= option.atoms or option.atoms <= candidate.atoms for option in chosen
    )


def apart(pool: Sequence[tuple[Option, T]], need: int) -> list[tuple[Option, T]] | None:
    """The first ``need`` entries of ``pool``, in its order of preference, no two nested; None
    when there are none. A small search, run only when the greedy choice fell short."""
    picked: list[tuple[Option, T]] = []

    def search(start: int) -> bool:
        if len(picked) == need:
            return True
        for index in range(start, len(pool)):
            if len(pool) - index < need - len(picked):
                return False
            if not nests(pool[index][0], [o for o, _ in picked]):
                picked.append(pool[index])
                if search(index + 1):
                    return True
                picked.pop()
        return False

    return list(picked) if search(0) else None
