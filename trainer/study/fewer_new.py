"""Why a deck's own drill gives fewer new cards today than the day's limit, for Home to say.

A deck's row counts what its own drill would serve (`DayQueue.counts_by_deck`): at most the
day's new cards (the daily limit, or the pace to the exam date, shared by every deck), and of
those only one new card per fact a day; a card whose fact was answered today waits too
(same-fact burying). A deck whose new cards cover fewer facts than the limit (the 54 ISNCSCI
cases hold 12 facts) therefore offers fewer, and so does a deck with fewer new cards left than
the limit. This module only reads the queue: it changes nothing the drill serves. No Textual
here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from trainer.study.queue import DrillStatus

if TYPE_CHECKING:
    from trainer.study.queue import DayQueue


@dataclass(frozen=True)
class FewerNew:
    """The decks whose own drill gives fewer new cards today than ``limit``, by reason."""

    limit: int  # the new cards any one deck's drill may give today
    by_fact: tuple[str, ...]  # more new cards left than given: one new card per fact a day
    used_up: tuple[str, ...]  # fewer new cards left than the limit, every one given


@dataclass(frozen=True)
class SessionStatus(DrillStatus):
    """The queue's `DrillStatus`, with why deck rows give fewer new cards, once known."""

    fewer_new: FewerNew | None = None


def fewer_new(queue: DayQueue, given: dict[str, int]) -> FewerNew:
    """``given``: the new cards each deck's row offers (`DayQueue.counts_by_deck`) from this
    ``queue``, before any answer was applied to it."""
    limit = max(0, queue.new_quota - queue.done_new)
    left = Counter(c.deck_id for c in queue.new_cards.starting(0) if c.id not in queue.new_done)
    by_fact, used_up = [], []
    for deck, count in sorted(left.items()):
        offered = given.get(deck, 0)
        if offered >= limit:
            continue
        (by_fact if count > offered else used_up).append(deck)
    return FewerNew(limit, tuple(by_fact), tuple(used_up))


def with_fewer_new(status: DrillStatus, fewer: FewerNew | None) -> SessionStatus:
    values = {f.name: getattr(status, f.name) for f in fields(DrillStatus)}
    return SessionStatus(**values, fewer_new=fewer)
