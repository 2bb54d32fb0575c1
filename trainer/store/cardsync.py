"""Bringing the stored cards in line with the loaded decks, in batches.

The decks' cards arrive one at a time (a bank makes them on demand) and are matched against
the store a batch at a time, so a deck of 100,000 cards never has all its keys, nor all the
stored ones, in memory at once: what is kept across batches is one bit per stored card id
(which stored cards the decks still have).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from trainer.generator.item import CardSpec
from trainer.scheduling.scheduler import NEW
from trainer.store.models import CardRow
from trainer.store.shuffle import order_key

BATCH = 500  # keys per query: within every supported database's limit on bound parameters
T = TypeVar("T")


def sync(
    session: Session,
    student_id: int,
    specs: Iterable[CardSpec],
    now: datetime,
    loaded: set[str],
    seed: int,
) -> tuple[int, int]:
    """Add new cards, bring back returning ones, retire (never delete) the cards of the
    ``loaded`` decks that the decks no longer have; a new card's place in the new-card
    shuffle is for the student's order ``seed``. Returns (added, retired)."""
    top = (
        session.execute(
            select(func.max(CardRow.id)).where(CardRow.student_id == student_id)
        ).scalar()
        or 0
    )
    kept = bytearray((top >> 3) + 1)  # a bit per stored id: the decks still have that card
    per_deck: dict[str, int] = {}
    added = 0
    back: list[int] = []
    for batch in _batches(_positioned(specs, per_deck)):
        wanted = {spec.card_id: (position, spec) for position, spec in batch}
        found = session.execute(
            select(CardRow.id, CardRow.card_key, CardRow.retired_at).where(
                CardRow.student_id == student_id, CardRow.card_key.in_(list(wanted))
            )
        )
        for card_id, key, retired_at in found:
            del wanted[key]
            kept[card_id >> 3] |= 1 << (card_id & 7)
            if retired_at is not None:
                back.append(card_id)
        if wanted:
            session.execute(
                CardRow.__table__.insert(),
                [
                    _new_row(student_id, spec, position, now, seed)
                    for position, spec in wanted.values()
                ],
            )
            added += len(wanted)
    gone = [
        card_id
        for card_id in session.execute(
            select(CardRow.id)
            .where(
                CardRow.student_id == student_id,
                CardRow.deck_id.in_(sorted(loaded)),
                CardRow.retired_at.is_(None),
                CardRow.id <= top,  # not the cards added just now
            )
            .execution_options(yield_per=BATCH)
        ).scalars()
        if not kept[card_id >> 3] >> (card_id & 7) & 1
    ]
    for chunk in _batches(iter(gone)):
        session.execute(update(CardRow).where(CardRow.id.in_(chunk)).values(retired_at=now))
    for chunk in _batches(iter(back)):
        session.execute(update(CardRow).where(CardRow.id.in_(chunk)).values(retired_at=None))
    return added, len(gone)


def _positioned(
    specs: Iterable[CardSpec], per_deck: dict[str, int]
) -> Iterator[tuple[int, CardSpec]]:
    """Each card with its position within its deck: new cards round-robin across decks."""
    for spec in specs:
        position = per_deck.get(spec.deck_id, 0)
        per_deck[spec.deck_id] = position + 1
        yield position, spec


def _batches(items: Iterator[T]) -> Iterator[list[T]]:
    while batch := list(islice(items, BATCH)):
        yield batch


def _new_row(
    student_id: int, spec: CardSpec, position: int, now: datetime, seed: int
) -> dict[str, object]:
    return {
        "student_id": student_id,
        "card_key": spec.card_id,
        "deck_id": spec.deck_id,
        "template_id": spec.template_id,
        "row_key": spec.row_key or spec.question_id,
        "sibling": spec.sibling,
        "topic": spec.topic,
        "kind": spec.kind,
        "position": position,
        "state": NEW,
        "created_at": now,
        "reps": 0,
        "lapses": 0,
        "leech": False,
        "flagged": False,
        "suspended": False,
        "new_order_key": order_key(spec.card_id, seed),
    }
