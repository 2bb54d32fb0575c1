"""`ask: false`: a value the deck records as true but does not ask.

It is accepted like any value (an option it admits is never offered as wrong, and it makes its
row a rival in the one-stem-one-key proof), but no question is keyed on it, no stem states it,
no option is drawn from it and no rationale gives it as the reason an option is wrong.
`deck check` refuses a misused mark at its file, line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_content_regressions import items, wrong
from trainer.deck import load_decks
from trainer.generator import Bank

DECK = """\
id: pain
title: Referred pain
version: 1
format: 2
sources:
  MOORE: {title: "Moore's Clinically Oriented Anatomy"}
tables:
  referred:
    title: Where visceral pain is felt
    key: condition
    columns:
      condition: {label: condition}
      route:
        label: afferent pathway
        say: "the pain of {condition} travels with {route}"
    rows:
      - {condition: myocardial ischaemia, route: the cardiac sympathetic afferents, source: MOORE}
      - {condition: biliary colic, route: the greater splanchnic nerve, source: MOORE}
      - condition: acute pancreatitis
        route:
          value: the greater splanchnic nerve
          ask: false
        source: MOORE
      - {condition: early appendicitis, route: the lesser splanchnic nerve, source: MOORE}
      - {condition: ureteric colic, route: the least splanchnic nerve, source: MOORE}
      - {condition: basal pneumonia, route: the intercostal nerves, source: MOORE}
      - condition: osteoarthritis of the knee
        route:
          value: the genicular nerves
          ask: false
        source: MOORE
templates:
  - id: condition-to-route
    table: referred
    kind: forward
    cues: [condition]
    answer: route
    stems: ["The referred pain of {condition} travels with which nerves?"]
  - id: route-to-condition
    table: referred
    kind: reverse
    cues: [route]
    answer: condition
    stems: ["Which condition refers pain along {route}?"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pain.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    return Bank(load_decks([write(tmp_path, DECK)])[0])


def test_no_question_is_keyed_on_an_unasked_value(bank):
    cards = {c.card_id for c in bank.cards()}
    assert "pain/condition-to-route/biliary colic" in cards
    assert "pain/condition-to-route/acute pancreatitis" not in cards
    assert "pain/condition-to-route/osteoarthritis of the knee" not in cards
    assert "pain/route-to-condition/osteoarthritis of the knee" not in cards


def test_an_unasked_value_still_rules_its_row_in(bank):
    """Pancreatitis shares the greater splanchnic nerve with biliary colic: a stem naming that
    nerve has two answers, so it is withheld rather than offering pancreatitis as wrong."""
    cards = {c.card_id for c in bank.cards()}
    assert "pain/route-to-condition/biliary colic" not in cards
    assert "pain/route-to-condition/myocardial ischaemia" in cards


def test_no_option_is_drawn_from_an_unasked_value(bank):
    found = list(items(bank, "condition-to-route"))
    assert found
    for item in found:
        assert "the genicular nerves" not in item.options, item.options
        for _, why in wrong(item):
            assert "osteoarthritis of the knee" not in why, why


def test_the_referred_pain_deck_marks_true_values_not_asked_instead_of_disputed(decks):
    deck = next(d for d in decks if d.id == "referred-pain")
    rows = {r.key: r for r in deck.tables["referred"].rows}
    for row, column in [
        ("acute pancreatitis", "route"),
        ("osteoarthritis of the knee", "site"),
        ("osteoarthritis of the knee", "route"),
    ]:
        cell = rows[row].cell(column)
        assert cell is not None
        assert not cell.asked and not cell.disputed, (row, column)
    for row in deck.tables["referred"].rows:
        for column, cell in row.cells.items():
            assert not cell.disputed, (row.key, column)


def _check(tmp_path: Path, text: str) -> tuple[int, list[str], str]:
    path = write(tmp_path, text)
    result = run_cli("deck", "check", str(path))
    return result.returncode, [ln for ln in result.stderr.splitlines() if ln.strip()], str(path)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ("          ask: true\n", "ask: true is the default"),
        ("          ask: sometimes\n", "ask must be true or false"),
        (
            "          ask: false\n          disputed: Texts differ.\n",
            "give it 'disputed' or 'ask: false', not both",
        ),
    ],
)
def test_deck_check_refuses_a_misused_mark_at_its_line(tmp_path, replacement, message):
    text = DECK.replace("          ask: false\n", replacement, 1)
    status, lines, path = _check(tmp_path, text)
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{_line_of(text, replacement.strip().splitlines()[0])}:")
    assert message in lines[0]


def test_deck_check_refuses_an_unasked_row_key(tmp_path):
    text = DECK.replace(
        "      - {condition: ureteric colic,",
        "      - condition: {value: renal colic, ask: false}\n"
        "        route: the least splanchnic nerve\n"
        "        source: MOORE\n"
        "      - {condition: ureteric colic,",
    )
    status, lines, path = _check(tmp_path, text)
    assert status == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:{_line_of(text, '{value: renal colic')}:")
    assert "key is always asked" in lines[0]


def test_a_well_formed_mark_checks_clean(tmp_path):
    status, lines, _ = _check(tmp_path, DECK)
    assert status == 0, lines
