"""Stems read as an examiner writes them: no "Which single root's dermatome is this?" family.

Possessive constructions on a root ("which root's key muscle", "which spinal root's dermatome"),
"which single root", and a question whose subject follows a colon ("Which bedside examination
is described: ...?") read as machine output; real items ask "Which dermatome does this area
represent?" or "This area lies in which dermatome?".
"""

from __future__ import annotations

import re

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


def test_no_generated_stem_is_stilted(decks):
    found = []
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            for seed in (0, 3):
                try:
                    item = bank.generate_any(card.card_id, seed)
                except CannotGenerate:
                    continue
                if STILTED.search(_last_sentence(item.stem)):
                    found.append((card.card_id, item.stem))
    assert not found, found[:5]
