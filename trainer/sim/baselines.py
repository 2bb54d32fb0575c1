"""The schedulers the trainer is compared with, on equal terms.

Each serves one card at a time for the moment asked (`pick`), learns the answer (`record`),
and may say it has nothing to serve (the day ends for it; the minutes it leaves are reported).

- SM-2 as in Anki's legacy scheduler: ease 250 %, learning steps 1 and 10 minutes, graduating
  interval 1 day, easy interval 4 days; Again −20 % ease, relearn 10 minutes, then 1 day;
  Hard (interval + delay/4) × 1.2 and −15 %; Good (interval + delay/2) × ease; Easy
  (interval + delay) × ease × 1.3 and +15 % (Anki's overdue bonus); ease floor 130 %.
  Easy and Hard come from the student's own speed: faster than their 25th percentile of right
  answers is Easy, slower than their 75th is Hard (the trainer's rule).
- Leitner: five boxes reviewed every 1, 2, 4, 8, 16 days; right moves up, wrong to box 1.
- Both with 20 new cards a day (Anki's default), and as separate "+pace" arms with the
  trainer's own new-card pace (`scheduling.pacing`) and new cards first.
- Random: a question bank in a shuffled order, pass after pass, until the minutes run out.
"""

from __future__ import annotations

import heapq
import random
from datetime import date, datetime, timedelta

from trainer.scheduling.pacing import new_quota
from trainer.scheduling.policy import RatingPolicy


class Baseline:
    name = "baseline"

    def __init__(self, cards: int, new_per_day: int, exam: date | None, start: date) -> None:
        self.cards = cards
        self.new_per_day = new_per_day
        self.exam = exam  # set: pace new cards like the trainer, new cards first
        self.start = start
        self.due: list[datetime | None] = [None] * cards
        self.heap: list[tuple[datetime, int]] = []  # (due, card), stale entries skipped
        self.next_new = 0
        self.day: date | None = None
        self.introduced = 0
        self.quota = new_per_day

    def start_day(self, day: date) -> None:
        self.day = day
        self.introduced = 0
        remaining = self.cards - self.next_new
        self.quota = new_quota(self.new_per_day, remaining, day, self.exam, self.start)

    def pick(self, now: datetime) -> int | None:
        fresh = (
            self.next_new if self.next_new < self.cards and self.introduced < self.quota else None
        )
        if self.exam is not None and fresh is not None:
            return fresh
        while self.heap:
            due, card = self.heap[0]
            if self.due[card] != due:
                heapq.heappop(self.heap)
                continue
            return card if due <= now else fresh
        return fresh

    def record(self, card: int, right: bool, response_ms: int, now: datetime) -> None:
        if card >= self.next_new:
            self.next_new = card + 1
            self.introduced += 1
        self.update(card, right, response_ms, now)
        due = self.due[card]
        if due is not None:
            heapq.heappush(self.heap, (due, card))

    def update(self, card: int, right: bool, response_ms: int, now: datetime) -> None:
        raise NotImplementedError


class SM2(Baseline):
    name = "sm2"
    STEPS = (timedelta(minutes=1), timedelta(minutes=10))

    def __init__(self, cards: int, new_per_day: int, exam: date | None, start: date) -> None:
        super().__init__(cards, new_per_day, exam, start)
        self.ease = [2.5] * cards
        self.interval = [0.0] * cards
        self.step = [0] * cards
        self.graduated = [False] * cards
        self.last: list[datetime | None] = [None] * cards
        self.times: list[int] = []
        self.policy = RatingPolicy()

    def update(self, card: int, right: bool, response_ms: int, now: datetime) -> None:
        if right:
            self.times.append(response_ms)
            if len(self.times) % 10 == 0 or self.policy.fast_ms is None:  # refresh now and then
                self.policy = RatingPolicy.from_history(self.times[-200:])
        policy = self.policy
        last, self.last[card] = self.last[card], now
        if not self.graduated[card]:
            if not right:
                self.step[card] = 0
                self.due[card] = now + self.STEPS[0]
            elif self.step[card] + 1 < len(self.STEPS):
                self.step[card] += 1
                self.due[card] = now + self.STEPS[self.step[card]]
            else:
                self.graduated[card] = True
                self.interval[card] = self.interval[card] or 1.0
                self.due[card] = now + timedelta(days=self.interval[card])
            return
        if not right:
            self.ease[card] = max(1.3, self.ease[card] - 0.2)
            self.graduated[card] = False
            self.step[card] = 1
            self.interval[card] = 1.0
            self.due[card] = now + self.STEPS[1]
            return
        due = self.due[card] or now
        delay = max(0.0, (now - due).total_seconds() / 86_400) if last else 0.0
        interval, ease = self.interval[card], self.ease[card]
        if policy.fast_ms is not None and response_ms < policy.fast_ms:  # Easy
            new = (interval + delay) * ease * 1.3
            self.ease[card] = ease + 0.15
        elif policy.slow_ms is not None and response_ms > policy.slow_ms:  # Hard
            new = (interval + delay / 4) * 1.2
            self.ease[card] = max(1.3, ease - 0.15)
        else:  # Good
            new = (interval + delay / 2) * ease
        self.interval[card] = max(interval + 1, new)
        self.due[card] = now + timedelta(days=round(self.interval[card]))


class Leitner(Baseline):
    name = "leitner"
    INTERVALS = (1, 2, 4, 8, 16)

    def __init__(self, cards: int, new_per_day: int, exam: date | None, start: date) -> None:
        super().__init__(cards, new_per_day, exam, start)
        self.box = [0] * cards

    def update(self, card: int, right: bool, response_ms: int, now: datetime) -> None:
        self.box[card] = min(len(self.INTERVALS) - 1, self.box[card] + 1) if right else 0
        self.due[card] = now + timedelta(days=self.INTERVALS[self.box[card]])


class RandomBank:
    """A question bank answered in a shuffled order, pass after pass, with no scheduling."""

    name = "random"

    def __init__(self, cards: int, rng: random.Random) -> None:
        self.order = list(range(cards))
        rng.shuffle(self.order)
        self.position = 0

    def start_day(self, day: date) -> None:
        pass

    def pick(self, now: datetime) -> int | None:
        return self.order[self.position % len(self.order)]

    def record(self, card: int, right: bool, response_ms: int, now: datetime) -> None:
        self.position += 1
