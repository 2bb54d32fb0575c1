"""The store on a real PostgreSQL server that the tests start themselves: migrations, the
drill, profiles, and several processes answering at once."""

from __future__ import annotations

import re
import subprocess
import sys

from sqlalchemy import create_engine, text

from tests.conftest import ROOT, upgrade_schema
from tests.test_students import _answer_some, schema_differences
from trainer.session import Trainer
from trainer.stats import compute_stats, confused_pairs
from trainer.store import open_store
from trainer.store.db import students

TRAINER = (sys.executable, "-m", "trainer")


def test_migrations_build_the_models_schema_on_postgresql(pg_url):
    store = open_store(pg_url)
    assert store.engine.dialect.name == "postgresql"
    assert schema_differences(store.engine) == []
    store.close()


def test_upgrade_of_a_single_student_postgresql_database_keeps_every_row(pg_url):
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        upgrade_schema(connection, "0002")
        connection.execute(
            text(
                "INSERT INTO cards (card_key, deck_id, sibling, topic, kind, position, state, "
                "reps, lapses, created_at) VALUES ('d/t/L5', 'd', 's', 't', 'forward', 0, 2, 3, "
                "1, '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO reviews (card_id, reviewed_at, seed, options, chosen, correct, "
                "response_ms, rating, key_text, state_before, state_after) SELECT id, "
                "'2026-01-02 00:00:00', 0, 4, 1, false, 5000, 1, 'L5', '{}', '{}' FROM cards"
            )
        )
        connection.execute(text("INSERT INTO settings VALUES ('new_per_day', '7')"))
    engine.dispose()
    store = open_store(pg_url)
    assert students(store) == [(store.student_id, "default")]
    card = store.card_by_key("d/t/L5")
    assert card is not None and card.state.reps == 3
    assert store.review_count() == 1 and store.settings().new_per_day == 7
    assert schema_differences(store.engine) == []
    # a new card for a second student takes a fresh id after the copied rows
    other = open_store(pg_url, student="ravi")
    with other.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cards (student_id, card_key, deck_id, sibling, topic, kind, "
                "created_at) VALUES (:s, 'd/t/L5', 'd', 's', 't', 'forward', now())"
            ),
            {"s": other.student_id},
        )
    assert other.card_by_key("d/t/L5").id != card.id
    store.close()
    other.close()


def test_two_students_drill_on_postgresql(pg_url, decks, clock):
    asha = Trainer(decks, open_store(pg_url, student="asha"), clock)
    ravi = Trainer(decks, open_store(pg_url, student="ravi"), clock)
    _answer_some(asha, 5, wrong=True)
    _answer_some(ravi, 3, wrong=False)
    assert compute_stats(asha).reviews == 5 and compute_stats(ravi).reviews == 3
    assert confused_pairs(ravi) == [] and confused_pairs(asha)
    asha.store.close()
    ravi.store.close()


def test_several_processes_answering_at_once_lose_nothing(pg_url):
    open_store(pg_url).close()  # migrate once, before the class arrives
    who = ["asha", "ravi", "meera", "meera"]  # two windows of one student, too
    procs = [
        subprocess.Popen(
            [*TRAINER, "--db", pg_url, "--student", name, "drill", "--max", "12"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for name in who
    ]
    outs = [p.communicate("a\nb\n" * 6, timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _out, err in outs]
    reported: dict[str, int] = {}
    for name, (out, _err) in zip(who, outs, strict=True):
        answered = int(re.search(r"Answered (\d+)", out).group(1))
        assert answered > 0
        reported[name] = reported.get(name, 0) + answered
    for name, answered in reported.items():
        store = open_store(pg_url, student=name)
        assert store.review_count() == answered, name
        store.close()


def test_a_class_opening_a_fresh_database_at_once(pg_url):
    procs = [
        subprocess.Popen(
            # each makes its profile (listing profiles makes none)
            [*TRAINER, "--db", pg_url, "--student", f"s{i}", "stats", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for i in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _out, err in outs]
    store = open_store(pg_url)
    assert [name for _id, name in students(store)] == ["default", "s0", "s1", "s2", "s3"]
    store.close()


def test_instructor_reports_and_review_export_on_postgresql(pg_url, decks, clock, tmp_path):
    import json

    from tests.classsim import Plan, run_class
    from tests.conftest import run_cli

    reflexes = [d for d in decks if d.id == "reflexes"]
    run_class(pg_url, reflexes, clock, students=6, plan=Plan())
    items = run_cli("--db", pg_url, "items", "report", "--json")
    assert items.returncode == 0, items.stderr
    cards = [i for i in json.loads(items.stdout) if i["level"] == "card"]
    assert cards and all(i["answers"] == 6 for i in cards)
    report = run_cli("--db", pg_url, "class", "report", "--json", "--exam-date", "2027-01-01")
    assert report.returncode == 0, report.stderr
    assert len(json.loads(report.stdout)["students"]) == 6
    exported = run_cli("--db", pg_url, "--student", "student000", "export", "reviews")
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 1 + len(cards)
