"""The app shell and its one factory, `make_app`, which the CLI and the tests both call."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.binding import Binding

from trainer.clock import Clock
from trainer.deck.model import Deck
from trainer.session import Trainer
from trainer.store.db import Store
from trainer.tui.screens.home import HomeScreen


class TrainerApp(App[int]):
    CSS_PATH = "trainer.tcss"
    TITLE = "trainer"
    SUB_TITLE = "anatomy MCQ revision"
    BINDINGS = [
        Binding(
            "ctrl+c",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="quit",
            tooltip="Quit, keeping every answer",
        ),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__()
        self.trainer = trainer

    def on_mount(self) -> None:
        self.push_screen(HomeScreen(self.trainer))


def make_app(store: Store, clock: Clock, decks: Sequence[Deck] | None = None) -> TrainerApp:
    """Build the app on a store and a clock, with the bundled decks unless others are given."""
    if decks is None:
        from trainer.deck import load_decks
        from trainer.paths import bundled_deck_paths

        decks = load_decks(bundled_deck_paths())
    return TrainerApp(Trainer(decks, store, clock))
