"""The drill queue as the app drives it: real decks, a real SQLite store, a fixed clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from trainer.clock import day_start
from trainer.session import DrillSession, Trainer
from trainer.store import open_store
from trainer.study.calibration import PRIOR_KNOWN, PRIOR_WEIGHT


def drain(session: DrillSession, right: bool = True, limit: int = 2000) -> list[int]:
    """Answer until the drill says it is done; the ids served, in order."""
    served: list[int] = []
    while len(served) <= limit:
        presented = session.next()
        if presented is None:
            return served
        served.append(presented.card.id)
        answer = presented.item.answer if right else (presented.item.answer + 1) % 4
        session.answer(presented, answer, 6000)
    raise AssertionError("the drill never ended")


def test_new_cards_are_shuffled_interleaved_and_the_same_for_a_store(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    first = []
    for _ in range(12):
        presented = session.next()
        first.append(presented.card)
        session.answer(presented, presented.item.answer, 5000)
    # interleaved: the first cards come from every deck
    assert {c.deck_id for c in first[: len(decks)]} == {d.id for d in decks}
    # shuffled: within one deck the cards do not walk the table row by row (with many bundled
    # decks the interleaved first cards hold only one or two per deck, so draw from one deck)
    one = DrillSession(trainer, deck_ids=(first[0].deck_id,))
    keys = []
    for _ in range(6):
        presented = one.next()
        if presented is None:
            break
        keys.append(presented.card.card_key)
        one.answer(presented, presented.item.answer, 5000)
    rows = {c.card_key: i for i, c in enumerate(store.cards())}
    assert len(keys) > 2 and [rows[k] for k in keys] != sorted(rows[k] for k in keys)
    # deterministic: a second store with the same decks gets the same order
    other = open_store(f"sqlite:///{store.engine.url.database}.copy")
    again = DrillSession(Trainer(decks, other, clock))
    assert [again.next().card.card_key] == [first[0].card_key]
    other.close()


def test_counts_are_what_enter_gives_and_status_explains_the_rest(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    counts = session.counts()
    assert counts.remaining == 20 and counts.new == 20  # the daily new-card limit
    served = drain(DrillSession(trainer))
    assert len(served) == counts.remaining
    # learning steps (1 and 10 min) are pending, not due: the drill says when
    status = DrillSession(trainer).status()
    assert status.next_learning_at is not None
    assert status.next_learning_at > clock.now()
    assert status.new_held_by_cap == sum(1 for c in store.cards() if c.state.is_new)
    assert status.due_tomorrow == 0  # nothing studied falls due tomorrow yet
    clock.set(status.next_learning_at)
    later = DrillSession(trainer)
    assert later.counts().learning >= 1
    assert len(drain(later)) >= later.counts().answered


def test_due_tomorrow_counts_tomorrow_only(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, desired_retention=0.97))
    seen_tomorrow = seen_today = 0
    for _ in range(5):
        drain(DrillSession(trainer))
        clock.advance(timedelta(minutes=11))  # learning steps come due: still today
        end = day_start(clock.now().date()) + timedelta(days=1)
        studied = [c for c in store.cards() if not c.state.is_new]
        tomorrow = sum(1 for c in studied if end <= c.state.due < end + timedelta(days=1))
        today = sum(1 for c in studied if c.state.due < end)
        assert DrillSession(trainer).status().due_tomorrow == tomorrow
        seen_tomorrow += tomorrow
        seen_today += today
        clock.set(end + timedelta(hours=9))
    assert seen_tomorrow > 0 and seen_today > 0


def test_review_cap_and_buried_siblings_are_reported(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, new_per_day=60, learning_steps_min=()))
    drain(DrillSession(trainer))
    clock.advance(timedelta(days=3))
    trainer.save_settings(replace(trainer.settings, reviews_per_day=5, new_per_day=0))
    session = DrillSession(trainer)
    counts = session.counts()
    status = session.status()
    due = [
        c
        for c in store.cards()
        if not c.state.is_new and c.state.due < trainer.today() + timedelta(days=1)
    ]
    assert counts.review == 5
    assert status.reviews_held_by_cap + status.buried == len(due) - 5
    served = drain(session)
    assert len(served) == 5


def test_a_card_of_a_fact_answered_today_is_held_back_and_counted(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, new_per_day=300, learning_steps_min=()))
    for _ in range(4):  # one new card of a fact a day: four days introduce most cards
        drain(DrillSession(trainer))
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=60))  # everything studied is due
    session = DrillSession(trainer)
    while True:
        before = session.counts().remaining
        presented = session.next()
        fact = [
            c
            for c in store.cards()
            if c.sibling == presented.card.sibling
            and c.id != presented.card.id
            and not c.state.is_new
            and c.state.last_review < trainer.today()
        ]
        if fact:
            break
        session.answer(presented, presented.item.answer, 5000)
    session.answer(presented, presented.item.answer, 5000)
    assert session.status().buried == len(fact)
    assert session.counts().remaining == before - 1 - len(fact)
    served = drain(session)
    assert not {c.id for c in fact} & set(served)


def test_study_one_deck_or_one_topic(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    topic = "reflexes"
    served = drain(DrillSession(trainer, topic=topic), limit=20)
    assert served and {store.card(i).topic for i in served} == {topic}
    clock.advance(timedelta(days=1))
    deck = decks[1].id
    served = drain(DrillSession(trainer, deck_ids=(deck,)))
    assert served and {store.card(i).deck_id for i in served} == {deck}


def test_study_more_serves_beyond_the_day_with_the_gain_ranking(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    exam = clock.now().date() + timedelta(days=30)
    trainer.save_settings(replace(trainer.settings, exam_date=exam))
    first_day = drain(DrillSession(trainer))
    assert first_day
    clock.advance(timedelta(hours=3))
    assert DrillSession(trainer).next() is None  # the day's cards are done
    more = DrillSession(trainer, extra=True)
    presented = more.next()
    assert presented is not None
    # the card served is the one where a review adds most exam-day recall per second
    scheduler = trainer.scheduler()
    exam_at = scheduler.exam_at()
    now = clock.now()
    queue = more._queue

    def per_second(state):
        gain, p = scheduler.exam_gain(state, now, exam_at)
        return gain / (p * queue.right_ms + (1 - p) * queue.wrong_ms)

    ranked = {c.id: per_second(c.state) for c in store.cards() if not c.state.is_new}
    assert ranked[presented.card.id] == max(ranked.values())
    for _ in range(30):  # it keeps serving while reviews add exam-day recall
        presented = more.next()
        more.answer(presented, presented.item.answer, 5000)


def test_last_days_before_the_exam_end_and_never_repeat_a_card(store, decks, clock):
    """D12: a card answered right on the last study day is parked at the exam, after the
    day's end; it must not come straight back."""
    trainer = Trainer(decks, store, clock)
    start = clock.now().date()
    exam = start + timedelta(days=6)
    trainer.save_settings(replace(trainer.settings, exam_date=exam, new_per_day=40))
    for day in range(6):
        clock.set(day_start(start + timedelta(days=day)) + timedelta(hours=9))
        served = drain(DrillSession(trainer), limit=400)
        assert len(served) == len(set(served)), f"day {day}: a card came back the same day"
    # after the last study day every studied card is parked at the exam or due before it
    exam_at = trainer.scheduler().exam_at()
    assert all(c.state.due <= exam_at for c in store.cards() if not c.state.is_new)
    last_day = DrillSession(trainer)
    assert last_day.next() is None
    assert isinstance(exam, date)


def test_predicted_exam_recall_covers_every_card_and_today_uses_the_queue(store, decks, clock):
    from trainer.stats import compute_stats

    trainer = Trainer(decks, store, clock)
    trainer.save_settings(
        replace(trainer.settings, exam_date=clock.now().date() + timedelta(days=20))
    )
    drain(DrillSession(trainer))
    clock.advance(timedelta(days=2))
    stats = compute_stats(trainer)
    scheduler = trainer.scheduler()
    cards = store.cards()
    exam = scheduler.exam_at()
    # every first answer was right: the student knew those cards before (guess-corrected,
    # pooled with the prior), and an unseen card counts that share
    firsts = sum(1 for c in cards if not c.state.is_new)
    known = (firsts * 1.0 + PRIOR_WEIGHT * PRIOR_KNOWN) / (firsts + PRIOR_WEIGHT)
    studied = [scheduler.retrievability(c.state, exam) for c in cards if not c.state.is_new]
    expected = sum(studied) + known * (len(cards) - len(studied))  # too few reviews: c = 1
    assert stats.predicted_exam_recall == pytest.approx(expected / len(cards))
    assert stats.predicted_exam_recall_studied == pytest.approx(sum(studied) / len(studied))
    assert len(studied) < len(cards) / 2 and known > 0.5  # unseen cards weigh in
    assert stats.predicted_exam_recall_if_due_done > stats.predicted_exam_recall
    drain(DrillSession(trainer))  # today's cards done: nothing more to add
    stats = compute_stats(trainer)
    assert stats.predicted_exam_recall_if_due_done == pytest.approx(stats.predicted_exam_recall)
