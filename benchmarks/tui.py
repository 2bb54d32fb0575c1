"""Cold start to the first question, against a minimal Textual app; answer-to-next latency.

Run: python benchmarks/tui.py
Each cold start is a fresh interpreter running the app headless (App.run_test), so imports,
store creation and the first screen are all counted; the minimal app is started the same way.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _docs import write_section

MINIMAL = """
import asyncio
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready")

async def main():
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

asyncio.run(main())
"""

TRAINER = """
import asyncio, sys
from datetime import UTC, datetime
from trainer.clock import FixedClock
from trainer.store import open_store
from trainer.tui.app import make_app

async def main():
    store = open_store(sys.argv[1])
    app = make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)))
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = asyncio.get_running_loop().time() + 60
        while type(app.screen).__name__ != "HomeScreen":
            assert asyncio.get_running_loop().time() < deadline, "home screen never appeared"
            await pilot.pause(0.005)
        await pilot.press("enter")
        while getattr(app.screen, "presented", None) is None:
            assert asyncio.get_running_loop().time() < deadline, "no question appeared"
            await pilot.pause(0.005)
    store.close()

asyncio.run(main())
"""


def cold(code: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, timeout=120
    )
    return time.perf_counter() - started


async def until(pilot, condition, what: str, seconds: float = 30.0) -> None:
    """Wait for ``condition()``; fail loudly instead of hanging."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(0.001)


async def answer_latency(samples: int = 15) -> list[float]:
    from datetime import UTC, datetime

    from trainer.clock import FixedClock
    from trainer.store import open_store
    from trainer.tui.app import make_app

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'p.sqlite3'}")
        app = make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)))
        times = []
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "home")
            await pilot.press("enter")
            await until(
                pilot, lambda: getattr(app.screen, "presented", None) is not None, "question"
            )
            screen = app.screen
            for _ in range(samples):
                shown = screen.presented
                started = time.perf_counter()
                await pilot.press("1")
                await until(pilot, lambda: screen.feedback is not None, "feedback")
                await pilot.press("space")
                await until(
                    pilot,
                    lambda: screen.presented is not shown and screen.feedback is None,  # noqa: B023
                    "next question",
                )
                times.append(time.perf_counter() - started)
        store.close()
    return times


def main() -> None:
    runs = 7
    minimal, full = [], []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(runs):  # interleaved, so machine noise hits both alike
            minimal.append(cold(MINIMAL))
            full.append(cold(TRAINER, f"sqlite:///{Path(folder) / f'cold{i}.sqlite3'}"))
    latency = asyncio.run(answer_latency())
    m, f = statistics.median(minimal), statistics.median(full)
    a = statistics.median(latency)
    text = "\n".join(
        [
            "`python benchmarks/tui.py` — medians of 7 interleaved cold starts (fresh interpreter,",
            "headless `run_test`, 80×24; the trainer run creates its store and shows the first",
            "question) and of 15 answer → feedback → next-question cycles in one Pilot session.",
            "",
            "| measure | median |",
            "|---|---|",
            f"| minimal Textual app, cold start | {m:.2f} s |",
            f"| trainer, cold start to first question | {f:.2f} s |",
            f"| ratio trainer / minimal | {f / m:.1f}× |",
            f"| answer key → next question on screen | {a * 1000:.0f} ms |",
            "",
        ]
    )
    print(text)
    write_section("TUI: cold start and answer latency", text)


if __name__ == "__main__":
    main()
