"""How an exam block is drawn: its clock line, navigator, result tables, history and review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from rich.text import Text

from trainer.humanize import plural
from trainer.store.exams import PastBlock
from trainer.study.exam import ExamBlock, Slot
from trainer.study.exam_marking import Share, trend, verdict
from trainer.tui.widgets.text import literal

LETTERS = "ABCDE"
SPARK = "▁▂▃▄▅▆▇█"
VERDICT_STYLE = {"right": "green", "wrong": "red", "blank": "yellow"}


def clock(left: timedelta) -> str:
    minutes, seconds = divmod(int(left.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def timer_line(block: ExamBlock) -> Text:
    """The clock that matters now first (a narrow terminal cuts the end of the line, never
    the time), then the section, the question number and the block's title."""
    left = block.remaining()
    style = "bold red" if left <= timedelta(minutes=5) else "bold"
    label = "section time left" if block.sectioned else "time left"
    line = Text()
    line.append(f"{clock(left)} {label}", style=style)
    if block.sectioned:
        line.append(f" (block {clock(block.remaining_total())})", style="dim")
        line.append(f" · Section {block.section + 1} of {len(block.sections)}", style="bold")
    line.append(f" · Q {block.current + 1}/{len(block.slots)} · {block.preset.title}")
    return line


def navigator(block: ExamBlock, window: int, legend: bool = True) -> Text:
    """The current section's questions around the current one: ● answered, ○ not, ⚑ flagged;
    then the tallies, unless a short terminal needs the line for the options."""
    span = block.reachable
    start = max(span.start, min(block.current - window // 2, span.stop - window))
    shown = range(start, min(span.stop, start + window))
    line = Text()
    if start > span.start:
        line.append("… ")
    for i in shown:
        slot = block.slots[i]
        mark = Text(f"{i + 1}{'●' if slot.answered else '○'}")
        if slot.flagged:
            mark.append("⚑", style="yellow")
        if i == block.current:
            mark.stylize("reverse")
        line.append_text(mark)
        line.append(" ")
    if shown.stop < span.stop:
        line.append("…")
    if not legend:
        return line
    tally = block.tally(span if block.sectioned else None)
    scope = " in this section" if block.sectioned else ""
    line.append(
        f"\n● answered {tally.answered}  ○ unanswered {tally.unanswered}  "
        f"⚑ flagged {tally.flagged}{scope}"
    )
    return line


def key_help(slot: Slot, sectioned: bool) -> Text:
    n = len(slot.item.options)
    keys = f"1-{n}/a-{LETTERS[n - 1].lower()} answer · x clear · ←/→ move · g go to · "
    keys += "u next unanswered · ] next flagged · l flagged list"
    if sectioned:
        keys += " · ctrl+n end section"
    return Text(keys, style="dim")


def tally_sentence(unanswered: int, flagged: int, unseen: int = 0) -> str:
    parts = [f"{unanswered} unanswered" + (f" ({unseen} never opened)" if unseen else "")]
    parts.append(f"{flagged} flagged")
    return ", ".join(parts)


def shares_table(shares: Sequence[Share], limit: int | None = None) -> Text:
    """One line per deck or topic: right of all, percent, wrong and blank (fits 80 columns)."""
    out = Text()
    shown = list(shares)[:limit] if limit else list(shares)
    width = min(32, max((len(s.name) for s in shown), default=10))
    for share in shown:
        name = share.name if len(share.name) <= width else share.name[: width - 1] + "…"
        out.append_text(literal(f"{name:<{width}} "))
        out.append(f"{share.right:>3}/{share.questions:<3} right ")
        style = "green" if share.percent >= 70 else ("yellow" if share.percent >= 50 else "red")
        out.append(f"{share.percent:>4.0f}%", style=style)
        out.append(f"  wrong {share.wrong:<3} blank {share.blank}\n")
    if limit and len(shares) > limit:
        out.append(f"… and {len(shares) - limit} more\n", style="dim")
    return out


def history_text(past: Sequence[PastBlock], limit: int = 8) -> Text:
    """The latest blocks with their percent right, a sparkline, and the trend."""
    if not past:
        return Text("No block submitted yet.", style="dim")
    out = Text()
    spark = "".join(SPARK[min(7, int(p.percent / 100 * 8))] for p in past[-20:])
    out.append(f"{spark}  ", style="cyan")
    change = trend(past)
    if change is None:
        out.append("one block so far\n")
    else:
        word = "up" if change > 0 else ("down" if change < 0 else "level")
        style = "green" if change > 0 else ("red" if change < 0 else "")
        points = plural(round(abs(change)), "point")
        out.append(f"{word} {points} on the blocks before\n", style=style)
    for block in past[-limit:]:
        marks = 4 * block.right - block.wrong
        out.append(
            f"{block.submitted_at:%Y-%m-%d %H:%M}  {block.preset:<16} {block.questions:>3} q  "
            f"{block.percent:>3.0f}% right  NEET marks {marks:>4}/{4 * block.questions}\n"
        )
    return out


def review_text(index: int, slot: Slot) -> Text:
    """One question of a submitted block: verdict, stem, key, the student's choice and why."""
    item = slot.item
    kind = verdict(slot)
    text = Text()
    text.append(f"{index + 1}. {kind}", style=f"bold {VERDICT_STYLE[kind]}")
    if slot.flagged:
        text.append(" ⚑ flagged", style="yellow")
    if kind == "blank" and not slot.seen:
        text.append(" (never opened)", style="dim")
    text.append(f"  {slot.seconds:.0f} s\n", style="dim")
    text.append_text(literal(f"{item.stem}\n"))
    text.append("Answer: ", style="bold")
    text.append_text(literal(f"{LETTERS[item.answer]}. {item.key}\n"))
    if slot.chosen is not None and slot.chosen != item.answer:
        text.append("You chose: ", style="bold")
        text.append_text(literal(f"{LETTERS[slot.chosen]}. {item.options[slot.chosen]}\n"))
        text.append_text(literal(f"{item.rationales[slot.chosen]}\n"))
    text.append_text(literal(item.explanation))
    return text
