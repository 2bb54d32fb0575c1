"""Stored values read back strictly: a row edited by hand is a clear `StoreError`, not a crash.

The schema keeps settings as JSON text, one row per name. Each value is checked against the
type its `Settings` field declares (a string where a count belongs, an impossible date, a list
of words where minutes belong), and reported with its name and value.
"""

from __future__ import annotations

import json
import types
from dataclasses import fields
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

from trainer.errors import StoreError
from trainer.scheduling.scheduler import Settings

_KINDS: dict[Any, str] = {
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    str: "text",
    date: "a date (YYYY-MM-DD)",
}


class _Mismatch(Exception):
    pass


def _bad(name: str, raw: str, expected: str) -> StoreError:
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    return StoreError(
        f"the progress database's setting {name!r} holds {shown!r}, not {expected}; "
        "`trainer check --repair` resets it to the default"
    )


def _convert(value: Any, hint: Any) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType) and type(None) in args:
        if value is None:
            return None
        hint = next(a for a in args if a is not type(None))
        origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise _Mismatch
        return tuple(_convert(item, args[0]) for item in value)
    if hint is date:
        if not isinstance(value, str):
            raise _Mismatch
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Mismatch from None
    if hint is bool:
        if not isinstance(value, bool):
            raise _Mismatch
        return value
    if hint in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Mismatch
        if hint is int and not isinstance(value, int):
            raise _Mismatch
        return hint(value)
    if hint is str and not isinstance(value, str):
        raise _Mismatch
    return value


def _expected(hint: Any) -> str:
    args = [a for a in get_args(hint) if a is not type(None)]
    if get_origin(hint) in (Union, types.UnionType) and args:
        return _expected(args[0])
    if get_origin(hint) is tuple:
        plural = {int: "whole numbers", float: "numbers", str: "texts"}
        return f"a list of {plural.get(get_args(hint)[0], 'values')}"
    return _KINDS.get(hint, getattr(hint, "__name__", str(hint)))


def settings_from_rows(stored: dict[str, str]) -> Settings:
    """Settings from their stored JSON texts; unknown names are ignored, absent ones default."""
    hints = get_type_hints(Settings)
    values: dict[str, Any] = {}
    for field in fields(Settings):
        if field.name not in stored:
            continue
        raw = stored[field.name]
        try:
            values[field.name] = _convert(json.loads(raw), hints[field.name])
        except (ValueError, TypeError):
            raise _bad(field.name, str(raw), "JSON") from None
        except _Mismatch:
            raise _bad(field.name, str(raw), _expected(hints[field.name])) from None
    try:
        return Settings(**values).validated()
    except ValueError as exc:
        raise StoreError(
            f"the progress database's settings are invalid: {exc}; "
            "`trainer check --repair` resets them to the defaults"
        ) from None
