"""Rating policy, exam-date placement, and the simulator's promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating

from trainer.scheduling import CardState, RatingPolicy, Settings, TrainerScheduler
from trainer.sim.simulate import Config, run_student, simulate


def test_rating_policy():
    policy = RatingPolicy.from_history([10_000] * 10 + [20_000] * 10 + [30_000] * 10)
    assert policy.rate(False, 1000, 4, 0.9).rating == Rating.Again
    assert policy.rate(True, 5_000, 4, 0.9).rating == Rating.Easy
    assert policy.rate(True, 20_000, 4, 0.9).rating == Rating.Good
    assert policy.rate(True, 60_000, 4, 0.9).rating == Rating.Hard
    # a right answer on a card with R < 1/(k+1) is more likely a guess than recall
    assert policy.rate(True, 5_000, 4, 0.15).rating == Rating.Hard
    assert RatingPolicy.from_history([1000] * 5).rate(True, 1, 4, None).rating == Rating.Good


def test_no_interval_runs_past_the_exam():
    exam = date(2027, 1, 20)
    scheduler = TrainerScheduler(Settings(exam_date=exam))
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    state = CardState()
    for _ in range(12):
        state = scheduler.review(state, Rating.Good, now)
        if now < scheduler.exam_at():
            assert state.due <= scheduler.exam_at()
        now = state.due
    assert scheduler.retrievability(state, scheduler.exam_at()) >= 0.9


def test_simulator_is_deterministic():
    config = Config(students=2, days=10, budget=20, cards=40)
    assert simulate(config) == simulate(config)


def test_without_exam_date_trainer_equals_trainer_no_exam_date():
    config = Config(students=2, days=15, budget=25, cards=60, exam=False)
    a = [run_student("trainer", config, i) for i in range(2)]
    b = [run_student("trainer-no-exam-date", config, i) for i in range(2)]
    assert [(x.exam_recall, x.reviews) for x in a] == [(x.exam_recall, x.reviews) for x in b]


def test_perfect_memory_gives_full_recall_for_every_scheduler():
    config = Config(students=1, days=20, budget=40, cards=50)
    for name in ("trainer", "trainer-no-exam-date", "sm2", "leitner", "random"):
        assert run_student(name, config, 0, perfect=True).exam_recall == 1.0, name


def test_simulate_cli_json():
    import json

    from tests.conftest import run_cli

    result = run_cli("simulate", "--quick", "--students", "2", "--days", "8", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["scheduler"] for r in rows] == [
        "trainer",
        "trainer-no-exam-date",
        "sm2",
        "leitner",
        "random",
    ]
    assert all({"exam_recall", "reviews", "recall_per_100_reviews"} <= set(r) for r in rows)


def test_retrievability_counts_real_elapsed_time():
    """Equal to fsrs at whole days; between them the real elapsed time counts, so a card
    answered 23 h 55 min ago is not '0 days' old."""
    from fsrs import Card, State

    scheduler = TrainerScheduler(Settings())
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    for stability, days in [(0.5, 1), (2.3, 3), (10.0, 9), (120.0, 200)]:
        state = CardState(
            state=2, stability=stability, difficulty=5.0, due=start, last_review=start
        )
        at = start + timedelta(days=days)
        card = Card(
            card_id=1,
            state=State.Review,
            stability=stability,
            difficulty=5.0,
            due=start,
            last_review=start,
        )
        assert scheduler.retrievability(state, at) == pytest.approx(
            scheduler.fsrs.get_card_retrievability(card, at), rel=1e-12
        )
    state = CardState(state=2, stability=0.5, difficulty=5.0, due=start, last_review=start)
    almost_a_day = scheduler.retrievability(state, start + timedelta(hours=23, minutes=55))
    assert 0.5 < almost_a_day < scheduler.retrievability(state, start + timedelta(hours=1)) < 1


def test_minutes_budget_bounds_each_day():
    config = Config(students=1, days=5, cards=80, minutes=10)
    outcome = run_student("trainer", config, 0)
    # answers take about 9-22 s each: ten minutes is some tens of answers a day, not thousands
    assert 5 * 20 < outcome.reviews < 5 * 80
