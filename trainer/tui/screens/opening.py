"""The first screen of a launch: shown at once, while the decks and the store open in a worker.

Nothing here imports the store, the scheduler or the generator: the app paints this screen
first, and the work of opening happens after (`TrainerApp.open_in_background`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.tui.widgets.footer import Footer


class OpeningScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("Today", classes="title")
        yield Static("Opening your decks and progress…", id="opening", classes="muted")
        yield Footer()
