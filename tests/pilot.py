"""Helpers for driving the real app with Textual's Pilot."""

from __future__ import annotations


async def settle(pilot) -> None:
    """Let the app handle what is queued, finish its workers, and repaint."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
