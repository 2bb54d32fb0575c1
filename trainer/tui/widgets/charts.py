"""Small text charts: a calendar heat map of reviews and horizontal bars."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

BLOCKS = " ░▒▓█"


def heatmap(counts: dict[date, int]) -> Text:
    """Reviews per day as a calendar: one column per week, one row per weekday."""
    if not counts:
        return Text("no reviews yet")
    days = sorted(counts)
    start = days[0] - timedelta(days=days[0].weekday())
    weeks = (days[-1] - start).days // 7 + 1
    peak = max(counts.values()) or 1
    out = Text()
    for weekday, name in enumerate("MTWTFSS"):
        out.append(f"{name} ")
        for week in range(weeks):
            day = start + timedelta(days=week * 7 + weekday)
            n = counts.get(day, 0)
            level = 0 if n == 0 else 1 + min(3, int(3 * n / peak))
            out.append(BLOCKS[level] * 2, style="green" if n else "grey50")
        out.append("\n")
    out.append(f"  peak {peak} reviews/day")
    return out


def bars(values: list[int], width: int = 30) -> Text:
    peak = max(values) if values and max(values) else 1
    out = Text()
    for day, n in enumerate(values):
        out.append(f"+{day:>2}d ")
        out.append("█" * max(0, round(width * n / peak)), style="cyan")
        out.append(f" {n}\n")
    return out
