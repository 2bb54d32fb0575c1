"""A "most likely next finding" item's explanation (or, where the template has the author's
teaching text, the key's rationale) teaches the asked fact: it opens with the
lesion's own statement of the key ("C5 radiculopathy reduces sensation over the lateral upper
arm"), and sets the nearest wrong option against the lesion it belongs to."""

from __future__ import annotations

from trainer.deck.model import norm
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate

SEEDS = range(4)


def test_the_explanation_opens_with_the_asked_fact(decks):
    checked = 0
    for deck in decks:
        bank = Bank(deck)
        for template in deck.templates:
            table = deck.tables[template.table]
            column = table.columns[template.answer]
            if not template.vignette or template.answer == table.key or column.say is None:
                continue
            for row in table.rows:
                for seed in SEEDS:
                    try:
                        item = bank.generate(f"{deck.id}/{template.id}/{row.key}", seed)
                    except CannotGenerate:
                        break
                    # the author's teaching text leads the explanation where the template has
                    # one; the key's rationale still opens with the asked fact
                    shown = item.rationales[item.answer] if template.explain else item.explanation
                    first = shown.split(". ")[0]
                    assert norm(item.key) in norm(first), (item.card_id, item.explanation)
                    assert norm(row.key) in norm(first), (item.card_id, item.explanation)
                    checked += 1
    assert checked > 100
