"""ISNCSCI classification: the standard's rules, its edge rules, and the command line.

Each exam is built from a normal worksheet with the findings of the case written over it;
the expected answers are worked by hand from the rules of the 2019 revision.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.isncsci import ExamError, classify, exam_from_flat
from trainer.isncsci.exam import KEY_MUSCLES, LEVELS, SENSORY_POINTS

SIDES = ("Right", "Left")


def worksheet(
    *,
    sensory_below: dict[str, str] | None = None,
    motor: dict[str, str] | None = None,
    sensory: dict[str, str] | None = None,
    vac: str = "Yes",
    dap: str = "Yes",
    **extra: str,
) -> dict[str, str]:
    """A normal exam; ``sensory_below={'Right': 'C6'}`` zeroes sensation from C6 down."""
    flat: dict[str, str] = {}
    for side in SIDES:
        cut = (sensory_below or {}).get(side)
        for point in SENSORY_POINTS:
            absent = cut is not None and LEVELS.index(point) >= LEVELS.index(cut)
            for kind in ("Touch", "Prick"):
                flat[f"{point.lower()}{side}{kind}"] = "0" if absent else "2"
        for muscle in KEY_MUSCLES:
            flat[f"{muscle.lower()}{side}Motor"] = "5"
    for key, value in (motor or {}).items():
        flat[key] = value
    for key, value in (sensory or {}).items():
        flat[key] = value
    flat["analContraction"] = vac
    flat["analSensation"] = dap
    flat.update(extra)
    return flat


def both(muscles: dict[str, str]) -> dict[str, str]:
    """The same motor grades on both sides: {'c5': '5'} -> c5RightMotor, c5LeftMotor."""
    return {f"{m}{side}Motor": g for m, g in muscles.items() for side in SIDES}


def zero_below(first: str) -> dict[str, str]:
    start = KEY_MUSCLES.index(first)
    return both({m.lower(): "0" for m in KEY_MUSCLES[start:]})


def test_normal_exam_is_intact_and_grade_e() -> None:
    result = classify(exam_from_flat(worksheet()))
    assert result["neurologicalLevelOfInjury"] == "INT"
    assert result["rightMotor"] == result["leftSensory"] == "INT"
    assert result["asiaImpairmentScale"] == "E"
    assert result["injuryComplete"] == "I"
    assert result["rightSensoryZpp"] == result["leftMotorZpp"] == "NA"
    assert result["upperMotorTotal"] == "50" and result["lowerMotorTotal"] == "50"
    assert result["touchTotal"] == "112" and result["prickTotal"] == "112"


def test_complete_c5_tetraplegia() -> None:
    # Sensation normal through C5, C6 impaired, nothing below; deltoid/biceps 5, wrist
    # extensors 3, nothing below; no anal contraction or pressure.
    flat = worksheet(
        sensory_below={"Right": "C7", "Left": "C7"},
        sensory={f"c6{s}{k}": "1" for s in SIDES for k in ("Touch", "Prick")},
        motor={**zero_below("C7"), **both({"c6": "3"})},
        vac="No",
        dap="No",
    )
    result = classify(exam_from_flat(flat))
    assert result["rightSensory"] == result["leftSensory"] == "C5"
    assert result["rightMotor"] == result["leftMotor"] == "C6"  # 3 counts: C5 above is 5
    assert result["neurologicalLevelOfInjury"] == "C5"  # the most rostral of the four
    assert result["injuryComplete"] == "C"
    assert result["asiaImpairmentScale"] == "A"
    assert result["rightSensoryZpp"] == "C6"  # most caudal dermatome with any sensation
    assert result["rightMotorZpp"] == "C6"  # no function below the motor level
    assert result["rightUpperMotorTotal"] == "8"


def test_grade_three_counts_only_below_a_normal_muscle() -> None:
    flat = worksheet(motor={**both({"c5": "4", "c6": "3"}), **zero_below("C7")})
    result = classify(exam_from_flat(flat))
    assert result["rightMotor"] == "C5"  # C5 is 4, so C6 at 3 cannot be the motor level


def test_motor_level_c4_when_c5_is_below_antigravity() -> None:
    flat = worksheet(sensory_below={"Right": "C5", "Left": "C5"}, motor=zero_below("C5"))
    flat.update(both({"c5": "2"}))
    result = classify(exam_from_flat({**flat, "analContraction": "No", "analSensation": "No"}))
    assert result["rightMotor"] == result["leftMotor"] == "C4"
    assert result["neurologicalLevelOfInjury"] == "C4"
    assert result["asiaImpairmentScale"] == "A"
    assert result["rightMotorZpp"] == "C5"  # C5 has a flicker: the most caudal function


def test_thoracic_motor_level_follows_sensation() -> None:
    flat = worksheet(sensory_below={"Right": "T7", "Left": "T7"}, motor=zero_below("L2"))
    result = classify(exam_from_flat({**flat, "analContraction": "No", "analSensation": "No"}))
    assert result["rightSensory"] == "T6"
    assert result["rightMotor"] == "T6"  # no key muscle from T2 to L1: motor follows sensory
    assert result["neurologicalLevelOfInjury"] == "T6"
    assert result["asiaImpairmentScale"] == "A"
    assert result["rightSensoryZpp"] == "T6"


def test_weak_t1_stops_the_motor_level_at_t1() -> None:
    flat = worksheet(
        sensory_below={"Right": "T7", "Left": "T7"},
        motor={**zero_below("L2"), **both({"t1": "4"})},
        vac="No",
        dap="No",
    )
    result = classify(exam_from_flat(flat))
    assert result["rightMotor"] == "T1"  # T1 is not normal, so it cannot follow sensation
    assert result["neurologicalLevelOfInjury"] == "T1"


def sacral_sparing(flat: dict[str, str]) -> dict[str, str]:
    for side in SIDES:
        flat[f"s4_5{side}Touch"] = "1"
    return flat


def test_sensory_incomplete_is_b_and_a_non_key_muscle_makes_it_c() -> None:
    flat = sacral_sparing(
        worksheet(
            sensory_below={"Right": "T11", "Left": "T11"},
            motor=zero_below("L2"),
            vac="No",
            dap="No",
        )
    )
    result = classify(exam_from_flat(flat))
    assert result["neurologicalLevelOfInjury"] == "T10"
    assert result["asiaImpairmentScale"] == "B"
    assert result["rightSensoryZpp"] == "NA"  # S4-5 sensation present on that side
    # Toe flexion (S1) more than three levels below the motor level: motor incomplete.
    result = classify(exam_from_flat({**flat, "rightLowestNonKeyMuscleWithMotorFunction": "S1"}))
    assert result["asiaImpairmentScale"] == "C"
    assert result["rightMotorZpp"] == "S1"  # the non-key muscle that decided C
    assert result["leftMotorZpp"] == "T10"


def test_c_against_d_by_half_the_key_muscles_below_the_level() -> None:
    base = worksheet(sensory_below={"Right": "L1", "Left": "L1"}, vac="Yes", dap="Yes")
    # Ten key muscles below T12 (L2–S1 on both sides): five at 3 or more is D.
    d = {**base, **both({"l2": "3", "l3": "3"}), "l4RightMotor": "4"}
    d.update({k: "2" for k in ("l4LeftMotor", "l5RightMotor", "l5LeftMotor")})
    d.update({k: "1" for k in ("s1RightMotor", "s1LeftMotor")})
    assert classify(exam_from_flat(d))["asiaImpairmentScale"] == "D"
    c = {**d, "l4RightMotor": "2"}  # four of ten
    result = classify(exam_from_flat(c))
    assert result["neurologicalLevelOfInjury"] == "T12"
    assert result["asiaImpairmentScale"] == "C"
    assert result["rightMotorZpp"] == "NA"  # voluntary anal contraction present


def test_untestable_cells_list_every_possible_value() -> None:
    flat = worksheet(
        sensory_below={"Right": "C6", "Left": "C6"},
        motor=zero_below("C6"),
        vac="No",
        dap="No",
    )
    flat.update({"c5RightTouch": "NT", "c5RightPrick": "NT"})
    result = classify(exam_from_flat(flat))
    assert result["rightSensory"] == "C4,C5"
    assert result["leftSensory"] == "C5"
    assert result["neurologicalLevelOfInjury"] == "C4,C5"
    assert result["rightTouchTotal"] == "ND"
    flat["analContraction"] = "NT"
    result = classify(exam_from_flat(flat))
    assert result["injuryComplete"] == "C,I"
    assert result["asiaImpairmentScale"] == "A,C"  # contraction present: C, legs silent
    assert result["rightMotorZpp"].startswith("NA,")


def test_levels_are_consistent_for_any_fully_scored_exam() -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        flat = worksheet(vac=data.draw(st.sampled_from(["Yes", "No"])))
        flat["analSensation"] = data.draw(st.sampled_from(["Yes", "No"]))
        for side in SIDES:
            cut = data.draw(st.sampled_from(SENSORY_POINTS))
            for point in SENSORY_POINTS[SENSORY_POINTS.index(cut) :]:
                for kind in ("Touch", "Prick"):
                    flat[f"{point.lower()}{side}{kind}"] = data.draw(st.sampled_from("012"))
            for muscle in KEY_MUSCLES:
                flat[f"{muscle.lower()}{side}Motor"] = data.draw(st.sampled_from("012345"))
        result = classify(exam_from_flat(flat))
        fields = ("rightSensory", "leftSensory", "rightMotor", "leftMotor")
        for name in (*fields, "neurologicalLevelOfInjury", "asiaImpairmentScale"):
            assert "," not in result[name], (name, result[name])
        order = [*LEVELS, "INT"]
        rostral = min(order.index(result[name]) for name in fields)
        nli = order.index(result["neurologicalLevelOfInjury"])
        assert nli <= rostral
        if result["asiaImpairmentScale"] == "A":
            assert result["injuryComplete"] == "C"

    check()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"c5RightMotor": "7"}, "c5RightMotor: '7' is not a score"),
        ({"c2LeftTouch": 2}, "c2LeftTouch: expected a string"),
        ({"analContraction": "maybe"}, "analContraction: 'maybe' is not Yes, No or NT"),
        ({"rightLowestNonKeyMuscleWithMotorFunction": "X9"}, "is not a segment"),
    ],
)
def test_bad_fields_are_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(ExamError, match=message):
        exam_from_flat({**worksheet(), **change})


def test_missing_fields_are_named() -> None:
    flat = worksheet()
    del flat["s1LeftMotor"]
    with pytest.raises(ExamError, match="missing worksheet fields: s1LeftMotor"):
        exam_from_flat(flat)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_prints_the_classification_as_json(tmp_path: Path) -> None:
    exam = tmp_path / "exam.json"
    exam.write_text(json.dumps(worksheet(sensory_below={"Right": "T7", "Left": "T7"})))
    done = run_cli("isncsci", "classify", str(exam))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["neurologicalLevelOfInjury"] == "T6"
    assert result["asiaImpairmentScale"] == "D"  # anal contraction present, legs normal


def test_cli_refuses_a_bad_exam_with_its_location(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "c5RightMotor": "5",\n  oops\n}')
    done = run_cli("isncsci", "classify", str(broken))
    assert done.returncode == 2
    assert f"{broken}:3:3: not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**worksheet(), "t1LeftMotor": "six"}))
    done = run_cli("isncsci", "classify", str(bad))
    assert done.returncode == 2
    assert "t1LeftMotor: 'six' is not a score" in done.stderr
    done = run_cli("isncsci", "classify", str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "not a readable file" in done.stderr
