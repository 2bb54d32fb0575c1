"""With an exam date the drill serves studied cards by the exam-day recall one review adds per
second of the student's time, ranked in the database. These tests drive the real drill on real
stores and check what it serves against a ranking computed here, independently, with the
`fsrs` package's own stability functions; and they check that the SQL gives the Python
definition's floats bit for bit, on SQLite and on PostgreSQL."""

from __future__ import annotations

import math
import random
import sqlite3
import statistics
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from fsrs import Rating, Scheduler
from fsrs.scheduler import STABILITY_MIN

from tests.conftest import run_cli
from trainer.clock import FixedClock
from trainer.scheduling.priority import RankTerms, priority
from trainer.scheduling.scheduler import CardState, TrainerScheduler
from trainer.session import DrillSession, Trainer
from trainer.stats import compute_stats
from trainer.store import open_store
from trainer.store.db import _apply_state
from trainer.study.calibration import calibrate
from trainer.study.source import StoreRanking

START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
EXAM = date(2026, 12, 12)
FSRS = Scheduler(enable_fuzzing=False)
W = FSRS.parameters
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


# -- the reference: fsrs's own formulas, written here ---------------------------------------
def _recall(stability: float, days: float) -> float:
    return (1 + FACTOR * max(0.0, days) / stability) ** DECAY


def _days(since: datetime, until: datetime) -> float:
    return (until - since).total_seconds() / 86_400


def reference_gain(state: CardState, now: datetime, exam: datetime) -> tuple[float, float]:
    """(exam-day recall one review now adds, probability it is right)."""
    s, d, last = state.stability, state.difficulty, state.last_review
    assert s is not None and d is not None and last is not None
    p = _recall(s, _days(last, now))
    if now.date() == last.date():  # fsrs's same-day update
        good = FSRS._short_term_stability(stability=s, rating=Rating.Good)
        again = FSRS._short_term_stability(stability=s, rating=Rating.Again)
    else:
        good = FSRS._next_recall_stability(
            difficulty=d, stability=s, retrievability=p, rating=Rating.Good
        )
        again = FSRS._next_forget_stability(difficulty=d, stability=s, retrievability=p)
    good, again = max(good, STABILITY_MIN), max(again, STABILITY_MIN)
    horizon = _days(now, exam)
    after = p * _recall(good, horizon) + (1 - p) * _recall(again, horizon)
    before = _recall(s, _days(last, now) + horizon)
    return after - before, p


def reference_priority(state: CardState, now: datetime, exam: datetime, times: Times) -> float:
    gain, p = reference_gain(state, now, exam)
    return -gain / (p * times.right + (1 - p) * times.wrong)


@dataclass
class Times:
    """The student's median answer times, as the drill reads them: the last 200 answers."""

    log: list[tuple[bool, int]] = field(default_factory=list)

    @property
    def right(self) -> float:
        values = [ms for ok, ms in self.log[-200:] if ok]
        return statistics.median(values) if values else 10_000

    @property
    def wrong(self) -> float:
        values = [ms for ok, ms in self.log[-200:] if not ok]
        return statistics.median(values) if values else 20_000


def _close_enough(served: float, best: float) -> bool:
    """``served`` is the best value, to within the last bits of a float."""
    return served <= best + max(1e-12 * abs(best), 1e-18)


# -- driving the real drill ------------------------------------------------------------------
def _trainer(url: str, decks, clock: FixedClock) -> Trainer:
    trainer = Trainer(decks, open_store(url), clock)
    trainer.save_settings(
        replace(trainer.settings, exam_date=EXAM, new_per_day=25, reviews_per_day=30)
    )
    return trainer


def drive(trainer: Trainer, days: int, check: bool, more_on: tuple[int, ...] = ()) -> list[int]:
    """Study ``days`` days (each morning nine minutes earlier than the day before, so less
    than 24 hours apart), with 25 cards of "study more" on the days in ``more_on``; the cards
    served, in order. With ``check``, every studied card served must be the reference
    ranking's best at that moment."""
    clock = trainer.clock
    assert isinstance(clock, FixedClock)
    exam = datetime.combine(EXAM, datetime.min.time(), tzinfo=UTC)
    rng = random.Random(7)
    times = Times()
    served: list[int] = []
    for day in range(days):
        clock.set(START + timedelta(days=day, minutes=-9 * day))
        session = DrillSession(trainer)
        built = clock.now()
        cards = {c.id: c for c in trainer.store.cards()}
        # ranked as the day's queue is built: every studied card, at this moment
        ranked = {
            i: reference_priority(c.state, built, exam, times)
            for i, c in cards.items()
            if not c.state.is_new
        }
        facts: dict[str, set[int]] = {}  # the cards of each fact answered today
        requeued: dict[int, float] = {}  # answered in "study more": ranked again as of then
        reviews, extra_left = 0, 25
        while True:
            presented = session.next()
            if presented is None:
                if day in more_on and not session.extra:
                    session.study_more()
                    continue
                break
            if session.extra:
                if extra_left == 0:
                    break
                extra_left -= 1
            card = presented.card

            def held(i: int, facts=facts, cards=cards) -> bool:  # another card of its fact
                return bool(facts.get(cards[i].sibling, set()) - {i})

            if check and not card.state.is_new:
                answered = set().union(*facts.values())
                waiting = {i: v for i, v in ranked.items() if i not in answered and not held(i)}
                waiting |= {i: v for i, v in requeued.items() if not held(i)}
                assert card.id in waiting, (day, card.card_key)
                assert _close_enough(waiting[card.id], min(waiting.values())), (day, reviews)
                reviews += 1
            clock.advance(timedelta(seconds=rng.randint(4, 40)))
            right = rng.random() < 0.7
            options = len(presented.item.options)
            chosen = presented.item.answer if right else (presented.item.answer + 1) % options
            response_ms = rng.randint(3_000, 40_000)
            feedback = session.answer(presented, chosen, response_ms)
            times.log.append((feedback.correct, response_ms))
            served.append(card.id)
            facts.setdefault(card.sibling, set()).add(card.id)
            requeued.pop(card.id, None)
            if session.extra and not held(card.id):
                requeued[card.id] = reference_priority(feedback.after, clock.now(), exam, times)
        if check and day not in more_on:
            assert reviews <= 30  # the daily review limit
    return served


def test_the_drill_serves_the_reference_ranking_day_after_day(tmp_path, decks):
    clock = FixedClock(START)
    trainer = _trainer(f"sqlite:///{tmp_path / 'p.sqlite3'}", decks, clock)
    served = drive(trainer, days=8, check=True, more_on=(5,))
    studied = [c for c in trainer.store.cards() if not c.state.is_new]
    assert len(served) > 300 and len(studied) > 150  # reviews were ranked, day after day


def test_sqlite_and_postgresql_serve_the_same_cards(tmp_path, decks, pg_url):
    runs = []
    for url in (f"sqlite:///{tmp_path / 'p.sqlite3'}", pg_url):
        trainer = _trainer(url, decks, FixedClock(START))
        runs.append(drive(trainer, days=4, check=False, more_on=(2,)))
        trainer.store.close()
    assert runs[0] == runs[1] and len(runs[0]) > 100


def test_predicted_exam_day_recall_is_the_reference_figure(tmp_path, decks):
    clock = FixedClock(START)
    trainer = _trainer(f"sqlite:///{tmp_path / 'p.sqlite3'}", decks, clock)
    drive(trainer, days=4, check=False)
    clock.set(START + timedelta(days=4, hours=3))
    session = DrillSession(trainer)
    for _ in range(12):  # part of today done: answered and held-back cards exist
        presented = session.next()
        assert presented is not None
        session.answer(presented, presented.item.answer, 9_000)
    exam = datetime.combine(EXAM, datetime.min.time(), tzinfo=UTC)
    now = clock.now()
    stats = compute_stats(trainer)  # the live drill's queue serves the forecast
    assert trainer.drill is not None and trainer.drill() is session
    trainer.drill = None
    assert compute_stats(trainer) == stats  # the same from a queue built for it alone
    cards = [c for c in trainer.store.cards() if not c.suspended]
    studied = [c for c in cards if not c.state.is_new]
    assert studied and stats.cards == len(cards)
    # the student's calibration (trainer.study.calibration, tested on its own): with this few
    # repeat answers the model's own clock, and a share of unseen cards known
    calibration = calibrate(trainer.scheduler().memory, trainer.source)
    known = calibration.prior_known
    assert calibration.time_scale == 1.0 and stats.unseen_known == known
    total = sum(_recall(c.state.stability, _days(c.state.last_review, exam)) for c in studied)  # type: ignore[arg-type]
    assert math.isclose(stats.predicted_exam_recall_studied, total / len(studied), rel_tol=1e-12)  # type: ignore[arg-type]
    total += (len(cards) - len(studied)) * known
    assert math.isclose(stats.predicted_exam_recall, total / len(cards), rel_tol=1e-12)  # type: ignore[arg-type]
    # "if today's cards are done": the drill's own next cards, each adding its gain
    counts = DrillSession(trainer).counts()
    new, reviews = counts.new, counts.review
    with trainer.store.session() as s:
        from sqlalchemy import select

        from trainer.store.models import ReviewRow

        log = [
            (bool(ok), int(ms))
            for ok, ms in s.execute(
                select(ReviewRow.correct, ReviewRow.response_ms).order_by(ReviewRow.id)
            )
        ]
        today = {
            card_id
            for (card_id,) in s.execute(
                select(ReviewRow.card_id).where(ReviewRow.reviewed_at >= START + timedelta(days=4))
            )
        }
    times = Times(log)
    siblings = {c.sibling for c in studied if c.id in today}
    waiting = sorted(
        (reference_priority(c.state, now, exam, times), c.id, c)
        for c in studied
        if c.id not in today and c.sibling not in siblings
    )
    gained = sum(max(0.0, reference_gain(c.state, now, exam)[0]) for _, _, c in waiting[:reviews])
    known_first = FSRS._initial_stability(rating=Rating.Good)
    unknown_first = FSRS._initial_stability(rating=Rating.Again)
    first = known * _recall(known_first, _days(now, exam)) + (1 - known) * _recall(
        unknown_first, _days(now, exam)
    )
    gained += new * max(0.0, first - known)
    expected = min(1.0, (total + gained) / len(cards))
    assert reviews > 0 and new > 0
    assert math.isclose(stats.predicted_exam_recall_if_due_done, expected, rel_tol=1e-12)  # type: ignore[arg-type]


def _random_states(rng: random.Random, now: datetime, count: int) -> list[CardState]:
    states = []
    for i in range(count):
        last = now - timedelta(
            seconds=rng.randint(0, 90 * 86_400), microseconds=rng.randint(0, 999_999)
        )
        if i % 7 == 0:  # answered earlier today: fsrs's same-day update
            last = now.replace(hour=0) + timedelta(seconds=rng.randint(0, 7 * 3600))
        states.append(
            CardState(
                state=3 if i % 11 == 0 else 2,
                stability=rng.choice([0.01, 0.2, rng.uniform(0.5, 300)]),
                difficulty=rng.uniform(1, 10),
                due=now + timedelta(days=rng.uniform(-30, 60)),
                last_review=last,
                reps=3,
            )
        )
    return states


def _ranking_is_the_python_definition(url: str, decks) -> None:
    now = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    store = open_store(url)
    trainer = Trainer(decks, store, FixedClock(now))
    scheduler = TrainerScheduler(replace(trainer.settings, exam_date=EXAM))
    cards = store.cards()
    rng = random.Random(3)
    with store.session() as session:
        for card, state in zip(cards, _random_states(rng, now, len(cards)), strict=True):
            _apply_state(session, store.student_id, card.id, state)
    states = {c.id: c.state for c in store.cards()}
    end = datetime(2026, 12, 1, tzinfo=UTC)
    exam = scheduler.exam_at()
    for terms in (
        RankTerms("exam", now, end, exam, 8_500.0, 21_000.0),
        RankTerms("recall", now, end),
        RankTerms("due", now, end),
    ):
        ranking = StoreRanking(store, scheduler, terms, None, None)
        first = ranking.next_page(50)
        rows = first + ranking.next_page(None)
        expected = sorted(
            (priority(scheduler, terms, state), card_id)
            for card_id, state in states.items()
            if not (state.state == 3 and state.due < end)  # type: ignore[operator]
            and (terms.kind != "due" or state.due < end)  # type: ignore[operator]
        )
        assert rows == expected  # the same floats, bit for bit, in the same order
        assert len(first) == 50 and len(rows) > 150
        total, due = ranking.counts()
        assert total == len(expected)
        assert due == sum(1 for _, i in expected if states[i].due < end)  # type: ignore[operator]
    store.close()


def test_sql_ranking_gives_the_python_floats_on_sqlite(tmp_path, decks):
    _ranking_is_the_python_definition(f"sqlite:///{tmp_path / 'p.sqlite3'}", decks)


def test_sql_ranking_gives_the_python_floats_on_postgresql(pg_url, decks):
    _ranking_is_the_python_definition(pg_url, decks)


def test_check_finds_and_repairs_a_last_review_out_of_step(tmp_path, decks):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    clock = FixedClock(START)
    trainer = _trainer(url, decks, clock)
    session = DrillSession(trainer)
    presented = session.next()
    assert presented is not None
    session.answer(presented, presented.item.answer, 5_000)
    trainer.store.close()
    with sqlite3.connect(path) as db:
        right = db.execute(
            "select last_review_us from cards where id = ?", (presented.card.id,)
        ).fetchone()[0]
        db.execute("update cards set last_review_us = 5 where id = ?", (presented.card.id,))
    found = run_cli("--db", url, "check")
    assert found.returncode == 1 and "last review in microseconds (5)" in found.stdout
    assert run_cli("--db", url, "check", "--repair").returncode == 0
    with sqlite3.connect(path) as db:
        assert db.execute(
            "select last_review_us from cards where id = ?", (presented.card.id,)
        ).fetchone() == (right,)
