"""Write one section of docs/benchmarks.md, leaving the others as they are."""

from __future__ import annotations

from pathlib import Path

from trainer.deck.model import Cell, Column, Deck, Row, Table, Template

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\nFigures are written by the scripts in `benchmarks/`; compare ratios from one "
    "run, not absolute times across machines.\n"
)


def write_section(title: str, body: str) -> None:
    doc = DOC.read_text() if DOC.exists() else HEADER
    section = f"## {title}\n\n{body.strip()}\n"
    start = doc.find(f"## {title}\n")
    if start >= 0:
        end = doc.find("\n## ", start + 1)
        rest = doc[end + 1 :] if end >= 0 else ""
        doc = doc[:start] + section + ("\n" + rest if rest else "")
    else:
        doc = doc.rstrip() + "\n\n" + section
    DOC.write_text(doc)


def synthetic_deck(rows: int) -> Deck:
    """One table of ``rows`` rows and one forward template: one card per row,
    keyed ``synthetic/t/r<i>``, sibling ``synthetic/big/r<i>``."""
    columns = {
        "key": Column("key"),
        "finding": Column("finding", many=True),
        "answer": Column("answer"),
    }
    table_rows = tuple(
        Row(
            f"r{i}",
            i,
            {
                "key": Cell((f"r{i}",)),
                "finding": Cell((f"finding {i}", f"sign {i}")),
                "answer": Cell((f"answer {i}",)),
            },
            ("S",),
            i + 1,
        )
        for i in range(rows)
    )
    table = Table("big", "Big table", "key", columns, table_rows)
    template = Template(
        "t", "big", "forward", ("finding",), "answer", ("Which answer goes with {finding}?",)
    )
    return Deck("synthetic", "Synthetic", 1, "", (), {}, {"big": table}, (template,))
