"""What every screen shares: the store-backed Trainer it is given, key bindings, option rows."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.actions import parse
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from trainer.errors import TrainerError
from trainer.session import Trainer
from trainer.tui.widgets import literal

LETTERS = "ABCDE"
MENU_ICON = "≡"  # the header's corner opens the command palette; Textual's default "⭘" says nothing


def binding(
    key: str,
    action: str,
    description: str,
    *,
    show: bool = True,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    return Binding(
        key,
        action,
        description,
        show=show,
        key_display=key_display,
        priority=priority,
        id=f"{action}-{key}".replace(" ", "-"),
        tooltip=description,
    )


def option_bindings() -> list[Binding]:
    """1–5, a–e and A–E choose an option (capitals too: Caps Lock must not swallow answers).
    Hidden from the footer; the screen says which keys fit the item on it."""
    keys = []
    for i in range(5):
        keys.append(binding(str(i + 1), f"choose({i})", f"Option {i + 1}", show=False))
        keys.append(binding(LETTERS[i].lower(), f"choose({i})", f"Option {LETTERS[i]}", show=False))
        keys.append(binding(LETTERS[i], f"choose({i})", f"Option {LETTERS[i]}", show=False))
    return keys


def answer_keys(options: int) -> str:
    """The keys that answer an item with this many options, e.g. "1-4 or a-d"."""
    return f"1-{options} or a-{LETTERS[options - 1].lower()}"


def render_prompts(item_options: tuple[str, ...]) -> list[Text]:
    return [literal(f"{LETTERS[i]}. {text}") for i, text in enumerate(item_options)]


def render_options(item_options: tuple[str, ...]) -> list[Option]:
    return [Option(prompt, id=str(i)) for i, prompt in enumerate(render_prompts(item_options))]


class TrainerScreen(Screen[None]):
    """A screen of the app. It is given the Trainer it works on and never imports the app."""

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer
        self._footer_keys: tuple[bool | None, ...] | None = None

    def after_typing(self, action: Callable[[], object]) -> None:
        """Run ``action`` after the keys already sent to the focused widget. A priority key
        (Ctrl+S, Ctrl+R) is read the moment it arrives, while the characters typed just
        before it (one terminal write) may still wait in the field's queue: a form read then
        would miss them."""
        focused = self.focused
        if focused is None:
            action()
        else:
            focused.call_later(action)

    def refresh_footer(self) -> None:
        """`refresh_bindings`, only when a key the footer shows became available or not:
        each refresh rebuilds the footer's key widgets (several milliseconds), and the drill
        changes phase four times an answer."""
        keys = []
        for item in self.BINDINGS:
            if isinstance(item, Binding) and item.show:
                namespace, name, arguments = parse(item.action)
                keys.append(None if namespace else self.check_action(name, arguments))
        if tuple(keys) != self._footer_keys:
            self._footer_keys = tuple(keys)
            self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is said on screen, never lost: a store error (disk full,
        database locked) names the problem, and the write it was making was rolled back. The
        title claims nothing about saving: most jobs only read, and one that wrote may have
        committed before it failed (an answer is stored before the next card is chosen)."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, TrainerError):
            message = str(error)
        else:
            message = f"unexpected error: {type(error).__name__}: {error}"
        self.notify(message, title="Error", severity="error", timeout=10)
