"""A bank holds a table's derived material (facts, indexes, option domains, proven stems) only
while the table is in use: on a deck of many tables its working set stays within its row
budget, and what it drops is made again with the same items."""

from __future__ import annotations

from trainer.deck.model import Cell, Column, Deck, Row, Table, Template
from trainer.generator import Bank

TABLES = 12
ROWS = 60


def _deck() -> Deck:
    columns = {
        "key": Column("key"),
        "finding": Column("finding", many=True),
        "answer": Column("answer"),
    }
    tables = {}
    templates = []
    for t in range(TABLES):
        rows = tuple(
            Row(
                f"r{t}-{i}",
                i,
                {
                    "key": Cell((f"r{t}-{i}",)),
                    "finding": Cell((f"finding {t}-{i}", f"sign {t}-{i}")),
                    "answer": Cell((f"answer {t}-{i}",)),
                },
                ("S",),
                i + 1,
            )
            for i in range(ROWS)
        )
        tables[f"big{t}"] = Table(f"big{t}", f"Big table {t}", "key", columns, rows)
        templates.append(
            Template(f"t{t}", f"big{t}", "forward", ("finding",), "answer", ("Which {finding}?",))
        )
    return Deck("synthetic", "Synthetic", 1, "", (), {}, tables, tuple(templates))


def test_the_working_set_stays_within_its_rows_and_gives_the_same_items():
    deck = _deck()
    small = Bank(deck, rows_kept=2 * ROWS)
    everything = Bank(deck, rows_kept=TABLES * ROWS)
    cards = [c.card_id for c in small.cards()]
    assert len(cards) == TABLES * ROWS
    assert [c.card_id for c in everything.cards()] == cards
    for seed in (0, 1):
        for card_id in cards[::7]:  # every table, in turn
            assert repr(small.generate(card_id, seed)) == repr(everything.generate(card_id, seed))
            kept = small._work._kept.values()
            assert sum(len(w.judge.table.rows) for w in kept) <= 2 * ROWS
    assert len(everything._work._kept) == TABLES  # a budget that fits keeps every table
    assert len(small._work._kept) == 2
