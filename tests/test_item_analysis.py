"""Item analysis on simulated classes whose item properties are planted and known."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.classsim import Plan, most_shown_distractor, run_class
from tests.conftest import run_cli
from trainer.analytics.items import (
    NEGATIVE,
    NON_FUNCTIONAL,
    TOO_EASY,
    TOO_HARD,
    Thresholds,
    analyse,
)
from trainer.analytics.responses import first_answers
from trainer.analytics.stats import point_biserial, upper_lower
from trainer.deck import load_decks
from trainer.generator import Bank
from trainer.paths import bundled_deck_paths
from trainer.store.db import open_class

DECK = "reflexes"


@pytest.fixture(scope="module")
def reflexes():
    return [d for d in load_decks(bundled_deck_paths()) if d.id == DECK]


def _plan(trainer) -> Plan:
    """Plants on four cards spread over the deck: whichever cards it holds today."""
    keys = sorted(c.card_key for c in trainer.store.cards())
    neg, easy, hard, nfd = (keys[i * len(keys) // 4] for i in range(4))
    return Plan(
        negative={neg},
        easy={easy},
        hard={hard, nfd},
        never_chosen={nfd: most_shown_distractor(trainer, nfd, 60)},
    )


def planted(plan: Plan) -> tuple[str, str, str, str]:
    (nfd,) = plan.never_chosen
    (neg,) = plan.negative
    (easy,) = plan.easy
    (hard,) = plan.hard - {nfd}
    return neg, easy, hard, nfd


@pytest.fixture(scope="module")
def big_class(tmp_path_factory, reflexes):
    from datetime import UTC, datetime

    from trainer.clock import FixedClock

    url = f"sqlite:///{tmp_path_factory.mktemp('class') / 'class.sqlite3'}"
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    plan, _abilities = run_class(url, reflexes, clock, students=60, plan=_plan)
    return url, plan


def test_planted_items_are_found(big_class, reflexes):
    url, plan = big_class
    NEG, EASY, HARD, NFD = planted(plan)
    store = open_class(url)
    items = analyse(first_answers(store))
    store.close()
    cards = {i.id: i for i in items if i.level == "card"}
    assert len(cards) == len(Bank(reflexes[0]).cards())
    assert all(i.answers == 60 and i.students == 60 for i in cards.values())
    assert NEGATIVE in cards[NEG].flags and cards[NEG].r_pb < -0.1 and cards[NEG].d_27 < 0
    assert TOO_EASY in cards[EASY].flags
    assert TOO_HARD in cards[HARD].flags
    nfd = cards[NFD]
    dead = [d for d in nfd.distractors if d.functions is False]
    assert NON_FUNCTIONAL in nfd.flags and [d.text for d in dead] == [plan.never_chosen[NFD]]
    assert dead[0].chosen == 0 and dead[0].shown >= 20
    assert any(d.functions for d in nfd.distractors)
    # nothing else is negatively discriminating; ordinary items discriminate positively
    assert [k for k, i in cards.items() if NEGATIVE in i.flags] == [NEG]
    ordinary = [i for k, i in cards.items() if k not in {NEG, EASY, HARD, NFD}]
    assert sum(i.r_pb > 0.1 for i in ordinary) >= 0.9 * len(ordinary)


def test_templates_are_judged_across_their_variants(big_class):
    url, plan = big_class
    NEG = planted(plan)[0]
    store = open_class(url)
    items = analyse(first_answers(store), deck_id=DECK)
    store.close()
    templates = {i.id: i for i in items if i.level == "template"}
    cards = [i for i in items if i.level == "card"]
    by_template: dict[str, list] = {}
    for card in cards:
        by_template.setdefault("/".join(card.id.split("/")[:2]), []).append(card)
    for ident, template in templates.items():
        members = by_template[ident]
        assert template.cards == len(members)
        assert template.answers == sum(c.answers for c in members)
        assert template.right == sum(c.right for c in members)
        assert template.flagged_cards == sum(1 for c in members if c.flags)
    # the template holding the planted card carries its flagged card in its count
    assert templates["/".join(NEG.split("/")[:2])].flagged_cards >= 1
    deck = next(i for i in items if i.level == "deck")
    assert deck.answers == 60 * len(cards) and deck.cards == len(cards)


def test_a_small_class_is_reported_not_judged(tmp_path, reflexes, clock):
    url = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    run_class(url, reflexes, clock, students=8, plan=_plan, seed=2)
    store = open_class(url)
    items = analyse(first_answers(store))
    store.close()
    cards = [i for i in items if i.level == "card"]
    assert all(i.answers == 8 for i in cards)
    assert all(not i.flags for i in items)
    assert all(d.functions is None for i in cards for d in i.distractors)
    # but the figures are there
    assert all(i.p is not None and i.median_ms is not None for i in cards)


def test_statistics_on_known_values():
    correct = [True, True, True, False, False, False]
    score = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]
    # (M1 - M0) / s * sqrt(pq): means 0.8 and 0.2, population sd sqrt(0.58 / 6), p = q = 1/2
    expected = (0.8 - 0.2) / (0.58 / 6) ** 0.5 * 0.5
    assert point_biserial(correct, score) == pytest.approx(expected)
    assert upper_lower(correct, score) == 1.0
    assert upper_lower(correct, list(reversed(score))) == -1.0
    assert point_biserial([True, True], [0.1, 0.9]) is None  # no variation: no figure
    assert upper_lower(correct[:3], score[:3]) is None


def test_thresholds_govern_the_flags(big_class):
    url, _plan = big_class
    store = open_class(url)
    responses = first_answers(store)
    store.close()
    assert any(i.flags for i in analyse(responses))
    # no item, template or deck has more answers, nor a distractor more showings, than there
    # are responses: with thresholds above that nothing is judged
    beyond = len(responses) + 1
    strict = analyse(responses, thresholds=Thresholds(min_answers=beyond, min_shown=beyond))
    assert all(not i.flags for i in strict)


def test_items_report_cli_json_csv_and_text(big_class):
    url, plan = big_class
    NEG, _easy, _hard, NFD = planted(plan)
    result = run_cli("--db", url, "items", "report", "--deck", DECK, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    card = next(i for i in data if i["id"] == NEG)
    assert NEGATIVE in card["flags"] and card["answers"] == 60
    result = run_cli("--db", url, "items", "report", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["level"] for r in rows} == {"deck", "template", "card"}
    assert next(r for r in rows if r["id"] == NFD)["flags"].count(NON_FUNCTIONAL) == 1
    text = run_cli("--db", url, "items", "report").stdout
    assert NEG in text and plan.never_chosen[NFD][:40] in text and "NON-FUNCTIONAL" in text
    bad = run_cli("--db", url, "items", "report", "--deck", "nosuch")
    assert bad.returncode == 2 and "nosuch" in bad.stderr
