"""Keys that arrive in one burst (a fast typist, a paste-like terminal write) each do their
action, in order: a Tab that moves into a form field takes effect before the keys after it,
so digits typed straight after it land in that field instead of being lost."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.pilot import settle
from trainer.tui.app import make_app
from trainer.tui.screens import ExamSetupScreen


def burst(app, keys: list[str]) -> None:
    """Post every key at once, as a terminal delivers a burst, without waiting in between."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_a_burst_of_keys_fills_the_custom_block_form(store, clock, decks):
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamSetupScreen)
        burst(
            app,
            [
                *("tab", "backspace", "backspace", "3"),
                *("tab", "backspace", "backspace", "1"),
                *("tab", "backspace", "5"),
            ],
        )
        await settle(pilot)
        values = [
            screen.query_one(f"#custom-{name}", Input).value
            for name in ("count", "minutes", "options")
        ]
        assert values == ["3", "1", "5"]


async def test_a_date_typed_and_saved_in_one_burst_is_saved(store, clock, decks):
    """Ctrl+S is a priority key, read as it arrives: it must not save before the characters
    typed just before it have reached the field."""
    from datetime import date

    from trainer.tui.screens.settings import SettingsScreen

    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#exam_date", Input)
        field.focus()
        field.value = ""
        await settle(pilot)
        burst(app, [*"2027-06-15", "ctrl+s"])
        await settle(pilot)
        assert store.settings().exam_date == date(2027, 6, 15)
        assert not screen.unsaved()
