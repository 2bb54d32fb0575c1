"""The judge's atom index only skips rows that cannot fit: over every bundled card's stem
choices, and over single statements of every cell, `consistent` gives exactly the rows a
check of every row gives."""

from __future__ import annotations

from trainer.generator.bank import Bank
from trainer.generator.distractors import Stated


def every_row(judge, stated):
    return [row for row in judge.table.rows if not judge.clashes(row, stated, strict=True)]


def test_indexed_consistent_equals_checking_every_row(decks):
    compared = 0
    for deck in decks:
        bank = Bank(deck)
        bank.cards()
        for template in deck.templates:
            table = deck.tables[template.table]
            judge = bank.judge(table)
            for row in table.rows:
                key = f"{deck.id}/{template.id}/{row.key}"
                found = bank._locate(key)
                proof = found[2] if found is not None and not template.vignette else 0
                proven = bank._proven_choices(template, table, row, proof) if proof else []
                for stated in proven:
                    assert judge.consistent(stated) == every_row(judge, stated), key
                    compared += 1
                for name, cell in row.cells.items():  # each cell on its own, any column
                    for value in cell.values:
                        single = [Stated(name, (value,), value)]
                        assert judge.consistent(single) == every_row(judge, single), (key, name)
                        compared += 1
    assert compared > 1000
