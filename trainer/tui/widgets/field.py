"""A text field that takes a burst of keys in the order they were typed.

Textual's `Input` inserts a printable key as soon as the key reaches it, but runs its editing
keys (Backspace, Delete) as bindings only once the key has bubbled up to the app. Keys that
arrive in one burst ("Backspace Backspace 3") are then applied out of order: the 3 goes in
first and the Backspaces delete it. `Field` applies its editing keys where it receives them,
so every key acts in the order it was typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

# key -> the Input action it runs, applied in place instead of as a late binding
_IN_ORDER = {
    "backspace": "delete_left",
    "ctrl+h": "delete_left",
    "delete": "delete_right",
    "ctrl+d": "delete_right",
}


class Field(Input):
    """An `Input` whose editing keys keep their place among the keys typed around them."""

    async def _on_key(self, event: events.Key) -> None:
        action = _IN_ORDER.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self._restart_blink()
        getattr(self, f"action_{action}")()
