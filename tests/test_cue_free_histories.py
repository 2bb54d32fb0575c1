"""A "most likely next finding" vignette never names its answer in the history: the history of a
next-sensory or next-weakness item shares no meaningful word with any value the row accepts for
the asked finding ("tingling of the thumb ..." never leads to "thumb")."""

from __future__ import annotations

from trainer.generator import Bank
from trainer.generator.checks import content_words
from trainer.generator.item import CannotGenerate

SEEDS = range(8)
# symptoms, not places or movements: "back pain" does not give away "pain and temperature";
# and the wound a finding is placed by ("in the leg on the side of the wound")
_SYMPTOMS = {"pain", "weak", "numb", "wound"}


def _finding_vignettes(deck):
    for template in deck.templates:
        table = deck.tables[template.table]
        if template.vignette and table.columns[template.answer].role == "finding":
            yield template, table


def test_no_next_finding_history_names_the_asked_finding(decks):
    checked = 0
    for deck in decks:
        bank = Bank(deck)
        for template, table in _finding_vignettes(deck):
            histories = [c for c in template.cues if table.columns[c].role == "history"]
            for row in table.rows:
                answer = row.cell(template.answer)
                if answer is None:
                    continue
                accepted = set()
                for value in (*answer.values, *answer.also):
                    accepted |= content_words(value)
                card_id = f"{deck.id}/{template.id}/{row.key}"
                for seed in SEEDS:
                    try:
                        item = bank.generate(card_id, seed)
                    except CannotGenerate:
                        break
                    stated = dict(item.stated)
                    for column in histories:
                        for text in stated.get(column, ()):
                            named = (content_words(text) & accepted) - _SYMPTOMS
                            assert not named, (card_id, text, sorted(named))
                    checked += 1
    assert checked > 200
