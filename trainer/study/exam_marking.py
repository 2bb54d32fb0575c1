"""Marking a block, recording what the student answered, and reading the result back.

Only answered questions become reviews: a question never shown is not recorded at all, and a
question seen but left blank counts in the score only (it is not a failed review, and it does
not enter the 'wrong before' pool).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.scheduling.scheduler import CardState
from trainer.store.db import ReviewRecord
from trainer.store.exams import PastBlock
from trainer.study.exam_presets import neet_marks, percent_correct

if TYPE_CHECKING:
    from trainer.study.exam import ExamBlock, Slot

FILTERS = ("all", "wrong", "flagged", "blank")


@dataclass(frozen=True)
class ExamResult:
    score: float
    max_score: float
    right: int
    wrong: int
    blank: int
    unseen: int
    seconds_per_question: list[float]
    exam_id: int
    reviews: int  # answers recorded as reviews

    @property
    def questions(self) -> int:
        return self.right + self.wrong + self.blank

    @property
    def neet_marks(self) -> int:
        return neet_marks(self.right, self.wrong)

    @property
    def neet_max(self) -> int:
        return 4 * self.questions

    @property
    def percent(self) -> float:
        return percent_correct(self.right, self.questions)

    @property
    def seconds_per_answered(self) -> float | None:
        """Time per answered question: blanks' time is not spread over the answers."""
        answered = [
            s
            for s, kind in zip(self.seconds_per_question, self.kinds, strict=False)
            if kind != "blank"
        ]
        return sum(answered) / len(answered) if answered else None

    kinds: tuple[str, ...] = ()  # per question: right, wrong or blank


def verdict(slot: Slot) -> str:
    if slot.chosen is None:
        return "blank"
    return "right" if slot.chosen == slot.item.answer else "wrong"


def submit(block: ExamBlock) -> ExamResult:
    """Mark the block and record its answered questions, all in one transaction."""
    if block.submitted is not None:
        return block.submitted
    block._account()
    trainer = block.trainer
    now = trainer.clock.now()
    scheduler = trainer.scheduler()
    policy = trainer.policy()
    ids = {s.presented.card.id for s in block.slots}
    states: dict[int, CardState] = {
        c.id: c.state for c in trainer.store.cards(include_retired=True) if c.id in ids
    }
    kinds = [verdict(s) for s in block.slots]
    records = []
    for slot, kind in zip(block.slots, kinds, strict=True):
        if kind == "blank":
            continue  # never shown, or seen and left blank: not a review
        item = slot.item
        card_id = slot.presented.card.id
        before = states[card_id]
        r = None if before.is_new else scheduler.retrievability(before, now)
        ms = int(slot.seconds * 1000)
        decision = policy.rate(kind == "right", ms, len(item.options), r)
        after = scheduler.review(before, decision.rating, now)
        states[card_id] = after
        assert slot.chosen is not None
        records.append(
            ReviewRecord(
                card_id=card_id,
                reviewed_at=now,
                seed=item.seed,
                options=len(item.options),
                chosen=slot.chosen,
                correct=kind == "right",
                response_ms=ms,
                rating=int(decision.rating),
                key_text=item.key,
                chosen_text=item.options[slot.chosen],
                before=before,
                after=after,
                shown=item.options,
                mode="exam",
            )
        )
    p = block.preset
    right, wrong, blank = kinds.count("right"), kinds.count("wrong"), kinds.count("blank")
    score = right * p.right + wrong * p.wrong + blank * p.blank
    max_score = len(block.slots) * p.right
    times = [s.seconds for s in block.slots]
    unseen = sum(not s.seen for s in block.slots)
    detail = {
        "right": right,
        "wrong": wrong,
        "blank": blank,
        "unseen": unseen,
        "seconds": times,
        "neet_marks": neet_marks(right, wrong),
        "percent": percent_correct(right, len(block.slots)),
    }
    flags = [s.presented.card.id for s in block.slots if s.flagged]
    summary = {
        "preset": p.name,
        "questions": len(block.slots),
        "score": score,
        "max_score": max_score,
        "detail": detail,
    }
    assert block.sitting_id is not None
    exam_id = block._store.submit(
        block.sitting_id,
        block.progress(),
        [block._slot_data(i) for i in range(len(block.slots))],
        records,
        flags,
        summary,
    )
    block._mark = None
    block.submitted = ExamResult(
        score, max_score, right, wrong, blank, unseen, times, exam_id, len(records), tuple(kinds)
    )
    return block.submitted


def filter_slots(block: ExamBlock, which: str) -> list[int]:
    """Positions of the questions to review: all, or only wrong, flagged or blank ones."""
    if which == "flagged":
        return [i for i, s in enumerate(block.slots) if s.flagged]
    if which in ("wrong", "blank", "right"):
        return [i for i, s in enumerate(block.slots) if verdict(s) == which]
    return list(range(len(block.slots)))


@dataclass(frozen=True)
class Share:
    """Right, wrong and blank answers in one deck or topic."""

    name: str
    right: int
    wrong: int
    blank: int

    @property
    def questions(self) -> int:
        return self.right + self.wrong + self.blank

    @property
    def percent(self) -> float:
        return percent_correct(self.right, self.questions)


def breakdown(block: ExamBlock, by: str) -> list[Share]:
    """Per deck (by its title) or per topic, weakest first."""
    tallies: dict[str, list[int]] = {}
    for slot in block.slots:
        card = slot.presented.card
        if by == "deck":
            deck = block.trainer.decks.get(card.deck_id)
            name = deck.title if deck is not None else card.deck_id
        else:
            name = slot.item.topic or card.topic
        counts = tallies.setdefault(name, [0, 0, 0])
        counts[("right", "wrong", "blank").index(verdict(slot))] += 1
    shares = [Share(name, *counts) for name, counts in tallies.items()]
    return sorted(shares, key=lambda s: (s.percent, s.name))


def trend(past: Sequence[PastBlock], span: int = 3) -> float | None:
    """Percent points between the latest block and the mean of the ``span`` before it."""
    if len(past) < 2:
        return None
    before = past[-1 - span : -1]
    return past[-1].percent - sum(b.percent for b in before) / len(before)
