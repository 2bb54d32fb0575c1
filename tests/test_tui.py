"""Real Pilot sessions on a real temporary store, and snapshots of the main screens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import fill_disk
from tests.pilot import settle
from trainer.clock import FixedClock
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens import (
    BrowseScreen,
    DrillScreen,
    HomeScreen,
)
from trainer.tui.widgets import literal


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


@pytest.fixture
def fresh_app(tmp_path, decks):
    """An app on its own new store, for snapshots."""
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    yield make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)), decks)
    store.close()


async def test_drill_answer_feedback_override_undo(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        item = screen.presented.item
        wrong = (item.answer + 1) % len(item.options)
        await pilot.press(str(wrong + 1))
        await settle(pilot)
        assert screen.feedback is not None and not screen.feedback.correct
        assert screen.feedback.rating_name == "Again"
        assert store.review_count() == 1  # committed before the next question
        await pilot.press("@")  # override to Hard
        await settle(pilot)
        assert screen.feedback.rating_name == "Hard"
        await pilot.press("u")
        await settle(pilot)
        assert store.review_count() == 0 and screen.feedback is None
        await pilot.press("a" if item.answer == 0 else "b")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.feedback is None and screen.presented is not None
        assert store.review_count() == 1


async def test_enter_to_move_on_never_answers_the_next_question(app, store):
    """One Enter is one action: it moves on from feedback and nothing else (however fast the
    next question loads), and a selection made for one question never answers another."""
    from textual.widgets import OptionList

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        for answered in range(1, 6):
            await pilot.press("2")
            await settle(pilot)
            assert store.review_count() == answered
            options = screen.query_one("#options", OptionList)
            stale = options.get_option_at_index(0)  # drawn for the question just answered
            await pilot.press("enter")
            await settle(pilot)
            assert screen.phase == "question" and screen.feedback is None
            # a selection message for the old question arriving late is ignored
            options.post_message(OptionList.OptionSelected(options, stale, 0))
            await settle(pilot)
            assert screen.feedback is None and store.review_count() == answered
        # keys that arrive while an answer is being saved are not a second answer
        screen.action_choose(0)
        screen.action_choose(1)
        screen.action_enter()
        await settle(pilot)
        assert store.review_count() == 6 and screen.feedback.chosen == 0


async def test_stats_browse_settings(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("escape")  # the first Esc closes the preview
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape", "o")
        await settle(pilot)
        app.screen.query_one("#exam_date").value = "2027-03-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.settings().exam_date.isoformat() == "2027-03-01"
        app.screen.query_one("#options").value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.settings().options == 4  # refused, nothing saved
        app.screen.query_one("#options").value = "4"
        await pilot.press("escape", "s")
        await settle(pilot)
        assert "2027-03-01" in str(app.screen.query_one("#summary").render())


def test_deck_text_is_shown_literally():
    text = literal("[bold]L5[/bold] \x1b[31mred")
    assert text.plain == "[bold]L5[/bold] \\x1b[31mred"
    assert not text.spans


def test_snapshot_home_80x24(snap_compare, fresh_app):
    assert snap_compare(fresh_app, terminal_size=(80, 24), run_before=settle)


def test_snapshot_drill_wide(snap_compare, fresh_app):

    async def open_drill(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(120, 36), run_before=open_drill)


def test_snapshot_drill_80x24(snap_compare, fresh_app):

    async def answer(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(80, 24), run_before=answer)


def test_snapshot_stats_wide(snap_compare, fresh_app):

    async def answer_then_stats(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in ("1", "space", "2", "space", "3", "space"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("escape", "s")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(120, 40), run_before=answer_then_stats)


async def test_a_failed_write_is_shown_not_lost(app, store):

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # the disk fills up: every new page is refused
        fill_disk(store)
        for _ in range(30):
            await pilot.press("1")
            await settle(pilot)
            if app._notifications:
                break
            await pilot.press("space")
            await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("full" in m for m in messages), messages


async def test_browse_filters_by_deck_and_topic(app, decks):
    from trainer.generator import Bank

    reflex_cards = Bank(next(d for d in decks if d.id == "reflexes")).cards()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        table = app.screen.query_one("#cards")
        assert table.row_count == sum(len(Bank(d).cards()) for d in decks)
        app.screen.query_one("#deck-filter").value = "reflexes"
        await pilot.pause()
        assert table.row_count == len(reflex_cards)
        app.screen.query_one("#deck-filter").value = "*"
        app.screen.query_one("#topic-filter").value = "disc prolapse"
        await pilot.pause()
        assert table.row_count > 0
        assert all(table.get_row_at(i)[5].plain == "disc prolapse" for i in range(table.row_count))
        await pilot.press("p")
        await pilot.pause()
        assert "?" in str(app.screen.query_one("#preview").render())
