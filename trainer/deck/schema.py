"""Validation of the deck-format extensions: facts, fact links, patient rules, sentence patterns.

These functions work on the loader's node reader (`trainer.deck.loader._Reader`), so every
problem is reported with its file, line and column like the rest of the format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from trainer.deck.model import FactEntry, PatientRule, Row, Source
from trainer.deck.roots import RootSyntaxError, parse_roots

if TYPE_CHECKING:
    from trainer.deck.loader import _Reader

Node = yaml.Node

FACT_KEYS = {
    "subject",
    "relation",
    "type",
    "value",
    "also",
    "note",
    "disputed",
    "source",
    "complete",
}
RULE_KEYS = {"sexes", "ages"}
HISTORY_KEYS = {"text", "sexes", "ages"}
SEXES = ("man", "woman")
FORMATS = (1, 2)
_RELATION = re.compile(r"^[a-z][a-z0-9 ]*$")
# words that tie a history to one sex; a history using them must say which sex it fits
_SEXED = {
    "woman": re.compile(
        r"\b(pregnan\w*|gestation|postpartum|post-partum|menstrua\w*|"
        r"gynaecolog\w*|hysterectomy|caesarean|obstetric\w*|her)\b",
        re.I,
    ),
    "man": re.compile(r"\b(prostat\w*|scrot\w*|testi\w*|his)\b", re.I),
}
# "a high-riding" from "[a high-riding, exquisitely tender testis, ...]": a flow list splits at
# the comma, leaving an article and a describing word with nothing to describe
_CUT = re.compile(r"^(an?|the) [a-z]+(-[a-z]+|ed|ing|ous|al|ive)$", re.I)
_PREGNANCY = re.compile(r"\b(pregnan\w*|gestation|postpartum|post-partum)\b", re.I)
PREGNANCY_AGES = (16, 45)
STEM_SLOTS = frozenset(
    {"patient", "history", "findings", "age", "sex", "setting", "duration", "side", "he", "his"}
)


def fact_format(reader: _Reader, node: Node) -> int:
    value = reader.integer(node, "format")
    if value is not None and value not in FORMATS:
        reader.error(node, f"format {value} is not one of {FORMATS}")
        return 1
    return value or 1


def relation(reader: _Reader, node: Node, what: str) -> str | None:
    name = reader.text(node, what)
    if name is not None and not _RELATION.match(name):
        reader.error(node, f"{what} {name!r} must be lower-case words (e.g. roots, dermatome)")
        return None
    return name


def facts(reader: _Reader, node: Node, sources: dict[str, Source]) -> tuple[FactEntry, ...]:
    entries: list[FactEntry] = []
    seen: dict[tuple[str, str], int] = {}
    for item in reader.sequence(node, "facts"):
        entry = fact(reader, item, sources)
        if entry is None:
            continue
        key = (entry.subject.casefold(), entry.relation)
        if key in seen:
            reader.error(
                item,
                f"fact {entry.subject!r} ({entry.relation}) is recorded twice "
                f"(first at line {seen[key]}): record every accepted value in one entry",
            )
            continue
        seen[key] = entry.line
        entries.append(entry)
    return tuple(entries)


def fact(reader: _Reader, node: Node, sources: dict[str, Source]) -> FactEntry | None:
    required = ("subject", "relation", "value")
    fields = reader.mapping(node, "a fact", FACT_KEYS, required)
    before = len(reader.problems)
    if any(k not in fields for k in required):
        return None
    subject = reader.text(fields["subject"][1], "fact subject")
    name = relation(reader, fields["relation"][1], "fact relation")
    kind = reader.text(fields["type"][1], "fact type") if "type" in fields else None
    if kind is not None and kind not in ("roots", "text"):
        reader.error(fields["type"][1], f"fact type {kind!r} is not one of ('roots', 'text')")
        return None
    value_node = fields["value"][1]
    if kind is None:
        kind = "roots" if _all_roots(value_node) else "text"
    value = _value(reader, value_node, kind, "fact value")
    also: list[tuple[str, ...]] = []
    if "also" in fields:
        also_node = fields["also"][1]
        items = (
            [also_node]
            if isinstance(also_node, yaml.ScalarNode)
            else list(reader.sequence(also_node, "also"))
        )
        for other in items:
            parsed = _value(reader, other, kind, "an 'also' value")
            if parsed is not None:
                also.append(parsed)
    note = reader.text(fields["note"][1], "fact note") if "note" in fields else None
    disputed = reader.text(fields["disputed"][1], "disputed") if "disputed" in fields else None
    refs = (
        reader.source_refs(fields["source"][1], sources, "fact source")
        if "source" in fields
        else ()
    )
    whole = reader.boolean(fields["complete"][1], "complete") if "complete" in fields else True
    if len(reader.problems) > before or not subject or not name or value is None:
        return None
    return FactEntry(
        subject=subject,
        relation=name,
        kind=kind,
        value=value,
        also=tuple(also),
        note=note,
        disputed=disputed,
        sources=refs,
        complete=whole is not False,
        line=node.start_mark.line + 1,
    )


def _all_roots(node: Node) -> bool:
    texts = [node] if isinstance(node, yaml.ScalarNode) else getattr(node, "value", [])
    try:
        for item in texts:
            if not isinstance(item, yaml.ScalarNode):
                return False
            parse_roots(str(item.value))
    except (RootSyntaxError, KeyError):
        return False
    return bool(texts)


def _value(reader: _Reader, node: Node, kind: str, what: str) -> tuple[str, ...] | None:
    if kind == "roots":
        text = reader.text(node, what)
        if text is None:
            return None
        try:
            return parse_roots(text)
        except RootSyntaxError as exc:
            reader.error(node, f"{what}: {exc}")
            return None
    return reader.texts(node, what)


def rule(reader: _Reader, node: Node, what: str) -> PatientRule | None:
    fields = reader.mapping(node, what, RULE_KEYS)
    return _rule_fields(reader, node, fields, what)


def _rule_fields(
    reader: _Reader, node: Node, fields: dict[str, tuple[Node, Node]], what: str
) -> PatientRule | None:
    sexes = None
    if "sexes" in fields:
        sexes = reader.texts(fields["sexes"][1], "sexes")
        for sex in sexes or ():
            if sex not in SEXES:
                reader.error(fields["sexes"][1], f"sex {sex!r} is not one of {SEXES}")
                sexes = None
    ages = ages_pair(reader, fields["ages"][1]) if "ages" in fields else None
    return PatientRule(sexes, ages)


def ages_pair(reader: _Reader, node: Node) -> tuple[int, int] | None:
    values = [reader.integer(i, "age") for i in reader.sequence(node, "ages")]
    if (
        len(values) != 2
        or values[0] is None
        or values[1] is None
        or not 0 < values[0] <= values[1] < 110
    ):
        reader.error(node, "ages is a [youngest, oldest] pair of whole years")
        return None
    return (values[0], values[1])


def history_entry(reader: _Reader, node: Node) -> tuple[str, PatientRule] | None:
    """A list entry ``{text: ..., sexes: [woman], ages: [18, 42]}``: a history with its patient."""
    fields = reader.mapping(node, "a history entry", HISTORY_KEYS, ("text",))
    if "text" not in fields:
        return None
    text = reader.text(fields["text"][1], "history text")
    found = _rule_fields(reader, node, fields, "a history entry")
    if text is None or found is None:
        return None
    return text, found


def check_sexed(reader: _Reader, node: Node, text: str, found: PatientRule | None) -> None:
    """A history that names pregnancy or a sex-specific organ must say which patients it fits."""
    for sex, pattern in _SEXED.items():
        if pattern.search(text) and (found is None or found.sexes != (sex,)):
            reader.error(node, f"history {text!r} fits only a {sex}: give it 'sexes: [{sex}]'")
    if _PREGNANCY.search(text):
        ages = found.ages if found is not None else None
        low, high = PREGNANCY_AGES
        if ages is None or ages[0] < low or ages[1] > high:
            reader.error(
                node, f"history {text!r} needs 'ages' within {low}-{high} (plausible pregnancy)"
            )
    if re.search(r"\b(in|of) an? (man|woman|boy|girl)\b", text, re.I):
        reader.error(node, f"history {text!r} names the patient's sex; the vignette states it")


def check_groups(reader: _Reader, node: Node, what: str, rows: list[Row]) -> None:
    """A table that groups its rows by construct groups every row: a row left out would be
    offered beside every key, or beside none."""
    grouped = [row for row in rows if row.groups]
    if not grouped or len(grouped) == len(rows):
        return
    first = grouped[0]
    for row in rows:
        if not row.groups:
            reader.error(
                node.value[row.index],
                f"row {row.key!r} of {what} has no 'group', but row {first.key!r} "
                f"(line {first.line}) has one: group every row of a grouped table",
            )


def cut_at_comma(value: str) -> bool:
    return bool(_CUT.match(value.strip()))


def row_phrases(reader: _Reader, node: Node, columns: dict) -> dict[str, str]:
    """``phrases: {weakness: "1/5 power of {side} {value}"}``: the row's own vignette wording
    of a finding column, where the column's usual phrase would contradict the row (a grade of
    4/5 beside a wrist drop)."""
    entries = reader.mapping(node, "row phrases", set(columns))
    found = {}
    for name, (_, value_node) in entries.items():
        text = reader.text(value_node, f"phrase for {name!r}")
        if text is None:
            continue
        if columns[name].role != "finding":
            reader.error(value_node, f"phrases: {name!r} is not a finding column")
            continue
        reader.placeholders(value_node, text, {"value", "side"}, "phrase")
        found[name] = text
    return found


def within(reader: _Reader, node: Node, kind: str) -> tuple[tuple[str, ...], ...]:
    """``within: C5-T1`` on a roots column: the roots any option may name (the brachial plexus
    takes no fibres from C2 or T3, so "T2, T3" is no answer to "the roots of the AIN"). A list
    of bands (``within: [C5-T1, L1-S2]``) bounds each key by the first band that holds it: an
    arm reflex by C5-T1, a leg reflex by L1-S2."""
    texts = reader.texts(node, "within")
    if texts is None:
        return ()
    if kind != "roots":
        reader.error(node, "within applies to a roots column only")
        return ()
    bands = []
    for text in texts:
        try:
            bands.append(parse_roots(text))
        except RootSyntaxError as exc:
            reader.error(node, f"within: {exc}")
            return ()
    return tuple(bands)


def cell_ask(reader: _Reader, fields: dict) -> bool:
    """A cell's ``ask: false``: the value is recorded and true, but no question asks it.

    Only ``false`` means anything (every value is asked by default), and a disputed value is
    not asserted at all, so ``ask`` beside ``disputed`` is refused."""
    node = fields["ask"][1]
    value = reader.boolean(node, "ask")
    if value is None:
        return True
    if value:
        reader.error(node, "ask: true is the default; write 'ask: false' or leave it out")
        return True
    if "disputed" in fields:
        reader.error(
            node,
            "a disputed value is not asserted as true: give it 'disputed' or 'ask: false', not both",
        )
    return False
