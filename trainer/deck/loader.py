"""Read and validate a deck file.

The file is read and composed to a YAML node tree (with positions, never *constructed*) by
`trainer.deck.reader`, which bounds size, depth and aliases. Every
problem is collected with its line and column; a deck with any problem raises `DeckError` and is
never partly loaded.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import yaml

from trainer.deck import items, schema
from trainer.deck.chief import check_chief
from trainer.deck.model import (
    COLUMN_TYPES,
    ROLES,
    Cell,
    Column,
    Deck,
    PatientRule,
    Question,
    Row,
    Source,
    Table,
    Template,
    norm,
)
from trainer.deck.patterns import pattern_problems
from trainer.deck.reader import compose_file
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.errors import DeckError, Problem

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

DECK_KEYS = {
    "id",
    "title",
    "version",
    "description",
    "tags",
    "sources",
    "convention",
    "confusions",
    "tables",
    "templates",
    "questions",
    "format",
    "facts",
    "cases",
    "includes",
}
CASE_GENERATORS = ("isncsci",)  # computed cases a deck may ask for, by name
REQUIRED_DECK_KEYS = ("id", "title", "version", "sources")
TABLE_KEYS = {"title", "convention", "topic", "key", "columns", "rows"}
COLUMN_KEYS = {
    "type",
    "many",
    "label",
    "phrase",
    "role",
    "ordered",
    "fact",
    "fact_of",
    "complete",
    "opposes",
    "say",
    "within",
}
CELL_KEYS = {"value", "also", "note", "source", "disputed", "ask"}

Node = yaml.Node
_Item = TypeVar("_Item", Template, Question)


class _Reader:
    """Walks one deck's node tree, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.format = 1
        # tables named in the deck but refused for a fault already reported: a template that
        # names one is not told the table is missing (one fault, one message)
        self.refused_tables: set[str] = set()

    # -- reporting -------------------------------------------------------------------------
    def error(self, node: Node | None, message: str) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(str(self.path), line, col, message))

    # -- generic shapes --------------------------------------------------------------------
    def mapping(
        self, node: Node, what: str, allowed: set[str], required: Iterable[str] = ()
    ) -> dict[str, tuple[Node, Node]]:
        """A mapping's entries by key; reports duplicates, unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping, not {_kind(node)}")
            return {}
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = self.key_text(key_node)
            if key is None:
                continue
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(key_node, f"duplicate key {key!r} in {what} (first at line {first})")
                continue
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.error(key_node, f"unknown key {key!r} in {what} (known keys: {known})")
                continue
            entries[key] = (key_node, value_node)
        for key in required:
            if key not in entries:
                self.error(node, f"{what} is missing required key {key!r}")
        return entries

    def key_text(self, node: Node) -> str | None:
        value = self.scalar(node, "a key")
        if value is None or isinstance(value, bool) or not isinstance(value, str | int):
            self.error(node, "a key must be a plain name")
            return None
        return str(value)

    def scalar(self, node: Node, what: str) -> object:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{what} must be a single value, not {_kind(node)}")
            return None
        if node.tag not in _SCALAR_TAGS:
            self.error(node, f"tag {node.tag!r} is not allowed in a deck (plain values only)")
            return None
        kind = node.tag.removeprefix(_CORE)
        if kind == "str":
            return node.value
        if kind == "null":
            return None
        if kind == "bool":
            return node.value.lower() in {"true", "yes", "on", "y"}
        try:
            return int(node.value, 0) if kind == "int" else float(node.value)
        except ValueError:
            return node.value

    def text(self, node: Node, what: str, *, allow_empty: bool = False) -> str | None:
        value = self.scalar(node, what)
        if isinstance(value, bool) or value is None or isinstance(value, dict | list):
            if value is None and isinstance(node, yaml.ScalarNode) and allow_empty:
                return ""
            if isinstance(node, yaml.ScalarNode):
                self.error(node, f"{what} must be text, not {_scalar_kind(node)}")
            return None
        text = str(value).strip()
        if not text and not allow_empty:
            self.error(node, f"{what} must not be empty")
            return None
        return text

    def integer(self, node: Node, what: str) -> int | None:
        value = self.scalar(node, what)
        if not isinstance(value, int) or isinstance(value, bool):
            if isinstance(node, yaml.ScalarNode):
                self.error(node, f"{what} must be a whole number, not {_scalar_kind(node)}")
            return None
        return value

    def boolean(self, node: Node, what: str) -> bool | None:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            if isinstance(node, yaml.ScalarNode):
                self.error(node, f"{what} must be true or false, not {_scalar_kind(node)}")
            return None
        return value

    def sequence(self, node: Node, what: str) -> list[Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def texts(self, node: Node, what: str) -> tuple[str, ...] | None:
        """A list of text, or one text taken as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            one = self.text(node, what)
            return None if one is None else (one,)
        items = [self.text(item, f"each entry of {what}") for item in self.sequence(node, what)]
        if any(item is None for item in items):
            return None
        if not items:
            self.error(node, f"{what} must not be empty")
            return None
        return tuple(i for i in items if i is not None)

    def slug(self, node: Node, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _SLUG.match(value):
            self.error(node, f"{what} {value!r} must be a slug (lower-case letters, digits, -)")
            return None
        return value

    # -- the deck --------------------------------------------------------------------------
    def deck(self, root: Node) -> Deck | None:
        top = self.mapping(root, "the deck", DECK_KEYS, REQUIRED_DECK_KEYS)
        get = top.get
        if get("format"):
            self.format = schema.fact_format(self, get("format")[1])
        deck_id = self.slug(top["id"][1], "deck id") if "id" in top else None
        title = self.text(top["title"][1], "title") if "title" in top else None
        version = self.integer(top["version"][1], "version") if "version" in top else None
        description = self.text(get("description")[1], "description") if get("description") else ""
        convention = self.text(get("convention")[1], "convention") if get("convention") else None
        tags = self.texts(get("tags")[1], "tags") if get("tags") else ()
        sources = self.sources(top["sources"][1]) if "sources" in top else {}
        before_content = len(self.problems)
        tables = self.tables(get("tables")[1], sources) if get("tables") else {}
        templates = items.templates(self, get("templates")[1], tables) if get("templates") else ()
        questions = items.questions(self, get("questions")[1], sources) if get("questions") else ()
        confusions = self.confusions(get("confusions")[1]) if get("confusions") else ()
        includes = self.includes(get("includes")[1]) if get("includes") else ()
        facts = schema.facts(self, get("facts")[1], sources) if get("facts") else ()
        cases = self.cases(get("cases")[1]) if get("cases") else ()
        nothing = not tables and not questions and not cases
        # a deck whose tables or questions were refused has had its faults reported already
        if isinstance(root, yaml.MappingNode) and nothing and len(self.problems) == before_content:
            self.error(root, "the deck has no tables and no questions: nothing to ask")
        if isinstance(root, yaml.MappingNode) and tables and not get("templates"):
            self.error(root, "the deck has tables but no templates: no question uses them")
        if self.problems:
            return None
        assert deck_id and title and version is not None
        return Deck(
            id=deck_id,
            title=title,
            version=version,
            description=description or "",
            tags=tags or (),
            sources=sources,
            tables=tables,
            templates=templates,
            questions=questions,
            confusions=confusions,
            convention=convention,
            path=self.path,
            includes=includes,
            format=self.format,
            facts=facts,
            cases=cases,
        )

    def cases(self, node: Node) -> tuple[str, ...]:
        names = self.texts(node, "cases")
        for name in names:
            if name not in CASE_GENERATORS:
                known = ", ".join(CASE_GENERATORS)
                self.error(node, f"cases: {name!r} is not a case generator (known: {known})")
        return tuple(dict.fromkeys(names))

    def sources(self, node: Node) -> dict[str, Source]:
        entries = self.mapping(node, "sources", _AnyKey())
        sources: dict[str, Source] = {}
        for key, (key_node, value_node) in entries.items():
            if not _SLUG.match(key.lower()):
                self.error(key_node, f"source key {key!r} must be letters, digits and -")
                continue
            if isinstance(value_node, yaml.ScalarNode):
                title = self.text(value_node, f"source {key!r}")
                if title:
                    sources[key] = Source(key, title)
                continue
            fields = self.mapping(value_node, f"source {key!r}", {"title", "file", "note"})
            title = self.text(fields["title"][1], "source title") if "title" in fields else None
            if "title" not in fields:
                self.error(value_node, f"source {key!r} is missing required key 'title'")
            file = self.text(fields["file"][1], "source file") if "file" in fields else None
            note = self.text(fields["note"][1], "source note") if "note" in fields else None
            if title:
                sources[key] = Source(key, title, file, note)
        if isinstance(node, yaml.MappingNode) and not node.value:
            self.error(node, "sources must name at least one reference")
        return sources

    def source_refs(self, node: Node, sources: dict[str, Source], what: str) -> tuple[str, ...]:
        refs = self.texts(node, what) or ()
        for ref in refs:
            if ref not in sources:
                known = ", ".join(sorted(sources)) or "none"
                self.error(node, f"{what} {ref!r} is not a source of this deck (known: {known})")
        return refs

    def confusions(self, node: Node) -> tuple[tuple[str, ...], ...]:
        groups = []
        for item in self.sequence(node, "confusions"):
            group = self.texts(item, "a confusion")
            if group is not None and len(group) < 2:
                self.error(item, "a confusion names at least two values that students mix up")
            elif group is not None:
                groups.append(group)
        return tuple(groups)

    def includes(self, node: Node) -> tuple[tuple[str, ...], ...]:
        """``[whole, part, part, ...]``: a nerve and its branches, a region and its parts."""
        groups = []
        for item in self.sequence(node, "includes"):
            group = self.texts(item, "an includes entry")
            if group is not None and len(group) < 2:
                self.error(item, "an includes entry names a whole and at least one of its parts")
            elif group is not None:
                groups.append(group)
        return tuple(groups)

    # -- tables ----------------------------------------------------------------------------
    def tables(self, node: Node, sources: dict[str, Source]) -> dict[str, Table]:
        entries = self.mapping(node, "tables", _AnyKey())
        tables: dict[str, Table] = {}
        for name, (key_node, value_node) in entries.items():
            if not _SLUG.match(name):
                self.error(key_node, f"table name {name!r} must be a slug")
                continue
            table = self.table(name, value_node, sources)
            if table is not None:
                tables[name] = table
            else:
                self.refused_tables.add(name)
        return tables

    def table(self, name: str, node: Node, sources: dict[str, Source]) -> Table | None:
        what = f"table {name!r}"
        fields = self.mapping(node, what, TABLE_KEYS, ("title", "key", "columns", "rows"))
        before = len(self.problems)
        title = self.text(fields["title"][1], f"{what} title") if "title" in fields else None
        convention = (
            self.text(fields["convention"][1], f"{what} convention")
            if "convention" in fields
            else None
        )
        topic = self.text(fields["topic"][1], f"{what} topic") if "topic" in fields else None
        columns = self.columns(fields["columns"][1], what) if "columns" in fields else {}
        key = self.text(fields["key"][1], f"{what} key") if "key" in fields else None
        if key is not None and columns and key not in columns:
            self.error(fields["key"][1], f"{what} key {key!r} is not one of its columns")
            key = None
        rows: list[Row] = []
        # a fault in a row's cell is reported where it is; the table itself stays known, so
        # the templates that use it are still checked and not told it is missing
        sound = len(self.problems) == before
        if "rows" in fields and key is not None and columns:
            rows = self.rows(fields["rows"][1], what, key, columns, sources)
            if not rows and isinstance(fields["rows"][1], yaml.SequenceNode):
                self.error(fields["rows"][1], f"{what} is empty: it has no rows")
        if not sound or title is None or key is None:
            return None
        return Table(
            name=name,
            title=title,
            key=key,
            columns=columns,
            rows=tuple(rows),
            convention=convention,
            topic=topic,
            line=node.start_mark.line + 1,
        )

    def columns(self, node: Node, what: str) -> dict[str, Column]:
        entries = self.mapping(node, f"{what} columns", _AnyKey())
        columns: dict[str, Column] = {}
        self._column_nodes: dict[str, dict[str, tuple[Node, Node]]] = {}
        for name, (key_node, value_node) in entries.items():
            if not _SLUG.match(name):
                self.error(key_node, f"column name {name!r} must be a slug")
                continue
            if isinstance(value_node, yaml.ScalarNode):
                kind = self.text(value_node, f"column {name!r} type")
                if kind is not None and kind not in COLUMN_TYPES:
                    self.error(value_node, f"column type {kind!r} is not one of {COLUMN_TYPES}")
                elif kind is not None:
                    columns[name] = Column(name, kind)
                continue
            fields = self.mapping(value_node, f"column {name!r}", COLUMN_KEYS)
            kind = "text"
            if "type" in fields:
                kind = self.text(fields["type"][1], "column type") or "text"
                if kind not in COLUMN_TYPES:
                    self.error(
                        fields["type"][1], f"column type {kind!r} is not one of {COLUMN_TYPES}"
                    )
            many = self.boolean(fields["many"][1], "many") if "many" in fields else False
            label = self.text(fields["label"][1], "label") if "label" in fields else ""
            phrase = "{value}"
            if "phrase" in fields:
                phrase = self.text(fields["phrase"][1], "phrase") or "{value}"
                self.placeholders(fields["phrase"][1], phrase, {"value", "side"}, "phrase")
            role = None
            if "role" in fields:
                role = self.text(fields["role"][1], "role")
                if role is not None and role not in ROLES:
                    self.error(fields["role"][1], f"role {role!r} is not one of {ROLES}")
            ordered = (
                self.boolean(fields["ordered"][1], "ordered") if "ordered" in fields else False
            )
            links = {
                k: schema.relation(self, fields[k][1], k) if k in fields else None
                for k in ("fact", "fact_of")
            }
            whole = (
                self.boolean(fields["complete"][1], "complete") if "complete" in fields else None
            )
            opposes = self.text(fields["opposes"][1], "opposes") if "opposes" in fields else None
            say = self.text(fields["say"][1], "say") if "say" in fields else None
            within = schema.within(self, fields["within"][1], kind) if "within" in fields else ()
            columns[name] = Column(
                name,
                kind,
                bool(many),
                label or "",
                phrase,
                role,
                bool(ordered),
                fact=links["fact"],
                fact_of=links["fact_of"],
                complete=whole,
                opposes=opposes,
                say=say,
                within=within,
            )
            self._column_nodes[name] = fields
        self._check_columns(columns)
        return columns

    def _check_columns(self, columns: dict[str, Column]) -> None:
        for name, column in columns.items():
            fields = self._column_nodes.get(name, {})
            if column.opposes is not None and column.opposes not in columns:
                self.error(
                    fields["opposes"][1], f"opposes names {column.opposes!r}, not a column here"
                )
            if column.say is not None:
                for problem in pattern_problems(column.say, set(columns)):
                    self.error(fields["say"][1], f"say pattern {column.say!r}: {problem}")

    def rows(
        self,
        node: Node,
        what: str,
        key: str,
        columns: dict[str, Column],
        sources: dict[str, Source],
    ) -> list[Row]:
        rows: list[Row] = []
        seen: dict[str, int] = {}
        allowed = set(columns) | {"source", "note", "patient", "group", "phrases"}
        for index, row_node in enumerate(self.sequence(node, f"{what} rows")):
            fields = self.mapping(row_node, f"a row of {what}", allowed, (key, "source"))
            cells: dict[str, Cell] = {}
            for name, (_, value_node) in fields.items():
                if name in columns:
                    cell = self.cell(value_node, columns[name], sources)
                    if cell is not None:
                        cells[name] = cell
            row_sources = (
                self.source_refs(fields["source"][1], sources, "row source")
                if "source" in fields
                else ()
            )
            note = self.text(fields["note"][1], "row note") if "note" in fields else None
            patient = (
                schema.rule(self, fields["patient"][1], "row patient")
                if "patient" in fields
                else None
            )
            groups = self.texts(fields["group"][1], "row group") or () if "group" in fields else ()
            phrases = (
                schema.row_phrases(self, fields["phrases"][1], columns)
                if "phrases" in fields
                else {}
            )
            key_cell = cells.get(key)
            if key_cell is None:
                continue
            if len(key_cell.values) != 1 and columns[key].type == "text":
                self.error(fields[key][1], f"the key column {key!r} holds one value per row")
                continue
            if not key_cell.asked:
                self.error(
                    fields[key][1], "a row's key is always asked: 'ask: false' is for other cells"
                )
            if key_cell.also:
                self.error(fields[key][1], "a key cell cannot have 'also' values")
            row_key = key_cell.text
            line = row_node.start_mark.line + 1
            check_chief(self, row_key, {n: v for n, (_, v) in fields.items()}, cells, columns)
            if norm(row_key) in seen:
                self.error(
                    fields[key][1],
                    f"duplicate row {row_key!r} in {what} (first at line {seen[norm(row_key)]})",
                )
                continue
            seen[norm(row_key)] = line
            rows.append(
                Row(row_key, index, cells, row_sources, line, note, patient, groups, phrases)
            )
        schema.check_groups(self, node, what, rows)
        return rows

    def cell(self, node: Node, column: Column, sources: dict[str, Source]) -> Cell | None:
        also: tuple[str, ...] = ()
        note = None
        disputed = None
        asked = True
        cell_sources: tuple[str, ...] = ()
        value_node = node
        if isinstance(node, yaml.MappingNode):
            fields = self.mapping(node, f"cell of column {column.name!r}", CELL_KEYS, ("value",))
            if "value" not in fields:
                return None
            value_node = fields["value"][1]
            if "note" in fields:
                note = self.text(fields["note"][1], "cell note")
            if "disputed" in fields:
                disputed = self.text(fields["disputed"][1], "disputed")
            if "ask" in fields:
                asked = schema.cell_ask(self, fields)
            if "source" in fields:
                cell_sources = self.source_refs(fields["source"][1], sources, "cell source")
            if "also" in fields:
                parsed_also = self.values(fields["also"][1], column)
                also = parsed_also or ()
        rules: list[tuple[str, PatientRule]] = []
        general: list[tuple[str, str]] = []
        if isinstance(value_node, yaml.SequenceNode) and column.type == "text":
            value_node, rules, general = self._history_entries(value_node, column)
        values = self.values(value_node, column)
        if values is None:
            return None
        if self.format >= 2 and column.role == "history":
            for value in values:
                found = next((r for v, r in rules if v == norm(value)), None)
                schema.check_sexed(self, value_node, value, found)
        if len(values) > 1 and column.type == "text" and not column.many:
            self.error(
                value_node,
                f"column {column.name!r} holds one value; mark it 'many: true' to allow a list",
            )
            return None
        return Cell(
            values,
            column.type,
            also,
            note,
            cell_sources,
            node.start_mark.line + 1,
            disputed,
            tuple(rules),
            asked,
            tuple(general),
        )

    def _history_entries(
        self, node: yaml.SequenceNode, column: Column
    ) -> tuple[Node, list[tuple[str, PatientRule]], list[tuple[str, str]]]:
        """Plain values, with ``{text, sexes, ages, say}`` entries unwrapped to their text."""
        rules: list[tuple[str, PatientRule]] = []
        general: list[tuple[str, str]] = []
        items: list[Node] = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                entry = schema.history_entry(self, item)
                if entry is None:
                    continue
                text, found, said = entry
                rules.append((norm(text), found))
                if said:
                    general.append((norm(text), said))
                text_node = next(v for k, v in item.value if k.value == "text")
                items.append(text_node)
            else:
                items.append(item)
        copy = yaml.SequenceNode(
            node.tag, items, node.start_mark, node.end_mark, flow_style=node.flow_style
        )
        return copy, rules, general

    def values(self, node: Node, column: Column) -> tuple[str, ...] | None:
        if column.type == "roots":
            text = self.text(node, f"column {column.name!r} (roots)")
            if text is None:
                return None
            try:
                return parse_roots(text)
            except RootSyntaxError as exc:
                self.error(node, f"column {column.name!r}: {exc}")
                return None
        values = self.texts(node, f"column {column.name!r}")
        if values is not None and len({norm(v) for v in values}) != len(values):
            self.error(node, f"column {column.name!r} lists the same value twice")
            return None
        if values is not None and isinstance(node, yaml.SequenceNode) and node.flow_style:
            for item, value in zip(node.value, values, strict=False):
                if schema.cut_at_comma(value):
                    self.error(
                        item,
                        f"column {column.name!r}: {value!r} looks like a value cut at a comma "
                        "(an article and one describing word): quote the whole value",
                    )
        return values

    def placeholders(self, node: Node, text: str, allowed: set[str], what: str) -> None:
        try:
            names = [
                field for _, field, _, _ in string.Formatter().parse(text) if field is not None
            ]
        except ValueError as exc:
            self.error(node, f"{what} {text!r} is not a valid template: {exc}")
            return
        for name in names:
            if name not in allowed:
                known = ", ".join("{" + n + "}" for n in sorted(allowed))
                self.error(node, f"{what} uses unknown placeholder {{{name}}} (allowed: {known})")


class _AnyKey(set[str]):
    """An 'allowed keys' set that admits every name (for user-named mappings)."""

    def __contains__(self, item: object) -> bool:
        return True


def _kind(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _scalar_kind(node)


def _scalar_kind(node: Node) -> str:
    kind = str(node.tag).removeprefix(_CORE)
    return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false"}.get(
        kind, "null" if kind == "null" else f"a {kind!r} value"
    )


def load_deck(path: str | Path) -> Deck:
    """Load and validate one deck; raise `DeckError` listing every problem."""
    path = Path(path)
    reader = _Reader(path)
    root, digest = compose_file(path)
    deck = reader.deck(root)
    if reader.problems or deck is None:
        raise DeckError(reader.problems or [Problem(str(path), 1, 1, "invalid deck")])
    object.__setattr__(deck, "content_digest", digest)  # (frozen: set once, as peers are)
    return deck


def load_decks(paths: Iterable[str | Path]) -> list[Deck]:
    """Load several decks; every problem of every deck is reported together; ids must differ."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            deck = load_deck(path)
        except DeckError as exc:
            problems.extend(exc.problems)
            continue
        clash = next((d for d in decks if d.id == deck.id), None)
        if clash is not None:
            problems.append(
                Problem(str(path), 1, 1, f"deck id {deck.id!r} is already used by {clash.path}")
            )
            continue
        decks.append(deck)
    if problems:
        raise DeckError(problems)
    for deck in decks:
        object.__setattr__(deck, "peers", tuple(decks))
    return decks
