"""Small text charts: a calendar heat map of reviews and horizontal bars."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from trainer.humanize import plural

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
    out.append(f"  peak {plural(peak, 'review')}/day")
    return out


def bars(values: list[int], width: int = 30) -> Text:
    peak = max(values) if values and max(values) else 1
    out = Text()
    for day, n in enumerate(values):
        out.append(f"+{day:>2}d ")
        out.append("█" * max(0, round(width * n / peak)), style="cyan")
        out.append(f" {n}\n")
    return out


SPARKS = "▁▂▃▄▅▆▇█"


def forecast_strip(values: list[int]) -> Text:
    """Cards due per day as one line of bars (today first), with the week and month totals:
    two lines however many days."""
    out = Text()
    if not values or not any(values):
        return Text("nothing due in the next 30 days")
    peak = max(values)
    for n in values:
        if n == 0:
            out.append("·", style="grey50")
        else:
            out.append(SPARKS[min(7, (n * 8 - 1) // peak)], style="cyan")
    out.append(
        f"\ntoday {values[0]} · next 7 days {sum(values[:7])} · next {plural(len(values), 'day')} "
        f"{sum(values)} · busiest day {peak}"
    )
    return out
