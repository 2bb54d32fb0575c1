"""`trainer deck check` on small bad decks: one located message per fault, exit status 2.

Each deck below holds exactly one fault. The check must name it once, at the file, line and
column of the faulty value, and must not add a cascade of messages about what the fault made
unusable (a table refused for one bad cell, a deck then "with no tables").
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

DECK = """\
id: rx
title: Reflex deck
version: 1
sources:
  LL: {title: Revision notes}
tables:
  reflexes:
    title: Reflex arcs
    key: reflex
    columns:
      reflex: {label: "reflex"}
      roots: {type: roots, label: "segments", fact: segments}
      chief: {type: roots, label: "chief root", fact: chief root}
    rows:
      - {reflex: biceps jerk, roots: "C5, C6", chief: C5, source: LL}
      - {reflex: triceps jerk, roots: "C7, C8", chief: C7, source: LL}
      - {reflex: knee jerk, roots: "L3, L4", chief: L4, source: LL}
      - {reflex: ankle jerk, roots: "S1, S2", chief: S1, source: LL}
templates:
  - id: reflex-to-roots
    table: reflexes
    kind: forward
    cues: [reflex]
    answer: roots
    stems: ["Which segments does the {reflex} test?"]
  - id: reflex-to-chief
    table: reflexes
    kind: forward
    cues: [reflex]
    answer: chief
    stems: ["Which root carries most of the {reflex}?"]
"""
QUOTED = '"C7, S9"'
TRICEPS = '      - {reflex: triceps jerk, roots: "C7, C8", chief: C7, source: LL}'


def check(tmp_path: Path, text: str) -> tuple[int, list[str], str]:
    path = tmp_path / "r3.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return result.returncode, lines, str(path)


def located(text: str, needle: str) -> str:
    """``line:col`` (1-based) of the first ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_the_good_deck_passes_with_singular_counts(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(DECK, encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 0, result.stderr
    assert ": 1 table, 4 rows, 2 templates, 0 questions, " in result.stdout, result.stdout
    path.write_text(DECK.replace(TRICEPS + "\n", ""), encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert ": 1 table, 3 rows, 2 templates" in result.stdout, result.stdout


ONE_QUESTION = """\
id: q1
title: One question
version: 1
sources:
  GRAY: {title: "Gray's Anatomy"}
questions:
  - id: dorsal-column-decussation
    kind: tract logic
    topic: tract logic
    stems:
      - "Where do the fibres carrying vibration sense from the legs cross the midline?"
    answer: in the medulla, after synapsing in the gracile nucleus
    distractors:
      - text: "in the anterior white commissure, within two segments of entry"
        why: "That is where the spinothalamic (pain and temperature) fibres cross."
      - text: "in the pyramids of the lower medulla"
        why: "The corticospinal (motor) fibres cross in the pyramidal decussation."
      - text: "in the thalamus, before projecting to the cortex"
        why: "Third-order thalamic neurons project to the cortex on the same side."
      - text: "in the midbrain, at the level of the red nucleus"
        why: "The rubrospinal fibres cross in the midbrain."
    explanation: The dorsal column fibres ascend uncrossed and cross in the medulla.
    source: [GRAY]
"""


def test_singular_question_and_card(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text(ONE_QUESTION, encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 0, result.stderr
    assert "0 tables, 0 rows, 0 templates, 1 question, 1 card" in result.stdout, result.stdout


def test_a_bad_root_gives_one_located_message(tmp_path):
    text = DECK.replace(TRICEPS, TRICEPS.replace('"C7, C8"', '"C7, S9"'))
    code, lines, path = check(tmp_path, text)
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{located(text, QUOTED)}:"), lines
    assert "'S9' is not a spinal root" in lines[0], lines
    joined = "\n".join(lines)
    assert "no tables" not in joined and "missing table" not in joined, lines


def test_a_chief_root_outside_the_rows_segments_is_located_at_the_chief(tmp_path):
    text = DECK.replace(TRICEPS, TRICEPS.replace("chief: C7", "chief: C5"))
    code, lines, path = check(tmp_path, text)
    assert code == 2
    assert len(lines) == 1, lines
    where = located(text, "C5, source: LL}\n      - {reflex: knee")
    assert lines[0].startswith(f"{path}:{where}:"), lines
    assert "chief root C5" in lines[0] and "triceps jerk" in lines[0], lines
    assert "C7, C8" in lines[0], lines


def test_a_chief_root_among_the_cells_also_values_is_accepted(tmp_path):
    triceps = '      - {reflex: triceps jerk, roots: {value: "C7, C8", also: "C6, C7"}, chief: C6,'
    text = DECK.replace(TRICEPS, triceps + " source: LL}")
    path = tmp_path / "also.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert "chief root" not in result.stderr, result.stderr
