"""The examination grid inside an ISNCSCI case's stem, read back as rows and columns.

`trainer.isncsci.cases.worksheet_text` writes the grid as a plain-text table (so that every
screen, the CLI and an export can show it); a screen that can draw a real table splits the stem
with `split_worksheet` into the text before the grid, its rows, and the text after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER = "Level    Motor R/L   Touch R/L   Prick R/L"
NO_KEY_MUSCLE = "–"
_LEVEL = re.compile(r"[CTLS]\d+(?:-\d+)?(?:–[CTLS]\d+(?:-\d+)?)?")
_PAIR = re.compile(r"([^/\s]+)/([^/\s]+)")


@dataclass(frozen=True)
class GridRow:
    """One level (or a folded run of levels, e.g. "C2–C4") of the grid.

    ``cells`` are motor R, motor L, touch R, touch L, prick R, prick L ("–" where the level
    has no key muscle); a folded run has no cells but a ``note`` such as "normal both sides
    (sensation 2, key muscles 5)"."""

    level: str
    cells: tuple[str, str, str, str, str, str] | None = None
    note: str | None = None


@dataclass(frozen=True)
class WorksheetStem:
    before: str
    rows: tuple[GridRow, ...]
    after: str


def _pair(word: str) -> tuple[str, str] | None:
    found = _PAIR.fullmatch(word)
    return None if found is None else (found.group(1), found.group(2))


def _row(line: str) -> GridRow | None:
    """A grid row, or None for the first line after the grid."""
    level, _, rest = line.partition(" ")
    rest = rest.strip()
    if not _LEVEL.fullmatch(level) or not rest:
        return None
    words = rest.split()
    if len(words) == 3:
        no_muscle = (NO_KEY_MUSCLE, NO_KEY_MUSCLE)
        motor = no_muscle if words[0] == NO_KEY_MUSCLE else _pair(words[0])
        touch, prick = _pair(words[1]), _pair(words[2])
        if motor and touch and prick:
            return GridRow(level, (*motor, *touch, *prick))
    return GridRow(level, note=rest)


def split_worksheet(stem: str) -> WorksheetStem | None:
    """The stem around its grid, or None when the stem holds no grid."""
    lines = stem.split("\n")
    if HEADER not in lines:
        return None
    start = lines.index(HEADER)
    rows: list[GridRow] = []
    end = start + 1
    while end < len(lines):
        row = _row(lines[end])
        if row is None:
            break
        rows.append(row)
        end += 1
    if not rows:
        return None
    return WorksheetStem("\n".join(lines[:start]), tuple(rows), "\n".join(lines[end:]))
