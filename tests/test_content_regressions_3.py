"""Open faults of the content issue after the second review, each as a test over generated items.

Items are generated for every affected card over several seeds with four and five options, and
the fault is asserted absent. Each test names what it guards.
"""

from __future__ import annotations

import re

import pytest

from tests.test_content_regressions import items, wrong
from trainer.deck.model import norm
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.facts.registry import Registry
from trainer.generator import Bank

_ROOT_ROW = re.compile(r"^([CTLS]\d{1,2})(?: radiculopathy)?$")


@pytest.fixture(scope="module")
def banks(decks) -> dict[str, Bank]:
    return {d.id: Bank(d) for d in decks}


@pytest.fixture(scope="module")
def registry(decks) -> Registry:
    return Registry.build(decks)


def _roots(atom: str) -> frozenset[str]:
    try:
        return frozenset(parse_roots(atom))
    except (RootSyntaxError, KeyError):
        return frozenset()


def movement_roots(decks, registry: Registry) -> dict[str, frozenset[str]]:
    """Every movement a lesion table names (a weakness or a spared movement), with every root
    any recorded convention gives it a share of."""
    names: set[str] = set()
    for deck in decks:
        for table in deck.tables.values():
            for name in ("weakness", "preserved"):
                if name not in table.columns:
                    continue
                for row in table.rows:
                    if (cell := row.cell(name)) is not None:
                        names |= {norm(v) for v in (*cell.values, *cell.also)}
    found: dict[str, frozenset[str]] = {}
    for name in names:
        fact = registry.get(name, "roots")
        if fact is None:
            continue
        roots: set[str] = set()
        for value in fact.values:
            for atom in value.atoms:
                roots |= _roots(atom)
        found[name] = frozenset(roots)
    return found


def test_movement_roots_cover_the_c8_wrist_extensor(decks, registry):
    """Extensor carpi ulnaris is C7, C8 (Aids): the bank records wrist extension as C6-C8."""
    assert "C8" in movement_roots(decks, registry)["wrist extension"]


def test_no_root_lesion_spares_a_movement_the_root_shares(decks, registry):
    """A root lesion never 'spares' a movement whose recorded roots include that root
    (S1 radiculopathy once spared great toe extension, which Aids gives as L5, S1)."""
    movements = movement_roots(decks, registry)
    checked = 0
    for deck in decks:
        for table in deck.tables.values():
            if "preserved" not in table.columns:
                continue
            for row in table.rows:
                match = _ROOT_ROW.match(row.key)
                if match is None or (cell := row.cell("preserved")) is None:
                    continue
                for value in cell.values:
                    checked += 1
                    assert match.group(1) not in movements.get(norm(value), ()), (
                        deck.id,
                        row.key,
                        value,
                    )
    assert checked > 20


def test_no_movement_with_a_share_of_the_root_is_offered_as_wrong(decks, registry, banks):
    """'Which weakness is most likely' for a root lesion never offers as wrong a movement that
    a recorded convention gives that root a share of (wrist extension for C8, elbow flexion for
    C7, elbow extension for T1, great toe extension for L4 and S1, toe abduction for S1)."""
    movements = movement_roots(decks, registry)
    checked = 0
    for deck in decks:
        bank = banks[deck.id]
        for template in deck.templates:
            if template.answer != "weakness":
                continue
            for item in items(bank, template.id):
                match = _ROOT_ROW.match(item.card_id.rsplit("/", 1)[1])
                if match is None:
                    continue
                root = match.group(1)
                for option, _ in wrong(item):
                    checked += 1
                    assert root not in movements.get(norm(option), ()), (
                        item.card_id,
                        option,
                        item.stem,
                    )
    assert checked > 200
