"""Reference facts the content regression tests judge generated items against.

Written from the standard references independently of the decks (ISNCSCI 2019; Gray's
Anatomy; Moore; Last's Anatomy; Aids to the Examination of the Peripheral Nervous System;
Bates; OHCM; the lower-limb revision notes), and deliberately generous: a value belongs here
if ANY of those references gives it. A generated item must never offer such a value as a
wrong answer, nor deny it in an explanation.
"""

from __future__ import annotations

from trainer.deck.roots import ROOT_ORDER, parse_roots


def roots(text: str) -> frozenset[str]:
    return frozenset(parse_roots(text))


# The 28 ISNCSCI key sensory points (S4 and S5 share one).
ISNCSCI_DERMATOMES: frozenset[str] = frozenset(
    [f"C{i}" for i in range(2, 9)]
    + [f"T{i}" for i in range(1, 13)]
    + [f"L{i}" for i in range(1, 6)]
    + ["S1", "S2", "S3", "S4, S5"]
)

# Landmarks whose root the maps disagree about: every root any map gives.
CONTESTED_LANDMARKS: dict[str, frozenset[str]] = {
    "medial forearm": roots("C8, T1"),
    "back of the thigh": roots("S1-S3"),
}

# Every root any standard text gives a share of each movement.
MOVEMENT_ROOTS: dict[str, frozenset[str]] = {
    "neck flexion": roots("C1-C6"),
    "neck side flexion": roots("C2-C8"),
    "shoulder elevation": roots("C3-C5"),
    "shoulder abduction": roots("C4-C6"),
    "elbow flexion": roots("C5-C7"),
    "wrist extension": roots("C6-C8"),
    "elbow extension": roots("C6-T1"),
    "wrist flexion": roots("C6-T1"),
    "finger flexion": roots("C7-T1"),
    "thumb extension": roots("C7, C8"),
    "ulnar deviation of the wrist": roots("C7-T1"),
    "finger abduction": roots("C8, T1"),
    "hip flexion": roots("L1-L4"),
    "hip adduction": roots("L2-L4"),
    "knee extension": roots("L2-L4"),
    "ankle dorsiflexion": roots("L4, L5"),
    "ankle inversion": roots("L4, L5"),
    "great toe extension": roots("L4-S1"),
    "ankle eversion": roots("L5-S2"),
    "hip extension": roots("L4-S2"),
    "hip abduction": roots("L4-S1"),
    "ankle plantarflexion": roots("S1, S2"),
    "knee flexion": roots("L5-S2"),
    "toe flexion": roots("S1-S3"),
    "toe abduction": roots("S1-S3"),
    "voluntary anal contraction": roots("S2-S5"),
}

# Every segment any standard text gives each reflex arc.
REFLEX_ROOTS: dict[str, frozenset[str]] = {
    "biceps jerk": roots("C5, C6"),
    "brachioradialis jerk": roots("C5, C6"),
    "triceps jerk": roots("C6-C8"),
    "knee jerk": roots("L2-L4"),
    "ankle jerk": roots("S1, S2"),
    "cremasteric reflex": roots("L1, L2"),
    "plantar reflex": roots("L4-S2"),
    "anal wink": roots("S2-S4"),
}


class Lesion:
    """What a lesion CAN show: any finding outside these sets positively contradicts it."""

    def __init__(
        self,
        *,
        weak: str = "",
        cardinal: str = "",
        normal: str = "",
        sensory: str = "",
        reflexes: tuple[str, ...] = (),
        gait: tuple[str, ...] = (),
        pain: tuple[str, ...] = (),
    ) -> None:
        def split(text: str) -> frozenset[str]:
            return frozenset(p.strip() for p in text.split(",") if p.strip())

        self.weak = split(weak)
        # a movement may be normal unless it is the lesion's cardinal weakness
        self.normal = split(normal) - split(cardinal)
        self.sensory = split(sensory)
        self.reflexes = frozenset(reflexes)
        self.gait = frozenset(gait)
        self.pain = frozenset(pain)


_LEG = (
    "hip flexion, hip adduction, hip abduction, hip extension, knee extension, knee flexion, "
    "ankle dorsiflexion, ankle plantarflexion, ankle inversion, ankle eversion, "
    "great toe extension"
)
NORMAL_JERKS = "normal knee and ankle jerks"
FRONT_TO_KNEE = "pain radiating down the front of the thigh to the knee"

ROOT_LESIONS: dict[str, Lesion] = {
    "L2": Lesion(
        weak="hip flexion, hip adduction, knee extension",
        cardinal="hip flexion",
        normal=_LEG,
        sensory="upper anterior thigh, groin",
        reflexes=(NORMAL_JERKS, "reduced knee jerk"),
        pain=("pain in the groin and the upper front of the thigh", FRONT_TO_KNEE),
    ),
    "L3": Lesion(
        weak="hip flexion, hip adduction, knee extension",
        cardinal="knee extension",
        normal=_LEG,
        sensory="lower anterior thigh, medial side of the knee",
        reflexes=(NORMAL_JERKS, "reduced knee jerk"),
        pain=("pain in the groin and the upper front of the thigh", FRONT_TO_KNEE),
    ),
    "L4": Lesion(
        weak="hip adduction, hip abduction, hip extension, knee extension, ankle dorsiflexion, "
        "ankle inversion, great toe extension",
        cardinal="knee extension, ankle dorsiflexion",
        normal=_LEG,
        sensory="medial side of the leg, medial malleolus",
        reflexes=(NORMAL_JERKS, "reduced knee jerk"),
        gait=("difficulty walking on the heels", "foot drop with a high-stepping gait"),
        pain=(
            FRONT_TO_KNEE,
            "low back pain radiating over the front of the knee to the medial leg",
        ),
    ),
    "L5": Lesion(
        weak="hip abduction, hip extension, knee flexion, ankle dorsiflexion, ankle inversion, "
        "ankle eversion, great toe extension",
        cardinal="ankle dorsiflexion, great toe extension, ankle inversion, hip abduction",
        normal=_LEG,
        sensory="dorsum of the foot, first web space, great toe, lateral side of the leg",
        reflexes=(NORMAL_JERKS,),
        gait=("difficulty walking on the heels", "foot drop with a high-stepping gait"),
        pain=(
            "back pain radiating to the great toe",
            "pain from the buttock down the lateral leg to the dorsum of the foot",
        ),
    ),
    "S1": Lesion(
        weak="hip abduction, hip extension, knee flexion, ankle plantarflexion, ankle eversion, "
        "great toe extension",
        cardinal="ankle plantarflexion",
        normal=_LEG,
        sensory="lateral border of the foot, little toe, sole, heel",
        reflexes=("reduced ankle jerk",),
        gait=("difficulty walking on the toes",),
        pain=(
            "back pain radiating to the little toe",
            "pain from the buttock down the back of the thigh and calf to the sole",
        ),
    ),
}

# Peripheral-nerve mimics: what each can show (the root lesions above join them).
_BELOW_KNEE = "ankle dorsiflexion, ankle plantarflexion, ankle inversion, ankle eversion"
NERVE_LESIONS: dict[str, Lesion] = {
    "femoral nerve palsy": Lesion(
        weak="knee extension, hip flexion",
        normal=_LEG.replace("knee extension, ", ""),
        sensory="anterior thigh, medial side of the leg",
        reflexes=("reduced knee jerk",),
    ),
    "meralgia paraesthetica": Lesion(
        normal=_LEG, sensory="lateral thigh", reflexes=(NORMAL_JERKS,)
    ),
    "common peroneal nerve palsy": Lesion(
        weak="ankle dorsiflexion, great toe extension, ankle eversion",
        normal="hip flexion, hip adduction, hip abduction, hip extension, knee extension, "
        "knee flexion, ankle plantarflexion, ankle inversion",
        sensory="dorsum of the foot, lateral side of the leg, first web space, great toe",
        reflexes=(NORMAL_JERKS,),
    ),
    "sciatic nerve palsy": Lesion(
        weak=f"knee flexion, great toe extension, {_BELOW_KNEE}",
        normal=f"hip flexion, hip adduction, hip abduction, knee extension, knee flexion, {_BELOW_KNEE}",
        sensory="sole, dorsum of the foot, lateral side of the leg, lateral border of the foot, "
        "heel, great toe, first web space, little toe",
        reflexes=("reduced ankle jerk", NORMAL_JERKS),
    ),
}
MIMICS: dict[str, Lesion] = {
    **{f"{root} radiculopathy": lesion for root, lesion in ROOT_LESIONS.items()},
    **NERVE_LESIONS,
}

assert all(r in ROOT_ORDER for s in MOVEMENT_ROOTS.values() for r in s)
