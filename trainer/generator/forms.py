"""Item forms: a USMLE-style vignette or a NEET PG one-liner.

A card is in vignette form when every item it makes opens with a patient (age, sex, setting,
onset, graded findings, one lead-in): every card of a template with a `patient`, every
hand-written question whose stems all open with the patient ("A 46-year-old woman ..."), and
every generated ISNCSCI examination case (a patient's worksheet to classify). The rest are
one-line recall items.
"""

from __future__ import annotations

import re

from trainer.deck.model import Deck, Question
from trainer.generator.item import CardSpec

# "A 46-year-old woman ...", "A 4.6-kg newborn boy ..."
_PATIENT = re.compile(r"^An? \d+(?:\.\d+)?-(?:year-old|kg) ")
CASE_KIND = "case"


def opens_with_patient(question: Question) -> bool:
    return bool(question.stems) and all(_PATIENT.match(stem) for stem in question.stems)


def vignette_form(deck: Deck, card: CardSpec, *, cases: bool = True) -> bool:
    """Whether ``card``'s items are vignettes; ``cases=False`` leaves out ISNCSCI cases."""
    if card.template_id is not None:
        template = next((t for t in deck.templates if t.id == card.template_id), None)
        if template is not None:
            return template.vignette
    if card.question_id is not None:
        question = next((q for q in deck.questions if q.id == card.question_id), None)
        return question is not None and opens_with_patient(question)
    return cases and card.kind == CASE_KIND
