"""Questions on a generated ISNCSCI examination: the classifier decides every key.

A card is one question kind on one kind of injury (region and grade); each review draws a
fresh examination of that kind, so the student classifies a new worksheet every time.
Every option is a definite value the worksheet rules out, with the finding that does so.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from trainer.generator.item import CannotGenerate, CardSpec, Item
from trainer.isncsci.cases import GRADES, KEY_MUSCLE_NAMES, REGIONS, Case, draw, worksheet_text
from trainer.isncsci.exam import INDEX, INT, KEY_MUSCLES, LEVELS

DECK_ID = "isncsci-cases"
TOPIC = "ISNCSCI classification"
SOURCE = "International Standards for Neurological Classification of SCI, 2019 revision"
KINDS = ("nli", "ais", "sensory", "motor", "motor-zpp")
ORDER = [*LEVELS, INT]


def _name(level: str) -> str:
    return "intact (INT)" if level == INT else level.replace("_", "-")


@dataclass(frozen=True)
class _Question:
    stem: str
    key: str
    explanation: str
    candidates: list[tuple[str, str]]  # (option, why it is wrong)


def cards(deck_id: str = DECK_ID) -> list[CardSpec]:
    """Every ISNCSCI case card: each question kind on each region and grade."""
    specs = []
    for kind in KINDS:
        for region in REGIONS:
            for grade in GRADES:
                if kind == "motor-zpp" and grade not in ("A", "B"):
                    continue  # the motor zone applies only without anal contraction
                specs.append(
                    CardSpec(
                        card_id=f"{deck_id}/{kind}/{region}-{grade}",
                        deck_id=deck_id,
                        kind="case",
                        topic=TOPIC,
                        sibling=f"{deck_id}/{region}-{grade}",
                        template_id=kind,
                        row_key=f"{region}-{grade}",
                    )
                )
    return specs


def _rng(card_id: str, seed: int) -> random.Random:
    digest = hashlib.sha256(f"{card_id}#{seed}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _draw_case(rng: random.Random, region: str, grade: str) -> Case:
    case = None
    for _ in range(60):
        case = draw(rng, rng.choice(REGIONS[region]), grade)
        if case.result["asiaImpairmentScale"] == grade:
            return case
    assert case is not None
    return case


def _are(count: int) -> str:
    """'1 of the 20 key muscles is graded', '2 of the 20 ... are graded'."""
    return "is" if count == 1 else "are"


def _side_word(side: str) -> str:
    return side.lower()


def _levels_question(case: Case, field: str, side: str | None) -> _Question:
    r = case.result
    key = r[field]
    four = {
        "right sensory level": r["rightSensory"],
        "left sensory level": r["leftSensory"],
        "right motor level": r["rightMotor"],
        "left motor level": r["leftMotor"],
    }
    if field == "neurologicalLevelOfInjury":
        stem = "What is the neurological level of injury?"
        decided = ", ".join(f"{name} {_name(v)}" for name, v in four.items())
        explanation = (
            f"The neurological level is the most rostral of the four levels ({decided}), "
            f"so it is {_name(key)}."
        )
        candidates = []
        for level in _neighbours(key):
            if ORDER.index(level) < ORDER.index(key):
                why = (
                    f"All four levels, sensory and motor on both sides, are at or below "
                    f"{_name(key)}, so the neurological level cannot be as high as {_name(level)}."
                )
            else:
                owner = next(n for n, v in four.items() if v == key)
                why = (
                    f"{_name(level)} is below the {owner} ({_name(key)}); the neurological "
                    "level is the most rostral of the sensory and motor levels."
                )
            candidates.append((level, why))
        return _Question(stem, key, explanation, candidates)
    kind = "sensory" if "Sensory" in field else "motor"
    stem = f"What is the {side} {kind} level?"
    if kind == "sensory":
        return _sensory_question(case, side or "right", key, stem)
    return _motor_question(case, side or "right", key, stem)


def _neighbours(key: str) -> list[str]:
    i = ORDER.index(key)
    near = [ORDER[j] for j in (i - 1, i + 1, i - 2, i + 2, i + 3, i - 3) if 0 < j < len(ORDER)]
    return [level for level in near if level != key]


def _sensation(case: Case, side: str, level: str) -> str:
    cap = side.capitalize()
    key = level.lower()
    touch, prick = case.flat[f"{key}{cap}Touch"], case.flat[f"{key}{cap}Prick"]
    return f"light touch {touch}, pin prick {prick}"


def _sensory_question(case: Case, side: str, key: str, stem: str) -> _Question:
    if key == INT:
        explanation = f"Every dermatome down to S4-5 is normal on the {side}."
    else:
        after = ORDER[ORDER.index(key) + 1]
        explanation = (
            f"{_name(key)} is the lowest dermatome with normal light touch and pin prick "
            f"(2 and 2) on the {side} with every dermatome above it normal; at {_name(after)} "
            f"the {side} has {_sensation(case, side, after)}."
        )
    candidates = []
    for level in _neighbours(key):
        if ORDER.index(level) < ORDER.index(key):
            why = (
                f"Sensation is still normal below {_name(level)} on the {side}, down to "
                f"{_name(key)}."
            )
        else:
            after = ORDER[ORDER.index(key) + 1]
            why = (
                f"On the {side}, {_name(after)} has {_sensation(case, side, after)}, so the "
                f"sensory level cannot be as low as {_name(level)}."
            )
        candidates.append((level, why))
    return _Question(stem, key, explanation, candidates)


def _grade(case: Case, side: str, muscle: str) -> str:
    return case.flat[f"{muscle.lower()}{side.capitalize()}Motor"]


def _motor_question(case: Case, side: str, key: str, stem: str) -> _Question:
    if key in KEY_MUSCLES:
        explanation = (
            f"The {side} {key} muscles ({KEY_MUSCLE_NAMES[key]}) are graded "
            f"{_grade(case, side, key)}, at least 3, and every key muscle above them is 5."
        )
    elif key in ("C4", "L1"):
        after = ORDER[ORDER.index(key) + 1]
        explanation = (
            f"The {side} {after} muscles ({KEY_MUSCLE_NAMES[after]}) are graded "
            f"{_grade(case, side, after)}, below 3; {key} has no key muscle and its sensation "
            f"is normal, so the motor level is {key}."
        )
    elif key == INT:
        explanation = (
            f"Every key muscle on the {side} is 5, sensation is normal throughout and anal "
            "contraction is present."
        )
    else:
        explanation = (
            f"No key muscle can be tested at {_name(key)}; there the {side} motor level "
            f"follows normal sensation, which ends at {_name(key)} with every key muscle above "
            "graded 5."
        )
    candidates = []
    for level in _neighbours(key):
        if ORDER.index(level) < ORDER.index(key):
            why = (
                f"Motor function on the {side} is intact below {_name(level)}, down to "
                f"{_name(key)}."
            )
        else:
            why = f"The {side} motor level stops at {_name(key)}: " + _stop_reason(case, side, key)
        candidates.append((level, why))
    return _Question(stem, key, explanation, candidates)


def _stop_reason(case: Case, side: str, key: str) -> str:
    if key in KEY_MUSCLES and _grade(case, side, key) != "5":
        return f"the {key} muscles are graded {_grade(case, side, key)}, not 5."
    if key in ("T1", "S1"):  # the limb's last muscle is 5: its dermatomes decide
        first = INDEX["C5"] if key == "T1" else INDEX["L2"]
        for level in LEVELS[first : INDEX[key] + 2]:
            if _sensation(case, side, level) != "light touch 2, pin prick 2":
                return (
                    f"sensation at {_name(level)} is not normal ({_sensation(case, side, level)}), "
                    "so it cannot follow sensation lower."
                )
    after = ORDER[ORDER.index(key) + 1]
    if after in KEY_MUSCLES:
        return f"the {after} muscles ({KEY_MUSCLE_NAMES[after]}) are graded {_grade(case, side, after)}, below 3."
    if key in ("S3",) and case.flat["analContraction"] != "Yes":
        return "voluntary anal contraction is absent."
    return f"sensation at {_name(after)} is not normal ({_sensation(case, side, after)})."


def _count_antigravity(case: Case) -> tuple[int, int]:
    nli = case.result["neurologicalLevelOfInjury"]
    below = [m for m in KEY_MUSCLES if nli != INT and INDEX[m] > INDEX[nli]]
    strong = sum(int(_grade(case, s, m)) >= 3 for s in ("right", "left") for m in below)
    return strong, 2 * len(below)


def _sacral_findings(case: Case) -> str:
    f = case.flat
    sides = [
        side.lower()
        for side in ("Right", "Left")
        if f[f"s4_5{side}Touch"] != "0" or f[f"s4_5{side}Prick"] != "0"
    ]
    found = []
    if sides:
        where = "both sides" if len(sides) == 2 else f"the {sides[0]}"
        found.append(f"S4-5 sensation on {where}")
    if f["analSensation"] == "Yes":
        found.append("deep anal pressure")
    if f["analContraction"] == "Yes":
        found.append("voluntary anal contraction")
    return " and ".join(found)


def _ais_question(case: Case) -> _Question:
    key = case.result["asiaImpairmentScale"]
    strong, total = _count_antigravity(case)
    sacral = _sacral_findings(case)
    nli = _name(case.result["neurologicalLevelOfInjury"])
    vac = case.flat["analContraction"] == "Yes"
    motor_sparing = (
        "voluntary anal contraction is present"
        if vac
        else "a muscle works more than three levels below the motor level"
    )
    reasons = {
        "A": (
            "No sensory or motor function is preserved in S4-5: no light touch, pin prick, "
            "deep anal pressure or anal contraction."
        ),
        "B": (
            f"Sacral sensation is preserved ({sacral}) but there is no anal contraction and "
            "no motor function more than three levels below the motor level on either side."
        ),
        "C": (
            f"The injury is motor incomplete ({motor_sparing}) and only {strong} of the "
            f"{total} key muscles below {nli} {_are(strong)} graded 3 or more, fewer than half."
        ),
        "D": (
            f"The injury is motor incomplete ({motor_sparing}) and {strong} of the {total} "
            f"key muscles below {nli} {_are(strong)} graded 3 or more, at least half."
        ),
    }
    if key == "A":
        no_motor = (
            "{grade} needs an incomplete injury with sacral sparing, and there is none: no "
            "S4-5 sensation, deep anal pressure or anal contraction."
        )
    else:
        no_motor = (
            "{grade} needs motor function preserved below the level (anal contraction, or a "
            "muscle more than three levels below the motor level), and there is none."
        )
    wrong = {
        "A": f"A needs no sacral function at all, but this patient has {sacral}.",
        "B": (
            f"B allows no motor sparing below the level, but here {motor_sparing}."
            if key in ("C", "D")
            else "B needs sacral sensation (S4-5 light touch or pin prick, or deep anal "
            "pressure), and none is present."
        ),
        "C": (
            f"C needs fewer than half the key muscles below {nli} at grade 3 or more; "
            f"here {strong} of {total} {_are(strong)}."
            if key == "D"
            else no_motor
        ).replace("{grade}", "C"),
        "D": (
            f"D needs at least half the key muscles below {nli} at grade 3 or more; only "
            f"{strong} of {total} {_are(strong)}."
            if key == "C"
            else no_motor
        ).replace("{grade}", "D"),
        "E": f"E means normal sensation and power in every segment; the neurological level here is {nli}.",
    }
    candidates = [(g, wrong[g]) for g in ("A", "B", "C", "D", "E") if g != key]
    return _Question(
        "What is the ASIA Impairment Scale (AIS) grade?", key, reasons[key], candidates
    )


def _zpp_question(case: Case, side: str) -> _Question:
    field = f"{side}MotorZpp"
    key = case.result[field]
    motor = case.result[f"{side}Motor"]
    lower = [m for m in KEY_MUSCLES if INDEX[m] > ORDER.index(motor)]
    if key == motor:
        explanation = (
            f"Voluntary anal contraction is absent, so the zone applies; no key muscle below "
            f"the {side} motor level ({_name(motor)}) moves, so the zone is the motor level."
        )
    else:
        explanation = (
            f"Voluntary anal contraction is absent, so the zone applies; the {side} {key} "
            f"muscles ({KEY_MUSCLE_NAMES.get(key, 'key muscles')}) are graded "
            f"{_grade(case, side, key)}, the lowest key muscle with any movement."
        )
    candidates = []
    for level in _neighbours(key):
        if ORDER.index(level) > ORDER.index(key):
            silent = [m for m in lower if ORDER.index(m) > ORDER.index(key)]
            why = (
                f"No key muscle below {_name(key)} moves on the {side} "
                f"({', '.join(silent[:3]) or 'none'} graded 0)."
                if silent
                else f"The zone cannot extend below {_name(key)} on the {side}."
            )
        else:
            why = (
                f"The {side} {key} muscles still move (grade {_grade(case, side, key)}), "
                f"so the zone reaches {_name(key)}, below {_name(level)}."
                if key in KEY_MUSCLES
                else f"The {side} motor zone of partial preservation reaches {_name(key)}, "
                f"below {_name(level)}."
            )
        candidates.append((level, why))
    return _Question(
        f"What is the {side} motor zone of partial preservation?", key, explanation, candidates
    )


FIELDS = {
    "nli": "neurologicalLevelOfInjury",
    "ais": "asiaImpairmentScale",
    "sensory": "{side}Sensory",
    "motor": "{side}Motor",
    "motor-zpp": "{side}MotorZpp",
}


def build(card_id: str, seed: int) -> tuple[Case, str, _Question]:
    """The examination this review draws, the classification field asked, the question."""
    try:
        _, kind, rest = card_id.split("/")
        region, grade = rest.rsplit("-", 1)
    except ValueError:
        raise CannotGenerate(card_id, "not an ISNCSCI case card") from None
    if kind not in KINDS or region not in REGIONS or grade not in GRADES:
        raise CannotGenerate(card_id, "not an ISNCSCI case card")
    rng = _rng(card_id, seed)
    case = _draw_case(rng, region, grade)
    side = rng.choice(("right", "left"))
    field = FIELDS[kind].format(side=side)
    if kind == "nli":
        q = _levels_question(case, field, None)
    elif kind == "ais":
        if case.result[field] not in GRADES:
            raise CannotGenerate(card_id, "this examination is normal")
        q = _ais_question(case)
    elif kind in ("sensory", "motor"):
        q = _levels_question(case, field, side)
    else:
        if case.result[field] == "NA":
            raise CannotGenerate(card_id, "the motor zone does not apply to this examination")
        q = _zpp_question(case, side)
    return case, field, q


def generate(card_id: str, seed: int, options: int) -> Item:
    """A fresh examination for this card and its question, with one key and rationales."""
    case, _, q = build(card_id, seed)
    kind = card_id.split("/")[1]
    rng = _rng(card_id, seed + 1)
    wrong = [(o, why) for o, why in q.candidates if o != q.key]
    if kind == "ais":
        wrong.sort(key=lambda pair: abs("ABCDE".index(pair[0]) - "ABCDE".index(q.key)))
    picked = wrong[: options - 1]
    if len(picked) < options - 1:
        raise CannotGenerate(card_id, "too few definite wrong answers")
    entries = [(q.key, q.explanation), *picked]
    rng.shuffle(entries)
    if kind == "ais":
        entries.sort(key=lambda pair: pair[0])
    else:
        entries.sort(key=lambda pair: ORDER.index(pair[0]))
    answer = next(i for i, (o, _) in enumerate(entries) if o == q.key)
    stem = (
        "ISNCSCI examination after a spinal cord injury (R/L: right/left; sensation 0 absent, "
        "1 impaired, 2 normal; key muscles graded 0–5).\n\n"
        f"{worksheet_text(case.flat)}\n\n{q.stem}"
    )
    return Item(
        card_id=card_id,
        deck=card_id.split("/")[0],
        kind="case",
        stem=stem,
        options=tuple(_name(o) if kind != "ais" else f"AIS {o}" for o, _ in entries),
        answer=answer,
        explanation=q.explanation,
        rationales=tuple(why for _, why in entries),
        topic=TOPIC,
        sources=(SOURCE,),
        seed=seed,
        fits=tuple(i == answer for i in range(len(entries))),  # the classifier's proof
    )
