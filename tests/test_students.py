"""Student profiles: one database, many students, nothing shared between them; the upgrade of
a single-student database keeps every row."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from tests.conftest import run_cli, upgrade_schema
from trainer.errors import StoreError
from trainer.scheduling.scheduler import Settings
from trainer.session import DrillSession, Trainer
from trainer.stats import compute_stats, confused_pairs, retention_by_topic
from trainer.store import open_store
from trainer.store.db import students
from trainer.store.models import Base
from trainer.store.shuffle import profile_seed


def schema_differences(engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_fresh_schema_matches_the_models(store):
    assert schema_differences(store.engine) == []


def test_upgrade_of_a_single_student_database_keeps_every_row(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade_schema(connection, "0002")
        for card_id, key in ((1, "dermatomes/key-point-to-root/L5"), (2, "dermatomes/x/S1")):
            connection.execute(
                text(
                    "INSERT INTO cards (id, card_key, deck_id, sibling, topic, kind, position, "
                    "state, reps, lapses, created_at, leech, flagged) VALUES (:id, :key, "
                    "'dermatomes', 's', 't', 'forward', 0, 2, 3, 1, '2026-01-01 00:00:00', 0, 1)"
                ),
                {"id": card_id, "key": key},
            )
        for card_id in (1, 1, 2):
            connection.execute(
                text(
                    "INSERT INTO reviews (card_id, reviewed_at, seed, options, chosen, correct, "
                    "response_ms, rating, key_text, chosen_text, state_before, state_after, mode)"
                    " VALUES (:c, '2026-01-02 00:00:00', 0, 4, 1, 0, 5000, 1, 'L5', 'L4', "
                    "'{}', '{}', 'exam')"
                ),
                {"c": card_id},
            )
        connection.execute(text("INSERT INTO settings VALUES ('new_per_day', '7')"))
        connection.execute(
            text(
                "INSERT INTO exam_blocks (preset, started_at, submitted_at, questions, score, "
                "max_score, detail) VALUES ('neet-pg', '2026-01-03 00:00:00', "
                "'2026-01-03 01:00:00', 3, 4.0, 12.0, '{}')"
            )
        )
    engine.dispose()

    store = open_store(f"sqlite:///{path}")
    assert store.student == "default"
    assert students(store) == [(store.student_id, "default")]
    card = store.card_by_key("dermatomes/key-point-to-root/L5")
    assert card is not None and card.id == 1 and card.state.reps == 3 and card.flagged
    assert store.review_count() == 3 and store.review_count(1) == 2
    assert store.wrongly_answered_card_ids() == {1, 2}
    assert store.settings().new_per_day == 7
    assert schema_differences(store.engine) == []
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*), min(student_id) FROM exam_blocks").fetchone() == (1, 1)
        assert db.execute("SELECT count(*) FROM reviews WHERE student_id = 1").fetchone() == (3,)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {t for t in tables if t.startswith("old_")}

    # another student in the same file starts from nothing and sees nothing of the first
    other = open_store(f"sqlite:///{path}", student="asha")
    assert other.review_count() == 0 and other.card_by_key(card.card_key) is None
    # the defaults, but for a shuffle of its own (`trainer.store.shuffle.profile_seed`)
    assert other.settings() == replace(Settings(), order_seed=profile_seed("asha"))
    other.close()


def _answer_some(trainer: Trainer, n: int, wrong: bool) -> None:
    session = DrillSession(trainer)
    for _ in range(n):
        presented = session.next()
        assert presented is not None
        answer = presented.item.answer
        chosen = (answer + 1) % len(presented.item.options) if wrong else answer
        session.answer(presented, chosen, 4000)


def test_two_students_share_a_database_and_nothing_else(db_url, decks, clock):
    asha = Trainer(decks, open_store(db_url, student="asha"), clock)
    ravi = Trainer(decks, open_store(db_url, student="ravi"), clock)
    assert len(asha.store.cards()) == len(ravi.store.cards()) > 0
    _answer_some(asha, 6, wrong=True)
    asha.save_settings(replace(asha.settings, new_per_day=3))

    assert ravi.store.review_count() == 0
    assert ravi.store.wrongly_answered_card_ids() == set()
    assert ravi.store.studied_states() == []
    assert ravi.store.counts_since(asha.today()) == (0, 0)
    assert ravi.store.correct_times() == []
    assert confused_pairs(ravi) == [] and retention_by_topic(ravi) == []
    assert compute_stats(ravi).reviews == 0
    assert ravi.store.settings() == replace(Settings(), order_seed=profile_seed("ravi"))
    assert all(c.state.is_new for c in ravi.store.cards())

    stats = compute_stats(asha)
    assert stats.reviews == 6 and len(confused_pairs(asha)) > 0
    assert asha.store.counts_since(asha.today()) == (0, 6)
    assert asha.store.settings().new_per_day == 3

    # ravi cannot reach asha's cards or reviews by id
    asha_card = next(c for c in asha.store.cards() if not c.state.is_new)
    with pytest.raises(StoreError):
        ravi.store.card(asha_card.id)
    with pytest.raises(StoreError):
        ravi.store.undo_review(1)
    assert asha.store.review_count() == 6

    _answer_some(ravi, 2, wrong=False)
    assert ravi.store.review_count() == 2 and asha.store.review_count() == 6
    names = [name for _id, name in students(ravi.store)]
    assert names == ["asha", "ravi"]


def test_reviews_record_the_options_as_shown(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    presented = session.next()
    assert presented is not None
    session.answer(presented, 0, 3000)
    with store.engine.connect() as connection:
        shown, chosen_text = connection.execute(
            text("SELECT shown, chosen_text FROM reviews")
        ).one()
    assert json.loads(shown) == list(presented.item.options)
    assert chosen_text == presented.item.options[0]


def test_cli_student_flag_variable_and_remembered_choice(db_url):
    assert (
        run_cli(
            "--db", db_url, "--student", "asha", "drill", "--max", "2", stdin="a\nb\n"
        ).returncode
        == 0
    )
    result = run_cli("--db", db_url, "stats", "--json", env={"TRAINER_STUDENT": "asha"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["reviews"] == 2
    assert json.loads(run_cli("--db", db_url, "stats", "--json").stdout)["reviews"] == 0

    assert run_cli("student", "use", "asha").returncode == 0
    result = run_cli("--db", db_url, "stats", "--json")
    assert json.loads(result.stdout)["reviews"] == 2
    listing = run_cli("--db", db_url, "student")
    assert listing.returncode == 0
    assert listing.stdout.split("\n")[:3] == ["* asha", "  default", ""]
    # listing with a name no profile has says so and makes none
    listing = run_cli("--db", db_url, "--student", "typo-name", "student")
    assert listing.stdout.split("\n") == [
        "  asha",
        "  default",
        "* typo-name (new: made when it first studies)",
        "",
    ]
    assert "typo-name" not in run_cli("--db", db_url, "student").stdout
    # the flag wins over the remembered name
    result = run_cli("--db", db_url, "--student", "ravi", "stats", "--json")
    assert json.loads(result.stdout)["reviews"] == 0


@pytest.mark.parametrize("name", ["", " asha", "a\x1b[2Jb", "x" * 61])
def test_bad_student_name_is_a_clear_error(db_url, name):
    result = run_cli("--db", db_url, "--student", name, "stats")
    assert result.returncode == 2
    assert "student name" in result.stderr and "Traceback" not in result.stderr


def test_a_new_name_in_a_store_with_profiles_is_said_on_stderr(tmp_path):
    """A mistyped --student makes an empty profile: said, so it does not read as lost work."""
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    first = run_cli("--db", url, "stats")
    assert first.returncode == 0 and "new profile" not in first.stderr  # the store's first
    typo = run_cli("--db", url, "--student", "defualt", "stats")
    assert typo.returncode == 0, typo.stderr
    assert "made a new profile 'defualt'; this store also has: default" in typo.stderr
    again = run_cli("--db", url, "--student", "defualt", "stats")
    assert again.returncode == 0 and "new profile" not in again.stderr
