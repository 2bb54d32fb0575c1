"""One module per screen. Screens are given the Trainer they work on; none imports the app.

The names below load on first use (PEP 562), so importing one screen's module, as the app
does for its first screen, does not import every screen and the trainer's core with it."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_MODULES = {
    "BrowseScreen": "browse",
    "DrillScreen": "drill",
    "ExamResultScreen": "exam",
    "ExamScreen": "exam",
    "ExamSetupScreen": "exam",
    "HomeScreen": "home",
    "SettingsScreen": "settings",
    "StatsScreen": "stats",
}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
