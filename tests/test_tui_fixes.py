"""Pilot sessions on a real store for the screens' small promises: Home stays current, Browse's
Esc and search, Settings' status line, the topic picker's counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, OptionList, Static
from textual.worker import WorkerCancelled

from trainer.study.settings_form import FIELDS
from trainer.tui.app import make_app
from trainer.tui.screens import BrowseScreen, DrillScreen, HomeScreen
from trainer.tui.screens.pick import PickScreen
from trainer.tui.screens.settings import UNSAVED, SettingsScreen


async def settle(pilot) -> None:
    await pilot.pause()
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:  # Home's timer replaced its own count by a newer one
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


async def answer_wrong(pilot, screen: DrillScreen) -> None:
    item = screen.presented.item
    await pilot.press(str((item.answer + 1) % len(item.options) + 1))
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_home_recounts_while_it_stays_open(app, clock, monkeypatch):
    """A learning card that falls due while Home is open is counted without a key press."""
    monkeypatch.setattr(HomeScreen, "REFRESH_SECONDS", 0.25)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer_wrong(pilot, app.screen)  # one learning card, due in a minute
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        before = home.rows[0].counts.learning
        clock.advance(timedelta(minutes=12))
        await pilot.pause(0.6)
        await settle(pilot)
        assert home.rows[0].counts.learning == before + 1


async def test_browse_esc_closes_the_preview_and_keeps_the_search(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("slash", *"cauda", "enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        browse = app.screen
        assert browse.query_one("#preview-row").display
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is browse
        assert not browse.query_one("#preview-row").display
        assert browse.query_one("#search", Input).value == "cauda"
        assert browse.query_one("#cards", DataTable).row_count > 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_browse_slash_suspended_as_the_readme_writes_it(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("slash", *"/suspended", "enter")
        await settle(pilot)
        table = browse.query_one("#cards", DataTable)
        assert table.row_count == 1
        assert "suspended" in str(table.get_row_at(0)[1])


async def test_settings_status_says_unsaved_after_an_edit(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        settings = app.screen
        assert isinstance(settings, SettingsScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = settings.query_one("#message", Static)
        assert str(message.render()) == "Saved."
        field = settings.query_one("#new_per_day", Input)
        field.focus()
        await pilot.press("end", "backspace", "backspace", *"30")
        await settle(pilot)
        assert field.value == "30"
        assert str(message.render()) == UNSAVED


async def test_topic_picker_shows_counts_and_singular_wait(app, store, clock, decks):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen)
        assert any(" new · " in entry for entry in picker.entries)
        options = picker.query_one("#pick", OptionList)
        assert options.option_count == len(picker.entries)
        await pilot.press("escape")
        await settle(pilot)


def test_one_held_card_waits(decks):
    from trainer.humanize import agree, plural

    assert f"{plural(1, 'new card')} {agree(1, 'waits', 'wait')}" == "1 new card waits"
    assert f"{plural(2, 'new card')} {agree(2, 'waits', 'wait')}" == "2 new cards wait"


def on_screen(app, text: str) -> bool:
    """The text is drawn in the terminal now (not merely somewhere in a scroll view)."""
    import html

    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    return text in svg


async def test_result_filter_keys_bring_their_list_into_view(app):
    from trainer.tui.screens import ExamResultScreen, ExamScreen

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "u")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        await pilot.press("1", "f", "right", "2", "f", "right", "3")
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert "⭘" not in app.export_screenshot()
        assert not on_screen(app, "Questions: all questions")  # the summary first
        assert not on_screen(app, "⚑ flagged")
        await pilot.press("f")
        await settle(pilot)
        assert on_screen(app, "Questions: flagged (2)")
        assert on_screen(app, "⚑ flagged")  # the first flagged question's own line


async def test_stats_topic_retention_leaves_first_answers_out(app, store):
    """Nine first answers: the headline says "none yet", and so does the topic list."""
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(3):
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert store.review_count() == 3
        await pilot.press("escape", "s")
        await settle(pilot)
        topics = str(app.screen.query_one("#topics", Static).render())
        assert "right of" not in topics
        assert "first answer is not counted" in topics


@pytest.fixture
def dermatome_app(store, clock, decks):
    return make_app(store, clock, [d for d in decks if d.id == "dermatomes"])


async def test_feedback_keeps_the_stem_key_and_choice_on_screen_at_80x24(dermatome_app):
    app = dermatome_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        for _ in range(4):
            item = drill.presented.item
            wrong = (item.answer + 1) % len(item.options)
            await pilot.press(str(wrong + 1))
            await settle(pilot)
            opening = " ".join(item.stem.split()[:4])
            assert on_screen(app, opening), (item.card_id, opening)
            assert on_screen(app, "Answer: "), item.card_id
            assert on_screen(app, "You chose "), item.card_id
            await pilot.press("space")
            await settle(pilot)


async def test_home_shows_new_learn_due_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert on_screen(app, "New") and on_screen(app, "Learn") and on_screen(app, "Due")
        assert on_screen(app, "…")  # the longest deck titles give way
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert not on_screen(app, "…")


async def test_browse_at_80_columns_names_decks_and_states_in_full(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("slash", *"cauda", "enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        table = app.screen.query_one("#cards", DataTable)
        row = table.get_row_at(table.cursor_row)
        assert str(row[1]) == "suspended"
        assert str(row[4]).startswith("Spinal cord") or str(row[4]).startswith("Lower-limb")
        assert on_screen(app, "suspended")
        assert not on_screen(app, "cord-synd")


async def test_sections_clock_visible_at_80_columns(store, clock, decks):
    from trainer.tui.screens import ExamScreen

    lumbar = {"dermatomes", "myotomes", "reflexes", "lumbar-localisation"}
    app = make_app(store, clock, [d for d in decks if d.id in lumbar])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "s")
        await settle(pilot)
        await pilot.press("y")  # the lumbar decks repeat facts in 200 questions
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        assert on_screen(app, "0:42:00 section time left")
        assert on_screen(app, "Section 1 of 5")


async def test_settings_inputs_line_up(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        lefts = {app.screen.query_one(f"#{name}", Input).region.x for name, _ in FIELDS}
        assert len(lefts) == 1, lefts


async def test_60x15_shows_every_option_the_footer_and_the_drill_counts(app):
    from trainer.tui.screens import ExamScreen

    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert on_screen(app, "20 left")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e", "u")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        item = exam.block.slots[0].item
        last = f"{'ABCDE'[len(item.options) - 1]}. {item.options[-1]}"
        # the whole last option, wrapped or not: its start and its end are both drawn
        assert on_screen(app, last[:30]) and on_screen(app, last.split()[-1]), last
        assert on_screen(app, "Leave")
