"""Deck text and numbers as the screens show them."""

from __future__ import annotations

import unicodedata

from rich.text import Text


def literal(text: str, style: str = "") -> Text:
    """Deck text shown exactly as written: no markup, and control characters made visible."""
    cleaned = "".join(
        ch if ch == "\n" or unicodedata.category(ch) != "Cc" else f"\\x{ord(ch):02x}" for ch in text
    )
    return Text(cleaned, style=style)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"
