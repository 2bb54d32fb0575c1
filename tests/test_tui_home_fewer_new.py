"""Home says why a deck's row offers fewer new cards than the day's limit: one new card per
fact a day, or fewer new cards left (Pilot sessions on a real store in a temporary folder)."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console
from textual.widgets import Static

from tests.pilot import settle
from trainer.tui.app import make_app
from trainer.tui.screens import HomeScreen


def said(home: HomeScreen) -> str:
    console = Console(width=1000, record=True, color_system=None)
    console.print(home.query_one("#summary", Static).content)
    return " ".join(console.export_text().split())


async def home_of(app, pilot) -> HomeScreen:
    await settle(pilot)
    home = app.screen
    assert isinstance(home, HomeScreen) and home.rows
    return home


async def test_decks_whose_new_cards_share_facts_are_said_to_offer_fewer(store, clock, decks):
    app = make_app(store, clock, decks)
    async with app.run_test(size=(80, 24)) as pilot:
        home = await home_of(app, pilot)
        limit = home.rows[0].counts.new
        short = {row.key: row.counts.new for row in home.rows[1:] if row.counts.new < limit}
        assert limit == 20 and short  # the bundled decks have some (cases, reflexes)
        for deck, offered in short.items():  # the row gives one new card of each fact
            new = [c for c in store.cards() if c.deck_id == deck and c.state.is_new]
            assert len({c.sibling for c in new}) == offered < len(new)
        decks_offer = "1 deck offers" if len(short) == 1 else f"{len(short)} decks offer"
        assert f"; {decks_offer} fewer new cards: one new card per fact a day." in said(home)
        assert "new cards left" not in said(home)
        table = home.query_one("#decks")
        assert table.virtual_size.height <= table.size.height  # every row still fits 80x24


async def test_nothing_is_said_when_every_row_offers_the_limit(store, clock, decks):
    app = make_app(store, clock, decks)
    trainer = app.trainer
    trainer.save_settings(replace(trainer.settings, new_per_day=5))
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_of(app, pilot)
        assert all(row.counts.new == 5 for row in home.rows)
        assert "fewer new cards" not in said(home) and "new cards left" not in said(home)


async def test_a_deck_with_fewer_new_cards_left_than_the_limit_is_said_so(store, clock, decks):
    app = make_app(store, clock, decks)
    kept: dict[str, int] = {}
    for card in store.cards():  # the reflexes deck keeps one card of each fact
        if card.deck_id == "reflexes":
            if card.sibling in kept:
                store.set_suspended(card.id, True)
            else:
                kept[card.sibling] = card.id
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_of(app, pilot)
        row = next(r for r in home.rows if r.key == "reflexes")
        assert row.counts.new == len(kept) < 20
        text = said(home)
        assert "1 deck has fewer than 20 new cards left" in text
        assert "1 deck offers fewer new cards: one new card per fact a day" in text  # cases
