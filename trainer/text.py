"""Terminal-safe text: the one place that decides what of a deck's text may reach a terminal.

A deck is written by someone else. Its text may hold control characters (C0 such as ESC, which
starts every terminal escape sequence, DEL, and C1 such as CSI U+009B), bidirectional overrides
and other invisible format characters (Unicode category Cf: U+202E can make an option read
backwards), line and paragraph separators, or lone surrogates. None of them is ever passed to
the terminal: each is shown as a visible escape (``\\x1b``, ``\\u202e``), so the student sees
exactly what the author wrote and nothing can clear the screen, set the window title or
reorder text. Newlines and tabs are kept.

`printable` serves every screen of the app, every line the command line prints (through
`trainer.console`, which wraps stdout and stderr) and every error message; `json_line` writes JSON
whose strings carry the same characters as JSON escapes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_KEEP = frozenset("\n\t")
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def is_unsafe(char: str) -> bool:
    """True for a character that must not reach a terminal as itself."""
    return char not in _KEEP and unicodedata.category(char) in _UNSAFE_CATEGORIES


# Every character outside printable ASCII is a candidate, looked up in the Unicode tables.
_CANDIDATE = re.compile(r"[^\n\t\x20-\x7e]")


def visible(char: str) -> str:
    """The escape shown in place of one unsafe character."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every unsafe character replaced by its visible escape."""
    return _CANDIDATE.sub(lambda m: visible(c) if is_unsafe(c := m.group()) else c, text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_line(value: Any) -> str:
    """JSON (not ASCII-only) in which every unsafe character is a JSON escape."""
    text = json.dumps(value, ensure_ascii=False)
    return _CANDIDATE.sub(lambda m: _json_escape(c) if is_unsafe(c := m.group()) else c, text)
