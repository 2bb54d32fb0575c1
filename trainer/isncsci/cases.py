"""Generated ISNCSCI examinations: a realistic injury at a chosen level and grade.

An injury is drawn at a neurological level and an ASIA grade; the worksheet is filled the
way such an injury presents (normal above, partial at the zone of injury, the grade's
pattern below), and the classifier — not the drawing — decides every answer. Every cell
is scored, so every field has exactly one value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.isncsci.classify import classify
from trainer.isncsci.exam import INDEX, KEY_MUSCLES, LEVELS, SENSORY_POINTS, Exam, exam_from_flat
from trainer.isncsci.worksheet import HEADER

REGIONS: dict[str, tuple[str, ...]] = {
    "cervical": ("C4", "C5", "C6", "C7", "C8"),
    "thoracic": ("T1", "T2", "T4", "T6", "T8", "T10", "T12"),
    "lumbar": ("L1", "L2", "L3", "L4"),
}
GRADES = ("A", "B", "C", "D")
SIDES = ("Right", "Left")

KEY_MUSCLE_NAMES = {
    "C5": "elbow flexors",
    "C6": "wrist extensors",
    "C7": "elbow extensors",
    "C8": "finger flexors",
    "T1": "finger abductors",
    "L2": "hip flexors",
    "L3": "knee extensors",
    "L4": "ankle dorsiflexors",
    "L5": "long toe extensors",
    "S1": "ankle plantar flexors",
}


@dataclass(frozen=True)
class Case:
    """One generated examination with its classification."""

    flat: dict[str, str]
    exam: Exam
    result: dict[str, str]


def _below(level: str, offset: int) -> str | None:
    i = INDEX[level] + offset
    return LEVELS[i] if 0 <= i < len(LEVELS) else None


def _fade(rng: random.Random, value: int, floor: int, step: float = 0.3) -> int:
    """Findings fade down the cord: the same as the segment above, or one grade lower.

    Below an injury the worksheet never recovers segment by segment: a value never rises
    again further down (sacral sparing is drawn on its own, as it presents).
    """
    return max(floor, value - 1) if rng.random() < step else value


def _side_scores(
    rng: random.Random, level: str, grade: str, flat: dict[str, str], side: str
) -> None:
    top = INDEX[level]
    zone = rng.randint(0, 3)  # partly preserved segments just below the level
    # the first segment below the level is impaired (the level is where sensation ends)
    touch = rng.choice({"A": (1,), "B": (0, 1, 1, 2), "C": (0, 1, 1, 2), "D": (1, 2, 2)}[grade])
    prick = rng.choice({"A": (1,), "B": (0, 1, 1), "C": (0, 1, 1), "D": (1,)}[grade])
    floor = {"A": 0, "B": 0, "C": 0, "D": 1}[grade]
    for point in SENSORY_POINTS:
        i = INDEX[point]
        if i <= top:
            touch_value = prick_value = 2
        elif grade == "A":  # a zone of partial sparing, then nothing
            if i > top + zone:
                touch = prick = 0
            touch, prick = _fade(rng, touch, 0, 0.2), _fade(rng, prick, 0, 0.4)
            touch_value, prick_value = touch, prick
        else:
            touch, prick = _fade(rng, touch, floor), _fade(rng, prick, floor)
            touch_value, prick_value = touch, prick
        flat[f"{point.lower()}{side}Touch"] = str(touch_value)
        flat[f"{point.lower()}{side}Prick"] = str(prick_value)
    power = {"A": 2, "B": 2, "C": rng.choice((1, 2, 3)), "D": rng.choice((3, 4))}[grade]
    for muscle in KEY_MUSCLES:
        i = INDEX[muscle]
        if i < top:
            grade_value = 5
        elif i == top:
            grade_value = rng.choice((3, 4))
        elif grade in ("A", "B"):  # flickers in the zone of injury, then paralysis
            power = _fade(rng, power, 0, 0.5) if i <= top + min(zone, 3) else 0
            grade_value = power
        elif grade == "C":
            power = _fade(rng, power, 0)
            grade_value = power
        else:
            power = _fade(rng, power, 2, 0.25)
            grade_value = power
        flat[f"{muscle.lower()}{side}Motor"] = str(grade_value)


def draw(rng: random.Random, level: str, grade: str) -> Case:
    """A realistic examination whose neurological level is near ``level``."""
    flat: dict[str, str] = {}
    lower_side = rng.choice(SIDES)
    for side in SIDES:
        side_level = level
        if side == lower_side and rng.random() < 0.35:
            side_level = _below(level, 1) or level
        _side_scores(rng, side_level, grade, flat, side)
    sacral = grade != "A"
    if sacral:  # sensory sparing at S4-5 on at least one side
        side = rng.choice(SIDES)
        flat[f"s4_5{side}{rng.choice(('Touch', 'Prick'))}"] = "1"
    else:
        for side in SIDES:
            flat[f"s4_5{side}Touch"] = flat[f"s4_5{side}Prick"] = "0"
    flat["analSensation"] = "Yes" if sacral and rng.random() < 0.5 else "No"
    flat["analContraction"] = "Yes" if grade in ("C", "D") and rng.random() < 0.6 else "No"
    if grade == "C" and flat["analContraction"] == "No":
        # motor incomplete without contraction: a muscle working far below the level
        side = rng.choice(SIDES)
        far = [m for m in KEY_MUSCLES if INDEX[m] > INDEX[level] + 4]
        if far:
            flat[f"{rng.choice(far).lower()}{side}Motor"] = "2"
        else:
            flat["analContraction"] = "Yes"
    exam = exam_from_flat(flat)
    return Case(flat, exam, classify(exam))


def _cells(flat: dict[str, str], level: str) -> tuple[str, ...]:
    key = level.lower()
    motor = tuple(flat.get(f"{key}{s}Motor", "") for s in SIDES)
    return (
        *motor,
        *(flat[f"{key}{s}Touch"] for s in SIDES),
        *(flat[f"{key}{s}Prick"] for s in SIDES),
    )


def _pattern(cells: tuple[str, ...]) -> str | None:
    if all(c in ("", "5", "2") for c in cells):
        return "normal"
    if all(c in ("", "0") for c in cells):
        return "absent"
    return None


def _span(first: str, last: str) -> str:
    name = first.replace("_", "-")
    return name if first == last else f"{name}–{last.replace('_', '-')}"


def worksheet_text(flat: dict[str, str]) -> str:
    """The worksheet as a compact table: runs of normal or absent rows are folded."""
    lines = [HEADER]  # read back by `trainer.isncsci.worksheet.split_worksheet`
    run: list[str] = []
    run_kind: str | None = None

    def flush() -> None:
        if not run:
            return
        if run_kind == "normal":
            text = "normal both sides (sensation 2, key muscles 5)"
        else:
            text = "absent both sides (sensation 0, key muscles 0)"
        lines.append(f"{_span(run[0], run[-1]):<9}{text}")
        run.clear()

    for level in SENSORY_POINTS:
        cells = _cells(flat, level)
        kind = _pattern(cells)
        if kind is not None and kind == run_kind:
            run.append(level)
            continue
        flush()
        run_kind = kind
        if kind is not None:
            run.append(level)
            continue
        motor = f"{cells[0]}/{cells[1]}" if cells[0] else "–"
        name = level.replace("_", "-")
        lines.append(f"{name:<9}{motor:<12}{cells[2]}/{cells[3]:<10}{cells[4]}/{cells[5]}")
    flush()
    dap = "present" if flat["analSensation"] == "Yes" else "absent"
    vac = "present" if flat["analContraction"] == "Yes" else "absent"
    lines.append(f"Deep anal pressure {dap}; voluntary anal contraction {vac}.")
    return "\n".join(lines)
