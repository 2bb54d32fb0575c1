"""Personal parameters: fitted on logs whose true parameters are known."""

from __future__ import annotations

from dataclasses import replace

import fsrs_rs_python as rs

from tests.conftest import run_cli
from trainer.scheduling.optimize import fit, training_items
from trainer.scheduling.scheduler import TrainerScheduler
from trainer.sim.logs import known_student_log


def holdout_loss(parameters, log) -> float:
    items = training_items(log)
    test = items[int(len(items) * 0.8) :]
    made = [rs.FSRSItem([rs.FSRSReview(r, d) for r, d in steps]) for _, steps in test]
    return rs.FSRS(list(parameters)).evaluate(made).log_loss


def test_the_fit_recovers_a_students_parameters_better_than_the_defaults():
    true, log = known_student_log(12_000, seed=1)
    result = fit(log)
    assert result.improved and result.parameters is not None
    assert result.fitted_loss < result.default_loss
    # close to what the true parameters achieve on the same later reviews
    assert result.fitted_loss - holdout_loss(true, log) < 0.005


def test_defaults_are_kept_when_the_fit_is_not_better():
    _, log = known_student_log(12_000, seed=0)
    result = fit(log)
    assert result.fitted_loss >= result.default_loss and not result.improved


def test_too_few_reviews_fit_nothing():
    _, log = known_student_log(300, seed=2)
    assert fit(log).parameters is None and fit(log).default_loss is None


def test_saved_parameters_drive_the_scheduler(store, decks, clock):
    from trainer.session import Trainer

    trainer = Trainer(decks, store, clock)
    weights = (*(x * 1.1 for x in TrainerScheduler().memory.parameters[:20]), 0.2)
    trainer.save_settings(replace(trainer.settings, parameters=weights))
    reopened = Trainer(decks, store, clock)
    assert reopened.settings.parameters == weights
    assert reopened.scheduler().memory.parameters == weights


def test_optimize_command_says_when_there_is_too_little(tmp_path):
    result = run_cli("--db", f"sqlite:///{tmp_path / 'p.sqlite3'}", "optimize")
    assert result.returncode == 0, result.stderr
    assert "are needed" in result.stdout and "unchanged" in result.stdout
