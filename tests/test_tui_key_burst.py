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
