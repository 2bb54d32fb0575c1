"""The card sync matches the decks' cards against the store in batches (trainer.store.cardsync):
over several batches and two decks it adds, retires and brings back exactly the cards the old
all-at-once comparison did, keeps each card's id and history, and takes a one-shot generator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from trainer.generator.item import CardSpec
from trainer.store import open_store
from trainer.store.cardsync import BATCH
from trainer.store.models import CardRow


def _specs(deck: str, rows: range) -> list[CardSpec]:
    return [
        CardSpec(f"{deck}/t/r{i}", deck, "forward", "topic", f"{deck}/big/r{i}", "t", f"r{i}")
        for i in rows
    ]


def _interleaved(*decks: list[CardSpec]) -> list[CardSpec]:
    return [spec for group in zip(*decks, strict=True) for spec in group]


def _stored(store) -> dict[str, tuple[int, int, bool]]:
    with store.session() as session:
        rows = session.execute(
            select(CardRow.card_key, CardRow.id, CardRow.position, CardRow.retired_at).where(
                CardRow.student_id == store.student_id
            )
        )
        return {key: (card_id, pos, retired is not None) for key, card_id, pos, retired in rows}


def _check_sync(url: str, clock) -> None:
    store = open_store(url)
    now = clock.now()
    size = 2 * BATCH + 100  # three batches per deck
    first = _interleaved(_specs("a", range(size)), _specs("b", range(size)))
    assert store.sync_cards(iter(first), now, deck_ids={"a", "b"}) == (2 * size, 0)
    stored = _stored(store)
    assert len(stored) == 2 * size
    # position within its deck, in the decks' order
    assert all(stored[f"{d}/t/r{i}"][1] == i for d in "ab" for i in range(size))
    assert not any(retired for _, _, retired in stored.values())

    # deck a loses its first 600 rows and gains 50; deck b is not loaded this time
    later = now + timedelta(days=1)
    second = _specs("a", range(600, size + 50))
    assert store.sync_cards((s for s in second), later, deck_ids={"a"}) == (50, 600)
    after = _stored(store)
    for i in range(size + 50):
        key = f"a/t/r{i}"
        assert after[key][2] == (i < 600), key
        if i < size:
            assert after[key][0] == stored[key][0]  # the same card, not a new one
    assert all(not after[f"b/t/r{i}"][2] for i in range(size))  # not loaded: kept live

    # the rows come back: the same cards, live again, nothing added
    assert store.sync_cards(iter(_specs("a", range(size + 50))), later, deck_ids={"a"}) == (0, 0)
    back = _stored(store)
    assert all(not back[f"a/t/r{i}"][2] for i in range(size + 50))
    assert {k: v[0] for k, v in back.items()} == {k: v[0] for k, v in after.items()}
    # without deck_ids, the decks of the cards given are the ones that may lose cards
    assert store.sync_cards(_specs("b", range(10)), later) == (0, size - 10)
    store.close()


def test_the_batched_sync_adds_retires_and_brings_back_cards(db_url, clock):
    _check_sync(db_url, clock)


@pytest.mark.slow
def test_the_batched_sync_on_postgresql(pg_url, clock):
    _check_sync(pg_url, clock)
