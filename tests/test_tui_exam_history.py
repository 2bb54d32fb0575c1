"""A suspended block offered on Home, and past blocks reopened question by question (Pilot
sessions on a real store in a temporary folder)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.pilot import settle
from trainer.study.exam import ExamBlock
from trainer.study.exam_waiting import waiting_block
from trainer.tui.app import make_app
from trainer.tui.screens import ExamResultScreen, ExamScreen, ExamSetupScreen, HomeScreen
from trainer.tui.screens.exam_past import PastBlockScreen
from trainer.tui.screens.pick import PickScreen


def text_of(screen, selector: str) -> str:
    """What a Static shows, as plain text (its content may be a group of renderables)."""
    console = Console(width=1000, record=True, color_system=None)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def footer_keys(screen) -> set[str]:
    return {key for key, b in screen.active_bindings.items() if b.binding.show and b.enabled}


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


async def test_home_offers_the_suspended_block_and_r_resumes_it(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "suspended" not in text_of(home, "#summary") and "r" not in footer_keys(home)
        await pilot.press("r")  # nothing to resume: nothing happens
        await settle(pilot)
        assert app.screen is home
        await pilot.press("e", "u")
        await settle(pilot)
        block = app.screen.block
        await pilot.press("b", "f", "right", "c")
        clock.advance(timedelta(minutes=3))
        await pilot.press("escape", "y")  # leave, confirmed
        await settle(pilot)
        assert app.screen is home
        said = text_of(home, "#summary")
        assert (
            "Exam block suspended: USMLE-style block, 2 of 40 answered, 1 flagged, "
            "0:57:00 left. r resumes it." in said
        )
        assert "r" in footer_keys(home)
        clock.advance(timedelta(hours=2))  # on Home the block's clock stays stopped
        await pilot.press("r")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, ExamScreen) and resumed.block is not block
        again = resumed.block
        assert [s.item for s in again.slots] == [s.item for s in block.slots]
        assert [(s.chosen, s.flagged) for s in again.slots[:2]] == [(1, True), (2, False)]
        assert again.current == 1 and again.remaining() == timedelta(minutes=57)
        await pilot.press("ctrl+s", "y")  # submitted: Home no longer offers it
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home and "suspended" not in text_of(home, "#summary")
        assert "r" not in footer_keys(home) and store.review_count() == 2


def test_the_waiting_figures_match_the_resumed_block(app, store, clock):
    from trainer.study.exam_presets import NEET_PG_SECTIONS

    block = ExamBlock.start(app.trainer, NEET_PG_SECTIONS, seed=3)
    block.choose(0)
    block.toggle_flag()
    clock.advance(timedelta(minutes=43))  # past the first section's 42 minutes
    block.tick()
    block.suspend()
    waiting = waiting_block(store)
    resumed = ExamBlock.resume(app.trainer)
    assert resumed is not None and resumed.section == 1
    assert waiting.left == resumed.remaining_total() == timedelta(minutes=4 * 42)
    assert (waiting.answered, waiting.flagged, waiting.questions) == (1, 1, len(block.slots))


async def sit_three(pilot, flag: bool = True) -> ExamBlock:
    """A custom block of three: the first answered wrongly, the second (flagged) answered
    rightly, the third seen and left blank; submitted."""
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    pilot.app.screen.query_one("#custom-count").value = "3"
    await pilot.press("ctrl+r")
    await settle(pilot)
    block = pilot.app.screen.block
    first, second = block.slots[0].item, block.slots[1].item
    await pilot.press(str((first.answer + 1) % len(first.options) + 1), "right")
    await pilot.press(*(["f"] if flag else []), str(second.answer + 1), "right")
    await pilot.press("ctrl+s", "y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExamResultScreen)
    return block


async def test_a_past_block_reopens_question_by_question(app, store, clock):
    async with app.run_test(size=(100, 40)) as pilot:
        block = await sit_three(pilot)
        reviews = store.review_count()
        await pilot.press("escape")
        await settle(pilot)
        clock.advance(timedelta(days=2))  # the cards have moved on; the block has not
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickScreen) and len(picker.entries) == 1
        assert "custom  3 q  33% right" in picker.entries[0]
        await pilot.press("enter")
        await settle(pilot)
        past = app.screen
        assert isinstance(past, PastBlockScreen)
        assert past.current == 0
        shown = text_of(past, "#past-question")
        first = block.slots[0]
        wrong = first.chosen
        assert first.item.stem in shown
        for i, option in enumerate(first.item.options):
            assert f"{'ABCDE'[i]}. {option}" in shown
        assert f"✓ {'ABCDE'[first.item.answer]}. {first.item.key}  (answer)" in shown
        assert f"✗ {'ABCDE'[wrong]}. {first.item.options[wrong]}  (your choice)" in shown
        assert f"Why {'ABCDE'[wrong]} is wrong" in shown and "Explanation: " in shown
        assert "Question 1 of 3 · all questions 1/3" in text_of(past, "#past-place")
        await pilot.press("right")
        assert past.current == 1
        assert "⚑ flagged" in text_of(past, "#past-question")
        assert "(answer, your choice)" in text_of(past, "#past-question")
        await pilot.press("right", "right")  # stops at the last
        assert past.current == 2 and "(left blank)" in text_of(past, "#past-question")
        await pilot.press("w")
        assert past.positions == [0] and past.current == 0
        await pilot.press("f")
        assert past.positions == [1]
        await pilot.press("b")
        assert past.positions == [2]
        await pilot.press("a", "left")
        assert past.positions == [0, 1, 2] and past.current == 0
        assert store.review_count() == reviews  # reading changes nothing
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)


async def test_past_blocks_open_from_the_result_screen_and_an_empty_filter_says_so(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "h")  # nothing submitted yet: nothing to pick
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)
        await pilot.press("escape")
        await settle(pilot)
        await sit_three(pilot, flag=False)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        past = app.screen
        assert isinstance(past, PastBlockScreen)
        await pilot.press("f")
        assert past.current is None
        assert "No flagged questions in this block." in text_of(past, "#past-place")


async def test_time_on_the_exam_menu_is_not_taken_from_a_suspended_block(app, store, clock):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e", "u")
        await settle(pilot)
        await pilot.press("escape", "y")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        clock.advance(timedelta(minutes=10))  # reading the menu before pressing r
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.block.remaining() == timedelta(minutes=60)
