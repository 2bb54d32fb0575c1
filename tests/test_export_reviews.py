"""The review log as CSV in the FSRS tools' layout, exported and imported by real CLI runs."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta

from tests.conftest import run_cli
from trainer.session import DrillSession, Trainer
from trainer.store import open_store


def _drill(url: str, decks, clock, answers: int) -> list:
    trainer = Trainer(decks, open_store(url, student="asha"), clock)
    session = DrillSession(trainer)
    for i in range(answers):
        presented = session.next()
        assert presented is not None
        item = presented.item
        chosen = item.answer if i % 3 else (item.answer + 1) % len(item.options)
        session.answer(presented, chosen, 3000 + i)
        clock.advance(timedelta(minutes=3))
    cards = {c.card_key: c.state for c in trainer.store.cards() if not c.state.is_new}
    trainer.store.close()
    return cards


def test_export_then_import_into_another_database_rebuilds_the_same_states(tmp_path, decks, clock):
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    states = _drill(url, decks, clock, 12)
    result = run_cli("--db", url, "--student", "asha", "export", "reviews", "--csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:5] == [
        "card_id",
        "review_time",
        "review_rating",
        "review_state",
        "review_duration",
    ]
    assert len(rows) == 12
    assert [int(r["review_duration"]) for r in rows] == [3000 + i for i in range(12)]
    first_of_card: dict[str, str] = {}
    for r in rows:
        first_of_card.setdefault(r["card_key"], r["review_state"])
    assert set(first_of_card.values()) == {"0"}  # a card's first review is of a new card
    times = [int(r["review_time"]) for r in rows]
    assert times == sorted(times) and times[1] - times[0] == 180_000
    assert {int(r["review_rating"]) for r in rows} <= {1, 2, 3, 4}

    csv_path = tmp_path / "asha.csv"
    csv_path.write_text(result.stdout)
    other = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    result = run_cli("--db", other, "--student", "asha", "import", "reviews", str(csv_path))
    assert result.returncode == 0, result.stderr
    assert "12 added" in result.stdout
    store = open_store(other, student="asha")
    rebuilt = {c.card_key: c.state for c in store.cards() if not c.state.is_new}
    assert store.review_count() == 12
    store.close()
    assert rebuilt == states

    # the same file again adds nothing
    result = run_cli("--db", other, "--student", "asha", "import", "reviews", str(csv_path))
    assert "0 added, 12 already held; 0 cards rescheduled" in result.stdout


def test_imported_reviews_without_options_or_times_leave_stats_and_the_exam_drill_working(
    tmp_path, decks, clock
):
    """An imported review has no option count and no state before it, and one from a log
    without durations no answer time: the calibration, the rating policy and the exam
    ranking leave them out instead of dividing by them."""
    url = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    _drill(url, decks, clock, 12)
    exported = run_cli("--db", url, "--student", "asha", "export", "reviews", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    without_times = tmp_path / "no-durations.csv"
    with without_times.open("w", newline="") as out:
        fields = [f for f in rows[0] if f != "review_duration"]
        writer = csv.DictWriter(out, fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    other = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    result = run_cli("--db", other, "import", "reviews", str(without_times))
    assert result.returncode == 0, result.stderr
    exam = (clock.now() + timedelta(days=40)).date().isoformat()
    assert run_cli("--db", other, "exam-date", exam).returncode == 0
    result = run_cli("--db", other, "stats", "--json")
    assert result.returncode == 0, result.stderr
    for command in (("stats",), ("class", "report")):
        result = run_cli("--db", other, *command)
        assert result.returncode == 0, result.stderr

    trainer = Trainer(decks, open_store(other), clock)
    session = DrillSession(trainer)
    for _ in range(5):  # the exam ranking over the imported cards, and answers to them
        presented = session.next()
        assert presented is not None
        session.answer(presented, presented.item.answer, 4000)
        clock.advance(timedelta(seconds=30))
    more = DrillSession(trainer, extra=True)  # "study more" ranks every studied card
    assert more.next() is not None
    trainer.store.close()


def test_bad_rows_are_refused_with_their_line_and_nothing_is_stored(tmp_path, db_url):
    path = tmp_path / "bad.csv"
    good = "card_id,review_time,review_rating,review_state,review_duration,card_key\n"
    key = "reflexes/reflex-to-nerve/knee jerk"
    for body, message in (
        (f"1,1700000000000,3,0,4000,{key}\n1,17x,3,0,4000,{key}\n", "bad.csv:3: review_time"),
        (f"1,1700000000000,7,0,4000,{key}\n", "bad.csv:2: review_rating 7"),
        ("1,1700000000000,3,0,4000,nosuch/card\n", "bad.csv:2: no card 'nosuch/card'"),
        ("card_id,review_rating\n", "missing column(s) review_time"),
    ):
        path.write_text(body if body.startswith("card_id") else good + body)
        result = run_cli("--db", db_url, "import", "reviews", str(path))
        assert result.returncode == 2, result.stdout
        assert message in result.stderr, result.stderr
    store = open_store(db_url)
    assert store.review_count() == 0
    store.close()


def test_import_keeps_the_outcomes_recorded_before_the_first_added_review(tmp_path, decks, clock):
    """A profile studied before it set an exam date, given another profile's later answers:
    its own reviews keep what the scheduler made of them then, the check finds it healthy,
    and the same file again changes nothing."""
    own = tmp_path / "b.sqlite3"
    url = f"sqlite:///{own}"
    _drill(url, decks, clock, 4)  # no exam date: learning steps
    exam = run_cli("--db", url, "--student", "asha", "exam-date", "2027-01-23")
    assert exam.returncode == 0, exam.stderr
    clock.advance(timedelta(hours=2))
    other = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    _drill(other, decks, clock, 4)  # the same first cards, answered later elsewhere
    exported = run_cli("--db", other, "--student", "asha", "export", "reviews", "--csv")
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(exported.stdout)

    def rows(table: str) -> list[tuple]:
        with sqlite3.connect(own) as db:
            return db.execute(f"select * from {table} order by id").fetchall()

    mine = rows("reviews")
    with sqlite3.connect(own) as db:
        outcomes = [
            json.loads(text)["state"] for (text,) in db.execute("select state_after from reviews")
        ]
    assert 1 in outcomes  # answered under learning steps, which an exam date does without
    result = run_cli("--db", url, "--student", "asha", "import", "reviews", str(csv_path))
    assert result.returncode == 0 and "4 added" in result.stdout, result.stdout + result.stderr
    assert rows("reviews")[: len(mine)] == mine  # its own reviews' outcomes are untouched
    given = {row["card_key"] for row in csv.DictReader(io.StringIO(exported.stdout))}
    assert f"{len(given)} cards rescheduled" in result.stdout  # those given reviews
    check = run_cli("--db", url, "check")
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stdout

    cards, reviews = rows("cards"), rows("reviews")
    again = run_cli("--db", url, "--student", "asha", "import", "reviews", str(csv_path))
    assert "0 added, 4 already held; 0 cards rescheduled" in again.stdout, again.stdout
    assert rows("cards") == cards and rows("reviews") == reviews

    # answers older than its own, written after them: the check follows them in time order
    earlier = tmp_path / "earlier.csv"
    lines = list(csv.DictReader(io.StringIO(exported.stdout)))
    with earlier.open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(lines[0]))
        writer.writeheader()
        for line in lines:
            writer.writerow({**line, "review_time": int(line["review_time"]) - 86_400_000})
    older = run_cli("--db", url, "--student", "asha", "import", "reviews", str(earlier))
    assert "4 added" in older.stdout, older.stdout + older.stderr
    check = run_cli("--db", url, "check")
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stdout


def test_exporting_and_importing_into_the_same_store_adds_nothing(tmp_path):
    """The file holds milliseconds and the drill microseconds: the answers read back are the
    ones already held (same card, same millisecond), not copies."""
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drilled = run_cli("--db", url, "drill", "--max", "5", stdin="a\nb\nc\nd\na\n")
    assert drilled.returncode == 0, drilled.stderr
    with sqlite3.connect(path) as db:
        reviews = db.execute("select * from reviews order by id").fetchall()
        cards = db.execute("select * from cards order by id").fetchall()
        times = [at for (at,) in db.execute("select reviewed_at from reviews")]
    assert len(reviews) == 5
    assert any(not at.endswith("000") for at in times)  # finer than the file's milliseconds
    out = tmp_path / "r.csv"
    assert run_cli("--db", url, "export", "reviews", "--csv", "--out", str(out)).returncode == 0
    back = run_cli("--db", url, "import", "reviews", str(out))
    assert back.returncode == 0, back.stderr
    assert "5 reviews read, 0 added, 5 already held; 0 cards rescheduled" in back.stdout
    with sqlite3.connect(path) as db:
        assert db.execute("select * from reviews order by id").fetchall() == reviews
        assert db.execute("select * from cards order by id").fetchall() == cards


def test_answers_from_the_future_or_before_2000_are_refused_with_their_line(tmp_path, db_url):
    key = "dermatomes/key-point-to-root/L5"
    head = "card_id,review_time,review_rating,review_state,review_duration,card_key\n"
    for millis, says in (("4102444800000", "in the future"), ("-5", "before 2000")):
        bad = tmp_path / "bad.csv"
        bad.write_text(f"{head}1,1700000000000,3,0,4000,{key}\n1,{millis},3,0,4000,{key}\n")
        result = run_cli("--db", db_url, "import", "reviews", str(bad))
        assert result.returncode == 2, result.stdout + result.stderr
        assert f"bad.csv:3: review_time {millis}" in result.stderr and says in result.stderr
        assert "nothing was imported" in result.stderr
    stats = run_cli("--db", db_url, "stats", "--json")
    assert json.loads(stats.stdout)["reviews"] == 0
