"""The bank-wide fact registry: one record per fact, conflicts located, overlap never offered."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.conftest import run_cli
from trainer.deck import load_deck
from trainer.facts import Registry
from trainer.generator import Bank

DECK = """\
id: facts-demo
title: Facts demo
version: 1
format: 2
sources:
  LL: {title: Revision notes}
  LAST: {title: Last's Anatomy}
facts:
  - subject: knee flexion
    relation: roots
    value: L5, S1
    also: "S1, S2"
    note: Last's gives L5, S1; the revision notes give S1, S2.
    source: [LL, LAST]
tables:
  values:
    title: Root values
    key: movement
    columns:
      movement: {}
      roots: {type: roots, fact: roots, say: "{movement} is supplied by {roots}"}
    rows:
      - {movement: hip adduction, roots: "L2, L3", source: LL}
      - {movement: knee extension, roots: "L3, L4", source: LL}
      - {movement: ankle dorsiflexion, roots: "L4, L5", source: LL}
      - {movement: knee flexion, roots: "L5, S1", source: LL}
      - {movement: ankle plantarflexion, roots: "S1, S2", source: LL}
  chart:
    title: Chart
    key: level
    columns:
      level: {type: roots}
      action: {many: true, fact_of: roots}
    rows:
      - {level: L4, action: [ankle dorsiflexion], source: LL}
      - {level: S2, action: [knee flexion, ankle plantarflexion], source: LL}
templates:
  - id: movement-to-roots
    table: values
    kind: forward
    cues: [movement]
    answer: roots
    stems: ["What is the root value of {movement}?"]
"""


def write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_one_record_joins_every_place(tmp_path):
    deck = load_deck(write(tmp_path, DECK))
    fact = Registry.build([deck]).get("Knee Flexion", "roots")
    assert fact is not None
    assert fact.atoms() == {"l5", "s1", "s2"}
    assert len({p.line for p in fact.places()}) == 3  # facts entry, table cell, chart cell


def test_an_accepted_value_is_never_a_wrong_option(tmp_path):
    bank = Bank(load_deck(write(tmp_path, DECK)))
    for seed in range(40):
        item = bank.generate("facts-demo/movement-to-roots/knee flexion", seed, 4)
        assert item.key == "L5, S1"
        for option in item.options:
            if option != item.key:  # nothing sharing a root with L5, S1 or S1, S2
                assert not {"L5", "S1", "S2"} & set(option.replace(" ", "").split(","))
        assert "S1, S2" in item.rationales[item.answer]  # the convention is named


def test_conflicting_values_in_two_places_are_located(tmp_path):
    text = DECK.replace('{movement: knee extension, roots: "L3, L4", source: LL}', "")
    text = text.replace("      - \n", "")
    text = text.replace(
        "      - {level: L4, action: [ankle dorsiflexion], source: LL}",
        "      - {level: L4, action: [ankle dorsiflexion], source: LL}\n"
        "      - {level: L3, action: [knee flexion], source: LL}",
    )
    path = write(tmp_path, text)
    line = next(i for i, r in enumerate(text.splitlines(), 1) if "level: L3" in r)
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    assert f"{path}:{line}:" in result.stderr
    assert "fact 'knee flexion' (roots) is recorded as L3 here" in result.stderr


def test_undeclared_disagreement_between_decks_is_located(tmp_path):
    one = write(tmp_path, DECK, "one.yaml")
    other = DECK.replace("id: facts-demo", "id: other-demo")
    other = other.replace(
        '{movement: knee extension, roots: "L3, L4"', '{movement: knee extension, roots: "L2-L4"'
    )
    two = write(tmp_path, other, "two.yaml")
    result = run_cli("deck", "check", str(one), str(two))
    assert result.returncode == 2
    assert "fact 'knee extension' (roots) is recorded as L2–L4 here but as L3, L4" in result.stderr


def test_a_fact_recorded_twice_is_refused(tmp_path):
    text = DECK.replace(
        "tables:",
        "  - {subject: knee flexion, relation: roots, value: 'S1, S2'}\ntables:",
    )
    result = run_cli("deck", "check", str(write(tmp_path, text)))
    assert result.returncode == 2
    assert "is recorded twice" in result.stderr


def test_pregnancy_needs_a_woman_of_plausible_age(tmp_path):
    text = DECK.replace(
        "      action: {many: true, fact_of: roots}",
        "      action: {many: true, fact_of: roots}\n      story: {many: true, role: history}",
    ).replace(
        "      - {level: L4, action: [ankle dorsiflexion], source: LL}",
        "      - {level: L4, action: [ankle dorsiflexion], story: [thigh numbness late in pregnancy], source: LL}",
    )
    result = run_cli("deck", "check", str(write(tmp_path, text)))
    assert result.returncode == 2
    assert "fits only a woman" in result.stderr
    assert "plausible pregnancy" in result.stderr
