"""Rating policy, exam-date placement, and the simulator's promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating

from trainer.clock import FixedClock
from trainer.scheduling import CardState, RatingPolicy, Settings, TrainerScheduler
from trainer.sim.simulate import ARMS, Config, run_student, simulate


def test_rating_policy():
    policy = RatingPolicy.from_history([10_000] * 10 + [20_000] * 10 + [30_000] * 10)
    assert policy.rate(False, 1000, 4, 0.9).rating == Rating.Again
    assert policy.rate(True, 5_000, 4, 0.9).rating == Rating.Easy
    assert policy.rate(True, 20_000, 4, 0.9).rating == Rating.Good
    assert policy.rate(True, 60_000, 4, 0.9).rating == Rating.Hard
    # a right answer at low predicted recall is weak evidence: partly or mostly a guess
    assert policy.rate(True, 5_000, 4, 0.5).rating == Rating.Hard  # P(recalled|right) = 0.8
    assert policy.rate(True, 5_000, 4, 0.15).rating == Rating.Again  # P(recalled|right) = 0.41
    # a first sight: right and fast for this student is recall, right and slow a likely guess
    assert policy.rate(True, 15_000, 4, None).rating == Rating.Good
    assert policy.rate(True, 25_000, 4, None).rating == Rating.Again
    assert RatingPolicy.from_history([1000] * 5).rate(True, 7_000, 4, None).rating == Rating.Good


def test_guess_rule_keeps_the_model_near_true_recall():
    """Simulated students guess among four options; with the guess rule the trainer's
    predicted recall at review time stays close to the student's true recall."""
    from trainer.sim.simulate import run_trainer

    config = Config(students=1, days=20, minutes=10, cards=120)
    bins = [b for i in range(2) for b in run_trainer(config, i, True).bins]
    predicted = sum(p for p, _ in bins) / len(bins)
    true = sum(t for _, t in bins) / len(bins)
    assert len(bins) > 500 and abs(predicted - true) < 0.05


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
    config = Config(students=2, days=8, minutes=5, cards=40)
    assert simulate(config) == simulate(config)


def test_simulator_in_processes_gives_the_same_figures():
    """Students shared out among processes: every outcome, probe and bin as with one."""
    from trainer.sim.simulate import run

    config = Config(students=3, days=6, minutes=5, cards=40)
    arms = ("trainer", "sm2+pace", "random")
    alone = run(config, arms)
    assert run(config, arms, jobs=2) == alone
    assert [o.arm for o in alone["sm2+pace"]] == ["sm2+pace"] * 3
    assert alone["trainer"][0] != alone["trainer"][1]  # students differ: the order is checked


def test_perfect_memory_gives_full_recall_for_every_arm():
    config = Config(students=1, days=12, minutes=10, cards=50)
    for name in ARMS:
        assert run_student(name, config, 0, perfect=True).exam_recall == 1.0, name


def test_simulate_cli_json():
    import json

    from tests.conftest import run_cli

    result = run_cli("simulate", "--quick", "--students", "2", "--days", "6", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert tuple(r["scheduler"] for r in rows) == ARMS
    for row in rows:
        assert {"exam_recall", "minutes_used", "reviews", "ci"} <= set(row)
        assert row["ci"][0] <= row["exam_recall"] <= row["ci"][1]
        assert "recall_per_100_reviews" not in row


def test_the_simulator_serves_what_the_app_serves(store, decks, clock):
    """The trainer arm's SimTrainer and the SQLite-backed Trainer run one DrillSession:
    the same answers give the same cards in the same order, day after day."""
    import zlib
    from dataclasses import replace

    from trainer.session import DrillSession, Trainer
    from trainer.sim.backend import SimTrainer
    from trainer.sim.run import bundled_specs

    real = Trainer(decks, store, clock)
    real.save_settings(replace(real.settings, exam_date=clock.now().date() + timedelta(days=20)))
    sim_clock = FixedClock(clock.now())
    sim = SimTrainer(list(bundled_specs()), sim_clock, real.settings)
    served: dict[str, list[str]] = {"real": [], "sim": []}
    for name, trainer, its_clock in (("real", real, clock), ("sim", sim, sim_clock)):
        for day in range(3):
            its_clock.set(datetime(2026, 11, 23 + day, 9, tzinfo=UTC))
            for extra in (False, True):
                session = DrillSession(trainer, extra=extra)
                for _ in range(40 if extra else 400):
                    presented = session.next()
                    if presented is None:
                        break
                    key = presented.card.card_key
                    served[name].append(key)
                    right = zlib.crc32(f"{key}{len(served[name])}".encode()) % 3 != 0
                    item = presented.item
                    chosen = item.answer if right else (item.answer + 1) % len(item.options)
                    its_clock.advance(timedelta(seconds=7))
                    session.answer(presented, chosen, 7000)
    assert len(served["real"]) > 100
    assert served["real"] == served["sim"]
    # and the exam-day prediction's evidence reads the same from both
    from trainer.study.calibration import calibrate

    memory = real.scheduler().memory
    assert calibrate(memory, real.source) == calibrate(memory, sim.memory)
    assert calibrate(memory, real.source).first_answers > 50


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
    for arm in ("trainer", "random"):
        outcome = run_student(arm, config, 0)
        # answers take about 9-22 s each: ten minutes is some tens of answers a day
        assert 5 * 20 < outcome.reviews < 5 * 80
        assert 9.5 < outcome.minutes < 11


def test_memory_model_uses_fsrs_formulas():
    """The written-out update equals fsrs's own stability and difficulty functions."""
    from trainer.scheduling.memory import Memory

    memory = Memory()
    fsrs = memory.fsrs
    last = datetime(2026, 3, 1, 20, tzinfo=UTC)
    cases = [(1.0, 6.0, 2), (0.3, 7.0, 11), (2.0, 5.0, 30), (40.0, 2.5, 24 * 50)]
    for stability, difficulty, hours in cases:
        for rating in Rating:
            now = last + timedelta(hours=hours)
            s, d = memory.next(stability, difficulty, last, rating, now)
            r = memory.retrievability(stability, hours / 24)
            if now.date() == last.date():
                expected = fsrs._short_term_stability(stability=stability, rating=rating)
            else:
                expected = fsrs._next_stability(
                    difficulty=difficulty, stability=stability, retrievability=r, rating=rating
                )
            assert s == pytest.approx(expected, rel=1e-12)
            assert d == pytest.approx(
                fsrs._next_difficulty(difficulty=difficulty, rating=rating), rel=1e-12
            )


def test_expected_exam_recall_after_a_review_matches_the_update():
    from trainer.scheduling.memory import Memory

    memory = Memory()
    last = datetime(2026, 3, 1, 8, tzinfo=UTC)
    exam = datetime(2026, 5, 1, tzinfo=UTC)
    for stability, difficulty, hours in [(0.4, 6.0, 3), (3.0, 5.0, 50), (30.0, 3.0, 24 * 20)]:
        now = last + timedelta(hours=hours)
        before, after, now_p = memory.mean_recall_after(stability, difficulty, last, now, exam)
        p = memory.retrievability(stability, hours / 24)
        assert now_p == pytest.approx(p, rel=1e-12)
        good, _ = memory.next(stability, difficulty, last, Rating.Good, now)
        again, _ = memory.next(stability, difficulty, last, Rating.Again, now)
        to_exam = (exam - now).total_seconds() / 86400
        expected = p * memory.retrievability(good, to_exam) + (1 - p) * memory.retrievability(
            again, to_exam
        )
        assert after == pytest.approx(expected, rel=1e-12)
        assert before == pytest.approx(
            memory.retrievability(stability, (exam - last).total_seconds() / 86400), rel=1e-12
        )
