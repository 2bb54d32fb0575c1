"""Stems read as an examiner writes them: no "Which single root's dermatome is this?" family.

Possessive constructions on a root ("which root's key muscle", "which spinal root's dermatome"),
"which single root", and a question whose subject follows a colon ("Which bedside examination
is described: ...?") read as machine output; real items ask "Which dermatome does this area
represent?" or "This area lies in which dermatome?".
"""

from __future__ import annotations

import re

import pytest

from trainer.generator import Bank, CannotGenerate

STILTED = re.compile(
    r"\broot's\b|\bsegment's\b|\bwhich single (root|segment)\b|\bdescribed:|:[^.:\n]*\?$",
    re.IGNORECASE,
)


def _last_sentence(stem: str) -> str:
    return stem.strip().splitlines()[-1]


def test_no_template_or_question_stem_is_stilted(decks):
    found = []
    for deck in decks:
        written = [s for t in deck.templates for s in t.stems]
        written += [s for q in deck.questions for s in q.stems]
        found += [(deck.id, s) for s in written if STILTED.search(s)]
    assert not found, found


@pytest.fixture(scope="module")
def generated(decks) -> list[tuple[str, str]]:
    """(card id, stem) of every card at seeds 0 and 3, generated once for this module."""
    stems = []
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            for seed in (0, 3):
                try:
                    item = bank.generate_any(card.card_id, seed)
                except CannotGenerate:
                    continue
                stems.append((card.card_id, item.stem))
    return stems


def test_no_generated_stem_is_stilted(generated):
    found = [(card, stem) for card, stem in generated if STILTED.search(_last_sentence(stem))]
    assert not found, found[:5]


# a slot value carrying its own ", which ..." or ", with ..." clause, dropped in front of the
# sentence's verb, leaves the clause unclosed ("the obturator nerve, which supplies the hip
# joint and the skin of the inner knee is typical of which condition?")
UNCLOSED = re.compile(r", (which|with) [^,.?]*\b(is typical of|points to which)\b")


def test_no_generated_stem_leaves_a_clause_unclosed(generated):
    found = [(card, stem) for card, stem in generated if UNCLOSED.search(stem)]
    assert not found, found[:5]
