"""Sit part of a USMLE block in the real app, print what was done, then wait to be killed.

Run by tests/test_tui_exam.py as a separate process: ``python tests/exam_sitter.py DB_URL``."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta

from trainer.clock import FixedClock
from trainer.deck import load_decks
from trainer.paths import bundled_deck_paths
from trainer.store import open_store
from trainer.tui.app import make_app

START = datetime(2026, 11, 23, 9, tzinfo=UTC)


async def sit(url: str) -> None:
    clock = FixedClock(START)
    app = make_app(open_store(url), clock, load_decks(bundled_deck_paths()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "u")
        await pilot.pause()
        block = app.screen.block
        clock.advance(timedelta(minutes=3))
        await pilot.press("b", "f", "right")
        clock.advance(timedelta(seconds=30))
        await pilot.press("c", "right")
        await pilot.pause()
        done = {
            "cards": [s.presented.card.id for s in block.slots],
            "stems": [s.item.stem for s in block.slots],
            "options": [list(s.item.options) for s in block.slots],
            "current": block.current,
        }
        print("READY " + json.dumps(done), flush=True)
        await asyncio.sleep(600)  # killed here, mid-block


if __name__ == "__main__":
    asyncio.run(sit(sys.argv[1]))
