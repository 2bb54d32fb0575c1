"""The exam result screen at a small terminal: every listed question can be scrolled to (Pilot
sessions on a real store in a temporary folder)."""

from __future__ import annotations

import pytest

from tests.pilot import settle
from trainer.tui.app import make_app
from trainer.tui.screens import ExamResultScreen


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


async def submit_usmle_block(pilot, answers: int) -> ExamResultScreen:
    """A USMLE-style block with the first ``answers`` questions answered A, then submitted."""
    await settle(pilot)
    await pilot.press("e", "u")
    await settle(pilot)
    for _ in range(answers):
        await pilot.press("a", "right")
    await pilot.press("ctrl+s", "y")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExamResultScreen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_result_scrolls_to_the_last_listed_question(app, size):
    async with app.run_test(size=size) as pilot:
        screen = await submit_usmle_block(pilot, answers=4)
        for which in ("all", "blank"):
            await pilot.press(which[0])
            await settle(pilot)
            reviews = screen.query_one("#reviews")
            shown = list(reviews.children)
            assert len(shown) >= 30  # 36 blanks at least, each a few lines long
            top, bottom = shown[0].region.y, shown[-1].region.bottom
            assert reviews.region.y <= top and reviews.region.height >= bottom - top
            scroll = screen.query_one("#result")
            await pilot.press("end")
            await settle(pilot)
            assert scroll.scroll_y == scroll.max_scroll_y > 0
            last = shown[-1]
            assert scroll.region.contains_region(last.region)  # the last one is on screen
            assert last.region.height >= 2
