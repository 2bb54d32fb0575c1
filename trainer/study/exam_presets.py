"""Exam presets: how many questions, how long, how many options, how a block is marked."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from trainer.errors import TrainerError

POOLS = ("new", "due", "wrong", "flagged", "any")
FORMS = ("any", "vignette")  # which item forms a block draws first


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
    form: str = "any"  # "vignette": questions come from vignette-form cards while they last

    def sections_for(self, questions: int) -> list[range]:
        """The sections of a block of ``questions``: one section unless the preset has them."""
        size = self.section_size or questions
        return [range(s, min(questions, s + size)) for s in range(0, questions, size)]

    def section_seconds(self) -> float:
        """Time for one section: the preset's minutes shared out per section of its full size.

        NEET PG's 210 minutes for 200 questions in sections of 40 give each section 42 minutes,
        also in a shorter block drawn from a small pool."""
        if self.section_size is None:
            return self.minutes * 60.0
        return self.minutes * 60.0 * self.section_size / self.questions

    @property
    def section_count(self) -> int:
        return math.ceil(self.questions / (self.section_size or self.questions))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


NEET_PG = Preset("neet-pg", "NEET PG", 200, 210, 4, 4.0, -1.0, 0.0, None)
NEET_PG_SECTIONS = Preset(
    "neet-pg-sections", "NEET PG (5 sections, no return)", 200, 210, 4, 4.0, -1.0, 0.0, 40
)
USMLE = Preset("usmle", "USMLE-style block", 40, 60, 5, 1.0, 0.0, 0.0, None, "vignette")
PRESETS = {p.name: p for p in (NEET_PG, NEET_PG_SECTIONS, USMLE)}


def custom_preset(questions: int, minutes: int, options: int = 4) -> Preset:
    problems = []
    if questions < 1:
        problems.append("at least 1 question")
    if minutes < 1:
        problems.append("at least 1 minute")
    if options not in (4, 5):
        problems.append("4 or 5 options")
    if problems:
        raise TrainerError("a custom block needs " + ", ".join(problems))
    return Preset("custom", "Custom block", questions, minutes, options, 1.0, 0.0, 0.0, None)


def neet_marks(right: int, wrong: int) -> int:
    """NEET PG marking: +4 for each right answer, −1 for each wrong one, 0 for a blank."""
    return 4 * right - wrong


def percent_correct(right: int, questions: int) -> float:
    """USMLE-style score: the share of all questions answered right (blanks count as not right)."""
    return 100.0 * right / questions if questions else 0.0
