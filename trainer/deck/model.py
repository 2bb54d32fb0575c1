"""The loaded, validated deck. Plain frozen dataclasses; no YAML, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from trainer.deck.roots import format_roots

COLUMN_TYPES = ("roots", "text")
ANSWER_MODES = ("exact", "member")
ROLES = ("history", "finding")

_SPACE = re.compile(r"\s+")
_NO_PHRASES: Mapping[str, str] = MappingProxyType({})


def norm(text: str) -> str:
    """The comparison form of a fact: case, spacing and dash style do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", text).strip().casefold()


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


@dataclass(frozen=True)
class PatientRule:
    """Who a history or a condition fits: the sexes and the age range it is plausible for."""

    sexes: tuple[str, ...] | None = None
    ages: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)  # slots: a large deck holds one per cell
class Cell:
    """One table cell: one value or several, with the convention's alternatives and a note.

    ``values`` are the atoms (single roots for a roots column, phrases for a text column).
    ``also`` holds atoms another convention gives; the generator never offers an ``also`` value
    as a wrong option. ``disputed`` says why the cell's own value is contested: no question is
    keyed on such a cell or uses it as a cue. ``asked`` is False for a value the deck records as
    true but does not ask (``ask: false``): it is accepted like any value, but no question is
    keyed on it, no stem states it, and no rationale gives it as the reason an option is wrong.
    """

    values: tuple[str, ...]
    column_type: str = "text"
    also: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    line: int = 0
    disputed: str | None = None
    rules: tuple[tuple[str, PatientRule], ...] = ()  # per-value patient constraints
    asked: bool = True  # False: recorded and true, never asked, stated or used to rule out

    @property
    def unasked(self) -> bool:
        """No question keys on, states or rules out with this cell (disputed, or ``ask: false``)."""
        return bool(self.disputed) or not self.asked

    def rule(self, value: str) -> PatientRule | None:
        for atom, rule in self.rules:
            if atom == norm(value):
                return rule
        return None

    @property
    def text(self) -> str:
        return format_value(self.values, self.column_type)

    def accepted(self) -> frozenset[str]:
        """Every atom this cell admits under any convention the deck names."""
        return frozenset(norm(v) for v in (*self.values, *self.also))

    def accepted_values(self) -> tuple[frozenset[str], ...]:
        """Whole values this cell admits: its own, and the other convention's."""
        own = frozenset(norm(v) for v in self.values)
        if not self.also:
            return (own,)
        return (own, frozenset(norm(v) for v in self.also))


def format_value(values: tuple[str, ...], column_type: str) -> str:
    if column_type == "roots":
        return format_roots(values)
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    index: int
    cells: dict[str, Cell]
    sources: tuple[str, ...]
    line: int
    note: str | None = None
    patient: PatientRule | None = None
    groups: tuple[str, ...] = ()  # the constructs the row belongs to (compared with `norm`)
    # this row's own wording of a finding column: a grade of paralysis beside a wrist drop
    phrases: Mapping[str, str] = field(default_factory=lambda: _NO_PHRASES)  # one, shared

    def cell(self, column: str) -> Cell | None:
        return self.cells.get(column)


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
