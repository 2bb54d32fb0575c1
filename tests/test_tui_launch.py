"""The launch path: the first screen paints before the decks and the store open, and the
work of opening runs in a worker whose failures end the app with a clear message."""

from __future__ import annotations

import subprocess
import sys
import threading

from trainer.errors import StoreError
from trainer.session import Trainer
from trainer.store import open_store
from trainer.tui.app import open_app
from trainer.tui.screens import HomeScreen
from trainer.tui.screens.opening import OpeningScreen


def test_importing_the_app_loads_no_core_module():
    code = (
        "import sys, trainer.tui.app\n"
        "heavy = [m for m in ('sqlalchemy', 'fsrs', 'yaml', 'trainer.session', "
        "'trainer.generator', 'trainer.store') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


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
