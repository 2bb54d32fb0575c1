"""Textual's footer, rebuilt once per screen refresh however often the keys changed in it.

Textual rebuilds the footer (a widget per key) after every change of the available keys, and
one answer changes them several times within a frame: a phase ends, the options are hidden
and lose the focus, the next question takes it back. Each rebuild cost several milliseconds
of the answer → next question time; here the changes of one frame give one rebuild, made
from the keys as they are by then."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._change_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._change_pending:  # the rebuild already asked for reads the keys of then
            return
        self._change_pending = True

        def changed() -> None:
            self._change_pending = False
            super(Footer, self).bindings_changed(screen)

        self.call_after_refresh(changed)
