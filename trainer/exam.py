"""Kept for older imports: exam blocks live in `trainer.study`."""

from trainer.study.exam import ExamBlock, Slot
from trainer.study.exam_marking import ExamResult
from trainer.study.exam_presets import (
    NEET_PG,
    NEET_PG_SECTIONS,
    POOLS,
    PRESETS,
    USMLE,
    Preset,
    custom_preset,
)

__all__ = [
    "NEET_PG",
    "NEET_PG_SECTIONS",
    "POOLS",
    "PRESETS",
    "USMLE",
    "ExamBlock",
    "ExamResult",
    "Preset",
    "Slot",
    "custom_preset",
]
