"""The launch path: the first screen paints before the decks and the store open, and the
work of opening runs in a worker whose failures end the app with a clear message."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading

from trainer.errors import StoreError
from trainer.session import Trainer
from trainer.store import open_store
from trainer.tui.app import open_app
from trainer.tui.screens import HomeScreen
from trainer.tui.screens.opening import OpeningScreen


def _loaded_after(module: str, heavy: tuple[str, ...]) -> list[str]:
    """Which of ``heavy`` a fresh interpreter has imported once it has imported ``module``."""
    code = f"import sys, {module}\nprint([m for m in {heavy!r} if m in sys.modules])\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(done.stdout)


def test_importing_the_app_loads_no_core_module():
    core = ("sqlalchemy", "fsrs", "yaml", "trainer.session", "trainer.generator", "trainer.store")
    assert _loaded_after("trainer.tui.app", core) == []


async def test_first_screen_paints_before_the_store_opens(tmp_path, decks, clock):
    release = threading.Event()
    opened: list = []

    def opener() -> Trainer:
        assert release.wait(10), "the test never let the store open"
        opened.append(open_store(f"sqlite:///{tmp_path / 'p.sqlite3'}"))
        return Trainer(decks, opened[0], clock)

    app = open_app(opener)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, OpeningScreen)  # painted while the opener waits
            assert "Opening your decks" in str(app.screen.query_one("#opening").render())
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.trainer is not None and app.trainer.store is opened[0]
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.rows and app.screen.rows[0].counts.new > 0  # Home counted
    finally:
        for store in opened:
            store.close()


async def test_a_store_that_cannot_open_ends_the_app_with_its_message(capsys):
    def opener() -> Trainer:
        raise StoreError("cannot open the progress database x.sqlite3: file is not a database")

    app = open_app(opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    said = " ".join(capsys.readouterr().err.split())
    assert "trainer: error: cannot open the progress database" in said
    assert "file is not a database" in said


async def test_enter_continues_homes_counted_drill_but_not_a_stale_one(db_url, decks, clock):
    from tests.pilot import settle
    from trainer.session import DrillSession
    from trainer.tui.app import make_app

    store = open_store(db_url)
    other = open_store(db_url)  # another window on the same progress database
    try:
        app = make_app(store, clock, decks)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen) and home.rows
            # Home's counted drill would serve this card first; the other window answers it
            elsewhere = DrillSession(Trainer(decks, other, clock))
            first = elsewhere.next()
            elsewhere.answer(first, first.item.answer, 5000)
            elsewhere.close()
            await pilot.press("enter")
            await settle(pilot)
            shown = app.screen.presented
            assert shown is not None and shown.card.id != first.card.id  # the queue was rebuilt
            assert app.screen.session.counts().remaining == home.rows[0].counts.remaining - 1
    finally:
        other.close()
        store.close()


async def test_quitting_the_drill_gives_back_the_card_on_screen(db_url, decks, clock):
    from tests.pilot import settle
    from trainer.store import leases
    from trainer.tui.app import make_app

    store = open_store(db_url)
    other = open_store(db_url)
    try:
        app = make_app(store, clock, decks)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            shown = app.screen.presented.card.id
            assert not leases.take(other, shown, clock.now())  # on screen here: held
            await pilot.press("escape")  # back to Home: the card is free again
            await settle(pilot)
            assert leases.take(other, shown, clock.now())
            leases.release(other)
            await pilot.press("enter")
            await settle(pilot)
            shown = app.screen.presented.card.id
            assert not leases.take(other, shown, clock.now())
        # the app quit with a question on screen: the next start may show it at once
        assert leases.take(other, shown, clock.now())
    finally:
        other.close()
        store.close()


def test_the_map_widget_names_the_body_as_the_map_does():
    from trainer.bodymap.map import BODY
    from trainer.tui.widgets import bodymap

    assert bodymap.BODY == BODY  # the widget's copy, kept so that the drill loads no map code


def test_home_and_the_drill_load_no_exam_or_map_code():
    later = (
        "trainer.study.exam",
        "trainer.tui.screens.exam",
        "trainer.bodymap.map",
        "trainer.analytics.items",
        "trainer.tui.screens.settings",
    )
    assert _loaded_after("trainer.tui.screens.home", later) == []


async def test_homes_rows_come_first_and_its_summary_completes_with_stats(db_url, decks, clock):
    from dataclasses import replace

    from tests.pilot import settle
    from trainer.stats import compute_stats
    from trainer.tui.app import make_app

    store = open_store(db_url)
    try:
        trainer = Trainer(decks, store, clock)
        for card in store.cards()[:5]:
            store.set_suspended(card.id, True)
        trainer.save_settings(
            replace(trainer.settings, exam_date=clock.now().date().replace(year=2027))
        )
        app = make_app(store, clock, decks)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            home = app.screen
            stats = compute_stats(app.trainer)
            assert home.rows[0].cards == stats.cards  # the store's per-deck totals, summed
            said = str(home.query_one("#summary").render())
            assert f"{stats.reviews} reviews so far" in said and "Exam " in said
    finally:
        store.close()


async def test_the_collector_pauses_for_the_launch_and_resumes_after(
    monkeypatch, tmp_path, decks, clock
):
    import asyncio
    import gc

    from trainer.tui import app as shell

    monkeypatch.setattr(shell, "PREPARE_AFTER_SECONDS", 0.05)
    opened: list = []

    def opener() -> Trainer:
        opened.append(open_store(f"sqlite:///{tmp_path / 'p.sqlite3'}"))
        return Trainer(decks, opened[0], clock)

    try:
        assert gc.isenabled()
        app = open_app(opener)
        assert not gc.isenabled()  # paused from the launch on
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            for _ in range(500):  # the banks are prepared shortly after Home appears
                if gc.isenabled():
                    break
                await asyncio.sleep(0.02)
            assert gc.isenabled()

        def failing() -> Trainer:
            raise StoreError("cannot open the progress database x.sqlite3: locked")

        app = open_app(failing)
        assert not gc.isenabled()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert gc.isenabled()  # the app ended before any bank was prepared
    finally:
        gc.enable()
        for store in opened:
            store.close()


async def test_enter_at_once_leaves_homes_summary_figures_until_home_is_back(
    monkeypatch, db_url, decks, clock
):
    """Enter the moment Home's rows appear: `stats`' figures for the summary, which the drill
    covers, are not computed beside the first question; back on Home they are."""
    import threading

    import trainer.stats
    from tests.pilot import settle
    from trainer.session import DrillSession
    from trainer.tui.app import make_app

    computed: list[int] = []
    real_stats = trainer.stats.compute_stats
    monkeypatch.setattr(
        trainer.stats, "compute_stats", lambda t: computed.append(1) or real_stats(t)
    )
    entered = threading.Event()
    real_prefetch = DrillSession.prefetch

    def prefetch(self) -> None:  # Home's worker reaches this once its rows are on screen
        assert entered.wait(10), "the test never pressed Enter"
        real_prefetch(self)

    monkeypatch.setattr(DrillSession, "prefetch", prefetch)
    store = open_store(db_url)
    try:
        app = make_app(store, clock, decks)
        async with app.run_test(size=(100, 40)) as pilot:
            for _ in range(500):
                await pilot.pause()
                if isinstance(app.screen, HomeScreen) and app.screen.rows:
                    break
            home = app.screen
            assert home.rows and "reviews so far" not in str(home.query_one("#summary").render())
            await pilot.press("enter")
            entered.set()
            await settle(pilot)
            assert app.screen.presented is not None and computed == []
            assert not home.in_view() and home.is_current  # (Textual's is_current says yes)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is home and computed and home.in_view()
            assert "reviews so far" in str(home.query_one("#summary").render())
            await pilot.press("t")  # a dialog over Home: still in view
            await settle(pilot)
            assert app.screen.is_modal and home.in_view()
    finally:
        store.close()
