"""Spinal nerve roots: parsing, anatomical order and display.

A roots value is a set of roots written ``L4``, ``L4, L5``, ``S2-S4`` or ``S2–S4``; it is kept
as a tuple in anatomical order (C1 … C8, T1 … T12, L1 … L5, S1 … S5, Co).
"""

from __future__ import annotations

import re

ROOT_ORDER: tuple[str, ...] = (
    *(f"C{i}" for i in range(1, 9)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    *(f"S{i}" for i in range(1, 6)),
    "Co",
)
ROOT_INDEX: dict[str, int] = {root: i for i, root in enumerate(ROOT_ORDER)}
_TOKEN = re.compile(r"^(C[1-8]|T(?:[1-9]|1[0-2])|L[1-5]|S[1-5]|Co)$")
_DASHES = re.compile(r"\s*[-–—]\s*")


class RootSyntaxError(ValueError):
    pass


def _token(text: str) -> str:
    text = text.strip()
    if text.lower() in {"co", "co1", "coccygeal"}:
        return "Co"
    token = text.upper()
    if not _TOKEN.match(token):
        raise RootSyntaxError(f"{text!r} is not a spinal root (expected e.g. C5, T10, L4, S1, Co)")
    return token


def parse_roots(text: str) -> tuple[str, ...]:
    """Parse ``"L4, L5"`` or ``"S2-S4"`` into roots in anatomical order, without repeats."""
    if not text.strip():
        raise RootSyntaxError("empty root value")
    found: set[str] = set()
    for part in text.split(","):
        ends = _DASHES.split(part.strip())
        if len(ends) == 1:
            found.add(_token(ends[0]))
        elif len(ends) == 2:
            first, last = ROOT_INDEX[_token(ends[0])], ROOT_INDEX[_token(ends[1])]
            if last < first:
                raise RootSyntaxError(f"range {part.strip()!r} runs backwards")
            found.update(ROOT_ORDER[first : last + 1])
        else:
            raise RootSyntaxError(f"{part.strip()!r} is not a root or a range of roots")
    return tuple(sorted(found, key=ROOT_INDEX.__getitem__))


def format_roots(roots: tuple[str, ...]) -> str:
    """Display roots: runs of three or more as a range (``S2–S4``), others with commas."""
    indices = [ROOT_INDEX[r] for r in roots]
    parts: list[str] = []
    start = 0
    for i in range(1, len(indices) + 1):
        if i == len(indices) or indices[i] != indices[i - 1] + 1:
            run = roots[start:i]
            if len(run) >= 3:
                parts.append(f"{run[0]}–{run[-1]}")
            else:
                parts.extend(run)
            start = i
    return ", ".join(parts)


def shifted(roots: tuple[str, ...], offset: int) -> tuple[str, ...] | None:
    """The same pattern moved ``offset`` places along the cord, within one region; else None."""
    moved: list[str] = []
    for root in roots:
        i = ROOT_INDEX[root] + offset
        if not 0 <= i < len(ROOT_ORDER):
            return None
        moved.append(ROOT_ORDER[i])
    if len({r[0] for r in moved} | {r[0] for r in roots}) > 2:
        return None
    return tuple(moved)


def order_key(roots: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(ROOT_INDEX[r] for r in roots)
