"""The exam-day prediction's corrections from the student's own answers (study/calibration)."""

from __future__ import annotations

import math
import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from trainer.scheduling.memory import Memory
from trainer.scheduling.scheduler import CardState
from trainer.sim.simulate import Config, run_trainer
from trainer.study import calibration
from trainer.study.calibration import (
    PRIOR_KNOWN,
    PRIOR_WEIGHT,
    SCALE_WEIGHT,
    Calibration,
    RecentAnswer,
    prior_known,
    time_scale,
)

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)


def first_answers(right: int, wrong: int, options: int = 4) -> list[RecentAnswer]:
    return [RecentAnswer(CardState(), NOW, True, options) for _ in range(right)] + [
        RecentAnswer(CardState(), NOW, False, options) for _ in range(wrong)
    ]


def test_prior_knowledge_is_guess_corrected_and_pooled_with_the_prior():
    assert prior_known([]) == (PRIOR_KNOWN, 0)
    # 40 of 100 right among four options: (0.40 - 0.25) / 0.75 = 0.20 known
    known, n = prior_known(first_answers(40, 60))
    assert n == 100
    assert known == pytest.approx((100 * 0.20 + PRIOR_WEIGHT * PRIOR_KNOWN) / (100 + PRIOR_WEIGHT))
    # right only as often as guessing: nothing known (never below 0)
    assert prior_known(first_answers(250, 750))[0] == pytest.approx(
        PRIOR_WEIGHT * PRIOR_KNOWN / (1000 + PRIOR_WEIGHT)
    )
    assert prior_known(first_answers(0, 50))[0] == 0.0
    # answers to cards seen before are not first answers
    seen = CardState(state=2, stability=3.0, difficulty=5.0, last_review=NOW, reps=3)
    assert prior_known([RecentAnswer(seen, NOW, True, 4)] * 10) == (PRIOR_KNOWN, 0)


def answers_at_pace(pace: float, n: int, seed: int = 0) -> list[RecentAnswer]:
    """Answers of a student whose memory runs ``pace`` times the model's clock, guessing
    among four options when they do not recall."""
    rng = random.Random(seed)
    memory = Memory()
    answers = []
    for _ in range(n):
        stability = rng.lognormvariate(1.5, 0.8)
        days = stability * rng.uniform(0.2, 3.0)
        state = CardState(
            state=2,
            stability=stability,
            difficulty=5.0,
            last_review=NOW - timedelta(days=days),
            reps=rng.randint(2, 6),
        )
        recalled = rng.random() < memory.retrievability(stability, days * pace)
        right = recalled or rng.random() < 0.25
        answers.append(RecentAnswer(state, NOW, right, 4))
    return answers


@pytest.mark.parametrize("pace", [0.6, 1.0, 2.0])
def test_time_scale_recovers_the_students_pace_of_forgetting(pace):
    memory = Memory()
    scale, used = time_scale(memory, answers_at_pace(pace, 3000))
    assert used == 3000
    assert scale == pytest.approx(pace, rel=0.15)


def test_time_scale_keeps_the_model_while_evidence_is_thin(monkeypatch):
    memory = Memory()
    assert time_scale(memory, answers_at_pace(2.0, 20)) == (1.0, 20)
    # second answers (reps < 2) rest on the first answer's stability: not used
    early = [
        RecentAnswer(
            CardState(state=2, stability=1.0, difficulty=5.0, last_review=NOW, reps=1), NOW, True, 4
        )
    ] * 100
    assert time_scale(memory, early) == (1.0, 0)
    # fewer answers pull the fitted scale towards 1: by n / (n + SCALE_WEIGHT) in log scale
    answers = answers_at_pace(2.0, 60, seed=3)
    few, n = time_scale(memory, answers)
    monkeypatch.setattr(calibration, "SCALE_WEIGHT", 0)
    fitted, _ = time_scale(memory, answers)
    assert 1.0 < few < fitted
    assert math.log(few) == pytest.approx(n / (n + SCALE_WEIGHT) * math.log(fitted))


def test_calibrated_recall_of_studied_and_unseen_cards():
    memory = Memory()
    state = CardState(
        state=2, stability=4.0, difficulty=5.0, last_review=NOW - timedelta(days=2), reps=3
    )
    exam = NOW + timedelta(days=10)
    model = Calibration(prior_known=0.1, time_scale=1.0)
    faster = Calibration(prior_known=0.1, time_scale=2.0)
    assert model.recall(memory, state, exam) == pytest.approx(memory.retrievability(4.0, 12))
    assert faster.recall(memory, state, exam) == pytest.approx(memory.retrievability(4.0, 24))
    assert model.recall(memory, CardState(), exam) == 0.1
    # one review now adds recall; a first sight is worth more than the prior share alone
    assert model.gain(memory, state, NOW, exam) > 0
    assert model.first_sight(memory, NOW, exam) > 0.1


def test_simulated_students_predicted_exam_recall_is_near_their_true_recall():
    """The Stats screen's figure on the simulator's students (their true memory hidden from
    the trainer): within 0.02 on average over the plan's checkpoints (0.017 here), where
    counting unseen cards as 0 and trusting the default weights misses by 0.027."""
    config = Config(students=1, days=30, minutes=15, cards=400)
    probes = [p for i in range(3) for p in run_trainer(config, i, True).probes]
    assert len(probes) == 12
    shares = sorted({p[0] for p in probes})
    gaps = [statistics.fmean(p[1] - p[2] for p in probes if p[0] == share) for share in shares]
    assert statistics.fmean(abs(g) for g in gaps) < 0.02, gaps
