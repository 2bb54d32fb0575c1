"""Validation of templates (item models) and hand-written questions, with locations."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import yaml

from trainer.deck.model import (
    ANSWER_MODES,
    Distractor,
    Patient,
    Question,
    Source,
    Table,
    Template,
    norm,
)
from trainer.deck.schema import STEM_SLOTS

if TYPE_CHECKING:
    from trainer.deck.loader import _Reader

Node = yaml.Node
_Item = TypeVar("_Item", Template, Question)

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
    "require",
    "groups",
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


# -- templates -------------------------------------------------------------------------
def templates(reader: _Reader, node: Node, tables: dict[str, Table]) -> tuple[Template, ...]:
    items = [(n, template(reader, n, tables)) for n in reader.sequence(node, "templates")]
    return tuple(unique(reader, items, "template"))


def template(reader: _Reader, node: Node, tables: dict[str, Table]) -> Template | None:
    required = ("id", "table", "kind", "cues", "answer", "stems")
    fields = reader.mapping(node, "a template", TEMPLATE_KEYS, required)
    before = len(reader.problems)
    if any(key not in fields for key in required):
        return None
    template_id = reader.slug(fields["id"][1], "template id")
    table_name = reader.text(fields["table"][1], "template table")
    kind = reader.text(fields["kind"][1], "template kind")
    if kind is not None and kind not in TEMPLATE_KINDS:
        reader.error(fields["kind"][1], f"template kind {kind!r} is not one of {TEMPLATE_KINDS}")
    table = tables.get(table_name or "")
    if table_name is not None and table is None and table_name not in reader.refused_tables:
        reader.error(fields["table"][1], f"template refers to missing table {table_name!r}")
    cues = reader.texts(fields["cues"][1], "cues") or ()
    answer = reader.text(fields["answer"][1], "answer")
    if table is not None:
        for cue in cues:
            if cue not in table.columns:
                reader.error(
                    fields["cues"][1], f"cue column {cue!r} is not in table {table.name!r}"
                )
        if answer is not None and answer not in table.columns:
            reader.error(
                fields["answer"][1], f"answer column {answer!r} is not in table {table.name!r}"
            )
        if answer in cues:
            reader.error(fields["answer"][1], "the answer column cannot also be a cue")
    avoid = reader.texts(fields["avoid"][1], "avoid") or () if "avoid" in fields else ()
    if table is not None:
        for name in avoid:
            if name not in table.columns:
                reader.error(
                    fields["avoid"][1], f"avoid column {name!r} is not in table {table.name!r}"
                )
    require = reader.texts(fields["require"][1], "require") or () if "require" in fields else ()
    for name in require:
        if name not in cues:
            reader.error(fields["require"][1], f"require names {name!r}, which is not a cue")
    groups = reader.texts(fields["groups"][1], "groups") or () if "groups" in fields else ()
    if table is not None and groups:
        known = {norm(g) for row in table.rows for g in row.groups}
        for name in groups:
            if norm(name) not in known:
                reader.error(
                    fields["groups"][1], f"no row of table {table.name!r} has the group {name!r}"
                )
    mode = "exact"
    if "mode" in fields:
        mode = reader.text(fields["mode"][1], "mode") or "exact"
        if mode not in ANSWER_MODES:
            reader.error(fields["mode"][1], f"mode {mode!r} is not one of {ANSWER_MODES}")
    vignette = kind == "vignette" or "patient" in fields
    findings = (2, 4) if vignette else (1, 1)
    if "findings" in fields:
        findings = parse_findings(reader, fields["findings"][1]) or findings
    stems = reader.texts(fields["stems"][1], "stems") or ()
    names = set(STEM_SLOTS) if vignette else {"cues", *cues}
    for stem in stems:
        reader.placeholders(fields["stems"][1], stem, names, "stem")
        if not stem.rstrip().endswith("?"):
            reader.error(fields["stems"][1], f"stem {stem!r} must end in a question mark")
    topic = reader.text(fields["topic"][1], "topic") if "topic" in fields else None
    explain = None
    if "explain" in fields:
        explain = reader.text(fields["explain"][1], "explain")
        if explain and table is not None:
            reader.placeholders(fields["explain"][1], explain, set(table.columns), "explain")
    patient = None
    if vignette:
        patient = parse_patient(reader, fields["patient"][1]) if "patient" in fields else Patient()
    if len(reader.problems) > before or template_id is None or answer is None or kind is None:
        return None
    if table is None:  # a table refused for a fault reported where the fault is
        return None
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
        require=require,
        groups=groups,
    )


def parse_findings(reader: _Reader, node: Node) -> tuple[int, int] | None:
    if isinstance(node, yaml.ScalarNode):
        n = reader.integer(node, "findings")
        return (n, n) if n is not None and n > 0 else None
    items = [reader.integer(i, "findings") for i in reader.sequence(node, "findings")]
    if len(items) != 2 or None in items:
        reader.error(node, "findings is a count or a [min, max] pair")
        return None
    low, high = items
    assert low is not None and high is not None
    if not 1 <= low <= high:
        reader.error(node, "findings [min, max] needs 1 <= min <= max")
        return None
    return (low, high)


def parse_patient(reader: _Reader, node: Node) -> Patient | None:
    fields = reader.mapping(node, "patient", PATIENT_KEYS)
    patient = Patient()
    ages = patient.ages
    if "ages" in fields:
        values = [reader.integer(i, "age") for i in reader.sequence(fields["ages"][1], "ages")]
        if len(values) != 2 or None in values or not 0 < values[0] <= values[1] < 110:  # type: ignore[operator]
            reader.error(fields["ages"][1], "ages is a [youngest, oldest] pair of whole years")
        else:
            ages = (values[0], values[1])  # type: ignore[assignment]
    sexes = reader.texts(fields["sexes"][1], "sexes") if "sexes" in fields else patient.sexes
    settings = (
        reader.texts(fields["settings"][1], "settings")
        if "settings" in fields
        else patient.settings
    )
    durations = reader.texts(fields["durations"][1], "durations") if "durations" in fields else ()
    sides = reader.texts(fields["sides"][1], "sides") if "sides" in fields else ()
    return Patient(
        ages, sexes or patient.sexes, settings or patient.settings, durations or (), sides or ()
    )


# -- hand-written questions ------------------------------------------------------------
def questions(reader: _Reader, node: Node, sources: dict[str, Source]) -> tuple[Question, ...]:
    items = [(n, question(reader, n, sources)) for n in reader.sequence(node, "questions")]
    return tuple(unique(reader, items, "question"))


def unique(reader: _Reader, items: list[tuple[Node, _Item | None]], what: str) -> list[_Item]:
    """The valid items, reporting any whose id repeats an earlier one."""
    kept: list[_Item] = []
    seen: dict[str, int] = {}
    for node, item in items:
        if item is None:
            continue
        if item.id in seen:
            reader.error(node, f"duplicate {what} id {item.id!r} (first at line {seen[item.id]})")
            continue
        seen[item.id] = item.line
        kept.append(item)
    return kept


def question(reader: _Reader, node: Node, sources: dict[str, Source]) -> Question | None:
    required = ("id", "topic", "stems", "answer", "distractors", "explanation", "source")
    fields = reader.mapping(node, "a question", QUESTION_KEYS, required)
    before = len(reader.problems)
    if any(key not in fields for key in required):
        return None
    question_id = reader.slug(fields["id"][1], "question id")
    kind = reader.text(fields["kind"][1], "kind") if "kind" in fields else "handwritten"
    topic = reader.text(fields["topic"][1], "topic")
    stems = reader.texts(fields["stems"][1], "stems") or ()
    for stem in stems:
        reader.placeholders(fields["stems"][1], stem, set(), "stem")
        if not stem.rstrip().endswith("?"):
            reader.error(fields["stems"][1], f"stem {stem!r} must end in a question mark")
    answer = reader.text(fields["answer"][1], "answer")
    distractors: list[Distractor] = []
    for item in reader.sequence(fields["distractors"][1], "distractors"):
        entry = reader.mapping(item, "a distractor", DISTRACTOR_KEYS, ("text", "why"))
        text = reader.text(entry["text"][1], "distractor text") if "text" in entry else None
        why = reader.text(entry["why"][1], "distractor why") if "why" in entry else None
        if text and why:
            distractors.append(Distractor(text, why))
    if (
        isinstance(fields["distractors"][1], yaml.SequenceNode)
        and len(distractors) < MIN_DISTRACTORS
    ):
        reader.error(
            fields["distractors"][1],
            f"a question needs at least {MIN_DISTRACTORS} distractors (five-option items)",
        )
    texts = [norm(d.text) for d in distractors] + [norm(answer or "")]
    if len(set(texts)) != len(texts):
        reader.error(fields["distractors"][1], "options repeat: every option must be distinct")
    explanation = reader.text(fields["explanation"][1], "explanation")
    refs = reader.source_refs(fields["source"][1], sources, "question source")
    ordered = reader.boolean(fields["ordered"][1], "ordered") if "ordered" in fields else False
    if len(reader.problems) > before or not (question_id and topic and answer and explanation):
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
