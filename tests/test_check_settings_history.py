"""`trainer check` judges a card by what its review log records, not by a replay under today's
settings: a store studied while the exam date, the retention, the learning steps or the FSRS
weights changed is healthy, `--repair` leaves it exactly as it is, and a hand-edited card or
logged state is still found and put back."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating

from tests.conftest import run_cli
from trainer.clock import FixedClock, as_utc
from trainer.scheduling.memory import Memory
from trainer.scheduling.scheduler import CardState, TrainerScheduler
from trainer.session import DrillSession, Trainer
from trainer.store import open_store


def answer(trainer: Trainer, count: int, wrong_every: int = 3) -> None:
    """Answer ``count`` questions of today's drill (then "study more"), every
    ``wrong_every``-th one wrongly."""
    session = DrillSession(trainer)
    for index in range(count):
        presented = session.next()
        if presented is None:
            session.study_more()
            presented = session.next()
        assert presented is not None, "the drill ran out of cards"
        right = index % wrong_every != wrong_every - 1
        item = presented.item
        chosen = item.answer if right else (item.answer + 1) % len(item.options)
        session.answer(presented, chosen, 6000)
        trainer.clock.advance(timedelta(seconds=20))  # type: ignore[attr-defined]
    session.close()


def table(path: Path, name: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(f"select * from {name} order by id").fetchall()


def cli_drill(url: str, answers: int) -> None:
    result = run_cli("--db", url, "drill", "--max", str(answers), stdin="a\nb\nc\n" * answers)
    assert result.returncode == 0, result.stderr


def check_is_ok_and_repair_changes_nothing(path: Path) -> None:
    url = f"sqlite:///{path}"
    cards, reviews = table(path, "cards"), table(path, "reviews")
    check = run_cli("--db", url, "check")
    assert check.returncode == 0 and check.stdout.startswith("ok: "), check.stdout + check.stderr
    repair = run_cli("--db", url, "check", "--repair")
    assert repair.returncode == 0 and repair.stdout.startswith("ok: "), repair.stdout
    assert table(path, "cards") == cards
    assert table(path, "reviews") == reviews


def replay_differs(path: Path, url: str) -> bool:
    """Whether replaying some card's log under the settings now stored gives another state
    than the one the scheduler recorded: the history really spans settings that matter."""
    store = open_store(url)
    scheduler = TrainerScheduler(store.settings())
    store.close()
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "select card_id, reviewed_at, rating, state_after from reviews order by card_id, id"
        ).fetchall()
    state: dict[int, CardState] = {}
    differs = False
    for card_id, at, rating, after in rows:
        replayed = scheduler.review(
            state.get(card_id, CardState()), Rating(rating), as_utc(datetime.fromisoformat(at))
        )
        state[card_id] = replayed
        logged = CardState.from_json(after)
        differs |= (replayed.state, replayed.due) != (logged.state, logged.due)
    return differs


def test_a_history_under_changing_settings_is_healthy_and_hand_damage_is_still_repaired(
    tmp_path, decks
):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    store = open_store(url)
    trainer = Trainer(decks, store, clock)
    start = clock.now().date()
    # day 0, no exam date: learning steps; one answer re-rated, one taken back
    answer(trainer, 6)
    session = DrillSession(trainer)
    presented = session.next()
    assert presented is not None
    session.answer(presented, presented.item.answer, 6000)
    session.override(Rating.Easy)
    presented = session.next()
    assert presented is not None
    session.answer(presented, presented.item.answer, 6000)
    session.undo()  # taken back: its row goes, its card's state is restored
    session.close()
    clock.advance(timedelta(minutes=15))
    answer(trainer, 6)
    # an exam date set: no steps, intervals aimed at the exam
    trainer.save_settings(replace(trainer.settings, exam_date=start + timedelta(days=60)))
    answer(trainer, 6)
    # two days on: another retention, other steps, personal weights (as `trainer optimize`)
    clock.advance(timedelta(days=2))
    weights = list(Memory().parameters)
    weights[:4] = [w * 1.5 for w in weights[:4]]
    trainer.save_settings(
        replace(
            trainer.settings,
            desired_retention=0.85,
            learning_steps_min=(5,),
            parameters=tuple(weights),
        )
    )
    answer(trainer, 8)
    # the exam moved nearer, then cleared
    clock.advance(timedelta(days=3))
    trainer.save_settings(replace(trainer.settings, exam_date=start + timedelta(days=40)))
    answer(trainer, 8)
    clock.advance(timedelta(days=4))
    trainer.save_settings(replace(trainer.settings, exam_date=None))
    answer(trainer, 8)
    store.close()
    assert replay_differs(path, url)  # the old replay would have called this store damaged

    check_is_ok_and_repair_changes_nothing(path)

    healthy_cards, healthy_reviews = table(path, "cards"), table(path, "reviews")
    with sqlite3.connect(path) as db:
        chained = db.execute(
            "select card_id from reviews group by card_id having count(*) >= 2 limit 2"
        ).fetchall()
        assert len(chained) == 2, "no card was answered twice"
        (edited_card,), (edited_log,) = chained
        key = db.execute("select card_key from cards where id = ?", (edited_card,)).fetchone()[0]
        # a card's row edited by hand
        db.execute(
            "update cards set state = 2, reps = reps + 4, due = '2030-01-01 00:00:00.000000' "
            "where id = ?",
            (edited_card,),
        )
        # the first logged outcome of another card edited, and its last one made unreadable
        first, last = db.execute(
            "select min(id), max(id) from reviews where card_id = ?", (edited_log,)
        ).fetchone()
        after = CardState.from_json(
            db.execute("select state_after from reviews where id = ?", (first,)).fetchone()[0]
        )
        db.execute(
            "update reviews set state_after = ? where id = ?",
            (replace(after, reps=after.reps + 3, stability=99.0).to_json(), first),
        )
        db.execute("update reviews set state_after = 'garbled' where id = ?", (last,))
    found = run_cli("--db", url, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert f"card {key}: stored state" in found.stdout
    assert "2 reviews log states that do not follow" in found.stdout
    repaired = run_cli("--db", url, "check", "--repair")
    assert repaired.returncode == 0 and "repaired 3 problems" in repaired.stdout, repaired.stdout
    assert table(path, "cards") == healthy_cards  # put back exactly as the scheduler left them
    assert table(path, "reviews") == healthy_reviews
    check_is_ok_and_repair_changes_nothing(path)


def test_drills_before_and_after_an_exam_date_and_a_new_retention_check_ok(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 3)
    check_is_ok_and_repair_changes_nothing(path)
    exam = run_cli("--db", url, "exam-date", "2027-01-23")
    assert exam.returncode == 0, exam.stderr
    with sqlite3.connect(path) as db:  # answered before the exam date: learning steps
        assert db.execute("select count(*) from cards where state = 1").fetchone()[0] > 0
    check_is_ok_and_repair_changes_nothing(path)
    cli_drill(url, 3)
    store = open_store(url)
    store.save_settings(replace(store.settings(), desired_retention=0.8))
    store.close()
    cli_drill(url, 3)
    assert replay_differs(path, url)
    check_is_ok_and_repair_changes_nothing(path)


def test_an_exam_date_set_before_the_first_answer_then_cleared_checks_ok(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    assert run_cli("--db", url, "exam-date", "2027-01-23").returncode == 0
    cli_drill(url, 3)
    check_is_ok_and_repair_changes_nothing(path)
    assert run_cli("--db", url, "exam-date", "none").returncode == 0
    assert replay_differs(path, url)
    check_is_ok_and_repair_changes_nothing(path)
    cli_drill(url, 3)
    check_is_ok_and_repair_changes_nothing(path)
