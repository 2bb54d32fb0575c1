"""Exam blocks on a real store: what is recorded, resuming, sections and clocks, marking."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from trainer.session import Trainer
from trainer.store import open_store
from trainer.store.exams import ExamStore
from trainer.study.exam import ExamBlock
from trainer.study.exam_marking import breakdown, filter_slots, trend
from trainer.study.exam_plan import plan_block
from trainer.study.exam_presets import NEET_PG, NEET_PG_SECTIONS, USMLE, custom_preset


def wrong_option(slot) -> int:
    return (slot.item.answer + 1) % len(slot.item.options)


def test_only_answered_questions_become_reviews(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, custom_preset(10, 20), seed=1)
    block.choose(block.slots[0].item.answer)  # right
    clock.advance(timedelta(seconds=30))
    block.go(1)
    block.choose(wrong_option(block.slots[1]))  # wrong
    block.go(2)  # seen, left blank
    clock.advance(timedelta(seconds=20))
    result = block.submit()
    assert (result.right, result.wrong, result.blank, result.unseen) == (1, 1, 8, 7)
    assert store.review_count() == 2 and result.reviews == 2
    wrong_card = block.slots[1].presented.card.id
    assert store.wrongly_answered_card_ids() == {wrong_card}
    for slot in block.slots[2:]:  # seen-blank and unseen cards keep their state
        assert store.card(slot.presented.card.id).state.is_new
    assert result.score == 1 and result.neet_marks == 3 and result.percent == 10.0
    assert result.seconds_per_answered == pytest.approx(15.0)  # 30 s over two answers


def test_the_wrong_before_pool_never_holds_blanks(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, custom_preset(5, 10), seed=2)
    block.choose(wrong_option(block.slots[0]))
    block.go(1)
    block.submit()
    again = ExamBlock.start(trainer, custom_preset(20, 10), pool="wrong")
    assert [s.presented.card.id for s in again.slots] == [block.slots[0].presented.card.id]


def test_a_block_resumes_as_it_was_in_a_new_process(db_url, decks, clock):
    store = open_store(db_url)
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, USMLE, seed=3)
    block.choose(2)
    block.toggle_flag()
    clock.advance(timedelta(minutes=4))
    block.go(5)
    block.choose(wrong_option(block.slots[5]))
    clock.advance(timedelta(seconds=40))
    block.tick()  # the periodic save of the clock
    expected = [(s.presented.card.id, s.item, s.chosen, s.flagged, s.seen) for s in block.slots]
    store.close()  # the process ends without submitting

    clock.advance(timedelta(hours=3))  # time away from a suspended block is not counted
    store = open_store(db_url)
    resumed = ExamBlock.resume(Trainer(decks, store, clock))
    assert resumed is not None and resumed.sitting_id == block.sitting_id
    got = [(s.presented.card.id, s.item, s.chosen, s.flagged, s.seen) for s in resumed.slots]
    assert got == expected
    assert resumed.current == 5
    assert resumed.remaining() == timedelta(minutes=60 - 4, seconds=-40)
    result = resumed.submit()
    assert store.review_count() == 2 and result.right + result.wrong == 2
    assert ExamBlock.resume(Trainer(decks, store, clock)) is None
    store.close()


def test_a_discarded_block_records_nothing(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, USMLE, seed=4)
    block.choose(0)
    block.discard()
    assert ExamBlock.resume(trainer) is None and store.review_count() == 0


def test_sections_have_their_own_clock_and_close_for_good(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, NEET_PG_SECTIONS, seed=5, repeats=True)
    assert len(block.sections) == 5 and block.sectioned
    assert block.remaining() == timedelta(minutes=42)
    assert block.remaining_total() == timedelta(minutes=210)
    assert not block.can_go(40) and block.can_go(39)
    clock.advance(timedelta(minutes=37, seconds=1))
    assert [(e.kind, e.minutes) for e in block.tick()] == [("warning", 5)]
    assert block.tick() == []  # each warning once
    clock.advance(timedelta(minutes=4))
    assert [(e.kind, e.minutes) for e in block.tick()] == [("warning", 1)]
    clock.advance(timedelta(minutes=1))
    assert [e.kind for e in block.tick()] == ["section-closed"]
    assert (block.section, block.current) == (1, 40)
    assert block.remaining() == timedelta(minutes=42)  # the next section's own clock
    assert not block.go(39)
    block.close_section()
    assert block.section == 2 and block.tally(block.sections[1]).unseen == 39


def test_a_block_warns_at_five_and_one_minute_then_times_up(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, custom_preset(3, 6), seed=6)
    clock.advance(timedelta(minutes=5, seconds=30))  # both thresholds passed at once
    assert [(e.kind, e.minutes) for e in block.tick()] == [("warning", 1)]
    clock.advance(timedelta(minutes=1))
    assert [e.kind for e in block.tick()] == ["time-up"]
    assert block.expired()


def test_navigator_jumps(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    block = ExamBlock.start(trainer, custom_preset(10, 20), seed=7)
    block.choose(0)
    block.go(1)
    block.choose(0)
    block.go(6)
    block.toggle_flag()
    block.go(3)
    block.toggle_flag()
    assert block.next_unanswered() == 4
    assert block.next_flagged() == 6
    block.go(6)
    assert block.next_flagged() == 3  # wraps round
    assert block.flagged() == [3, 6]
    assert block.tally().unanswered == 8 and block.tally().flagged == 2


def test_presets_warn_before_repeating_a_fact(store, decks, clock):
    # the first four bundled decks hold fewer facts than a full NEET PG mock asks for
    small = [
        d for d in decks if d.id in {"dermatomes", "myotomes", "reflexes", "lumbar-localisation"}
    ]
    trainer = Trainer(small, store, clock)
    plan = plan_block(trainer, NEET_PG, seed=8)
    assert plan.facts < NEET_PG.questions
    assert plan.repeats == plan.questions - plan.facts > 0
    assert f"{plan.facts} different facts" in (plan.warning() or "")
    block = ExamBlock.from_plan(trainer, plan)  # no repeats: a shorter block
    facts = [s.presented.card.sibling for s in block.slots]
    assert len(facts) == len(set(facts)) <= plan.facts
    assert plan_block(trainer, USMLE, seed=8).warning() is None


def test_result_filters_breakdown_and_history(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    percents = []
    for n, right in enumerate((1, 3)):
        block = ExamBlock.start(trainer, custom_preset(5, 10), seed=10 + n)
        for i in range(4):
            block.go(i)
            slot = block.slots[i]
            block.choose(slot.item.answer if i < right else wrong_option(slot))
        block.toggle_flag()
        result = block.submit()
        percents.append(result.percent)
        clock.advance(timedelta(hours=1))
    assert filter_slots(block, "wrong") == [3]
    assert filter_slots(block, "blank") == [4]
    assert filter_slots(block, "flagged") == [3]
    shares = breakdown(block, "deck")
    assert sum(s.questions for s in shares) == 5
    assert sum(s.right for s in breakdown(block, "topic")) == 3
    history = ExamStore(store).history()
    assert [round(p.percent) for p in history] == [20, 60] == [round(p) for p in percents]
    assert history[-1].sitting_id == block.sitting_id
    assert trend(history) == pytest.approx(40.0)


def test_upgrading_undoes_the_blank_reviews_earlier_blocks_wrote(db_url, decks, clock):
    """Earlier versions recorded every unanswered exam question as a failed review."""
    from dataclasses import replace

    from trainer.scheduling.policy import Rating
    from trainer.session import DrillSession
    from trainer.store.db import ReviewRecord

    store = open_store(db_url)
    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    drilled = session.next()
    session.answer(drilled, drilled.item.answer, 4000)  # a real answer
    cards = [c for c in store.cards() if c.state.is_new][:3]
    never_seen, later_drilled, answered_wrong = cards
    clock.advance(timedelta(hours=1))
    scheduler = trainer.scheduler()

    def exam_review(card, chosen):
        before = store.card(card.id).state
        after = scheduler.review(before, Rating.Again, clock.now())
        return ReviewRecord(
            card.id, clock.now(), 0, 4, chosen, False, 0, int(Rating.Again), "k",
            None if chosen is None else "x", before, after, mode="exam",
        )  # fmt: skip

    drilled_card = store.card(drilled.card.id)
    kept_state = drilled_card.state
    # what an old block wrote on submit: blanks as failed reviews, next to one real answer
    store.record_reviews(
        [
            exam_review(drilled_card, None),
            exam_review(never_seen, None),
            exam_review(later_drilled, None),
            exam_review(answered_wrong, 2),
        ]
    )
    clock.advance(timedelta(hours=1))
    fresh = store.card(later_drilled.id)
    store.record_review(replace(exam_review(fresh, 1), mode="drill", chosen=1))
    with store.engine.begin() as connection:  # as a database written before this revision
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")
        connection.exec_driver_sql("DROP TABLE card_leases")  # added by a later revision
        connection.exec_driver_sql("DROP INDEX ix_cards_new_order")  # and 0010
        connection.exec_driver_sql("ALTER TABLE cards DROP COLUMN new_order_key")
        connection.exec_driver_sql("ALTER TABLE cards DROP COLUMN suspended")  # and another
        connection.exec_driver_sql("ALTER TABLE cards DROP COLUMN last_review_us")  # and 0009
    assert store.review_count() == 6
    store.close()

    store = open_store(db_url)
    assert store.card(drilled.card.id).state == kept_state
    assert store.review_count(drilled.card.id) == 1
    assert store.card(never_seen.id).state.is_new and store.review_count(never_seen.id) == 0
    assert store.review_count(later_drilled.id) == 2  # a later real answer builds on it
    assert store.review_count(answered_wrong.id) == 1
    assert store.wrongly_answered_card_ids() == {later_drilled.id, answered_wrong.id}
    store.close()


def test_a_block_shows_each_card_its_next_variant(store, decks, clock):
    from trainer.session import DrillSession

    trainer = Trainer(decks, store, clock)
    session = DrillSession(trainer)
    drilled = set()
    for _ in range(5):
        presented = session.next()
        wrong = next(i for i in range(len(presented.item.options)) if i != presented.item.answer)
        session.answer(presented, wrong, 4000)
        drilled.add(presented.card.id)
    # the block of the cards answered wrongly: every one of them was drilled once
    block = ExamBlock.start(trainer, custom_preset(300, 10), pool="wrong", seed=9)
    seeds = {s.presented.card.id: s.item.seed for s in block.slots}
    assert set(seeds) == drilled
    assert all(seeds.values())  # the drilled cards come back as their next variant
    for slot in block.slots:
        assert slot.item.seed == trainer.next_seed(slot.presented.card)


_PATIENT = re.compile(r"^An? \d+(?:\.\d+)?-(?:year-old|kg) ")


def _looks_like_a_vignette(slot) -> bool:
    """What the student sees: a patient first, or an ISNCSCI examination worksheet."""
    stem = slot.item.stem
    return bool(_PATIENT.match(stem)) or stem.startswith("ISNCSCI examination")


def test_a_usmle_block_asks_only_vignettes_when_the_decks_hold_enough(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    for seed in (11, 12, 13):
        plan = plan_block(trainer, USMLE, seed=seed)
        assert plan.vignette_facts is not None and plan.vignette_facts >= USMLE.questions
        assert plan.warning() is None and plan.form_notice() is None
        block = ExamBlock.from_plan(trainer, plan)
        assert len(block.slots) == USMLE.questions
        assert all(trainer.vignette_form(s.presented.card) for s in block.slots)
        assert all(_looks_like_a_vignette(s) for s in block.slots), [
            s.item.stem[:60] for s in block.slots if not _looks_like_a_vignette(s)
        ]
        facts = [s.presented.card.sibling for s in block.slots]
        assert len(set(facts)) == len(facts)


def test_a_neet_pg_block_still_draws_from_every_form(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    plan = plan_block(trainer, NEET_PG, seed=11)
    assert plan.vignette_facts is None
    first = plan.cards[: NEET_PG.questions]
    one_liners = sum(not trainer.vignette_form(c) for c in first)
    assert 0 < one_liners < len(first)


def test_a_usmle_block_fills_up_with_one_liners_and_says_so(store, decks, clock):
    few = [d for d in decks if d.id in {"dermatomes", "lumbar-localisation"}]
    trainer = Trainer(few, store, clock)
    plan = plan_block(trainer, USMLE, seed=14)
    vignette_facts = plan.vignette_facts
    assert vignette_facts is not None and 0 < vignette_facts < USMLE.questions
    assert plan.warning() is None  # two decks hold more than 40 facts: nothing repeats
    assert plan_block(trainer, NEET_PG, seed=14).form_notice() is None
    notice = plan.form_notice() or ""
    assert (
        f"{vignette_facts} different facts in vignette form: the other "
        f"{USMLE.questions - vignette_facts} questions will be one-line items"
    ) in notice
    block = ExamBlock.from_plan(trainer, plan)
    forms = [trainer.vignette_form(s.presented.card) for s in block.slots]
    # every vignette fact comes first, then one-liners of facts not asked yet
    assert forms == [True] * vignette_facts + [False] * (len(forms) - vignette_facts)
    facts = [s.presented.card.sibling for s in block.slots]
    assert len(set(facts)) == len(facts)
