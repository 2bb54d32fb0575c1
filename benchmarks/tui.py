"""Launch to first question, against a minimal Textual app launched the same way; and the
answer-to-next-question latency.

Run: python benchmarks/tui.py
Both apps start in a fresh interpreter (``python -c``), headless (`App.run_test`, 80×24), and
report the wall-clock moment of each milestone; the time counts from just before the process
is started, so interpreter start, imports and the first paint are all in it. A milestone is
"painted": the state it names is reached and the screen and its widgets have processed every
pending event, i.e. are laid out and refreshed (`Pilot._wait_for_screen`). The minimal app
reports when its one screen has painted. The trainer is started the way `trainer` starts it
(`open_app` with the CLI's own `app_opener`, on an existing store with the bundled decks) and
reports when its first screen has painted, when Home has painted its counts, and when, after
Enter on Home, the first question has painted. Every process gets the benchmark's own cache
folder (``XDG_CACHE_HOME``): the trainer launches with its deck cache as the launch before
left it (warm), and once more with that folder emptied first (cold: the first launch after
an install, an upgrade or a deck edit). Seven launches of each, interleaved so machine noise
hits them alike; medians.

Keys are delivered as a terminal delivers them (a `Key` event handed to the driver) and the
milestones are watched with plain 2 ms sleeps. `Pilot.press` and `Pilot.pause` are not used
for timing: each key press waits for the whole process to be idle over at least two 20 ms
windows, and each `pause` walks every widget of the screen, so they timed the test harness as
much as the app (an earlier version of this script used them).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _docs import write_section

MINIMAL = """
import asyncio, time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("ready")

async def main():
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot._wait_for_screen()  # the screen laid out and refreshed (not "CPU idle")
        print("painted", time.time(), time.process_time())

asyncio.run(main())
"""

TRAINER = """
import asyncio, sys, time
from textual import events
from trainer.cli import app_opener, build_parser
from trainer.tui.app import open_app

async def main():
    opened = []
    app = open_app(app_opener(build_parser().parse_args(["--db", sys.argv[1]]), opened))
    async with app.run_test(size=(80, 24)) as pilot:
        async def painted(name, reached):
            deadline = time.time() + 60
            while not reached():
                assert time.time() < deadline, "never reached: " + name
                await asyncio.sleep(0.002)
            await pilot._wait_for_screen()  # as the minimal app: laid out and refreshed
            print(name, time.time(), time.process_time())

        await painted("painted", lambda: True)
        await painted("home", lambda: type(app.screen).__name__ == "HomeScreen" and app.screen.rows)
        key = events.Key("enter", None)
        key.set_sender(app)
        app._driver.send_message(key)  # as a terminal delivers it
        await painted("question", lambda: getattr(app.screen, "presented", None) is not None)
    for store in opened:
        store.close()

asyncio.run(main())
"""


def launch(code: str, cache: Path, *args: str) -> dict[str, float]:
    """Seconds from just before the interpreter starts to each milestone it reports, and
    (``"<milestone> cpu"``) the CPU seconds the process had used by then. ``cache``: the
    platform cache folder the process sees (the benchmark's own, not the user's)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    found = {}
    for line in done.stdout.splitlines():
        name, moment, cpu = line.split()
        found[name] = float(moment) - started
        found[f"{name} cpu"] = float(cpu)
    return found


async def until(pilot, condition, what: str, seconds: float = 30.0) -> None:
    """Wait for ``condition()`` with plain sleeps, then for the screen to have processed
    every pending event (painted); fail loudly instead of hanging."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.002)
    await pilot._wait_for_screen()


def send(app, key: str, character: str | None) -> None:
    """Deliver one key as a terminal does: to the driver, waiting for nothing."""
    from textual import events

    event = events.Key(key, character)
    event.set_sender(app)
    app._driver.send_message(event)


async def answer_latency(samples: int = 15) -> tuple[list[float], list[float]]:
    """Seconds from the answer key to the next question painted, and the process's CPU
    seconds over the same cycle, for each of ``samples`` answers."""
    from datetime import UTC, datetime

    from trainer.clock import FixedClock
    from trainer.store import open_store
    from trainer.tui.app import make_app

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'p.sqlite3'}")
        app = make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)))
        times: list[float] = []
        cpu: list[float] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "home")
            await pilot.pause()  # Home's counts are done: they are no part of an answer
            send(app, "enter", None)
            await until(
                pilot, lambda: getattr(app.screen, "presented", None) is not None, "question"
            )
            await pilot.pause()
            screen = app.screen
            for _ in range(samples):
                shown = screen.presented
                started, used = time.perf_counter(), time.process_time()
                send(app, "1", "1")
                await until(pilot, lambda: screen.feedback is not None, "feedback")
                send(app, "space", " ")
                await until(
                    pilot,
                    lambda: screen.presented is not shown and screen.feedback is None,  # noqa: B023
                    "next question",
                )
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
        store.close()
    return times, cpu


def main() -> None:
    runs = 7
    names = ("painted", "home", "question")
    minimal: dict[str, list[float]] = {"painted": [], "painted cpu": []}
    trainer: dict[str, list[float]] = {k: [] for n in names for k in (n, f"{n} cpu")}
    cold: dict[str, list[float]] = {k: [] for n in names for k in (n, f"{n} cpu")}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'progress.sqlite3'}"
        cache = Path(folder) / "cache"
        # the store exists and the deck cache is written, as for a returning student
        launch(TRAINER, cache, url)
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            for key, value in launch(MINIMAL, cache).items():
                minimal[key].append(value)
            for key, value in launch(TRAINER, cache, url).items():
                trainer[key].append(value)
            shutil.rmtree(cache / "trainer")  # no deck cache: it is written again
            for key, value in launch(TRAINER, cache, url).items():
                cold[key].append(value)
    latency, latency_cpu = asyncio.run(answer_latency())
    m, mc = (statistics.median(minimal[k]) for k in ("painted", "painted cpu"))
    t = {k: statistics.median(v) for k, v in trainer.items()}
    c = {k: statistics.median(v) for k, v in cold.items()}
    a, ac = statistics.median(latency), statistics.median(latency_cpu)
    labels = {
        "painted": "launch to first paint",
        "home": "launch to Home with its counts",
        "question": "launch to first question (Home, then Enter)",
    }

    def row(label: str, found: dict[str, float], name: str) -> str:
        wall, cpu = found[name], found[f"{name} cpu"]
        return f"| {label} | {wall:.2f} s | {wall / m:.2f}× | {cpu:.2f} s | {cpu / mc:.2f}× |"

    rows = [row(f"trainer, {labels[n]}", t, n) for n in names]
    rows += [row(f"trainer, no deck cache: {labels[n]}", c, n) for n in ("home", "question")]
    text = "\n".join(
        [
            "`python benchmarks/tui.py` — medians of 7 interleaved launches, each a fresh "
            "interpreter running the app headless (`run_test`, 80×24), timed from just before "
            "the process starts; a milestone counts once its screen has processed every "
            "pending event (laid out and refreshed). The trainer launches as `trainer` does "
            "(`open_app` with the CLI's `app_opener`, an existing store, the bundled decks): "
            "its first screen paints at once and the decks and store open in a worker after "
            "it; Home then shows its counts, and Enter, delivered as a terminal delivers it "
            "the moment they are painted, gives the first question. The deck cache "
            "(`trainer/deck/cache.py`) is as a returning student's second launch leaves it: "
            "warm (written by an earlier launch of the same decks and program); the rows "
            '"no deck cache" launch with the cache folder emptied first (the first launch '
            "after an install, an upgrade or a deck edit; that launch writes it). Every "
            "process has the benchmark's own cache folder (`XDG_CACHE_HOME`). CPU is the "
            "process's own CPU time by then (both threads and the timing loop), which other "
            "work on a shared machine does not inflate. The answer latency is the median of "
            "15 answer → feedback → next-question cycles in one session, keys delivered the "
            "same way.",
            "",
            "| measure | wall, median | × minimal app | CPU, median | × minimal app |",
            "|---|---|---|---|---|",
            f"| minimal Textual app, launch to first paint | {m:.2f} s | 1.0× | {mc:.2f} s | 1.0× |",
            *rows,
            f"| answer key → next question on screen | {a * 1000:.0f} ms | | "
            f"{ac * 1000:.0f} ms | |",
            "",
        ]
    )
    print(text)
    write_section("TUI: launch and answer latency", text)


if __name__ == "__main__":
    main()
