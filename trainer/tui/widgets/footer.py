"""Textual's footer, rebuilt once per screen refresh however often the keys changed in it,
and with its keys made in the footer's own style.

Textual rebuilds the footer (a widget per key) after every change of the available keys, and
one answer changes them several times within a frame: a phase ends, the options are hidden
and lose the focus, the next question takes it back. Each rebuild cost several milliseconds
of the answer → next question time; here the changes of one frame give one rebuild, made
from the keys as they are by then, and only when they differ from the keys on screen (the
screen's focus and its place in the stack change the keys' bindings without changing them).

Textual's key widgets start compact and are then bound to the footer's own setting (not
compact): each key's styles were worked out twice more as it mounted (about a tenth of the
style work from the first paint to the first question). Here each bound key starts with
the footer's setting, so the binding changes nothing; a later change still reaches it.

The key that quits the app stands at the right edge, as the command palette's does, so that
no width of terminal and no number of other keys can push it off the screen. Where the keys
would not all fit in their usual style, they are drawn in Textual's compact one (a column
less each), as the width allows; a resize across that line draws them again."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter

QUIT_ACTION = "app.quit"


class Footer(TextualFooter):
    DEFAULT_CSS = """
    Footer FooterKey.-quit {
        dock: right;
    }
    Footer.-compact FooterKey.-quit {
        margin-right: 0;
    }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._change_pending = False
        self._drawn: tuple | None = None  # what the keys on screen were drawn from
        self._chosen_compact = self.compact  # compact by choice, not only while crowded

    def watch_compact(self, compact: bool) -> None:
        """The setting changed by the app (the crowded style is set without watchers)."""
        self._chosen_compact = compact

    def _crowded(self, widgets: list[Widget]) -> bool:
        """Whether ``widgets``' keys would not fit the width in the usual style."""
        return _width(widgets) > self.app.size.width

    def on_resize(self, event: events.Resize) -> None:
        if self._chosen_compact or not self._bindings_ready:
            return
        if self._crowded(list(self.query("FooterKey"))) != self.compact:
            self.refresh(recompose=True)

    def _keys(self, screen: Screen) -> tuple:
        """Everything the footer's keys are drawn from: the screen's active bindings, whether
        each is enabled, its tooltip and how its key is displayed, and the footer's settings."""
        bindings = tuple(
            (binding, enabled, tooltip, self.app.get_key_display(binding))
            for _, binding, enabled, tooltip in screen.active_bindings.values()
        )
        return (bindings, self.compact, self.show_command_palette, self.combine_groups)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        compact = self._chosen_compact or self._crowded(widgets)
        if compact != self.compact:  # before the keys mount: they are bound to it
            self.set_reactive(TextualFooter.compact, compact)
            self.set_class(compact, "-compact", update=False)
        for widget in widgets:
            if _bound_to_compact(widget, self):
                widget.set_reactive(type(widget).compact, compact)  # type: ignore[attr-defined]
                widget.set_class(compact, "-compact", update=False)
            if getattr(widget, "action", None) == QUIT_ACTION:
                widget.add_class("-quit")
            yield widget
        if self._bindings_ready:
            self._drawn = self._keys(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        if self._change_pending:  # the rebuild already asked for reads the keys of then
            return
        self._change_pending = True

        def changed() -> None:
            self._change_pending = False
            on_screen = self._drawn is not None and self.is_attached and screen is self.screen
            if on_screen and self._keys(screen) == self._drawn:
                return  # the same keys as on screen: nothing to draw again
            super(Footer, self).bindings_changed(screen)

        self.call_after_refresh(changed)


def _bound_to_compact(widget: Widget, footer: Footer) -> bool:
    """Whether ``widget`` is a key whose `compact` follows ``footer``'s (`data_bind`; the
    command palette's key is not bound and stays compact). Read from Textual's record of
    the binding: should it move, no key is set ahead and each behaves as Textual made it."""
    setting = getattr(type(widget), "compact", None)
    bound = getattr(widget, "_reactive_connect", None)
    if not isinstance(setting, Reactive) or not isinstance(bound, dict):
        return False
    source = bound.get("compact")
    return source is not None and source[0] is footer and source[1] is TextualFooter.compact


def _width(widgets: list[Widget]) -> int:
    """The columns ``widgets``' keys take side by side in the footer's usual style: a key and
    its label, each with a column of padding after it and the key one before (Textual's
    footer styles; the compact style takes one column less per key)."""
    return sum(
        cell_len(str(getattr(w, "key_display", "")))
        + cell_len(str(w.description))  # type: ignore[attr-defined]
        + 3
        + w.has_class("-command-palette")  # its border on the left
        for w in widgets
        if hasattr(w, "key_display") and hasattr(w, "description")
    )
