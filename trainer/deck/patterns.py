"""Sentence patterns deck authors write: ``"Common peroneal palsy spares {preserved}."``.

A slot ``{column}`` is filled with a row's value (several values are joined "a, b and c";
roots as ``L5, S1`` or ``S2–S4``). ``{column|a}`` puts the indefinite article before it
("an L5", "a C6", "an ankle jerk"). Nothing else is allowed in braces.
"""

from __future__ import annotations

import re

from trainer.deck.roots import format_roots

SLOT = re.compile(r"\{([^{}|]*)(?:\|([^{}]*))?\}")
FILTERS = ("a",)
_ROOT = re.compile(r"^(C|T|L|S)\d")


def slots(pattern: str) -> list[tuple[str, str | None]]:
    return [(m.group(1), m.group(2)) for m in SLOT.finditer(pattern)]


def pattern_problems(pattern: str, allowed: set[str]) -> list[str]:
    """What is wrong with a pattern: unknown slots or filters, stray braces."""
    problems = []
    stripped = SLOT.sub("", pattern)
    if "{" in stripped or "}" in stripped:
        problems.append("has a brace that is not part of a {slot}")
    for name, flt in slots(pattern):
        if name not in allowed:
            known = ", ".join("{" + a + "}" for a in sorted(allowed))
            problems.append(f"uses unknown slot {{{name}}} (allowed: {known})")
        if flt is not None and flt not in FILTERS:
            problems.append(f"uses unknown filter |{flt} (known: {', '.join(FILTERS)})")
    return problems


def join(parts: list[str] | tuple[str, ...]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def article(text: str) -> str:
    """``an L5``, ``a C6``, ``an ankle jerk``, ``a femoral nerve``."""
    word = text.strip()
    if _ROOT.match(word):
        return ("an " if word[0] in "LS" else "a ") + word
    first = word[:1].lower()
    vowel = first in "aeiou" and not word.lower().startswith(("uni", "use", "one", "eu"))
    return ("an " if vowel else "a ") + word


def fill(pattern: str, values: dict[str, tuple[str, ...]], kinds: dict[str, str]) -> str:
    """The pattern with every slot filled; a slot without a value is left as written."""

    def one(match: re.Match[str]) -> str:
        name, flt = match.group(1), match.group(2)
        if name not in values or not values[name]:
            return match.group(0)
        found = values[name]
        text = format_roots(found) if kinds.get(name) == "roots" else join(list(found))
        return article(text) if flt == "a" else text

    return SLOT.sub(one, pattern)


def sentence(text: str) -> str:
    """A capital first letter and one full stop."""
    text = " ".join(text.split()).rstrip(" .")
    return text[:1].upper() + text[1:] + "." if text else text
