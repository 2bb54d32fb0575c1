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


def synthetic_deck(rows: int, per_table: int | None = None) -> Deck:
    """``rows`` rows in tables of ``per_table`` rows (default: one table), one forward
    template per table: one card per row. With one table the cards are keyed
    ``synthetic/t/r<i>`` (sibling ``synthetic/big/r<i>``); with several, table ``j`` is
    ``big<j>`` and its template ``t<j>``."""
    columns = {
        "key": Column("key"),
        "finding": Column("finding", many=True),
        "answer": Column("answer"),
    }
    size = per_table or max(rows, 1)
    tables: dict[str, Table] = {}
    templates = []
    for number, first in enumerate(range(0, rows, size)):
        suffix = "" if per_table is None else str(number)
        table_rows = tuple(
            Row(
                f"r{i}",
                i - first,
                {
                    "key": Cell((f"r{i}",)),
                    "finding": Cell((f"finding {i}", f"sign {i}")),
                    "answer": Cell((f"answer {i}",)),
                },
                ("S",),
                i + 1,
            )
            for i in range(first, min(rows, first + size))
        )
        name = f"big{suffix}"
        tables[name] = Table(name, f"Big table {suffix}".strip(), "key", columns, table_rows)
        templates.append(
            Template(
                f"t{suffix}",
                name,
                "forward",
                ("finding",),
                "answer",
                ("Which answer goes with {finding}?",),
            )
        )
    return Deck("synthetic", "Synthetic", 1, "", (), {}, tables, tuple(templates))
