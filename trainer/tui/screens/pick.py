"""A small modal list: choose one entry (a topic to drill), or Esc for none."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.tui.screens.base import binding
from trainer.tui.widgets import literal


class PickScreen(ModalScreen[str | None]):
    BINDINGS = [binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    PickScreen { align: center middle; }
    PickScreen > Vertical {
        width: 60; max-width: 90%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickScreen OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, entries: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.title_text} (Enter chooses, Esc cancels)", classes="title")
            yield OptionList(
                *(Option(literal(e), id=str(i)) for i, e in enumerate(self.entries)), id="pick"
            )

    def on_mount(self) -> None:
        self.query_one("#pick", OptionList).focus()

    @on(OptionList.OptionSelected, "#pick")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
