"""Values edited by hand: the other commands refuse the store and point to `trainer check`, so
`check` lists every such value with its row and says what `--repair` does with it (no
traceback). `--repair` takes a time from another record of the same moment (also where one
readable time disagrees with two records that agree), rebuilds a card's numbers from its log,
drops a review's exact copy, and leaves, with word, what nothing else records."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import run_cli
from tests.test_check_settings_history import cli_drill, table


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unreadable_values_are_listed_and_repaired_from_the_log_or_left_with_word(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 6)
    healthy_cards, healthy_reviews = table(path, "cards"), table(path, "reviews")
    with sqlite3.connect(path) as db:
        firsts = db.execute(
            "select min(id), card_id from reviews group by card_id order by min(id)"
        ).fetchall()
        (first_review, first_card), (_, last_card), (moved, _), (copied, _) = firsts[:4]
        key = db.execute("select card_key from cards where id = ?", (last_card,)).fetchone()[0]
        first_time = db.execute("select min(reviewed_at) from reviews").fetchone()[0]
        db.execute("update reviews set reviewed_at = 'garbage' where id = ?", (first_review,))
        # a time typed in local time instead of UTC: the logged outcome and the card disagree
        db.execute(
            "update reviews set reviewed_at = datetime(reviewed_at, '+330 minutes') where id = ?",
            (moved,),
        )
        db.execute(
            "insert into reviews (card_id, student_id, reviewed_at, seed, options, chosen, "
            "correct, response_ms, rating, key_text, chosen_text, state_before, state_after, "
            "mode, shown) select card_id, student_id, reviewed_at, seed, options, chosen, "
            "correct, response_ms, rating, key_text, chosen_text, state_before, state_after, "
            "mode, shown from reviews where id = ?",
            (copied,),
        )
        db.execute("update cards set due = 'soon', stability = 'abc' where id = ?", (last_card,))
        db.execute(
            "insert into card_leases (card_id, holder, expires_at) values (?, 'x', 'later')",
            (first_card,),
        )
        db.execute("update students set created_at = 'long ago'")
        db.execute(
            "insert into exam_blocks (student_id, preset, started_at, submitted_at, questions, "
            "score, max_score, detail) values (1, 'usmle', '2026-11-20 09:00:00.000000', "
            "'afterwards', 1, 1.0, 1.0, '{}')"
        )

    refused = run_cli("--db", url, "class", "report")  # it sends the student to check
    assert refused.returncode == 2 and "`trainer check` lists such rows" in refused.stderr

    found = run_cli("--db", url, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "Traceback" not in found.stderr
    said = found.stdout
    assert (
        f"unreadable: reviews row {first_review}: reviewed_at 'garbage' is not a time; "
        "`--repair` sets it to " in said
    )
    assert f"reviews row {moved}: reviewed_at" in said
    assert "is not the time its logged outcome and the next record agree on" in said
    new_copy = max(row[0] for row in healthy_reviews) + 1
    assert f"review {new_copy} repeats review {copied}" in said
    assert f"unreadable: card {key}: due 'soon' is not a time; `--repair` rebuilds" in said
    assert f"unreadable: card {key}: stability 'abc' is not a number of its kind" in said
    assert "expires_at 'later' is not a time; `--repair` drops the lease" in said
    assert "created_at 'long ago' is not a time; `--repair` sets it to the student's" in said
    assert "submitted_at 'afterwards' is not a time; nothing else in the store records it" in said
    assert "8 problems (" in said and "rebuilds 7 of them" in said
    assert "and: 1 problem `--repair` cannot fix" in said

    repaired = run_cli("--db", url, "check", "--repair")
    assert repaired.returncode == 1, repaired.stdout + repaired.stderr  # one is left
    assert "repaired 7 problems (backup first: " in repaired.stdout
    assert "1 problem `--repair` cannot fix" in repaired.stdout
    assert table(path, "cards") == healthy_cards
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from card_leases").fetchone() == (0,)
        (made,) = db.execute("select created_at from students").fetchone()
    gap = datetime.fromisoformat(made) - datetime.fromisoformat(first_time)
    assert abs(gap) < timedelta(seconds=1)  # the student's first review
    reviews = table(path, "reviews")
    at = column_names(path, "reviews").index("reviewed_at")
    for now, then in zip(reviews, healthy_reviews, strict=True):  # the copy is gone
        assert now[:at] + now[at + 1 :] == then[:at] + then[at + 1 :]
        gap = datetime.fromisoformat(now[at]) - datetime.fromisoformat(then[at])
        assert abs(gap) < timedelta(seconds=1)  # the scheduler's time of the same answer

    before, backups = digest(path), sorted((tmp_path / "backups").glob("*"))
    again = run_cli("--db", url, "check", "--repair")  # only what it cannot fix is left
    assert again.returncode == 1 and "repaired" not in again.stdout
    assert digest(path) == before
    assert sorted((tmp_path / "backups").glob("*")) == backups  # no backup taken for nothing

    with sqlite3.connect(path) as db:  # the student puts back the one value only they know
        db.execute("update exam_blocks set submitted_at = '2026-11-20 10:00:00.000000'")
    ok = run_cli("--db", url, "check")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: "), ok.stdout
    assert run_cli("--db", url, "class", "report").returncode == 0


def test_a_rating_that_is_not_one_is_named_and_its_card_left_as_it_is(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 3)
    with sqlite3.connect(path) as db:
        first, second = (r for (r,) in db.execute("select id from reviews order by id limit 2"))
        db.execute("update reviews set rating = 'good' where id = ?", (first,))
        db.execute("update reviews set rating = 99 where id = ?", (second,))
    before = digest(path)
    for args in (("check",), ("check", "--repair")):
        result = run_cli("--db", url, *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert f"reviews row {first}: rating 'good' is not a rating (1 Again to 4 Easy)" in (
            result.stdout
        )
        assert f"reviews row {second}: rating 99 is not a rating" in result.stdout
        assert "2 problems `--repair` cannot fix" in result.stdout
        assert "repaired" not in result.stdout
    assert digest(path) == before  # nothing rebuilt from a log that cannot be read


def column_names(path: Path, name: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute(f"pragma table_info({name})")]


def test_fsrs_weights_the_scheduler_would_refuse_are_found_and_reset(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 2)
    for weights, says in (
        ("[1, 2, 3]", "the FSRS weights are 21 numbers, not 3"),
        (str([0.0] * 21), "FSRS weight 0 is 0, outside 0.001 to 100"),
    ):
        with sqlite3.connect(path) as db:
            db.execute("insert or replace into settings values (1, 'parameters', ?)", (weights,))
        stats = run_cli("--db", url, "stats")
        assert stats.returncode == 2 and says in stats.stderr, stats.stdout + stats.stderr
        assert "Traceback" not in stats.stderr
        found = run_cli("--db", url, "check")
        assert found.returncode == 1 and "setting 'parameters' (student 1)" in found.stdout
        repaired = run_cli("--db", url, "check", "--repair")
        assert repaired.returncode == 0 and "repaired 1 problem" in repaired.stdout
        assert run_cli("--db", url, "stats").returncode == 0


def test_a_review_filed_under_another_student_goes_back_to_its_cards(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 2)
    assert run_cli("--db", url, "--student", "asha", "stats").returncode == 0
    healthy = table(path, "reviews")
    with sqlite3.connect(path) as db:
        (moved,) = db.execute("select min(id) from reviews").fetchone()
        db.execute("update reviews set student_id = 2 where id = ?", (moved,))
    found = run_cli("--db", url, "check")
    assert found.returncode == 1
    assert f"review {moved} is filed under student 2, but its card is student 1's" in found.stdout
    repaired = run_cli("--db", url, "check", "--repair")
    assert repaired.returncode == 0 and "repaired 1 problem" in repaired.stdout
    assert table(path, "reviews") == healthy


def test_checking_a_store_that_is_not_there_says_so(tmp_path):
    result = run_cli("--db", f"sqlite:///{tmp_path / 'none.sqlite3'}", "check")
    assert result.returncode == 2 and "no store there yet" in result.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_check_of_a_server_store_names_the_servers_tool():
    result = run_cli("--db", "postgresql+psycopg://someone@localhost/class", "check")
    assert result.returncode == 2
    assert "`trainer check` works on SQLite stores; check it with its server's tools" in (
        result.stderr
    )
