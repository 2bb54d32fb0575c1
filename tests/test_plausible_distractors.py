"""A vignette's wrong diagnoses are ones its patient could have: no ruptured aortic aneurysm for
a 24-year-old gymnast, no testicular torsion for a woman (each row's `patient` ages and sexes)."""

from __future__ import annotations

import re

from trainer.deck.model import norm
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate

SEEDS = range(8)
_WHO = re.compile(r"^An? (\d+)-year-old (man|woman)\b")


def test_every_offered_diagnosis_fits_the_patient(decks):
    checked = 0
    for deck in decks:
        bank = Bank(deck)
        for template in deck.templates:
            table = deck.tables[template.table]
            if not template.vignette or template.answer != table.key:
                continue
            rows = {norm(r.key): r for r in table.rows}
            for row in table.rows:
                card_id = f"{deck.id}/{template.id}/{row.key}"
                for seed in SEEDS:
                    try:
                        item = bank.generate(card_id, seed, 5)
                    except CannotGenerate:
                        break
                    who = _WHO.match(item.stem)
                    assert who, item.stem
                    age, sex = int(who.group(1)), who.group(2)
                    for option in item.options:
                        other = rows.get(norm(option))
                        rule = other.patient if other is not None else None
                        if rule is None:
                            continue
                        if rule.ages is not None:
                            assert rule.ages[0] <= age <= rule.ages[1], (card_id, age, option)
                        if rule.sexes is not None:
                            assert sex in rule.sexes, (card_id, sex, option)
                    checked += 1
    assert checked > 300
