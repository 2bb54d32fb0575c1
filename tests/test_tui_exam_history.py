"""A suspended block offered on Home, and past blocks reopened question by question (Pilot
sessions on a real store in a temporary folder)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Static

from trainer.study.exam import ExamBlock
from trainer.study.exam_waiting import waiting_block
from trainer.tui.app import make_app
from trainer.tui.screens import ExamScreen, HomeScreen


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


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
