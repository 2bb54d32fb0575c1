"""New cards read from their stored place (revision 0010) come in exactly the order of sorting
them all in memory (`new_order`), whatever is suspended, retired, filtered or not yet placed;
each later profile of a store has its own shuffle, and its cards are placed for it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

from sqlalchemy import create_engine, select, text, update

from tests.conftest import run_cli, upgrade_schema
from trainer.session import DrillSession, Trainer
from trainer.store import open_store
from trainer.store.models import CardRow, SettingRow
from trainer.store.shuffle import DEFAULT_SEED, order_key, profile_seed
from trainer.study.new_cards import ListedNewCards, StoredNewCards, new_order
from trainer.study.queue import _new_cards
from trainer.study.source import StoreSource


def _listed(source: StoreSource, deck_ids=None, topic=None, seed=1):
    return new_order(source.new_cards(deck_ids, topic), seed)


def _stored(source: StoreSource, deck_ids=None, topic=None, seed=1):
    found = source.new_card_order(deck_ids, topic, seed)
    assert isinstance(found, StoredNewCards)
    return found


def test_stored_order_is_the_sorted_order(store, decks, clock):
    Trainer(decks, store, clock)
    source = StoreSource(store)
    with store.session() as session:  # some cards set aside, some gone, some studied
        session.execute(update(CardRow).where(CardRow.id % 7 == 0).values(suspended=True))
        session.execute(update(CardRow).where(CardRow.id % 11 == 0).values(retired_at=clock.now()))
        session.execute(update(CardRow).where(CardRow.id % 5 == 0).values(state=2))
    expected = _listed(source)
    assert len({card.deck_id for card in expected}) > 1  # interleaving across decks is tested
    stored = _stored(source)
    assert list(stored.starting(0)) == expected
    assert stored.total() == len(expected) == source.count_new()
    assert [stored.at(i) for i in (0, 5, len(expected) - 1, len(expected))] == [
        *(expected[i] for i in (0, 5, len(expected) - 1)),
        None,
    ]
    some = sorted({card.deck_id for card in expected})[:2]
    assert list(_stored(source, deck_ids=some).starting(0)) == _listed(source, deck_ids=some)
    topic = store.card(expected[3].id).topic
    by_topic = _stored(source, topic=topic)
    assert list(by_topic.starting(0)) == _listed(source, topic=topic)
    assert by_topic.total() == len(_listed(source, topic=topic))


def test_pages_past_the_first_follow_the_same_order(store, decks, clock, monkeypatch):
    import trainer.study.new_cards as new_cards

    monkeypatch.setattr(new_cards, "FIRST_PAGE", 3)  # many pages per deck
    monkeypatch.setattr(new_cards, "LAST_PAGE", 7)
    Trainer(decks, store, clock)
    source = StoreSource(store)
    assert list(_stored(source).starting(0)) == _listed(source)


def test_cards_without_a_stored_place_or_another_seed_are_sorted_in_memory(store, decks, clock):
    Trainer(decks, store, clock)
    source = StoreSource(store)
    assert source.new_card_order(None, None, 2) is None  # the places are for seed 1
    queue_cards = _new_cards(source, None, None, 2)
    assert isinstance(queue_cards, ListedNewCards)
    assert list(queue_cards.starting(0)) == _listed(source, seed=2) != _listed(source)
    first = _listed(source)[0]
    with store.session() as session:
        session.execute(update(CardRow).where(CardRow.id == first.id).values(new_order_key=None))
    assert source.new_card_order(None, None, 1) is None
    assert list(_new_cards(source, None, None, 1).starting(0)) == _listed(source)


def test_the_drill_serves_new_cards_in_the_sorted_order(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.settings = replace(trainer.settings, new_per_day=12)
    expected = [card.id for card in _listed(StoreSource(store))]
    session = DrillSession(trainer)
    served = []
    while (presented := session.next()) is not None and len(served) < 12:
        if presented.card.state.is_new:
            served.append(presented.card.id)
        session.answer(presented, presented.item.answer, 4000)
    # siblings of an answered card wait for another day: the order skips them, never reorders
    assert served == [card_id for card_id in expected if card_id in served]
    assert served[0] == expected[0] and len(served) == 12


def test_card_sync_and_the_migration_write_the_same_place(tmp_path, decks, clock):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade_schema(connection, "0009")
    engine.dispose()
    store = open_store(f"sqlite:///{path}")
    Trainer(decks, store, clock)  # cards added by the sync at 0010
    store.close()
    with sqlite3.connect(path) as db:
        synced = db.execute("SELECT card_key, new_order_key FROM cards").fetchall()
        assert synced and all(key == order_key(card) for card, key in synced)
        db.execute("UPDATE cards SET new_order_key = NULL")
        db.execute("UPDATE alembic_version SET version_num = '0009'")
        db.execute("DROP INDEX ix_cards_new_order")
        db.execute("ALTER TABLE cards DROP COLUMN new_order_key")
    open_store(f"sqlite:///{path}").close()  # migrates to 0010 again: keys written
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT card_key, new_order_key FROM cards").fetchall() == synced
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM cards WHERE student_id = 1 AND state = 0 "
                "AND retired_at IS NULL AND suspended IS 0 AND deck_id = 'x' "
                "ORDER BY new_order_key, id LIMIT 5"
            )
        ).all()
    engine.dispose()
    assert any("ix_cards_new_order" in row[-1] for row in plan)


def assert_placed_for(store, seed: int) -> None:
    """Every card of the store's student keeps its place in the shuffle of ``seed``."""
    with store.session() as session:
        placed = session.execute(
            select(CardRow.card_key, CardRow.new_order_key).where(
                CardRow.student_id == store.student_id
            )
        ).all()
    assert placed and all(key == order_key(card, seed) for card, key in placed)


def test_each_later_profile_meets_the_syllabus_in_its_own_order(tmp_path, decks, clock):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    orders: dict[str, list[str]] = {}
    for name in ("first", "asha", "ravi"):
        store = open_store(url, name)
        Trainer(decks, store, clock)
        seed = store.settings().order_seed
        assert (seed == DEFAULT_SEED) is (name == "first")  # the first profile keeps its order
        assert seed == open_store(url, name).settings().order_seed  # kept, not drawn again
        source = StoreSource(store)
        stored = _stored(source, seed=seed)  # read from the cards' places, not sorted
        assert list(stored.starting(0)) == _listed(source, seed=seed)
        assert_placed_for(store, seed)
        orders[name] = [store.card(card.id).card_key for card in stored.starting(0)][:10]
        store.close()
    assert len({tuple(order) for order in orders.values()}) == 3


def test_the_cli_gives_two_profiles_different_first_questions(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    firsts = []
    for name in ("asha", "ravi"):
        result = run_cli("--db", url, "--student", name, "drill", "--max", "1", stdin="a\n")
        assert result.returncode == 0, result.stderr
        firsts.append(next(line for line in result.stdout.splitlines() if line.endswith("?")))
    assert firsts[0] != firsts[1]


def test_a_new_seed_places_the_cards_again(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    source = StoreSource(store)
    before = list(_stored(source).starting(0))
    trainer.save_settings(replace(trainer.settings, order_seed=7))
    moved = list(_stored(source, seed=7).starting(0))
    assert moved == _listed(source, seed=7) != before
    with store.session() as session:  # a seed stored without placing the cards again
        session.execute(
            update(SettingRow).where(SettingRow.name == "order_seed").values(value=json.dumps(9))
        )
    assert source.new_card_order(None, None, 9) is None  # noticed: sorted in memory
    assert list(_new_cards(source, None, None, 9).starting(0)) == _listed(source, seed=9)


def test_profiles_made_before_their_own_shuffle_get_one_on_upgrade(tmp_path, decks, clock):
    """Revision 0011: a later profile made by an older version (the first one's order) gets
    its own seed and its cards are placed for it; the first profile's order is kept."""
    path = tmp_path / "old.sqlite3"
    url = f"sqlite:///{path}"
    for name in ("first", "asha"):
        store = open_store(url, name)
        Trainer(decks, store, clock)
        store.close()
    with sqlite3.connect(path) as db:  # as an older version left it: one order for everyone
        db.execute("delete from settings where name = 'order_seed'")
        rows = db.execute("select id, card_key from cards").fetchall()
        db.executemany(
            "update cards set new_order_key = ? where id = ?",
            [(order_key(key), card) for card, key in rows],
        )
        db.execute("update alembic_version set version_num = '0010'")
        first_before = db.execute(
            "select id, new_order_key from cards where student_id = 1 order by id"
        ).fetchall()
    orders = {}
    for name in ("first", "asha"):
        store = open_store(url, name)
        seed = store.settings().order_seed
        assert seed == (DEFAULT_SEED if name == "first" else profile_seed(name))
        assert_placed_for(store, seed)
        orders[name] = [c.card_key for c in _stored(StoreSource(store), seed=seed).starting(0)]
        store.close()
    assert orders["first"][:10] != orders["asha"][:10]
    with sqlite3.connect(path) as db:
        assert (
            db.execute(
                "select id, new_order_key from cards where student_id = 1 order by id"
            ).fetchall()
            == first_before
        )
