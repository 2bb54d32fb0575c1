"""A question stem as the screens draw it: an ISNCSCI case's examination grid becomes a table
with aligned columns (right and left side by side, zeros in red, impaired values in yellow);
any other stem is shown exactly as written."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from trainer.isncsci.worksheet import NO_KEY_MUSCLE, GridRow, split_worksheet
from trainer.text import printable
from trainer.tui.widgets.text import literal

LEVEL_WIDTH = 9
PAIR_WIDTH = 9  # " R   L  ": two values of up to 3 characters, centred
COLUMNS = (("Motor", "5"), ("Touch", "2"), ("Prick", "2"))  # and each one's normal grade


def _style(value: str, normal: str) -> str:
    if value == NO_KEY_MUSCLE:
        return "dim"
    if value == "0":
        return "bold red"
    return "" if value == normal else "yellow"


def _cell(text: str, width: int, style: str = "") -> Text:
    return Text(printable(text).center(width), style=style)


def _row(row: GridRow) -> Text:
    bar = Text("│", style="dim")
    line = Text(f" {printable(row.level):<{LEVEL_WIDTH - 1}}", style="bold")
    if row.cells is None:
        note = printable(row.note or "")
        style = "red" if note.startswith("absent") else ("green" if "normal" in note else "")
        return Text.assemble(line, bar, Text(f" {note}", style=style))
    for column, (_, normal) in enumerate(COLUMNS):
        right, left = row.cells[2 * column], row.cells[2 * column + 1]
        line.append_text(bar)
        line.append(" ")
        line.append_text(_cell(right, 3, _style(right, normal)))
        line.append(" ")
        line.append_text(_cell(left, 3, _style(left, normal)))
        line.append(" ")
    return line


def grid_text(rows: tuple[GridRow, ...]) -> Text:
    """The grid: a header, a rule, and one line per level or folded run of levels."""
    bar = Text("│", style="dim")
    head = Text(f" {'Level':<{LEVEL_WIDTH - 1}}", style="bold")
    sides = Text(" " * LEVEL_WIDTH)
    for name, _ in COLUMNS:
        head.append_text(bar)
        head.append_text(_cell(name, PAIR_WIDTH, "bold"))
        sides.append_text(bar)
        sides.append_text(_cell("R   L", PAIR_WIDTH, "dim"))
    rule = Text("┼".join(["─" * LEVEL_WIDTH] + ["─" * PAIR_WIDTH] * len(COLUMNS)), style="dim")
    out = Text("\n").join([head, sides, rule, *(_row(r) for r in rows)])
    out.no_wrap = True
    out.overflow = "crop"
    return out


def stem_renderable(stem: str, suffix: Text | None = None) -> RenderableType:
    """The stem with its grid drawn as a table when it has one; ``suffix`` ends it."""
    worksheet = split_worksheet(stem)
    if worksheet is None:
        text = literal(stem)
        if suffix is not None:
            text.append_text(suffix)
        return text
    after = literal(worksheet.after)
    if suffix is not None:
        after.append_text(suffix)
    parts: list[RenderableType] = []
    if worksheet.before:
        parts.append(literal(worksheet.before))
    parts += [grid_text(worksheet.rows), after]
    return Group(*parts)
