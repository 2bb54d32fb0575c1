"""Mechanical checks on every sentence the bank shows: the rules a copy editor would apply.

Used by ``trainer deck check`` on a deck's sentence patterns and by the test that renders every
sentence every template can produce.
"""

from __future__ import annotations

import re

from trainer.deck.patterns import SLOT

# phrases that quote the data model instead of teaching
DATA_MODEL = re.compile(
    r"no row of|the table gives|fits every finding stated|is the segments of|"
    r"the (what|which) [a-z ]+ of|\bCorrect: |(never|not) offered|offered as (a )?wrong",
    re.I,
)
_LABEL_COLON = re.compile(r"(^|[.;] )[A-Za-z][\w ,'()-]{0,40}: [a-z]")
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.I)
_NESTED = re.compile(r"\([^()]*\(")
_SINGULAR_VERBS = {"is", "has", "was", "does"}
_PLURAL_VERBS = {"are", "have", "were", "do"}


def prose_problems(text: str) -> list[str]:
    """What is wrong with a sentence (or a few sentences) shown to a student."""
    problems = []
    if SLOT.search(text) or "{" in text or "}" in text:
        problems.append("an unfilled slot")
    if DATA_MODEL.search(text):
        problems.append("quotes the data model")
    if _LABEL_COLON.search(text):
        problems.append("a raw label ('label: value')")
    doubled = [m.group(1) for m in _DOUBLED.finditer(text) if not m.group(1).isdigit()]
    if doubled:
        problems.append(f"a doubled word: {doubled[0]!r}")
    if _NESTED.search(text):
        problems.append("nested parentheses")
    if not text[:1].isupper() and not re.match(r"^[CTLS]\d", text):
        problems.append("no capital at the start")
    if not text.rstrip().endswith((".", "?")):
        problems.append("no full stop at the end")
    if text.count("(") != text.count(")"):
        problems.append("unbalanced parentheses")
    return problems


def agreement_problems(pattern: str, counts: dict[str, int]) -> list[str]:
    """Subject-verb agreement where a slot is the subject of the next word: a slot that renders
    several values ("a and b") needs a plural verb, one value a singular one."""
    problems = []
    for match in re.finditer(r"\{([a-z0-9_]+)(?:\|a)?\}\s+(\w+)", pattern):
        name, verb = match.group(1), match.group(2).lower()
        many = counts.get(name, 1) > 1
        singular = verb in _SINGULAR_VERBS or (verb.endswith("s") and not verb.endswith("ss"))
        if many and singular and verb != "its":
            problems.append(f"{{{name}}} can be several values but is followed by {verb!r}")
        if not many and verb in _PLURAL_VERBS:
            problems.append(f"{{{name}}} is one value but is followed by {verb!r}")
    return problems
