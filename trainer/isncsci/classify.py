"""The ISNCSCI classification (2019 revision), computed from an examination.

For an exam with every cell scored, the rules give one answer per field:

* sensory level (each side): the most caudal dermatome with normal light touch and pin
  prick, every dermatome above it normal too (C1 when C2 is impaired; INT when all are);
* motor level (each side): the most caudal key muscle graded 3 or more with every key
  muscle above it graded 5. Where no key muscle can be tested (C1–C4, T2–L1, S2–S5) the
  motor level follows the sensory level, provided the key muscles above are normal: C4
  when C5 is below 3; past T1 (and past S1) only when that muscle is 5 and the dermatomes
  of its limb are normal; S3 at the end when voluntary anal contraction is absent;
* neurological level of injury: the most rostral of the four;
* complete injury: no voluntary anal contraction, no deep anal pressure, and no light
  touch or pin prick at S4-5 on either side;
* ASIA Impairment Scale: A complete; B sensory incomplete with no motor function more
  than three levels below the motor level on either side (key or non-key muscles); C and
  D motor incomplete, D when at least half of the key muscles below the neurological
  level are graded 3 or more; E normal throughout;
* zones of partial preservation: sensory, where deep anal pressure and S4-5 sensation are
  absent on that side, the most caudal dermatome with any sensation; motor, where
  voluntary anal contraction is absent, the most caudal key muscle with any function
  below the motor level (the motor level itself if none), or the lowest non-key muscle
  when it decides AIS C.

Where cells are not testable (NT), or marked ``*`` (impaired by another condition),
every completion consistent with the worksheet is explored and each field lists every
value it can take, comma-separated, as published calculators report it. ``**`` scores
count as normal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any, TypeVar

from trainer.isncsci.exam import (
    INDEX,
    INT,
    KEY_MUSCLES,
    LEVELS,
    SENSORY_POINTS,
    SIDES,
    Exam,
    ExamError,
    Score,
    Side,
)

MAX_COMPLETIONS = 200_000

Cells = dict[tuple[str, Side, str], tuple[int, ...]]

UPPER = KEY_MUSCLES[:5]
LOWER = KEY_MUSCLES[5:]


def _index(level: str) -> int:
    return len(LEVELS) if level == INT else INDEX[level]


def _possible(score: Score, normal: int) -> tuple[int, ...]:
    if score.mark == "**":  # considered normal for classification
        return (normal,)
    if score.value is not None:
        # A score marked "*" is impaired by a condition other than the injury, so the
        # cord's own grade may be this one or normal.
        starred = score.mark == "*" and score.value != normal
        return (score.value, normal) if starred else (score.value,)
    # Not testable: every grade is possible, and under "*" (a non-SCI condition) every
    # grade short of normal. Grades no rule tells apart are merged (1 and 2, 3 and 4).
    grades = (0, 1, 3, 5) if normal == 5 else (0, 1, 2)
    return grades[:-1] if score.mark == "*" else grades


class _Completion:
    """One way of filling the exam's open cells, decided lazily, one test at a time.

    Each test of an open cell splits its remaining values into those that pass and those
    that fail; which half holds is a recorded choice, so the search can revisit it."""

    def __init__(self, exam: Exam, prefix: list[int]) -> None:
        self.exam = exam
        self.prefix = prefix
        self.trace: list[tuple[int, int]] = []
        self.cells: Cells = {}
        self.flags: dict[str, bool] = {}

    def choose(self, options: int) -> int:
        position = len(self.trace)
        choice = self.prefix[position] if position < len(self.prefix) else 0
        self.trace.append((choice, options))
        return choice

    def _test(self, kind: str, side: Side, level: str, predicate: Callable[[int], bool]) -> bool:
        key = (kind, side, level)
        values = self.cells.get(key)
        if values is None:
            table = {"motor": self.exam.motor, "touch": self.exam.touch, "prick": self.exam.prick}
            values = _possible(table[kind][(side, level)], 5 if kind == "motor" else 2)
        passing = tuple(v for v in values if predicate(v))
        failing = tuple(v for v in values if not predicate(v))
        if not passing or not failing:
            self.cells[key] = values
            return bool(passing)
        holds = self.choose(2) == 0
        self.cells[key] = passing if holds else failing
        return holds

    def observation(self, name: str) -> bool:
        if name not in self.flags:
            value = self.exam.vac if name == "vac" else self.exam.dap
            self.flags[name] = value == "Yes" if value != "NT" else self.choose(2) == 1
        return self.flags[name]

    def motor_at_least(self, side: Side, level: str, grade: int) -> bool:
        return self._test("motor", side, level, lambda v: v >= grade)

    def sensory_normal(self, side: Side, level: str) -> bool:
        if level == "C1":
            return True
        return self._test("touch", side, level, lambda v: v == 2) and self._test(
            "prick", side, level, lambda v: v == 2
        )

    def sensory_present(self, side: Side, level: str) -> bool:
        return self._test("touch", side, level, lambda v: v > 0) or self._test(
            "prick", side, level, lambda v: v > 0
        )


def sensory_level(c: _Completion, side: Side) -> str:
    for i, level in enumerate(LEVELS[:-1]):
        if not c.sensory_normal(side, LEVELS[i + 1]):
            return level
    return INT


def _limb_sensation_normal(c: _Completion, side: Side, first: str, last: str) -> bool:
    """The dermatomes from just below ``first`` to just below ``last`` are all normal."""
    return all(c.sensory_normal(side, LEVELS[i + 1]) for i in range(INDEX[first], INDEX[last] + 1))


def motor_level(c: _Completion, side: Side, for_nli: bool = False) -> str:
    for i, level in enumerate(LEVELS):
        following = LEVELS[i + 1] if i + 1 < len(LEVELS) else None
        if level in ("C4", "L1"):
            assert following is not None
            if not c.motor_at_least(side, following, 3):
                return level
        elif level in ("T1", "S1"):
            first = "C4" if level == "T1" else "L1"
            normal = c.motor_at_least(side, level, 5)
            if not (normal and _limb_sensation_normal(c, side, first, level)):
                return level
        elif level in KEY_MUSCLES:
            assert following is not None
            if not c.motor_at_least(side, level, 5) or not c.motor_at_least(side, following, 3):
                return level
        elif level == "S4_5":
            return INT if for_nli or c.observation("vac") else "S3"
        else:  # no key muscle: the motor level follows sensation
            assert following is not None
            if not c.sensory_normal(side, following):
                return level
    return INT  # pragma: no cover - the walk always returns at S4-5


def _any_motor_below(c: _Completion, side: Side, level: str) -> bool:
    """Motor function more than three levels below ``level``, key or non-key."""
    floor = _index(level) + 3
    non_key = c.exam.non_key[side]
    if non_key in KEY_MUSCLES and INDEX[non_key] > floor:
        return True
    return any(c.motor_at_least(side, m, 1) for m in KEY_MUSCLES if INDEX[m] > floor)


def _sensory_zpp(c: _Completion, side: Side) -> str:
    if c.observation("dap") or c.sensory_present(side, "S4_5"):
        return "NA"
    for level in reversed(SENSORY_POINTS[:-1]):
        if c.sensory_present(side, level):
            return level
    return "C1"


def _motor_zpp(c: _Completion, side: Side, motor: str) -> str:
    if c.observation("vac"):
        return "NA"
    for muscle in reversed(KEY_MUSCLES):
        if INDEX[muscle] <= _index(motor):
            break
        if c.motor_at_least(side, muscle, 1):
            return muscle
    return motor


T = TypeVar("T")


def explore(
    exam: Exam,
    decide: Callable[[_Completion], T],
    flags: dict[str, bool],
    cells: Cells | None = None,
) -> list[tuple[T, Cells]]:
    """Run ``decide`` on every completion of the open cells it tests, from ``cells``.

    Returns each outcome with the cells as that completion left them."""
    outcomes: list[tuple[T, Cells]] = []
    prefix: list[int] = []
    for _ in range(MAX_COMPLETIONS):
        run = _Completion(exam, prefix)
        run.flags = dict(flags)
        run.cells = dict(cells or {})
        outcomes.append((decide(run), run.cells))
        trace = run.trace
        while trace and trace[-1][0] + 1 >= trace[-1][1]:
            trace.pop()
        if not trace:
            return outcomes
        prefix = [choice for choice, _ in trace[:-1]] + [trace[-1][0] + 1]
    raise ExamError("too many untestable scores to classify this exam")


@dataclass(frozen=True)
class SideResult:
    """What one side's scores allow, for one outcome of its level walks."""

    sensory: str
    motor: str
    motor_for_nli: str  # the walk's end ignores anal contraction
    sacral_sensation: frozenset[bool]
    motor_below: frozenset[bool]  # function more than three levels below the motor level
    sensory_zpp: frozenset[str]
    motor_zpp: frozenset[str]  # before the non-key muscle rule
    antigravity: tuple[int, ...]  # per key muscle: 1 graded 3+, 0 below 3, 2 either


def _levels(c: _Completion, side: Side) -> tuple[str, str, str]:
    return sensory_level(c, side), motor_level(c, side), motor_level(c, side, for_nli=True)


def side_results(exam: Exam, side: Side, vac: bool, dap: bool) -> set[SideResult]:
    """Every distinct outcome one side can give, with the anal findings fixed."""
    flags = {"vac": vac, "dap": dap}
    merged: dict[tuple[str, str, str, tuple[int, ...]], list[frozenset[Any]]] = {}
    for (sensory, motor, motor_nli), cells in explore(exam, lambda c: _levels(c, side), flags):

        def outcomes(decide: Callable[[_Completion], T], cells: Cells = cells) -> frozenset[T]:
            return frozenset(value for value, _ in explore(exam, decide, flags, cells))

        grades = []
        for muscle in KEY_MUSCLES:
            values = cells.get(("motor", side, muscle)) or _possible(exam.motor[(side, muscle)], 5)
            grades.append(2 if len({v >= 3 for v in values}) == 2 else int(values[0] >= 3))
        found = [
            outcomes(lambda c: c.sensory_present(side, "S4_5")),
            outcomes(lambda c, motor=motor: _any_motor_below(c, side, motor)),
            outcomes(lambda c: _sensory_zpp(c, side)),
            outcomes(lambda c, motor=motor: _motor_zpp(c, side, motor)),
        ]
        key = (sensory, motor, motor_nli, tuple(grades))
        # Outcomes that decide the same levels are merged: the rest is read per field.
        merged[key] = (
            [a | b for a, b in zip(merged[key], found, strict=True)] if key in merged else found
        )
    return {
        SideResult(s, m, n, sacral, below, szpp, mzpp, grades)
        for (s, m, n, grades), (sacral, below, szpp, mzpp) in merged.items()
    }


def _ais(
    vac: bool, nli: str, complete: bool, below: bool, sides: tuple[SideResult, SideResult]
) -> set[str]:
    if nli == INT and vac:
        return {"E"}
    if complete:
        return {"A"}
    if not (vac or below) or nli == INT:
        return {"B"}  # sensory incomplete only (or intact sensation without contraction)
    muscles = [i for i, m in enumerate(KEY_MUSCLES) if INDEX[m] > _index(nli)]
    certain = sum(s.antigravity[i] == 1 for s in sides for i in muscles)
    either = sum(s.antigravity[i] == 2 for s in sides for i in muscles)
    grades = set()
    if certain + either >= len(muscles):
        grades.add("D")
    if certain < len(muscles):
        grades.add("C")
    return grades


@dataclass(frozen=True)
class Levels:
    """One complete classification."""

    right_sensory: str
    left_sensory: str
    right_motor: str
    left_motor: str
    nli: str
    complete: bool
    ais: str
    right_sensory_zpp: frozenset[str]
    left_sensory_zpp: frozenset[str]
    right_motor_zpp: frozenset[str]
    left_motor_zpp: frozenset[str]


def _observations(value: str) -> tuple[bool, ...]:
    return {"Yes": (True,), "No": (False,)}.get(value, (False, True))


def completions(exam: Exam) -> Iterator[Levels]:
    """The classifications the exam allows, one per combination of the sides' outcomes."""
    for vac in _observations(exam.vac):
        for dap in _observations(exam.dap):
            rights = side_results(exam, "right", vac, dap)
            lefts = side_results(exam, "left", vac, dap)
            if len(rights) * len(lefts) > MAX_COMPLETIONS:
                raise ExamError("too many untestable scores to classify this exam")
            for right in rights:
                for left in lefts:
                    nli = min(
                        right.sensory, left.sensory, right.motor_for_nli, left.motor_for_nli,
                        key=_index,
                    )  # fmt: skip
                    for r_sacral, l_sacral, r_below, l_below in product(
                        right.sacral_sensation, left.sacral_sensation,
                        right.motor_below, left.motor_below,
                    ):  # fmt: skip
                        complete = not vac and not dap and not (r_sacral or l_sacral)
                        below = r_below or l_below
                        for ais in _ais(vac, nli, complete, below, (right, left)):
                            yield Levels(
                                right_sensory=right.sensory,
                                left_sensory=left.sensory,
                                right_motor=right.motor,
                                left_motor=left.motor,
                                nli=nli,
                                complete=complete,
                                ais=ais,
                                right_sensory_zpp=right.sensory_zpp,
                                left_sensory_zpp=left.sensory_zpp,
                                right_motor_zpp=_non_key_zpp(exam, "right", right.motor_zpp, ais),
                                left_motor_zpp=_non_key_zpp(exam, "left", left.motor_zpp, ais),
                            )


def _non_key_zpp(exam: Exam, side: Side, zpps: frozenset[str], ais: str) -> frozenset[str]:
    """In AIS C the lowest non-key muscle with function extends the motor ZPP."""
    non_key = exam.non_key[side]
    if ais != "C" or not non_key:
        return zpps
    return frozenset(non_key if z != "NA" and _index(non_key) > _index(z) + 3 else z for z in zpps)


def _join_levels(values: set[str]) -> str:
    order = {"NA": -1, **{level: i for i, level in enumerate(LEVELS)}, INT: len(LEVELS)}
    return ",".join(sorted(values, key=lambda v: order[v]))


def _total(scores: list[Score]) -> str:
    if any(s.value is None for s in scores):
        return "ND"
    return str(sum(s.value for s in scores if s.value is not None))


def _sum(*totals: str) -> str:
    return "ND" if "ND" in totals else str(sum(int(t) for t in totals))


def totals(exam: Exam) -> dict[str, str]:
    figures: dict[str, str] = {}
    for side in SIDES:
        figures[f"{side}UpperMotorTotal"] = _total([exam.motor[(side, m)] for m in UPPER])
        figures[f"{side}LowerMotorTotal"] = _total([exam.motor[(side, m)] for m in LOWER])
        figures[f"{side}MotorTotal"] = _sum(
            figures[f"{side}UpperMotorTotal"], figures[f"{side}LowerMotorTotal"]
        )
        figures[f"{side}TouchTotal"] = _total([exam.touch[(side, p)] for p in SENSORY_POINTS])
        figures[f"{side}PrickTotal"] = _total([exam.prick[(side, p)] for p in SENSORY_POINTS])
    for name in ("UpperMotor", "LowerMotor", "Touch", "Prick"):
        key = name[0].lower() + name[1:] + "Total"
        figures[key] = _sum(figures[f"right{name}Total"], figures[f"left{name}Total"])
    return figures


def classify(exam: Exam) -> dict[str, str]:
    """Every classification field, each listing all values the worksheet allows."""
    fields: dict[str, set[str]] = {
        name: set()
        for name in (
            "rightSensory",
            "leftSensory",
            "rightMotor",
            "leftMotor",
            "neurologicalLevelOfInjury",
            "injuryComplete",
            "asiaImpairmentScale",
            "rightSensoryZpp",
            "leftSensoryZpp",
            "rightMotorZpp",
            "leftMotorZpp",
        )
    }
    for levels in completions(exam):
        fields["rightSensory"].add(levels.right_sensory)
        fields["leftSensory"].add(levels.left_sensory)
        fields["rightMotor"].add(levels.right_motor)
        fields["leftMotor"].add(levels.left_motor)
        fields["neurologicalLevelOfInjury"].add(levels.nli)
        fields["injuryComplete"].add("C" if levels.complete else "I")
        fields["asiaImpairmentScale"].add(levels.ais)
        fields["rightSensoryZpp"] |= levels.right_sensory_zpp
        fields["leftSensoryZpp"] |= levels.left_sensory_zpp
        fields["rightMotorZpp"] |= levels.right_motor_zpp
        fields["leftMotorZpp"] |= levels.left_motor_zpp
    result: dict[str, str] = {}
    for name, values in fields.items():
        if name == "injuryComplete" or name == "asiaImpairmentScale":
            result[name] = ",".join(sorted(values))
        else:
            result[name] = _join_levels(values)
    result.update(totals(exam))
    return result
