"""Numbers and durations as a student reads them: "53%", "7 min", "3 d". No Textual here."""

from __future__ import annotations

from datetime import timedelta


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def duration(span: timedelta) -> str:
    """A short, rounded span: "<1 min", "7 min", "3 h", "4 d", "2 mo", "1.5 y"."""
    seconds = max(0.0, span.total_seconds())
    minutes = seconds / 60
    if minutes < 1:
        return "<1 min"
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 24:
        return f"{hours:.0f} h"
    days = hours / 24
    if days < 30:
        return f"{days:.0f} d"
    if days < 365:
        return f"{days / 30:.0f} mo"
    return f"{days / 365:.1f} y"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def agree(n: int, verb: str, many: str) -> str:
    """The verb that agrees with a count: ``agree(1, "waits", "wait")`` is "waits"."""
    return verb if n == 1 else many
