"""Home's footer at 80 and 100 columns: Quit is always on screen, and the keys offered only at
times (m, r) fit beside the others, in the compact style where the usual one would not fit
(Pilot sessions on a real store in a temporary folder)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.pilot import settle
from trainer.study.exam import ExamBlock
from trainer.study.exam_presets import USMLE
from trainer.tui.app import make_app
from trainer.tui.screens import HomeScreen
from trainer.tui.widgets.footer import Footer


def keys_on_screen(app) -> dict[str, tuple[int, int]]:
    """Each footer key that is drawn on top at every cell of its own: key -> (left, right)."""
    screen = app.screen
    footer = screen.query_one(Footer)
    shown = {}
    for key in footer.query("FooterKey"):
        region = key.region
        cells = range(region.x, region.right)
        fits = bool(region.width) and region.right <= app.size.width
        if fits and all(screen.get_widget_at(x, region.y)[0] is key for x in cells):
            shown[key.key] = (region.x, region.right)
    return shown


async def home_footer(app, size: tuple[int, int]) -> dict[str, tuple[int, int]]:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        return keys_on_screen(app)


HOME_KEYS = {"enter", "t", "e", "s", "b", "o", "q"}


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_home_key_and_quit_fit(store, clock, decks, size):
    shown = await home_footer(make_app(store, clock, decks), size)
    assert set(shown) == HOME_KEYS
    assert shown["q"][1] == size[0]  # at the right edge


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_keys_offered_at_times_fit_and_quit_stays(store, clock, decks, size):
    app = make_app(store, clock, decks)
    trainer = app.trainer
    trainer.save_settings(replace(trainer.settings, new_per_day=0))  # done for today: m
    shown = await home_footer(app, size)
    assert set(shown) == HOME_KEYS | {"m"}
    ExamBlock.start(trainer, USMLE, seed=1).suspend()  # and a block to resume: r
    shown = await home_footer(make_app(store, clock, decks), size)
    assert "q" in shown and shown["q"][1] == size[0]
    assert set(shown) == HOME_KEYS | {"m", "r"}  # compact at 80 columns: every key fits


async def test_the_footer_turns_compact_only_while_its_keys_would_not_fit(store, clock, decks):
    app = make_app(store, clock, decks)
    trainer = app.trainer
    trainer.save_settings(replace(trainer.settings, new_per_day=0))
    ExamBlock.start(trainer, USMLE, seed=1).suspend()
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        wide = keys_on_screen(app)
        assert not footer.compact and set(wide) == HOME_KEYS | {"m", "r"}
        for width, compact in ((80, True), (100, False), (70, True)):
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            footer = app.screen.query_one(Footer)
            assert footer.compact is compact, width
            shown = keys_on_screen(app)
            assert shown["q"][1] == width
            if width >= 80:
                assert set(shown) == HOME_KEYS | {"m", "r"}, width
            if not compact:
                assert shown == wide  # the usual style again, key for key


async def test_the_palette_still_opens_from_home_without_its_footer_key(store, clock, decks):
    from textual.command import CommandPalette

    app = make_app(store, clock, decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "ctrl+p" not in keys_on_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


@pytest.mark.parametrize("suspended", [False, True])
async def test_every_exam_menu_key_fits_at_80_columns(store, clock, decks, suspended):
    from trainer.tui.screens.exam import ExamSetupScreen

    if suspended:
        ExamBlock.start(make_app(store, clock, decks).trainer, USMLE, seed=1).suspend()
    app = make_app(store, clock, decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)
        footer = app.screen.query_one(Footer)
        drawn = {key.key for key in footer.query("FooterKey")}
        assert ("r" in drawn) is suspended
        assert set(keys_on_screen(app)) == drawn  # each key whole, none under another


async def test_the_deck_table_fits_again_after_a_wider_terminal(store, clock, decks):
    """A table column keeps its widest cell: after 120 columns and back to 80, the counts must
    still be on screen (the deck titles give way again)."""
    from textual.widgets import DataTable

    app = make_app(store, clock, decks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def widths() -> list[int]:
            table = app.screen.query_one("#decks", DataTable)
            return [c.get_render_width(table) for c in table.ordered_columns]

        narrow = widths()
        assert sum(narrow) <= 80
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert sum(widths()) <= 120
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert widths() == narrow
