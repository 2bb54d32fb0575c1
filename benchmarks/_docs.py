"""Write one section of docs/benchmarks.md, leaving the others as they are."""

from __future__ import annotations

from pathlib import Path

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
