"""The store on real SQLite files: durability, migrations, concurrency, undo, bad files."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, fill_disk, run_cli, upgrade_schema
from trainer.errors import StoreError
from trainer.session import DrillSession, Trainer
from trainer.store import open_store
from trainer.store.db import _alembic_heads, _script_heads


def test_reviews_survive_process_exit(tmp_path, db_url):
    result = run_cli("--db", db_url, "drill", "--max", "3", stdin="a\nb\nc\n")
    assert result.returncode == 0, result.stderr
    store = open_store(db_url)
    assert store.review_count() == 3
    store.close()


def test_killed_process_loses_no_committed_answer(tmp_path, db_url):
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "--db", db_url, "drill"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdin is not None and proc.stdout is not None
    for _ in range(2):
        proc.stdin.write("a\n")
        proc.stdin.flush()
    # wait until the second verdict is printed, then kill without warning
    seen = 0
    while seen < 2:
        line = proc.stdout.readline()
        if not line:  # the drill ended early: fail with its error instead of waiting forever
            pytest.fail(f"drill exited early: {proc.stderr.read() if proc.stderr else ''}")
        if line.startswith(("Right:", "Wrong:")):
            seen += 1
    proc.kill()
    proc.wait()
    store = open_store(db_url)
    assert store.review_count() == 2
    store.close()


def test_two_processes_answering_at_once_lose_nothing(tmp_path, db_url):
    open_store(db_url).close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "trainer", "--db", db_url, "drill", "--max", "15"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outs = [p.communicate("a\n" * 15, timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    import re

    reported = sum(int(re.search(r"Answered (\d+)", out).group(1)) for out, _ in outs)
    assert reported >= 20  # the daily new-card limit is shared between the two processes
    store = open_store(db_url)
    assert store.review_count() == reported
    store.close()


def test_alembic_upgrade_from_first_revision_keeps_every_row(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade_schema(connection, "0001")
        connection.execute(
            text(
                "INSERT INTO cards (id, card_key, deck_id, sibling, topic, kind, position, state, reps, lapses, created_at) "
                "VALUES (1, 'dermatomes/key-point-to-root/L5', 'dermatomes', 's', 't', 'forward', 0, 2, 3, 1, '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO reviews (card_id, reviewed_at, seed, options, chosen, correct, response_ms, rating, key_text, state_before, state_after) "
                "VALUES (1, '2026-01-02 00:00:00', 0, 4, 1, 1, 5000, 3, 'L5', '{}', '{}')"
            )
        )
    engine.dispose()
    store = open_store(f"sqlite:///{path}")
    card = store.card_by_key("dermatomes/key-point-to-root/L5")
    assert card is not None and card.state.reps == 3 and card.state.lapses == 1 and not card.flagged
    assert store.review_count() == 1
    store.close()
    with sqlite3.connect(path) as db:
        (version,) = db.execute("select version_num from alembic_version").fetchone()
    assert {version} == _script_heads()[0]


def test_migration_heads_read_from_the_scripts_match_alembics_reading():
    heads, known = _script_heads()
    assert (heads, known) == _alembic_heads()
    assert len(heads) == 1 and heads <= known


def test_opening_an_up_to_date_store_does_not_import_alembic(db_url):
    open_store(db_url).close()  # made and migrated here
    code = (
        "import sys\n"
        "from trainer.store import open_store\n"
        f"open_store({db_url!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_newer_database_is_refused_and_left_untouched(tmp_path, db_url):
    open_store(db_url).close()
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    with db:
        db.execute("update alembic_version set version_num = '9999'")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        open_store(db_url)
    result = run_cli("--db", db_url, "stats", "--json")
    assert result.returncode == 2 and "newer version" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            "update alembic_version set version_num = '0007'",
            "records schema '0007', which no version",
        ),
        (
            "update alembic_version set version_num = 'zzz'",
            "records schema 'zzz', which no version",
        ),
        ("delete from alembic_version", "records no schema version beside its tables"),
        (
            "insert into alembic_version values ('0012')",
            "records 2 schema versions ('0011', '0012')",
        ),
    ],
    ids=["never-existed", "not-a-revision", "empty", "two-rows"],
)
def test_an_odd_schema_version_is_named_refused_and_left_untouched(tmp_path, db_url, change, said):
    open_store(db_url).close()
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(change)
    db.close()
    before = path.read_bytes()
    result = run_cli("--db", db_url, "drill", "--max", "1", stdin="1\n")
    assert result.returncode == 2 and said in result.stderr, result.stderr
    assert "newer version" not in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    result = run_cli("--db", f"sqlite:///{path}", "stats")
    assert result.returncode == 2 and "not a database" in result.stderr
    assert path.read_bytes() == b"this is not a database" * 100


def test_bad_url_is_a_clear_error():
    result = run_cli("--db", "nosuchdialect://x/y", "stats")
    assert result.returncode == 2 and "nosuchdialect" in result.stderr


def test_full_disk_rolls_back_and_keeps_what_was_stored(tmp_path, db_url, decks, clock):

    store = open_store(db_url)
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    session.answer(session.next(), 0, 4000)
    fill_disk(store)
    with pytest.raises(StoreError, match="full"):
        for _ in range(200):
            session.answer(session.next(), 0, 4000)
    store.close()
    reopened = open_store(db_url)
    assert reopened.review_count() >= 1
    reopened.close()


def test_undo_restores_the_exact_prior_state(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    first = session.next()
    session.answer(first, first.item.answer, 5000)
    clock.advance(timedelta(minutes=2))
    again = store.card(first.card.id)
    presented = session.next()
    assert presented is not None
    before = store.card(presented.card.id)
    reviews = store.review_count()
    session.answer(presented, (presented.item.answer + 1) % 4, 9000)
    assert store.review_count() == reviews + 1
    session.undo()
    assert store.card(presented.card.id) == before
    assert store.review_count() == reviews
    assert store.card(first.card.id) == again


def test_cards_are_stable_across_deck_edits_and_retired_not_deleted(tmp_path, store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    presented = session.next()
    session.answer(presented, presented.item.answer, 4000)
    key = presented.card.card_key
    # edit the deck: reword stems, bump the version, drop the row's template
    edited_dir = tmp_path / "decks"
    shutil.copytree(ROOT / "decks", edited_dir)
    path = edited_dir / f"{presented.card.deck_id}.yaml"
    text_ = (
        path.read_text()
        .replace("version: 1", "version: 2")
        .replace("In the ISNCSCI sensory examination", "During the ISNCSCI examination")
    )
    path.write_text(text_)
    from trainer.deck import load_decks

    Trainer(load_decks(sorted(edited_dir.glob("*.yaml"))), store, clock)
    card = store.card_by_key(key)
    assert card is not None and card.state.reps == 1 and not card.retired
    # a deck not loaded this time keeps its cards live
    Trainer([d for d in decks if d.id != presented.card.deck_id], store, clock)
    card = store.card_by_key(key)
    assert card is not None and not card.retired
    # the template (or hand-written question) gone from its deck: the card is retired,
    # with its history kept
    parts = key.split("/")
    entry = parts[2] if parts[1] == "q" else parts[1]
    deck_text = path.read_text()
    start = deck_text.index(f"  - id: {entry}")
    # the entry ends where the next entry or the next top-level section begins
    following = re.search(r"\n(  - |\S)", deck_text[start + 1 :])
    end = start + 1 + following.start() if following else -1
    path.write_text(deck_text[:start] + (deck_text[end + 1 :] if end >= 0 else ""))
    Trainer(load_decks(sorted(edited_dir.glob("*.yaml"))), store, clock)
    card = store.card_by_key(key)
    assert card is not None and card.retired and store.review_count(card.id) == 1


def test_new_cards_alternate_between_decks(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    seen = []
    for _ in range(len(decks)):
        presented = session.next()
        seen.append(presented.card.deck_id)
        session.answer(presented, presented.item.answer, 4000)
    assert sorted(seen) == sorted(d.id for d in decks)


def test_deck_counts_match_the_cards(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    for _ in range(6):
        presented = session.next()
        session.answer(presented, presented.item.answer, 4000)
    end = trainer.today() + timedelta(days=1)
    counts = store.deck_counts(end)
    for deck in decks:
        mine = store.cards(deck_ids=[deck.id])
        new = sum(1 for c in mine if c.state.is_new)
        due = sum(1 for c in mine if not c.state.is_new and c.state.due < end)
        assert counts[deck.id] == (len(mine), new, due)


def test_exam_pool_of_previously_wrong_cards(store, decks, clock):
    from trainer.study.exam import ExamBlock
    from trainer.study.exam_presets import custom_preset

    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    wrong = set()
    for i in range(6):
        presented = session.next()
        right = i % 2 == 0
        choice = presented.item.answer if right else (presented.item.answer + 1) % 4
        session.answer(presented, choice, 4000)
        if not right:
            wrong.add(presented.card.id)
    block = ExamBlock.start(trainer, custom_preset(20, 10), pool="wrong")
    assert {slot.presented.card.id for slot in block.slots} == wrong


def test_topic_retention_and_confused_pairs_match_the_reviews(store, decks, clock):
    import sqlite3
    from collections import Counter

    from trainer.stats import confused_pairs, retention_by_topic

    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    for i in range(12):
        presented = session.next()
        choice = presented.item.answer if i % 3 == 0 else (presented.item.answer + 1) % 4
        session.answer(presented, choice, 4000)
    assert retention_by_topic(trainer) == []  # first answers only: retention as Anki has it
    clock.advance(timedelta(minutes=15))  # the wrong ones come back as learning cards
    for i in range(6):
        presented = session.next()
        choice = presented.item.answer if i % 2 == 0 else (presented.item.answer + 1) % 4
        session.answer(presented, choice, 4000)
    path = store.engine.url.database
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "select c.topic, r.correct, r.key_text, r.chosen_text from reviews r join cards c on c.id = r.card_id"
        ).fetchall()
        again = db.execute(
            "select c.topic, r.correct from reviews r join cards c on c.id = r.card_id "
            "where r.id > (select min(f.id) from reviews f where f.card_id = r.card_id)"
        ).fetchall()
    assert len(again) == 6
    by_topic = {
        t: (sum(1 for x in again if x[0] == t), sum(x[1] for x in again if x[0] == t))
        for t, _ in again
    }
    assert {t: (n, r) for t, n, r in retention_by_topic(trainer)} == {
        t: (n, right / n) for t, (n, right) in by_topic.items()
    }
    wrong = Counter((k, c) for _, ok, k, c in rows if not ok)
    assert sorted(confused_pairs(trainer, limit=50)) == sorted(
        (k, c, n) for (k, c), n in wrong.items()
    )
