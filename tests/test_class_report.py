"""The instructor's class view: progress per student, exam sittings ranked with NEET PG
percentiles, on a real store shared by several profiles."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.classsim import Plan, run_class
from tests.conftest import run_cli
from trainer.analytics.classview import exam_results, progress
from trainer.deck import load_decks
from trainer.generator import Bank
from trainer.paths import bundled_deck_paths
from trainer.session import Trainer
from trainer.stats import compute_stats
from trainer.store import open_store
from trainer.store.db import open_class


@pytest.fixture(scope="module")
def reflexes():
    return [d for d in load_decks(bundled_deck_paths()) if d.id == "reflexes"]


def _sit(url: str, student: str, preset: str, when: datetime, score: float) -> None:
    store = open_store(url, student=student)
    store.save_exam(preset, when, when + timedelta(hours=3), 200, score, 800.0, {})
    store.close()


def test_exam_sittings_are_ranked_with_neet_percentiles(db_url):
    day = datetime(2026, 11, 20, 9, tzinfo=UTC)
    for name, score in (("asha", 612), ("ravi", 540), ("meera", 612), ("john", 300)):
        _sit(db_url, name, "neet-pg", day, score)
    _sit(db_url, "asha", "neet-pg", day + timedelta(hours=5), 100)  # a second try that day
    _sit(db_url, "ravi", "usmle", day + timedelta(days=1), 30)
    store = open_class(db_url)
    results = exam_results(store)
    store.close()
    neet = [r for r in results if r.preset == "neet-pg"]
    assert [(r.student, r.rank, r.of) for r in neet] == [
        ("asha", 1, 4),
        ("meera", 1, 4),
        ("ravi", 3, 4),
        ("john", 4, 4),
    ]
    # percentile = 100 x candidates scoring at most this / candidates
    assert [r.percentile for r in neet] == [100.0, 100.0, 50.0, 25.0]
    usmle = [r for r in results if r.preset == "usmle"]
    assert [(r.student, r.rank, r.of, r.percentile, r.day) for r in usmle] == [
        ("ravi", 1, 1, 100.0, date(2026, 11, 21))
    ]


def test_progress_per_student(tmp_path, reflexes, clock):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    _plan, abilities = run_class(url, reflexes, clock, students=4, plan=Plan())
    store = open_class(url)
    rows = progress(store, clock.now(), date(2026, 12, 20))
    store.close()
    assert [p.student for p in rows] == sorted(abilities)
    n = len(Bank(reflexes[0]).cards())
    for p in rows:
        assert p.cards == p.studied == n and p.reviews == p.reviews_7d == n
        assert p.exam_date == date(2026, 12, 20)
        assert 0 < p.predicted_exam_recall < 1
        assert p.weakest_topics and p.weakest_topics[0][1] >= 5
    # the abler student answered more right and is predicted to recall more
    best = max(rows, key=lambda p: abilities[p.student])
    worst = min(rows, key=lambda p: abilities[p.student])
    assert best.right_30d > worst.right_30d
    assert best.predicted_exam_recall > worst.predicted_exam_recall
    # the instructor sees the figure the student's own Stats show for the same exam date,
    # unseen cards included (a second deck the student has opened but not studied)
    more = reflexes + [d for d in load_decks(bundled_deck_paths()) if d.id == "myotomes"]
    own = open_store(url, student=best.student)
    own.save_settings(replace(own.settings(), exam_date=date(2026, 12, 20)))
    stats = compute_stats(Trainer(more, own, clock))
    own.close()
    assert stats.cards > n
    store = open_class(url)
    again = {p.student: p for p in progress(store, clock.now(), date(2026, 12, 20))}
    store.close()
    assert again[best.student].cards == stats.cards
    assert again[best.student].predicted_exam_recall == pytest.approx(
        stats.predicted_exam_recall, abs=1e-9
    )
    # no class exam date: each student's own (one has set it now)
    store = open_class(url)
    own_dates = {p.student: p.predicted_exam_recall for p in progress(store, clock.now())}
    assert own_dates.pop(best.student) == pytest.approx(stats.predicted_exam_recall, abs=1e-9)
    assert all(value is None for value in own_dates.values())
    store.close()


def test_class_report_cli(db_url, tmp_path):
    day = datetime(2026, 11, 20, 9, tzinfo=UTC)
    for name, score in (("asha", 612), ("ravi", 540)):
        _sit(db_url, name, "neet-pg", day, score)
    result = run_cli("--db", db_url, "class", "report", "--json", "--exam-date", "2027-01-10")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["student"] for s in data["students"]] == ["asha", "ravi"]
    assert [(b["student"], b["rank"]) for b in data["exam_sittings"]] == [("asha", 1), ("ravi", 2)]
    text = run_cli("--db", db_url, "class", "report").stdout
    assert "2026-11-20 neet-pg: 2 students" in text and "612/800" in text
    bad = run_cli("--db", db_url, "class", "report", "--exam-date", "soon")
    assert bad.returncode == 2 and "soon" in bad.stderr
    for day, says in (("2020-01-01", "has passed"), ("2027-02-30", "a day that exists")):
        bad = run_cli("--db", db_url, "class", "report", "--exam-date", day)
        assert bad.returncode == 2 and says in bad.stderr, bad.stderr
    bad = run_cli("--db", db_url, "class", "report", "--deck", "nosuch")
    assert bad.returncode == 2 and "--deck 'nosuch': no answers to that deck" in bad.stderr
    # the report made no profile of its own
    store = open_class(db_url)
    from trainer.store.db import students

    assert [n for _i, n in students(store)] == ["asha", "ravi"]
    store.close()
