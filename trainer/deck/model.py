"""The loaded, validated deck. Plain frozen dataclasses; no YAML, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from trainer.deck.cell import Cell, PatientRule, norm
from trainer.deck.cell import format_value as format_value
from trainer.deck.packed import CellsView, cell_of, index_of, line_of, one_cell, pack, place

COLUMN_TYPES = ("roots", "text")
ANSWER_MODES = ("exact", "member")
ROLES = ("history", "finding")

_NO_PHRASES: Mapping[str, str] = MappingProxyType({})  # rows without phrases share one


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    file: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    many: bool = False
    label: str = ""
    phrase: str = "{value}"
    role: str | None = None
    ordered: bool = False
    fact: str | None = None  # the cell is the row subject's value of this relation
    fact_of: str | None = None  # each listed value is a subject whose relation includes the row
    complete: bool | None = None  # the list is the whole record (None: the format's default)
    opposes: str | None = None  # a finding here contradicts the same value in that column
    say: str | None = None  # the sentence pattern stating this column's fact for a row
    # roots: bands of roots an option may name; the first band holding the key bounds it
    within: tuple[tuple[str, ...], ...] = ()

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ")

    def render(self, value: str, side: str = "", phrase: str | None = None) -> str:
        text = (phrase or self.phrase).replace("{value}", value).replace("{side}", side)
        return " ".join(text.split())


class Row:
    """One table row. Its cells are held packed (`trainer/deck/packed.py`) and made as
    `Cell`s when read, so a large deck costs a few hundred bytes a row."""

    # index and line share one int; note, patient, groups and phrases one slot, empty for most
    __slots__ = ("_at", "_extra", "_names", "_packed", "key", "sources")

    key: str
    sources: tuple[str, ...]

    def __init__(
        self,
        key: str,
        index: int,
        cells: Mapping[str, Cell],
        sources: tuple[str, ...],
        line: int,
        note: str | None = None,
        patient: PatientRule | None = None,
        groups: tuple[str, ...] = (),
        phrases: Mapping[str, str] | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "key", key)
        put(self, "_at", place(index, line))
        names, packed = pack(cells, line, key)
        put(self, "_names", names)
        put(self, "_packed", packed)
        put(self, "sources", sources)
        plain = note is None and patient is None and not groups and not phrases
        put(self, "_extra", None if plain else (note, patient, groups, phrases or _NO_PHRASES))

    @property
    def index(self) -> int:
        return index_of(self._at)

    @property
    def line(self) -> int:
        return line_of(self._at)

    @property
    def note(self) -> str | None:
        return None if self._extra is None else self._extra[0]

    @property
    def patient(self) -> PatientRule | None:
        return None if self._extra is None else self._extra[1]

    @property
    def groups(self) -> tuple[str, ...]:
        """The constructs the row belongs to (compared with `norm`)."""
        return () if self._extra is None else self._extra[2]

    @property
    def phrases(self) -> Mapping[str, str]:
        """This row's own wording of a finding column: a grade of paralysis beside a wrist drop."""
        return _NO_PHRASES if self._extra is None else self._extra[3]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Row is read-only: cannot set {name!r}")

    @property
    def cells(self) -> Mapping[str, Cell]:
        """The row's cells by column name (made from the packed form when read)."""
        return CellsView(self._names, self._packed, self._at)

    def cell(self, column: str) -> Cell | None:
        return cell_of(self._names, self._packed, self._at, column)

    def cell_alone(self, column: str) -> Cell | None:
        """`cell`, for a pass reading one column of many rows (`packed.one_cell`)."""
        return one_cell(self._names, self._packed, self._at, column)

    def _fields(self) -> tuple[object, ...]:
        return (self.key, self.index, dict(self.cells), self.sources, self.line, self.note,
                self.patient, self.groups, dict(self.phrases))  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable-looking fields: as before, unhashable

    def __repr__(self) -> str:
        return f"Row(key={self.key!r}, index={self.index}, line={self.line})"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    key: str
    columns: dict[str, Column]
    rows: tuple[Row, ...]
    convention: str | None = None
    topic: str | None = None
    line: int = 0

    def row(self, key: str) -> Row | None:
        for row in self.rows:
            if row.key == key:
                return row
        return None


@dataclass(frozen=True)
class Patient:
    ages: tuple[int, int] = (25, 65)
    sexes: tuple[str, ...] = ("man", "woman")
    settings: tuple[str, ...] = ("presents to the clinic",)
    durations: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """An item model: which columns the stem states and which column is the answer."""

    id: str
    table: str
    kind: str
    cues: tuple[str, ...]
    answer: str
    stems: tuple[str, ...]
    mode: str = "exact"
    avoid: tuple[str, ...] = ()
    findings: tuple[int, int] = (1, 1)
    topic: str | None = None
    explain: str | None = None
    patient: Patient | None = None
    line: int = 0
    require: tuple[str, ...] = ()  # vignettes: cue columns every variant states
    groups: tuple[str, ...] = ()  # only rows of these groups make cards (empty: every row)

    def asks(self, row: Row) -> bool:
        """Whether the template makes a card for ``row`` (its ``groups`` scope, if any)."""
        if not self.groups:
            return True
        return bool({norm(g) for g in self.groups} & {norm(g) for g in row.groups})

    @property
    def vignette(self) -> bool:
        return self.patient is not None


@dataclass(frozen=True)
class Distractor:
    text: str
    why: str


@dataclass(frozen=True)
class Question:
    """A hand-written single-best-answer question for a fact that is not tabular."""

    id: str
    kind: str
    topic: str
    stems: tuple[str, ...]
    answer: str
    distractors: tuple[Distractor, ...]
    explanation: str
    sources: tuple[str, ...]
    ordered: bool = False
    line: int = 0


@dataclass(frozen=True)
class FactEntry:
    """A fact recorded in a deck's ``facts:`` section: every value any cited convention accepts."""

    subject: str
    relation: str
    kind: str  # "roots" or "text"
    value: tuple[str, ...]
    also: tuple[tuple[str, ...], ...] = ()
    note: str | None = None
    disputed: str | None = None
    sources: tuple[str, ...] = ()
    complete: bool = True
    line: int = 0


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    version: int
    description: str
    tags: tuple[str, ...]
    sources: dict[str, Source]
    tables: dict[str, Table]
    templates: tuple[Template, ...]
    questions: tuple[Question, ...] = ()
    confusions: tuple[tuple[str, ...], ...] = ()
    convention: str | None = None
    path: Path | None = field(default=None, compare=False)
    format: int = 1  # 2: open world (a list proves nothing it omits), facts, sentence patterns
    facts: tuple[FactEntry, ...] = ()
    cases: tuple[str, ...] = ()  # computed case generators, e.g. "isncsci"
    # [whole, part, ...]: a nerve and its branches, a region and its sub-regions
    includes: tuple[tuple[str, ...], ...] = ()
    # every deck loaded together with this one (itself included): the bank its facts join
    peers: tuple[Deck, ...] = field(default=(), compare=False, repr=False)
    # `sync_stamp.content_digest` of the bytes this deck was parsed from ("" if not from a file)
    content_digest: str = field(default="", compare=False, repr=False)
