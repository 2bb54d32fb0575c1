"""`trainer deck new NAME`: a commented starting deck that passes `trainer deck check`."""

from __future__ import annotations

import re
from pathlib import Path

from trainer.errors import TrainerError

TEMPLATE = """\
# A trainer deck: one YAML file. Check it with `trainer deck check {file}` and read every
# question it makes with `trainer deck show {file}`. The full format: docs/deck-format.md.
# Replace the example rows below with your own; keep every fact sourced.

id: {id}                  # stable slug: part of every card id, so students keep progress
title: {title}
version: 1                # raise it when you change the deck
description: >
  What this deck teaches, in a sentence or two.
tags: [reflexes]
# Where sources disagree, say which convention the deck follows; record the other value
# as `also` in the cell, and it is never offered as a wrong option.
convention: Reflex roots follow the count-up rule (S1, S2 ankle; L3, L4 knee).
sources:                  # short keys; every row cites at least one
  NOTES:
    title: "Your reference: a textbook chapter or revision notes"
confusions:               # answers students mix up: preferred as wrong options
  - [knee jerk, ankle jerk]
tables:
  reflexes:
    title: Reflex arcs
    key: reflex           # the column that names a row
    columns:
      reflex: {{label: reflex}}
      roots: {{type: roots, label: segments}}   # roots: L4 / L4, L5 / S2-S4
      nerve: {{label: peripheral nerve}}
    rows:                 # in anatomical order: neighbours make the best wrong options
      - {{reflex: biceps jerk, roots: "C5, C6", nerve: musculocutaneous nerve, source: NOTES}}
      - {{reflex: cremasteric reflex, roots: "L1, L2", nerve: genitofemoral nerve, source: NOTES}}
      - reflex: knee jerk
        roots: {{value: "L3, L4", also: "L2-L4", note: "Some texts include L2."}}
        nerve: femoral nerve
        source: NOTES
      - {{reflex: ankle jerk, roots: "S1, S2", nerve: tibial nerve, source: NOTES}}
      - {{reflex: anal wink, roots: S2-S4, nerve: pudendal nerve, source: NOTES}}
# A template turns every row of a table into a card; each review shows a fresh variant.
# A wrong option is used only when a recorded fact rules it out (the single-key proof).
templates:
  - id: reflex-to-segments          # stable: part of the card id
    table: reflexes
    kind: forward                   # forward | reverse | vignette | disc-level | differential
    cues: [reflex]                  # the columns the stem states
    answer: roots                   # the column the student must give
    stems: ["The {{reflex}} is mediated by which spinal segments?"]
    explain: "The {{reflex}} runs through {{roots}} via the {{nerve}}."
  - id: nerve-to-reflex
    table: reflexes
    kind: reverse
    cues: [nerve]
    answer: reflex
    stems: ["Which of these reflexes is carried by the {{nerve}}?"]
# Hand-written questions sit under `questions:` (see docs/deck-format.md).
"""


def deck_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise TrainerError(f"deck name {name!r} has no letters or digits to make an id from")
    return slug


def scaffold(name: str, out: Path | None = None) -> Path:
    """Write the starting deck for ``name`` (default file: ``<id>.yaml`` here); never
    overwrites."""
    ident = deck_id(name)
    path = out or Path(f"{ident}.yaml")
    title = name.strip().replace('"', "'")
    text = TEMPLATE.format(id=ident, title=f'"{title}"', file=path.name)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise TrainerError(f"{path} already exists; not overwriting it") from None
    except OSError as exc:
        raise TrainerError(f"{path}: cannot write: {exc.strerror}") from None
    return path
