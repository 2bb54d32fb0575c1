"""The drill says what it will do: Pilot sessions on a real store in a temporary folder."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest
from textual.widgets import DataTable, OptionList, Static

from tests.pilot import settle
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens import DrillScreen, HomeScreen
from trainer.tui.screens.pick import PickScreen


async def settle_despite_failures(pilot) -> None:
    from contextlib import suppress

    from textual.worker import WorkerFailed

    await pilot.pause()
    with suppress(WorkerFailed):  # the screen reports it; the test checks what is shown
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.fixture
def app(store, clock, decks):
    app = make_app(store, clock, decks)
    app.trainer.save_settings(replace(app.trainer.settings, new_per_day=4))
    return app


async def answer_all(pilot, screen: DrillScreen, limit: int = 60) -> list:
    """Answer (wrongly when possible) until the drill is done; the cards served, in order."""
    served = []
    for _ in range(limit):
        if screen.phase == "done":
            return served
        served.append(screen.presented.card)
        wrong = (screen.presented.item.answer + 1) % len(screen.presented.item.options)
        await pilot.press(str(wrong + 1))
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
    raise AssertionError("the drill never ended")


async def test_home_counts_are_what_enter_gives_then_next_learning_time(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one("#decks", DataTable)
        assert table.get_row_at(0)[0].plain == "All decks"
        promised = home.rows[0].counts
        assert promised.new == 4 and promised.remaining == 4
        assert "more new cards wait (daily new-card limit)" in text_of(home, "#summary")
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        served = await answer_all(pilot, drill)
        assert len(served) == promised.remaining and store.review_count() == 4
        # the done screen: no empty options box, and it says when learning cards come back
        assert not drill.query_one("#options", OptionList).display
        done = text_of(drill, "#stem")
        assert "Next learning card in 1 min" in done and "Done for today" not in done
        assert "new cards wait for another day: the daily limit is 4 new cards" in done
        # when the learning step falls due, the drill has it again
        clock.advance(timedelta(minutes=2))
        await pilot.press("space")
        await settle(pilot)
        assert drill.phase == "question" and drill.presented.card.id in {c.id for c in served}
        await pilot.press("escape")
        await settle(pilot)
        assert home.rows[0].counts.learning == 4  # Home agrees with the drill again


async def test_study_one_deck_one_topic_and_study_more(app, store, decks):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        row = next(i for i, r in enumerate(home.rows) if r.key == "reflexes")
        promised = home.rows[row].counts.remaining
        home.query_one("#decks", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        served = await answer_all(pilot, app.screen)
        assert len(served) == promised and {c.deck_id for c in served} == {"reflexes"}
        await pilot.press("escape")
        await settle(pilot)
        # a topic from the picker
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        topic = picker.entries[0].split(" · ")[0]
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen) and drill.session.topic == topic
        assert drill.presented is None or drill.presented.card.topic == topic
        await pilot.press("escape")
        await settle(pilot)
        # use up the day, then "study more" is offered and serves more cards
        await pilot.press("enter")
        await settle(pilot)
        await answer_all(pilot, app.screen)
        drill = app.screen
        assert drill.check_action("more", ()) is True
        before = store.review_count()
        await pilot.press("m")
        await settle(pilot)
        assert drill.session.extra and drill.phase == "question"
        await pilot.press("1")
        await settle(pilot)
        assert store.review_count() == before + 1


async def test_rating_keys_show_names_and_intervals_and_answer_keys_fit_the_item(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        n = len(drill.presented.item.options)
        assert f"1-{n} or a-{'abcde'[n - 1]}" in text_of(drill, "#keys")
        assert drill.check_action("choose", (n - 1,)) and not drill.check_action("choose", (n,))
        await pilot.press(str(n + 1), "abcde"[n])  # not options of this item: nothing happens
        await settle(pilot)
        assert drill.phase == "question" and store.review_count() == 0
        answer = drill.presented.item.answer
        await pilot.press("ABCDE"[answer])  # Caps Lock on
        await settle(pilot)
        assert drill.feedback.correct and store.review_count() == 1
        # the header counts the answer at once
        assert "1 answered · 1 right" in text_of(drill, "#counts")
        keys = text_of(drill, "#keys")
        for name in ("! Again", "@ Hard", "# Good", "$ Easy"):
            assert name in keys
        assert "1 min" in keys and " d" in keys  # Again soon, Easy in days
        await pilot.press("@")
        await settle(pilot)
        assert drill.feedback.rating_name == "Hard"
        assert "Rated Hard (changed by you)" in text_of(drill, "#feedback")


async def test_undo_and_rerate_write_off_the_ui_thread_and_a_failed_write_is_shown(
    tmp_path, clock, decks, monkeypatch
):
    import trainer.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "locked.sqlite3"
    store = open_store(f"sqlite:///{path}")
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        await pilot.press("1")
        await settle(pilot)
        rating = drill.feedback.rating_name
        other = sqlite3.connect(path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            for key in ("u", "$"):
                await pilot.press(key)
                await settle_despite_failures(pilot)
        finally:
            other.rollback()
            other.close()
        messages = [n.message for n in app._notifications]
        assert len(messages) >= 2 and all("lock" in m or "busy" in m for m in messages), messages
        # the app is up, nothing changed, and the same answer can still be undone
        assert app.is_running and drill.phase == "feedback"
        assert drill.feedback.rating_name == rating and store.review_count() == 1
        await pilot.press("u")
        await settle(pilot)
        assert store.review_count() == 0 and drill.phase == "question"
    store.close()


async def test_settings_plain_messages_past_date_refused_and_unsaved_edits_ask(app, store):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        message = lambda: text_of(screen, "#message")  # noqa: E731
        screen.query_one("#new_per_day").value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "new cards per day: 'abc' is not a whole number" in message()
        assert "invalid literal" not in message()
        screen.query_one("#new_per_day").value = "10"
        screen.query_one("#exam_date").value = "2026-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is not a real date written YYYY-MM-DD" in message()
        screen.query_one("#exam_date").value = "2020-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "has already passed" in message() and store.settings().exam_date is None
        assert "or leave it blank to clear it" in message() and "none" not in message()
        # Esc with unsaved edits asks; "Stay here" keeps them, "Leave without saving" drops them
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "enter")  # Stay here
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#new_per_day").value == "10"
        screen.query_one("#exam_date").value = "2027-03-01"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # Save and leave
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        saved = store.settings()
        assert saved.new_per_day == 10 and saved.exam_date.isoformat() == "2027-03-01"
        assert "Exam 2027-03-01" in text_of(app.screen, "#summary")
        said = text_of(app.screen, "#summary")  # recall over every card of the syllabus
        assert f" of all {len(store.cards())} cards if you stopped studying now" in said
