"""Options come from the key's construct: where a table's rows declare a `group`, an option
drawn from a row shares a group with the key's row (no Schober's test among root-tension tests,
no knee key point for an occiput stem), and a grouped table groups every row. Root values are one
construct: they keep to the key's body region instead (T10 is a fair option beside T1-T4 for a
heart whose row is grouped with the chest)."""

from __future__ import annotations

import textwrap

from tests.conftest import run_cli
from trainer.deck.model import norm
from trainer.generator import Bank
from trainer.generator.item import CannotGenerate

SEEDS = range(12)


def _rows_offering(table, template, text):
    """The rows whose answer cell accepts the option ``text`` (a value belongs to the construct
    of every row that accepts it)."""
    found = []
    for row in table.rows:
        cell = row.cell(template.answer)
        if cell is None:
            continue
        if norm(cell.text) == norm(text) or norm(text) in cell.accepted():
            found.append(row)
    return found


def test_every_option_drawn_from_a_row_shares_the_key_rows_construct(decks):
    grouped_cards = 0
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            source = bank.source(card.card_id)
            if source is None or source[1] is None:
                continue
            template, row = source
            table = deck.tables[template.table]
            if not row.groups or table.columns[template.answer].type == "roots":
                continue
            grouped_cards += 1
            mine = {norm(g) for g in row.groups}
            for options in (4, 5):
                for seed in SEEDS:
                    try:
                        item = bank.generate(card.card_id, seed, options)
                    except CannotGenerate:
                        continue
                    for position, text in enumerate(item.options):
                        if position == item.answer:
                            continue
                        rows = _rows_offering(table, template, text)
                        if not rows:
                            continue  # a shifted root value, drawn from no row
                        assert any(mine & {norm(g) for g in r.groups} for r in rows), (
                            card.card_id,
                            seed,
                            text,
                        )
    assert grouped_cards > 100  # the bundled decks group their mixed tables


def test_root_tension_tests_are_never_offered_beside_spinal_mobility_tests(decks):
    bank = Bank(next(d for d in decks if d.id == "lumbar-localisation"))
    tension = {"straight leg raise", "crossed straight leg raise", "femoral stretch test"}
    tension.add("Bragard's sign")
    for template in ("meaning-to-test", "manoeuvre-to-test"):
        for key in ("straight leg raise", "Schober's test"):
            for seed in SEEDS:
                item = bank.generate_any(f"lumbar-localisation/{template}/{key}", seed, 5)
                assert item.key == key
                same = {o in tension for o in item.options}
                assert same == {key in tension}, item.options


def test_an_occiput_key_point_is_never_offered_beside_a_lower_limb_key_point(decks):
    bank = Bank(next(d for d in decks if d.id == "dermatomes"))
    lower = {"medial femoral condyle", "ischial tuberosity", "heel", "malleolus", "perianal"}
    for seed in SEEDS:
        item = bank.generate("dermatomes/root-to-key-point/C2", seed, 5)
        assert not [o for o in item.options if any(w in o for w in lower)], item.options


def test_a_winged_scapula_is_not_offered_hand_lesions(decks):
    bank = Bank(next(d for d in decks if d.id == "upper-limb-nerves"))
    hand = {"carpal tunnel syndrome", "ulnar neuropathy at the cubital tunnel"}
    hand |= {"C8 radiculopathy", "Klumpke's palsy"}
    for seed in SEEDS:
        item = bank.generate_any(
            "upper-limb-nerves/vignette-lesion/long thoracic nerve palsy", seed, 5
        )
        assert not hand & set(item.options), item.options


GROUPED = """\
id: grouped
title: Grouped deck
version: 1
format: 2
sources:
  LL: {title: Revision notes}
tables:
  tests:
    title: Bedside tests
    key: test
    columns:
      test: {label: test}
      meaning: {label: meaning, complete: true}
    rows:
      - {test: straight leg raise, meaning: lower lumbar root tension, group: root tension, source: LL}
      - {test: femoral stretch test, meaning: upper lumbar root tension, group: root tension, source: LL}
      - {test: Schober's test, meaning: restricted lumbar flexion, source: LL}
templates:
  - id: meaning-to-test
    table: tests
    kind: forward
    cues: [meaning]
    answer: test
    stems: ["Which bedside examination points to {meaning}?"]
"""


def test_a_grouped_table_with_an_ungrouped_row_is_located(tmp_path):
    path = tmp_path / "grouped.yaml"
    path.write_text(textwrap.dedent(GROUPED), encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    line = GROUPED.splitlines().index(next(x for x in GROUPED.splitlines() if "Schober" in x)) + 1
    assert f"{path}:{line}:" in result.stderr
    assert 'row "Schober\'s test"' in result.stderr and "has no 'group'" in result.stderr


def test_a_plexus_nerve_is_never_offered_roots_outside_the_plexus(decks):
    from trainer.deck.roots import ROOT_INDEX, parse_roots

    bank = Bank(next(d for d in decks if d.id == "upper-limb-nerves"))
    low, high = ROOT_INDEX["C3"], ROOT_INDEX["T2"]
    cards = [c for c in bank.cards() if c.template_id == "nerve-to-roots"]
    assert cards
    for card in cards:
        for seed in SEEDS:
            item = bank.generate_any(card.card_id, seed, 5)
            for option in item.options:
                assert all(low <= ROOT_INDEX[r] <= high for r in parse_roots(option)), item.options


def test_within_belongs_to_a_roots_column(tmp_path):
    path = tmp_path / "within.yaml"
    text = GROUPED.replace(
        "      meaning: {label: meaning, complete: true}",
        "      meaning: {label: meaning, complete: true, within: C4-T1}",
    )
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    assert "within applies to a roots column only" in result.stderr


def test_a_template_asks_only_the_rows_of_its_groups(tmp_path):
    """`groups:` on a template: the cards of rows outside them are not made (a hip has too few
    rivals with other referred sites), and a group no row has is refused at its line."""
    from trainer.deck import load_decks

    text = GROUPED.replace(
        "      - {test: Schober's test, meaning: restricted lumbar flexion, source: LL}",
        "      - {test: Schober's test, meaning: restricted lumbar flexion, group: mobility,"
        " source: LL}",
    ).replace("    answer: test\n", "    answer: test\n    groups: [mobility]\n")
    path = tmp_path / "scoped.yaml"
    path.write_text(text, encoding="utf-8")
    bank = Bank(load_decks([path])[0])
    assert {c.row_key for c in bank.cards()} <= {"Schober's test"}
    bad = text.replace("    groups: [mobility]\n", "    groups: [root tension, movement]\n")
    path.write_text(bad, encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    line = bad.splitlines().index("    groups: [root tension, movement]") + 1
    assert f"{path}:{line}:" in result.stderr
    assert "no row of table 'tests' has the group 'movement'" in result.stderr
