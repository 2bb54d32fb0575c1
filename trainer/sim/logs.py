"""Review logs from a simulated student whose true FSRS parameters are known: the test bed
for `trainer optimize` (and the fit-time benchmark)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Rating

from trainer.scheduling.memory import Memory, elapsed_days
from trainer.sim.students import student_parameters


def known_student_log(
    reviews: int, seed: int = 0, cards: int = 1500
) -> tuple[tuple[float, ...], list[tuple[int, datetime, int]]]:
    """(true parameters, [(card id, time, rating)]): each card reviewed at irregular
    intervals of 1-30 days, rated Good when recalled and Again when not."""
    rng = random.Random(seed)
    parameters = student_parameters(rng)
    memory = Memory(parameters)
    start = datetime(2026, 1, 1, 8, tzinfo=UTC)
    log: list[tuple[int, datetime, int]] = []
    per_card = max(2, reviews // cards)
    for card in range(cards):
        at = start + timedelta(days=rng.uniform(0, 30), hours=rng.uniform(0, 10))
        stability = difficulty = 0.0
        last = at
        for n in range(per_card):
            if len(log) >= reviews:
                return parameters, log
            if n == 0:
                recalled = False
                stability, difficulty = memory.initial(Rating.Again)
            else:
                p = memory.retrievability(stability, elapsed_days(last, at))
                recalled = rng.random() < p
                rating = Rating.Good if recalled else Rating.Again
                stability, difficulty = memory.next(stability, difficulty, last, rating, at)
            log.append((card, at, int(Rating.Good if recalled else Rating.Again)))
            last = at
            at = at + timedelta(days=rng.randint(1, 30), hours=rng.uniform(-3, 3))
    return parameters, log
