"""Stored values read back strictly: a row edited by hand is a clear `StoreError`, not a crash.

The schema keeps settings as JSON text, one row per name. A value of the wrong type (a string
where a count belongs, an impossible date) is reported with its name and value.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

from trainer.errors import StoreError
from trainer.scheduling.scheduler import Settings

_KINDS: dict[type, str] = {int: "a whole number", float: "a number", bool: "true or false"}


def _bad(name: str, raw: str, expected: str) -> StoreError:
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    return StoreError(
        f"the progress database's setting {name!r} holds {shown!r}, not {expected}; "
        "`trainer check --repair` resets it to the default"
    )


def _value(name: str, raw: str, default: Any) -> Any:
    try:
        value = json.loads(raw)
    except (ValueError, TypeError):
        raise _bad(name, str(raw), "JSON") from None
    if name == "exam_date":
        if value is None:
            return None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else _fail()
        except (ValueError, TypeError):
            raise _bad(name, raw, "a date (YYYY-MM-DD)") from None
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in value
        ):
            raise _bad(name, raw, "a list of whole numbers")
        return tuple(value)
    kind = type(default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _bad(name, raw, _KINDS.get(kind, kind.__name__))
    return value


def _fail() -> Any:
    raise ValueError


def settings_from_rows(stored: dict[str, str]) -> Settings:
    """Settings from their stored JSON texts; unknown names are ignored, absent ones default."""
    defaults = Settings()
    values = {
        field.name: _value(field.name, stored[field.name], getattr(defaults, field.name))
        for field in fields(Settings)
        if field.name in stored
    }
    settings = Settings(**values)
    try:
        return settings.validated()
    except ValueError as exc:
        raise StoreError(
            f"the progress database's settings are invalid: {exc}; "
            "`trainer check --repair` resets them to the defaults"
        ) from None
