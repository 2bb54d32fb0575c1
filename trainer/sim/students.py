"""Simulated students: true memory that no scheduler sees.

Each student's memory follows the FSRS-6 model in continuous time (`scheduling.memory`) with
the student's own parameters, drawn around the defaults: every weight is multiplied by a
log-normal factor with σ = 0.3, so weights vary by factors of about 0.55–1.8 across students
(the per-user fits of the open FSRS benchmark vary at least that much), clamped to FSRS's
bounds. Cards differ too: each has its own difficulty shift (σ = 1.5 on FSRS's 1–10 scale). A
share of the deck (0–20 %, per student) is already known at the start, with stabilities of a
few days. An answer is right when the student recalls, or by a guess with probability 1/k;
recalling is faster than guessing, and students differ in speed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fsrs import Rating
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from trainer.scheduling.memory import Memory, elapsed_days

SPREAD = 0.3
CARD_DIFFICULTY_SD = 1.5


def student_parameters(rng: random.Random, spread: float = SPREAD) -> tuple[float, ...]:
    params = []
    for value, low, high in zip(
        DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
    ):
        drawn = value * math.exp(rng.gauss(0.0, spread))
        params.append(min(high, max(low, drawn)))
    return tuple(params)


@dataclass
class TrueCard:
    stability: float
    difficulty: float
    last: datetime


@dataclass
class Student:
    """True memory: one card state per item, updated with what really happened."""

    memory: Memory
    rng: random.Random
    shift: list[float]  # each card's difficulty shift
    recall_s: float = 9.0  # median seconds to answer a recalled item
    guess_s: float = 22.0  # median seconds to answer by guessing
    perfect: bool = False
    cards: dict[int, TrueCard] = field(default_factory=dict)

    @classmethod
    def draw(cls, seed: str, cards: int, start: datetime, perfect: bool = False) -> Student:
        rng = random.Random(f"{seed}|student")
        memory = Memory(student_parameters(rng))
        shift = [rng.gauss(0.0, CARD_DIFFICULTY_SD) for _ in range(cards)]
        speed = math.exp(rng.gauss(0.0, 0.25))
        student = cls(
            memory,
            random.Random(f"{seed}|luck"),
            shift,
            recall_s=9.0 * speed,
            guess_s=22.0 * speed,
            perfect=perfect,
        )
        known = rng.uniform(0.0, 0.2)
        for card in range(cards):
            if rng.random() < known:
                stability = rng.lognormvariate(math.log(4.0), 0.6)
                last = start - timedelta(days=stability * rng.uniform(0.2, 1.5))
                difficulty = min(10.0, max(1.0, 5.0 + shift[card]))
                student.cards[card] = TrueCard(stability, difficulty, last)
        return student

    def recall_probability(self, card: int, at: datetime) -> float:
        true = self.cards.get(card)
        if true is None:
            return 0.0
        if self.perfect:
            return 1.0
        return self.memory.retrievability(true.stability, elapsed_days(true.last, at))

    def answer(self, card: int, options: int, at: datetime) -> tuple[bool, int, float]:
        """(right, response time in ms, recall probability before answering); updates the
        student's true memory."""
        p = self.recall_probability(card, at)
        recalled = self.rng.random() < p
        right = recalled or self.rng.random() < 1 / options
        median = self.recall_s if recalled else self.guess_s
        seconds = self.rng.lognormvariate(math.log(median), 0.35)
        rating = Rating.Good if recalled else Rating.Again
        true = self.cards.get(card)
        if true is None:
            stability, difficulty = self.memory.initial(rating)
            difficulty = min(10.0, max(1.0, difficulty + self.shift[card]))
        else:
            stability, difficulty = self.memory.next(
                true.stability, true.difficulty, true.last, rating, at
            )
        self.cards[card] = TrueCard(stability, difficulty, at)
        return right, max(1000, int(seconds * 1000)), p
