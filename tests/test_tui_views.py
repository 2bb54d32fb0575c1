"""Browse, Stats and the body map in the app: Pilot sessions on a real store, and snapshots."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import DataTable, Static

from tests.pilot import settle
from trainer.clock import FixedClock
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens import BrowseScreen, StatsScreen
from trainer.tui.widgets.bodymap import BodyMapView, render_map


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


@pytest.fixture
def fresh_app(tmp_path, decks):
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    yield make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)), decks)
    store.close()


@pytest.fixture
def dermatome_app(tmp_path, decks):
    """A fresh app on the dermatome deck alone, so the first item has a map to show."""
    store = open_store(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    chosen = [d for d in decks if d.id == "dermatomes"]
    yield make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)), chosen)
    store.close()


async def drill_answers(pilot, keys: list[str]) -> None:
    await pilot.press("enter")
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)


async def test_browse_focus_names_search_history_and_map(app, store):
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await drill_answers(pilot, ["1", "2"])
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one("#cards", DataTable)
        assert table.has_focus  # ↓ moves through the cards, not a drop-down
        await pilot.press("down")
        assert table.cursor_row == 1
        names = [table.get_row_at(i)[0].plain for i in range(table.row_count)]
        assert "C2 · key point → root" in names and not any("/" in n for n in names)
        # search narrows the list; Enter in the search goes back to the list
        await pilot.press("slash")
        await pilot.press(*"C6 key")
        await pilot.press("enter")
        await settle(pilot)
        assert table.has_focus and table.row_count >= 1
        assert all("C6" in table.get_row_at(i)[0].plain for i in range(table.row_count))
        await pilot.press("p")
        await settle(pilot)
        preview = text_of(screen, "#preview")
        assert "History: never answered" in preview
        body = screen.query_one("#browse-map", BodyMapView)
        assert body.display and body.key == {"C6"} and body.wrong == set()
        # a card that was answered lists its answers
        answered = {r.card_id for r in store_reviews(store)}
        key = next(c.card_key for c in store.cards() if c.id in answered)
        screen.query_one("#search").value = ""
        await settle(pilot)
        row = next(
            i
            for i in range(table.row_count)
            if table.get_row_at(i) and table.coordinate_to_cell_key((i, 0)).row_key.value == key
        )
        table.move_cursor(row=row)
        await pilot.press("p")
        await settle(pilot)
        assert "1 answer, newest first" in text_of(screen, "#preview")
        assert "(drill)" not in text_of(screen, "#preview")


def store_reviews(store):
    from sqlalchemy import select

    from trainer.store.models import ReviewRow

    with store.session() as session:
        return list(session.execute(select(ReviewRow.card_id)).all())


async def test_stats_human_numbers_compact_forecast_and_confused_by_topic(app, store):
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await drill_answers(pilot, ["1", "2", "3", "4"])
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        summary = text_of(screen, "#summary")
        assert "Retention: none yet (a card's first answer is not counted)" in summary
        assert "0." not in summary.replace("0.", "", 0) or "%" in summary
        forecast = text_of(screen, "#forecast")
        assert len(forecast.splitlines()) == 2 and "next 7 days" in forecast
        confused = text_of(screen, "#confused")
        if store.review_count() > 0 and "no wrong answers yet" not in confused:
            assert ": chose " in confused and " when the answer was " in confused


async def test_drill_feedback_shows_the_map_for_dermatome_items_only(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        seen = set()
        for _ in range(20):
            item = drill.presented.item
            wrong = (item.answer + 1) % len(item.options)
            await pilot.press(str(wrong + 1))
            await settle(pilot)
            view = drill.query_one("#map", BodyMapView)
            seen.add((item.topic, view.display))
            if view.display:
                assert view.key and not (view.key & view.wrong)
            if item.topic in ("myotomes", "reflexes"):
                assert not view.display
            await pilot.press("space")
            await settle(pilot)
            assert not drill.query_one("#map", BodyMapView).display  # gone with the feedback
            if drill.phase == "done":
                break
        assert ("dermatomes", True) in seen


def test_snapshot_drill_feedback_with_map_wide(snap_compare, dermatome_app):
    async def answer(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)

    assert snap_compare(dermatome_app, terminal_size=(140, 44), run_before=answer)


def test_snapshot_browse_preview_map_80x24(snap_compare, dermatome_app):
    async def preview(pilot):
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down", "down", "down", "down", "p")
        await settle(pilot)

    assert snap_compare(dermatome_app, terminal_size=(80, 24), run_before=preview)


def test_snapshot_home_wide(snap_compare, fresh_app):
    assert snap_compare(fresh_app, terminal_size=(120, 30), run_before=settle)


async def test_drill_map_draws_the_key_and_the_wrong_choice_of_every_dermatome_item(
    dermatome_app,
):
    """The S4-S5 item answered with another root's key point: both regions are drawn, in
    the figure itself (not only in the legend), at 80x24."""
    from trainer.tui.widgets.bodymap import KEY, WRONG

    app = dermatome_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        shown = 0
        for _ in range(8):
            item = drill.presented.item
            wrong = (item.answer + 1) % len(item.options)
            await pilot.press(str(wrong + 1))
            await settle(pilot)
            view = drill.query_one("#map", BodyMapView)
            if view.display:
                shown += 1
                assert view.key and view.wrong, (item.card_id, item.options[wrong])
                figure = render_map(view.body_map, view.rows, view.key, view.wrong)
                lines = figure.split("\n")[: view.rows]  # the figure, without the legend
                styles = {str(span.style) for line in lines for span in line.spans}
                assert any(KEY in s for s in styles), item.card_id
                assert any(WRONG in s for s in styles), item.card_id
            await pilot.press("space")
            await settle(pilot)
        assert shown >= 4
