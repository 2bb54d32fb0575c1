"""An ISNCSCI examination: the worksheet's scores, read from the flat key layout.

The layout is the one published ISNCSCI calculators exchange: ``c5RightMotor``,
``c5RightTouch``, ``c5RightPrick`` … ``s4_5LeftPrick``, ``analContraction``,
``analSensation``, ``rightLowestNonKeyMuscleWithMotorFunction``. Scores are strings:
motor "0"–"5", sensory "0"–"2", or "NT" (not testable). A trailing ``*`` marks a score
impaired by a condition other than the spinal cord injury; ``**`` marks one the examiner
considers normal for classification.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from trainer.errors import TrainerError

# Every key sensory point, rostral to caudal; C1 has none and stands for "above C2".
LEVELS: tuple[str, ...] = (
    "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "T1",
    "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
    "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4_5",
)  # fmt: skip
SENSORY_POINTS: tuple[str, ...] = LEVELS[1:]
KEY_MUSCLES: tuple[str, ...] = ("C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1")
SIDES: tuple[str, str] = ("right", "left")
INDEX = {level: i for i, level in enumerate(LEVELS)}
INT = "INT"  # every segment intact

Side = Literal["right", "left"]
Observation = Literal["Yes", "No", "NT"]


def level_name(level: str) -> str:
    """The level as printed on the worksheet: S4_5 is shown as S4-5."""
    return level.replace("_", "-")


@dataclass(frozen=True)
class Score:
    """One worksheet cell. ``value`` is None when the cell was not testable."""

    value: int | None
    mark: str = ""  # "", "*" (non-SCI impairment) or "**" (considered normal)

    @property
    def text(self) -> str:
        return ("NT" if self.value is None else str(self.value)) + self.mark


@dataclass(frozen=True)
class Exam:
    """Both sides' motor and sensory scores with the sacral findings."""

    motor: Mapping[tuple[Side, str], Score]
    touch: Mapping[tuple[Side, str], Score]
    prick: Mapping[tuple[Side, str], Score]
    vac: Observation  # voluntary anal contraction
    dap: Observation  # deep anal pressure
    non_key: Mapping[Side, str | None]  # lowest non-key muscle with motor function

    def to_flat(self) -> dict[str, str]:
        """The exam in the calculators' flat key layout."""
        flat: dict[str, str] = {}
        for side in SIDES:
            cap = side.capitalize()
            for level in SENSORY_POINTS:
                key = level.lower()
                flat[f"{key}{cap}Touch"] = self.touch[(side, level)].text
                flat[f"{key}{cap}Prick"] = self.prick[(side, level)].text
            for level in KEY_MUSCLES:
                flat[f"{level.lower()}{cap}Motor"] = self.motor[(side, level)].text
            non_key = self.non_key[side]
            if non_key:
                flat[f"{side}LowestNonKeyMuscleWithMotorFunction"] = non_key
        flat["analContraction"] = self.vac
        flat["analSensation"] = self.dap
        return flat


class ExamError(TrainerError):
    """An exam file that cannot be classified; the message names the field."""


def _score(raw: object, key: str, top: int, where: str) -> Score:
    if not isinstance(raw, str):
        raise ExamError(f'{where}: {key}: expected a string such as "{top}", not {raw!r}')
    text = raw.strip()
    mark = ""
    for suffix in ("**", "*"):
        if text.endswith(suffix):
            mark, text = suffix, text[: -len(suffix)]
            break
    if text.upper() == "NT":
        return Score(None, mark)
    if text.isascii() and text.isdigit() and len(text) == 1 and int(text) <= top:
        return Score(int(text), mark)
    raise ExamError(
        f"{where}: {key}: {raw!r} is not a score; use 0–{top} or NT, optionally marked * or **"
    )


def _observation(raw: object, key: str, where: str) -> Observation:
    if raw is None:
        return "NT"
    text = str(raw).strip().lower() if isinstance(raw, str | bool) else None
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if text in ("yes", "y", "true"):
        return "Yes"
    if text in ("no", "n", "false"):
        return "No"
    if text in ("nt", "not testable", ""):
        return "NT"
    raise ExamError(f"{where}: {key}: {raw!r} is not Yes, No or NT")


def _non_key(raw: object, key: str, where: str) -> str | None:
    if raw in (None, "", "None", "none"):
        return None
    text = str(raw).strip().upper().replace("-", "_")
    if text == "S4" or text == "S5":
        text = "S4_5"
    if text not in INDEX or text == "C1":
        raise ExamError(f"{where}: {key}: {raw!r} is not a segment from C2 to S4-5")
    return text


def exam_from_flat(data: object, where: str = "exam") -> Exam:
    """Read one exam in the flat key layout; every missing or bad field is named."""
    if not isinstance(data, Mapping):
        raise ExamError(f"{where}: an exam is a JSON object of worksheet fields")
    motor: dict[tuple[Side, str], Score] = {}
    touch: dict[tuple[Side, str], Score] = {}
    prick: dict[tuple[Side, str], Score] = {}
    missing: list[str] = []
    side: Side
    for side in SIDES:  # type: ignore[assignment]
        cap = side.capitalize()
        for level in SENSORY_POINTS:
            for table, kind in ((touch, "Touch"), (prick, "Prick")):
                key = f"{level.lower()}{cap}{kind}"
                if key not in data:
                    missing.append(key)
                    continue
                table[(side, level)] = _score(data[key], key, 2, where)
        for level in KEY_MUSCLES:
            key = f"{level.lower()}{cap}Motor"
            if key not in data:
                missing.append(key)
                continue
            motor[(side, level)] = _score(data[key], key, 5, where)
    if missing:
        shown = ", ".join(missing[:6]) + (
            f" and {len(missing) - 6} more" if len(missing) > 6 else ""
        )
        raise ExamError(f"{where}: missing worksheet fields: {shown}")
    non_key: dict[Side, str | None] = {}
    for side in SIDES:  # type: ignore[assignment]
        key = f"{side}LowestNonKeyMuscleWithMotorFunction"
        non_key[side] = _non_key(data.get(key), key, where)
    return Exam(
        motor=motor,
        touch=touch,
        prick=prick,
        vac=_observation(data.get("analContraction"), "analContraction", where),
        dap=_observation(data.get("analSensation"), "analSensation", where),
        non_key=non_key,
    )


MAX_EXAM_BYTES = 1_000_000


def read_exam(path: str) -> Exam:
    """Read one exam from a JSON file; a bad file ends in a located message."""
    import json
    from pathlib import Path

    file = Path(path)
    try:
        if not file.is_file():
            raise ExamError(f"{path}: not a readable file")
        if file.stat().st_size > MAX_EXAM_BYTES:
            raise ExamError(f"{path}: larger than {MAX_EXAM_BYTES} bytes; an exam is far smaller")
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ExamError(f"{path}: byte {exc.start}: not UTF-8 text") from None
    except OSError as exc:
        raise ExamError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExamError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ExamError(f"{path}: JSON nested too deeply") from None
    return exam_from_flat(data, where=path)
