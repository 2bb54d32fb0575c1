"""A table cell and the comparison form of its facts. Plain frozen dataclasses; no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from trainer.deck.roots import format_roots

_SPACE = re.compile(r"\s+")
_T = TypeVar("_T")


@lru_cache(maxsize=1 << 13)  # a deck's few thousand distinct phrases, compared again and again
def norm(text: str) -> str:
    """The comparison form of a fact: case, spacing and dash style do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class PatientRule:
    """Who a history or a condition fits: the sexes and the age range it is plausible for."""

    sexes: tuple[str, ...] | None = None
    ages: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)  # slots: a large deck holds one per cell
class Cell:
    """One table cell: one value or several, with the convention's alternatives and a note.

    ``values`` are the atoms (single roots for a roots column, phrases for a text column).
    ``also`` holds atoms another convention gives; the generator never offers an ``also`` value
    as a wrong option. ``disputed`` says why the cell's own value is contested: no question is
    keyed on such a cell or uses it as a cue. ``asked`` is False for a value the deck records as
    true but does not ask (``ask: false``): it is accepted like any value, but no question is
    keyed on it, no stem states it, and no rationale gives it as the reason an option is wrong.
    """

    values: tuple[str, ...]
    column_type: str = "text"
    also: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    line: int = 0
    disputed: str | None = None
    rules: tuple[tuple[str, PatientRule], ...] = ()  # per-value patient constraints
    asked: bool = True  # False: recorded and true, never asked, stated or used to rule out
    general: tuple[tuple[str, str], ...] = ()  # value -> its general wording for rationales

    def said(self, value: str) -> str:
        """How a rationale states ``value``: its general wording where the deck gives one
        ("fever" for "a temperature of 38.9 °C"), else the value itself."""
        return _for_value(self.general, value) or value

    @property
    def unasked(self) -> bool:
        """No question keys on, states or rules out with this cell (disputed, or ``ask: false``)."""
        return bool(self.disputed) or not self.asked

    def rule(self, value: str) -> PatientRule | None:
        return _for_value(self.rules, value)

    @property
    def text(self) -> str:
        return format_value(self.values, self.column_type)

    def accepted(self) -> frozenset[str]:
        """Every atom this cell admits under any convention the deck names."""
        return frozenset(norm(v) for v in (*self.values, *self.also))

    def accepted_values(self) -> tuple[frozenset[str], ...]:
        """Whole values this cell admits: its own, and the other convention's."""
        own = frozenset(norm(v) for v in self.values)
        if not self.also:
            return (own,)
        return (own, frozenset(norm(v) for v in self.also))


def format_value(values: tuple[str, ...], column_type: str) -> str:
    if column_type == "roots":
        return format_roots(values)
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def _for_value(pairs: tuple[tuple[str, _T], ...], value: str) -> _T | None:
    """What ``pairs`` (atom, thing) give for ``value``, or None."""
    atom = norm(value)
    return next((found for key, found in pairs if key == atom), None)
