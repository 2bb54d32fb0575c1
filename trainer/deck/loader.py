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

from trainer.deck import schema
from trainer.deck.model import (
    ANSWER_MODES,
    COLUMN_TYPES,
    ROLES,
    Cell,
    Column,
    Deck,
    Distractor,
    Patient,
    PatientRule,
    Question,
    Row,
    Source,
    Table,
    Template,
    norm,
)
from trainer.deck.patterns import pattern_problems
from trainer.deck.reader import compose
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.deck.schema import STEM_SLOTS
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
}
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
}
CELL_KEYS = {"value", "also", "note", "source", "disputed"}
TEMPLATE_KEYS = {
    "id",
    "table",
    "kind",
    "cues",
    "answer",
    "mode",
    "avoid",
    "findings",
    "stems",
    "topic",
    "explain",
    "patient",
}
PATIENT_KEYS = {"ages", "sexes", "settings", "durations", "sides"}
QUESTION_KEYS = {
    "id",
    "kind",
    "topic",
    "stems",
    "answer",
    "distractors",
    "explanation",
    "source",
    "ordered",
}
DISTRACTOR_KEYS = {"text", "why"}
TEMPLATE_KINDS = ("forward", "reverse", "vignette", "disc-level", "differential")
MIN_DISTRACTORS = 4  # enough for five-option (USMLE-style) items

Node = yaml.Node
_Item = TypeVar("_Item", Template, Question)


class _Reader:
    """Walks one deck's node tree, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.format = 1

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
        tables = self.tables(get("tables")[1], sources) if get("tables") else {}
        templates = self.templates(get("templates")[1], tables) if get("templates") else ()
        questions = self.questions(get("questions")[1], sources) if get("questions") else ()
        confusions = self.confusions(get("confusions")[1]) if get("confusions") else ()
        facts = schema.facts(self, get("facts")[1], sources) if get("facts") else ()
        if isinstance(root, yaml.MappingNode) and not tables and not questions:
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
            format=self.format,
            facts=facts,
        )

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
        if "rows" in fields and key is not None and columns:
            rows = self.rows(fields["rows"][1], what, key, columns, sources)
            if not rows and isinstance(fields["rows"][1], yaml.SequenceNode):
                self.error(fields["rows"][1], f"{what} is empty: it has no rows")
        if len(self.problems) > before or title is None or key is None:
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
        allowed = set(columns) | {"source", "note", "patient"}
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
            key_cell = cells.get(key)
            if key_cell is None:
                continue
            if len(key_cell.values) != 1 and columns[key].type == "text":
                self.error(fields[key][1], f"the key column {key!r} holds one value per row")
                continue
            if key_cell.also:
                self.error(fields[key][1], "a key cell cannot have 'also' values")
            row_key = key_cell.text
            line = row_node.start_mark.line + 1
            if norm(row_key) in seen:
                self.error(
                    fields[key][1],
                    f"duplicate row {row_key!r} in {what} (first at line {seen[norm(row_key)]})",
                )
                continue
            seen[norm(row_key)] = line
            rows.append(Row(row_key, index, cells, row_sources, line, note, patient))
        return rows

    def cell(self, node: Node, column: Column, sources: dict[str, Source]) -> Cell | None:
        also: tuple[str, ...] = ()
        note = None
        disputed = None
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
            if "source" in fields:
                cell_sources = self.source_refs(fields["source"][1], sources, "cell source")
            if "also" in fields:
                parsed_also = self.values(fields["also"][1], column)
                also = parsed_also or ()
        rules: list[tuple[str, PatientRule]] = []
        if isinstance(value_node, yaml.SequenceNode) and column.type == "text":
            value_node, rules = self._history_entries(value_node, column)
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
        )

    def _history_entries(
        self, node: yaml.SequenceNode, column: Column
    ) -> tuple[Node, list[tuple[str, PatientRule]]]:
        """Plain values, with ``{text, sexes, ages}`` entries unwrapped to their text."""
        rules: list[tuple[str, PatientRule]] = []
        items: list[Node] = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                entry = schema.history_entry(self, item)
                if entry is None:
                    continue
                text, found = entry
                rules.append((norm(text), found))
                text_node = next(v for k, v in item.value if k.value == "text")
                items.append(text_node)
            else:
                items.append(item)
        copy = yaml.SequenceNode(node.tag, items, node.start_mark, node.end_mark)
        return copy, rules

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
        return values

    # -- templates -------------------------------------------------------------------------
    def templates(self, node: Node, tables: dict[str, Table]) -> tuple[Template, ...]:
        items = [(n, self.template(n, tables)) for n in self.sequence(node, "templates")]
        return tuple(self._unique(items, "template"))

    def template(self, node: Node, tables: dict[str, Table]) -> Template | None:
        required = ("id", "table", "kind", "cues", "answer", "stems")
        fields = self.mapping(node, "a template", TEMPLATE_KEYS, required)
        before = len(self.problems)
        if any(key not in fields for key in required):
            return None
        template_id = self.slug(fields["id"][1], "template id")
        table_name = self.text(fields["table"][1], "template table")
        kind = self.text(fields["kind"][1], "template kind")
        if kind is not None and kind not in TEMPLATE_KINDS:
            self.error(fields["kind"][1], f"template kind {kind!r} is not one of {TEMPLATE_KINDS}")
        table = tables.get(table_name or "")
        if table_name is not None and table is None:
            self.error(fields["table"][1], f"template refers to missing table {table_name!r}")
        cues = self.texts(fields["cues"][1], "cues") or ()
        answer = self.text(fields["answer"][1], "answer")
        if table is not None:
            for cue in cues:
                if cue not in table.columns:
                    self.error(
                        fields["cues"][1], f"cue column {cue!r} is not in table {table.name!r}"
                    )
            if answer is not None and answer not in table.columns:
                self.error(
                    fields["answer"][1], f"answer column {answer!r} is not in table {table.name!r}"
                )
            if answer in cues:
                self.error(fields["answer"][1], "the answer column cannot also be a cue")
        avoid = self.texts(fields["avoid"][1], "avoid") or () if "avoid" in fields else ()
        if table is not None:
            for name in avoid:
                if name not in table.columns:
                    self.error(
                        fields["avoid"][1], f"avoid column {name!r} is not in table {table.name!r}"
                    )
        mode = "exact"
        if "mode" in fields:
            mode = self.text(fields["mode"][1], "mode") or "exact"
            if mode not in ANSWER_MODES:
                self.error(fields["mode"][1], f"mode {mode!r} is not one of {ANSWER_MODES}")
        vignette = kind == "vignette" or "patient" in fields
        findings = (2, 4) if vignette else (1, 1)
        if "findings" in fields:
            findings = self.findings(fields["findings"][1]) or findings
        stems = self.texts(fields["stems"][1], "stems") or ()
        names = set(STEM_SLOTS) if vignette else {"cues", *cues}
        for stem in stems:
            self.placeholders(fields["stems"][1], stem, names, "stem")
            if not stem.rstrip().endswith("?"):
                self.error(fields["stems"][1], f"stem {stem!r} must end in a question mark")
        topic = self.text(fields["topic"][1], "topic") if "topic" in fields else None
        explain = None
        if "explain" in fields:
            explain = self.text(fields["explain"][1], "explain")
            if explain and table is not None:
                self.placeholders(fields["explain"][1], explain, set(table.columns), "explain")
        patient = None
        if vignette:
            patient = self.patient(fields["patient"][1]) if "patient" in fields else Patient()
        if len(self.problems) > before or template_id is None or answer is None or kind is None:
            return None
        assert table is not None
        return Template(
            id=template_id,
            table=table.name,
            kind=kind,
            cues=cues,
            answer=answer,
            stems=stems,
            mode=mode,
            avoid=avoid,
            findings=findings,
            topic=topic,
            explain=explain,
            patient=patient,
            line=node.start_mark.line + 1,
        )

    def findings(self, node: Node) -> tuple[int, int] | None:
        if isinstance(node, yaml.ScalarNode):
            n = self.integer(node, "findings")
            return (n, n) if n is not None and n > 0 else None
        items = [self.integer(i, "findings") for i in self.sequence(node, "findings")]
        if len(items) != 2 or None in items:
            self.error(node, "findings is a count or a [min, max] pair")
            return None
        low, high = items
        assert low is not None and high is not None
        if not 1 <= low <= high:
            self.error(node, "findings [min, max] needs 1 <= min <= max")
            return None
        return (low, high)

    def patient(self, node: Node) -> Patient | None:
        fields = self.mapping(node, "patient", PATIENT_KEYS)
        patient = Patient()
        ages = patient.ages
        if "ages" in fields:
            values = [self.integer(i, "age") for i in self.sequence(fields["ages"][1], "ages")]
            if len(values) != 2 or None in values or not 0 < values[0] <= values[1] < 110:  # type: ignore[operator]
                self.error(fields["ages"][1], "ages is a [youngest, oldest] pair of whole years")
            else:
                ages = (values[0], values[1])  # type: ignore[assignment]
        sexes = self.texts(fields["sexes"][1], "sexes") if "sexes" in fields else patient.sexes
        settings = (
            self.texts(fields["settings"][1], "settings")
            if "settings" in fields
            else patient.settings
        )
        durations = self.texts(fields["durations"][1], "durations") if "durations" in fields else ()
        sides = self.texts(fields["sides"][1], "sides") if "sides" in fields else ()
        return Patient(
            ages, sexes or patient.sexes, settings or patient.settings, durations or (), sides or ()
        )

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

    # -- hand-written questions ------------------------------------------------------------
    def questions(self, node: Node, sources: dict[str, Source]) -> tuple[Question, ...]:
        items = [(n, self.question(n, sources)) for n in self.sequence(node, "questions")]
        return tuple(self._unique(items, "question"))

    def _unique(self, items: list[tuple[Node, _Item | None]], what: str) -> list[_Item]:
        """The valid items, reporting any whose id repeats an earlier one."""
        kept: list[_Item] = []
        seen: dict[str, int] = {}
        for node, item in items:
            if item is None:
                continue
            if item.id in seen:
                self.error(node, f"duplicate {what} id {item.id!r} (first at line {seen[item.id]})")
                continue
            seen[item.id] = item.line
            kept.append(item)
        return kept

    def question(self, node: Node, sources: dict[str, Source]) -> Question | None:
        required = ("id", "topic", "stems", "answer", "distractors", "explanation", "source")
        fields = self.mapping(node, "a question", QUESTION_KEYS, required)
        before = len(self.problems)
        if any(key not in fields for key in required):
            return None
        question_id = self.slug(fields["id"][1], "question id")
        kind = self.text(fields["kind"][1], "kind") if "kind" in fields else "handwritten"
        topic = self.text(fields["topic"][1], "topic")
        stems = self.texts(fields["stems"][1], "stems") or ()
        for stem in stems:
            self.placeholders(fields["stems"][1], stem, set(), "stem")
            if not stem.rstrip().endswith("?"):
                self.error(fields["stems"][1], f"stem {stem!r} must end in a question mark")
        answer = self.text(fields["answer"][1], "answer")
        distractors: list[Distractor] = []
        for item in self.sequence(fields["distractors"][1], "distractors"):
            entry = self.mapping(item, "a distractor", DISTRACTOR_KEYS, ("text", "why"))
            text = self.text(entry["text"][1], "distractor text") if "text" in entry else None
            why = self.text(entry["why"][1], "distractor why") if "why" in entry else None
            if text and why:
                distractors.append(Distractor(text, why))
        if (
            isinstance(fields["distractors"][1], yaml.SequenceNode)
            and len(distractors) < MIN_DISTRACTORS
        ):
            self.error(
                fields["distractors"][1],
                f"a question needs at least {MIN_DISTRACTORS} distractors (five-option items)",
            )
        texts = [norm(d.text) for d in distractors] + [norm(answer or "")]
        if len(set(texts)) != len(texts):
            self.error(fields["distractors"][1], "options repeat: every option must be distinct")
        explanation = self.text(fields["explanation"][1], "explanation")
        refs = self.source_refs(fields["source"][1], sources, "question source")
        ordered = self.boolean(fields["ordered"][1], "ordered") if "ordered" in fields else False
        if len(self.problems) > before or not (question_id and topic and answer and explanation):
            return None
        return Question(
            id=question_id,
            kind=kind or "handwritten",
            topic=topic,
            stems=stems,
            answer=answer,
            distractors=tuple(distractors),
            explanation=explanation,
            sources=refs,
            ordered=bool(ordered),
            line=node.start_mark.line + 1,
        )


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
    deck = reader.deck(compose(path))
    if reader.problems or deck is None:
        raise DeckError(reader.problems or [Problem(str(path), 1, 1, "invalid deck")])
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
