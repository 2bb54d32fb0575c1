"""The app shell and its factories: `make_app` (a trainer already open: the tests and the
benchmarks) and `open_app` (what the CLI launches: the first screen paints at once and the
decks and the store open in a worker after it). Both give the same app.

Module-level imports are Textual's only: the trainer's core (SQLAlchemy, fsrs, the generator)
loads in the worker, after the first paint."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from trainer.tui.screens.opening import OpeningScreen

if TYPE_CHECKING:
    from trainer.clock import Clock
    from trainer.deck.model import Deck
    from trainer.session import Trainer
    from trainer.store.db import Store


PREPARE_AFTER_SECONDS = 1.0


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
        # Focus moves the moment Tab is read, not after the keys that follow it have been
        # routed: digits typed straight after a Tab land in the field it moved to.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(
        self, trainer: Trainer | None = None, opener: Callable[[], Trainer] | None = None
    ) -> None:
        super().__init__()
        if (trainer is None) == (opener is None):
            raise ValueError("give the app a trainer or a way to open one, not both")
        self.trainer: Trainer | None = trainer
        self.opener = opener
        self._collector_paused = False

    def on_mount(self) -> None:
        if self.trainer is not None:
            self._home(self.trainer)
            return
        self.push_screen(OpeningScreen())
        # after the first paint: a worker importing the core beside the UI thread would hold
        # the interpreter while the first screen is being laid out
        self.call_after_refresh(self.open_in_background)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_in_background(self) -> None:
        """Load the decks, open the store and sync the cards, off the UI thread."""
        from trainer.errors import DeckError, TrainerError

        assert self.opener is not None
        try:
            trainer = self.opener()
            from trainer.tui.screens.home import HomeScreen  # the screens and the core
        except DeckError as exc:
            self.call_from_thread(self._fail, 2, str(exc))
            return
        except TrainerError as exc:
            self.call_from_thread(self._fail, exc.exit_code, f"trainer: error: {exc}")
            return
        self.call_from_thread(self._opened, trainer, HomeScreen)

    def _fail(self, code: int, message: str) -> None:
        self.exit(return_code=code, message=message)

    def _opened(self, trainer: Trainer, home: type) -> None:
        self.trainer = trainer
        self.switch_screen(home(trainer))
        # a skipped card sync left the banks' card lists for later: made while the student
        # reads Home, not before its counts or the first question
        self.set_timer(PREPARE_AFTER_SECONDS, self.prepare_in_background)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def prepare_in_background(self) -> None:
        try:
            if self.trainer is not None:
                self.trainer.prepare()
        finally:
            self.resume_collector()

    # -- the cyclic garbage collector during the launch -------------------------------------
    # The launch builds a large, long-lived object graph (modules, decks, banks) and hardly
    # any cyclic garbage (about 1,900 objects of 150,000 with the bundled decks); the
    # collector's passes over that growing graph took about a fifth of the CPU from launch
    # to the first question. It is paused from `open_app` until the banks are prepared (a
    # second after Home appears) or the app ends; the trainer freezes what it keeps first
    # (the launch's little cyclic garbage is frozen with it: never collected, never grown).
    def pause_collector(self) -> None:
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        self.resume_collector()

    def _home(self, trainer: Trainer) -> None:
        from trainer.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(trainer))


def make_app(store: Store, clock: Clock, decks: Sequence[Deck] | None = None) -> TrainerApp:
    """Build the app on a store and a clock, with the bundled decks unless others are given."""
    from trainer.session import Trainer

    if decks is None:
        from trainer.deck import load_decks
        from trainer.paths import bundled_deck_paths

        decks = load_decks(bundled_deck_paths())
    return TrainerApp(Trainer(decks, store, clock))


def open_app(opener: Callable[[], Trainer]) -> TrainerApp:
    """The app as launched: ``opener`` (load decks, open the store, build the trainer) runs
    in a worker once the first screen is painted; its `DeckError`/`TrainerError` ends the
    app with the CLI's message and exit status. The cyclic garbage collector is paused
    meanwhile (`TrainerApp.pause_collector`)."""
    app = TrainerApp(opener=opener)
    app.pause_collector()
    return app
