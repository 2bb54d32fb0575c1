"""Home's per-deck counts come from one queue (`DrillSession.deck_counts`): each must equal
what a drill of that deck alone counts, in every state a collection can be in."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from trainer.errors import TrainerError
from trainer.session import Counts, DrillSession, Trainer


def answer_some(trainer: Trainer, how_many: int, every_wrong: int = 3) -> None:
    """Answer ``how_many`` questions of today's drill, every ``every_wrong``-th one wrong."""
    session = DrillSession(trainer)
    for n in range(how_many):
        presented = session.next()
        if presented is None:
            return
        item = presented.item
        wrong = n % every_wrong == 0
        session.answer(
            presented, (item.answer + 1) % len(item.options) if wrong else item.answer, 7000
        )


def assert_same_as_each_deck_alone(trainer: Trainer, extra: bool = False) -> dict[str, Counts]:
    together = DrillSession(trainer, extra=extra).deck_counts()
    zero = Counts(0, 0, 0, 0, 0)
    for deck_id in trainer.decks:
        alone = DrillSession(trainer, deck_ids=(deck_id,), extra=extra).counts()
        assert together.get(deck_id, zero) == alone, deck_id
    return together


def test_deck_counts_match_each_deck_drilled_alone(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, new_per_day=45))
    fresh = assert_same_as_each_deck_alone(trainer)
    assert sum(c.new for c in fresh.values()) > 45  # each deck alone may take the whole limit
    answer_some(trainer, 30)  # learning steps pending, siblings answered today, limit used
    assert_same_as_each_deck_alone(trainer)
    clock.advance(timedelta(minutes=15))  # the first learning steps fall due
    later = assert_same_as_each_deck_alone(trainer)
    assert sum(c.learning for c in later.values()) > 0
    answer_some(trainer, 10)
    for days in (1, 3, 9):  # reviews fall due; some cards of a fact answered the same day
        clock.advance(timedelta(days=days))
        assert_same_as_each_deck_alone(trainer)
        answer_some(trainer, 25, every_wrong=4)
    due = assert_same_as_each_deck_alone(trainer)
    assert sum(c.review for c in due.values()) > 0


def test_deck_counts_with_limits_suspension_an_exam_date_and_study_more(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, new_per_day=80, learning_steps_min=()))
    answer_some(trainer, 80)
    clock.advance(timedelta(days=4))
    trainer.save_settings(replace(trainer.settings, reviews_per_day=6, new_per_day=3))
    capped = assert_same_as_each_deck_alone(trainer)
    assert sum(c.review for c in capped.values()) > 0
    for card in store.cards()[:40:3]:
        store.set_suspended(card.id, True)
    assert_same_as_each_deck_alone(trainer)
    answer_some(trainer, 5)  # the review limit partly used today
    assert_same_as_each_deck_alone(trainer)
    exam = clock.now().date() + timedelta(days=30)
    trainer.save_settings(replace(trainer.settings, exam_date=exam, reviews_per_day=200))
    ranked = assert_same_as_each_deck_alone(trainer)
    assert sum(c.remaining for c in ranked.values()) > 0
    assert_same_as_each_deck_alone(trainer, extra=True)
    trainer.save_settings(replace(trainer.settings, exam_date=None))
    assert_same_as_each_deck_alone(trainer, extra=True)


def test_deck_counts_refuse_a_drill_already_answered(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    presented = session.next()
    session.answer(presented, presented.item.answer, 5000)
    with pytest.raises(TrainerError):
        session.deck_counts()
