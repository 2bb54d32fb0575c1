"""`trainer items report`: the item analysis as a text table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from trainer.analytics.items import ItemStats
from trainer.humanize import plural

CSV_COLUMNS = (
    "level",
    "id",
    "deck_id",
    "cards",
    "answers",
    "students",
    "right",
    "p",
    "r_pb",
    "d_27",
    "discriminated",
    "median_ms",
    "blank",
    "flagged_cards",
    "flags",
    "distractors",
)


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def as_json(items: Sequence[ItemStats]) -> str:
    return json.dumps([item.to_json() for item in items], indent=2, ensure_ascii=False)


def as_csv(items: Sequence[ItemStats]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        distractors = "; ".join(
            f"{d.text}={d.chosen}/{d.shown}{'' if d.functions is not False else ' (non-functional)'}"
            for d in item.distractors
        )
        writer.writerow(
            [
                item.level,
                item.id,
                item.deck_id,
                item.cards,
                item.answers,
                item.students,
                item.right,
                "" if item.p is None else f"{item.p:.4f}",
                "" if item.r_pb is None else f"{item.r_pb:.4f}",
                "" if item.d_27 is None else f"{item.d_27:.4f}",
                item.discriminated,
                "" if item.median_ms is None else f"{item.median_ms:.0f}",
                item.blank,
                item.flagged_cards,
                "; ".join(item.flags),
                distractors,
            ]
        )
    return out.getvalue()


def as_text(items: Sequence[ItemStats], flagged_only: bool = False) -> str:
    """A table per level; distractors listed under each flagged card or template."""
    if not items:
        return "No answers yet: item statistics need the class's first answers.\n"
    lines: list[str] = []
    for level, title in (("deck", "Decks"), ("template", "Templates"), ("card", "Cards")):
        rows = [i for i in items if i.level == level and (i.flags or not flagged_only)]
        if not rows:
            continue
        lines.append(f"{title}")
        lines.append(f"  {'n':>5} {'stud':>4} {'p':>5} {'r_pb':>6} {'D27':>6} {'med s':>6}  id")
        for item in rows:
            median = None if item.median_ms is None else item.median_ms / 1000
            lines.append(
                f"  {item.answers:>5} {item.students:>4} {_num(item.p):>5} {_num(item.r_pb):>6} "
                f"{_num(item.d_27):>6} {_num(median, 1):>6}  {item.id}"
            )
            of = plural(item.cards, "card")
            extra = f"{item.flagged_cards} of {of} flagged" if level != "card" else ""
            notes = ", ".join([*item.flags, *([extra] if item.flagged_cards else [])])
            if notes:
                lines.append(f"        ! {notes}")
            if item.flags and level != "deck":
                for d in item.distractors:
                    verdict = {True: "functions", False: "NON-FUNCTIONAL", None: "too few"}
                    share = "" if d.share is None else f" {d.share:.0%}"
                    lines.append(
                        f"          {d.text[:40]:<40} chosen {d.chosen:>4} of {d.shown:>4}"
                        f"{share}  {verdict[d.functions]}"
                    )
        lines.append("")
    return "\n".join(lines)
