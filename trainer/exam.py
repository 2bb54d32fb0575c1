"""Timed exam blocks: NEET PG and USMLE-style presets, marking, and submission as reviews."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from trainer.errors import TrainerError
from trainer.generator.item import CannotGenerate
from trainer.scheduling.scheduler import CardState
from trainer.session import Presented, Trainer
from trainer.store.db import ReviewRecord, StoredCard

POOLS = ("new", "due", "wrong", "flagged", "any")


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    questions: int
    minutes: int
    options: int
    right: float
    wrong: float
    blank: float = 0.0
    section_size: int | None = None


NEET_PG = Preset("neet-pg", "NEET PG", 200, 210, 4, 4.0, -1.0, 0.0, None)
NEET_PG_SECTIONS = Preset(
    "neet-pg-sections", "NEET PG (5 sections, no return)", 200, 210, 4, 4.0, -1.0, 0.0, 40
)
USMLE = Preset("usmle", "USMLE-style block", 40, 60, 5, 1.0, 0.0, 0.0, None)
PRESETS = {p.name: p for p in (NEET_PG, NEET_PG_SECTIONS, USMLE)}


def custom_preset(questions: int, minutes: int, options: int = 4) -> Preset:
    if questions < 1 or minutes < 1 or options not in (4, 5):
        raise TrainerError("a custom block needs at least 1 question, 1 minute, and 4 or 5 options")
    return Preset("custom", "Custom block", questions, minutes, options, 1.0, 0.0, 0.0, None)


@dataclass
class Slot:
    presented: Presented
    chosen: int | None = None
    flagged: bool = False
    seconds: float = 0.0


@dataclass
class ExamResult:
    score: float
    max_score: float
    right: int
    wrong: int
    blank: int
    seconds_per_question: list[float]
    exam_id: int


@dataclass
class ExamBlock:
    trainer: Trainer
    preset: Preset
    slots: list[Slot]
    started: datetime
    current: int = 0
    _entered: datetime | None = None
    submitted: ExamResult | None = None

    @classmethod
    def start(
        cls,
        trainer: Trainer,
        preset: Preset,
        pool: str = "any",
        deck_ids: tuple[str, ...] | None = None,
        seed: int | None = None,
    ) -> ExamBlock:
        if pool not in POOLS:
            raise TrainerError(f"pool {pool!r} is not one of {', '.join(POOLS)}")
        cards = _pool(trainer, pool, deck_ids)
        if not cards:
            raise TrainerError(f"no cards in the {pool!r} pool for this exam block")
        rng = random.Random(seed if seed is not None else trainer.clock.now().timestamp())
        rng.shuffle(cards)
        now = trainer.clock.now()
        slots: list[Slot] = []
        # each card at most once: a pool smaller than the preset makes a shorter block
        for card in cards:
            if len(slots) == preset.questions:
                break
            try:
                item = trainer.item_for(card, trainer.next_seed(card), preset.options)
            except CannotGenerate:
                continue
            slots.append(Slot(Presented(card, item, now)))
        if not slots:
            raise TrainerError(f"no card in the {pool!r} pool can make a question")
        block = cls(trainer, preset, slots, now)
        block._entered = now
        return block

    # -- time ---------------------------------------------------------------------------
    @property
    def deadline(self) -> datetime:
        return self.started + timedelta(minutes=self.preset.minutes)

    def remaining(self) -> timedelta:
        return max(timedelta(0), self.deadline - self.trainer.clock.now())

    def expired(self) -> bool:
        return self.trainer.clock.now() >= self.deadline

    # -- navigation ---------------------------------------------------------------------
    def section_of(self, index: int) -> int:
        size = self.preset.section_size
        return index // size if size else 0

    def can_go(self, index: int) -> bool:
        if not 0 <= index < len(self.slots):
            return False
        if self.preset.section_size is None:
            return True
        return self.section_of(index) == self.section_of(self.current)

    def _account(self) -> None:
        now = self.trainer.clock.now()
        if self._entered is not None:
            self.slots[self.current].seconds += (now - self._entered).total_seconds()
        self._entered = now

    def go(self, index: int) -> bool:
        if not self.can_go(index):
            return False
        self._account()
        self.current = index
        return True

    def next_section(self) -> bool:
        """Close the current section (no return) and move to the first question of the next."""
        size = self.preset.section_size
        if size is None:
            return False
        target = (self.section_of(self.current) + 1) * size
        if target >= len(self.slots):
            return False
        self._account()
        self.current = target
        return True

    def choose(self, option: int | None) -> None:
        if self.submitted is not None:
            raise TrainerError("this block has been submitted")
        slot = self.slots[self.current]
        if option is not None and not 0 <= option < len(slot.presented.item.options):
            raise TrainerError(f"option {option + 1} does not exist")
        slot.chosen = option

    def toggle_flag(self) -> bool:
        slot = self.slots[self.current]
        slot.flagged = not slot.flagged
        return slot.flagged

    def navigator(self) -> list[str]:
        """Per question: 'answered', 'flagged' or 'blank' (flagged wins)."""
        return [
            "flagged" if s.flagged else ("answered" if s.chosen is not None else "blank")
            for s in self.slots
        ]

    # -- submission ---------------------------------------------------------------------
    def submit(self) -> ExamResult:
        """Mark the block and record every question as a review, in one transaction."""
        if self.submitted is not None:
            return self.submitted
        self._account()
        trainer = self.trainer
        now = trainer.clock.now()
        scheduler = trainer.scheduler()
        policy = trainer.policy()
        right = wrong = blank = 0
        records = []
        states: dict[int, CardState] = {}
        for slot in self.slots:
            item = slot.presented.item
            card = slot.presented.card
            before = states.get(card.id, card.state)
            correct = slot.chosen == item.answer
            if slot.chosen is None:
                blank += 1
            elif correct:
                right += 1
            else:
                wrong += 1
            r = None if before.is_new else scheduler.retrievability(before, now)
            decision = policy.rate(correct, int(slot.seconds * 1000), len(item.options), r)
            after = scheduler.review(before, decision.rating, now)
            states[card.id] = after
            records.append(
                ReviewRecord(
                    card_id=card.id,
                    reviewed_at=now,
                    seed=item.seed,
                    options=len(item.options),
                    chosen=slot.chosen,
                    correct=correct,
                    response_ms=int(slot.seconds * 1000),
                    rating=int(decision.rating),
                    key_text=item.key,
                    chosen_text=None if slot.chosen is None else item.options[slot.chosen],
                    before=before,
                    after=after,
                    shown=item.options,
                    mode="exam",
                )
            )
            if slot.flagged:
                trainer.store.set_flag(card.id, True)
        trainer.store.record_reviews(records)
        p = self.preset
        score = right * p.right + wrong * p.wrong + blank * p.blank
        max_score = len(self.slots) * p.right
        times = [s.seconds for s in self.slots]
        exam_id = trainer.store.save_exam(
            p.name,
            self.started,
            now,
            len(self.slots),
            score,
            max_score,
            {"right": right, "wrong": wrong, "blank": blank, "seconds": times},
        )
        self.submitted = ExamResult(score, max_score, right, wrong, blank, times, exam_id)
        return self.submitted


def _pool(trainer: Trainer, pool: str, deck_ids: tuple[str, ...] | None) -> list[StoredCard]:
    cards = trainer.store.cards(deck_ids=deck_ids)
    now = trainer.clock.now()
    if pool == "new":
        return [c for c in cards if c.state.is_new]
    if pool == "due":
        return [c for c in cards if not c.state.is_new and c.state.due and c.state.due <= now]
    if pool == "flagged":
        return [c for c in cards if c.flagged]
    if pool == "wrong":
        wrong = trainer.store.wrongly_answered_card_ids()
        return [c for c in cards if c.id in wrong]
    return cards
