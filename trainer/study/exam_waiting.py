"""A suspended exam block in a few figures, read straight from the store.

Home says a block is waiting without rebuilding its questions (a 200-question block would
generate 200 items) and without starting its clock: only `ExamBlock.resume` does that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trainer.store.db import Store
from trainer.store.exams import ExamStore, SittingData
from trainer.study.exam_presets import Preset


@dataclass(frozen=True)
class WaitingBlock:
    title: str
    questions: int
    answered: int
    flagged: int
    left: timedelta  # on every clock still to run, as `ExamBlock.remaining_total` gives it


def waiting_block(store: Store) -> WaitingBlock | None:
    """The block left open by a leave, a quit or a crash, or None."""
    sitting = ExamStore(store).open_sitting()
    return None if sitting is None else describe(sitting)


def describe(sitting: SittingData) -> WaitingBlock:
    preset = Preset.from_dict(sitting.preset)
    limit = preset.section_seconds()
    sections = len(preset.sections_for(len(sitting.slots)))
    used = list(sitting.used) + [0.0] * (sections - len(sitting.used))
    left = sum(max(0.0, limit - spent) for spent in used[sitting.section : sections])
    return WaitingBlock(
        title=preset.title,
        questions=len(sitting.slots),
        answered=sum(slot.chosen is not None for slot in sitting.slots),
        flagged=sum(slot.flagged for slot in sitting.slots),
        left=timedelta(seconds=left),
    )
