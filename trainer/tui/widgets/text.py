"""Deck text and numbers as the screens show them."""

from __future__ import annotations

from rich.text import Text

from trainer.text import printable


def literal(text: str, style: str = "") -> Text:
    """Deck text shown exactly as written: no markup, and unsafe characters made visible."""
    return Text(printable(text), style=style)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def shorten(text: str, width: int) -> str:
    """The text cut to ``width`` characters with an ellipsis when it is longer."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip(" ,") + "…"
