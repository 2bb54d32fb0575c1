"""Submitted blocks read back question by question, exactly as they were shown.

Reading a past block changes nothing: no clock, no review, no write. Blocks submitted before
sittings were stored (revision 0004) have their marks only and cannot be reopened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trainer.errors import TrainerError
from trainer.session import Presented, Trainer
from trainer.store.exams import ExamStore, PastBlock
from trainer.study.exam import Slot, _item
from trainer.study.exam_marking import FILTERS, verdict
from trainer.study.exam_presets import Preset


@dataclass(frozen=True)
class PastSitting:
    past: PastBlock
    title: str
    slots: tuple[Slot, ...]

    def positions(self, which: str) -> list[int]:
        """The questions one filter shows: all, or only the wrong, flagged or blank ones."""
        if which not in FILTERS:
            raise ValueError(f"filter {which!r} is not one of {', '.join(FILTERS)}")
        if which == "all":
            return list(range(len(self.slots)))
        if which == "flagged":
            return [i for i, s in enumerate(self.slots) if s.flagged]
        return [i for i, s in enumerate(self.slots) if verdict(s) == which]


def reviewable_blocks(trainer: Trainer) -> list[PastBlock]:
    """Submitted blocks that can be reopened, newest first."""
    return [b for b in reversed(ExamStore(trainer.store).history()) if b.sitting_id is not None]


def open_past(trainer: Trainer, past: PastBlock) -> PastSitting:
    """The block's questions as shown, with what the student chose and flagged."""
    sitting = None
    if past.sitting_id is not None:
        sitting = ExamStore(trainer.store).sitting(past.sitting_id)
    if sitting is None:
        raise TrainerError(f"the block of {past.submitted_at:%Y-%m-%d %H:%M} has no questions kept")
    cards = {c.id: c for c in trainer.store.cards(include_retired=True)}
    shown_at: datetime = sitting.started_at
    slots = tuple(
        Slot(
            Presented(cards[data.card_id], _item(trainer, cards[data.card_id], data), shown_at),
            data.chosen,
            data.flagged,
            data.seen,
            data.seconds,
        )
        for data in sitting.slots
    )
    return PastSitting(past, Preset.from_dict(sitting.preset).title, slots)
