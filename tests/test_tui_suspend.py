"""Suspending a card in Browse: Pilot sessions on a real store in a temporary folder."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static

from tests.pilot import settle
from trainer.store import open_store
from trainer.study.exam_plan import pool_cards
from trainer.tui.app import make_app
from trainer.tui.screens import BrowseScreen, DrillScreen, HomeScreen
from trainer.tui.screens.browse import STATES


@pytest.fixture
def app(store, clock, decks):
    app = make_app(store, clock, decks)
    app.trainer.save_settings(replace(app.trainer.settings, new_per_day=4))
    return app


async def answer_all(pilot, screen: DrillScreen, limit: int = 40) -> list[int]:
    """Answer until the drill is done; the ids of the cards served, in order."""
    served = []
    for _ in range(limit):
        if screen.phase == "done":
            return served
        served.append(screen.presented.card.id)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
    raise AssertionError("the drill never ended")


async def toggle_in_browse(pilot, card_key: str) -> str:
    """Open Browse from Home, suspend or unsuspend the card, go Home; the State cell shown."""
    await pilot.press("b")
    await settle(pilot)
    browse = pilot.app.screen
    assert isinstance(browse, BrowseScreen)
    table = browse.query_one("#cards", DataTable)
    row = table.get_row_index(card_key)
    table.move_cursor(row=row)
    await pilot.press("s")
    await settle(pilot)
    state = table.get_row_at(row)[1].plain
    await pilot.press("escape")
    await settle(pilot)
    return state


def summary_of(home: HomeScreen) -> str:
    return str(home.query_one("#summary", Static).render())


def remaining(home: HomeScreen) -> tuple[int, int]:
    """Home's "All decks" row: (cards, what Enter gives today)."""
    row = home.rows[0]
    return row.cards, row.counts.remaining


async def test_a_suspended_card_is_never_drilled_nor_counted_and_comes_back_intact(
    app, store, clock
):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        first = await answer_all(pilot, app.screen)  # four new cards studied
        await pilot.press("escape")
        clock.advance(timedelta(days=1))  # they are due again, with four more new cards
        home = app.screen
        home.refresh_counts()
        await settle(pilot)
        cards_before, due_before = remaining(home)
        target = next(c for c in map(store.card, first) if c.state.due <= clock.now())

        assert await toggle_in_browse(pilot, target.card_key) == "suspended"
        assert store.card(target.id).suspended
        assert remaining(app.screen) == (cards_before - 1, due_before - 1)
        assert "1 card suspended (b: browse brings them back)" in summary_of(app.screen)
        assert target.id not in {c.id for c in pool_cards(app.trainer, "any", None)}
        reviews_of_target = store.review_count(target.id)
        await pilot.press("enter")
        await settle(pilot)
        served = await answer_all(pilot, app.screen)
        assert len(served) == due_before - 1 and target.id not in served
        assert store.review_count(target.id) == reviews_of_target
        await pilot.press("escape")
        await settle(pilot)
        assert remaining(app.screen)[1] == 0

        # unsuspended: its schedule is the one it had, so it is due and Enter gives it
        shown = await toggle_in_browse(pilot, target.card_key)
        assert shown == STATES[target.state.state]
        back = store.card(target.id)
        assert not back.suspended and back.state == target.state
        assert remaining(app.screen) == (cards_before, 1)
        assert "suspended" not in summary_of(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        assert await answer_all(pilot, app.screen) == [target.id]


async def test_suspension_is_kept_across_a_restart(tmp_path, clock, decks):
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    store = open_store(url)
    app = make_app(store, clock, decks)
    key = store.cards()[0].card_key
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert await toggle_in_browse(pilot, key) == "suspended"
    store.close()
    again = open_store(url)
    try:
        assert again.card_by_key(key).suspended
        app = make_app(again, clock, decks)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("b")
            await settle(pilot)
            table = app.screen.query_one("#cards", DataTable)
            assert table.get_row_at(table.get_row_index(key))[1].plain == "suspended"
            await pilot.press("slash", *"suspended", "enter")  # the search finds them
            await settle(pilot)
            assert table.row_count == 1 and table.get_row_at(0)[1].plain == "suspended"
    finally:
        again.close()
