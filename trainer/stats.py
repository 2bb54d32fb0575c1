"""Progress figures: what `trainer stats` prints and the Stats screen draws."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Float, Integer, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import Exists

from trainer.clock import day_start
from trainer.scheduling.priority import RankTerms
from trainer.scheduling.scheduler import NEW
from trainer.session import Trainer
from trainer.store.db import count_reviews
from trainer.store.models import CardRow, ReviewRow
from trainer.store.ranking import counts_query, exam_recall
from trainer.study.calibration import calibrate
from trainer.study.predict import forecast_from_sum
from trainer.study.queue import DayQueue
from trainer.study.ranking import Ranking
from trainer.study.source import StoreRanking


@dataclass(frozen=True)
class Stats:
    cards: int
    new: int
    due_today: int
    reviews: int
    retention_30d: float | None  # share right of the last 30 days' answers, first answers excluded
    exam_date: date | None
    days_to_exam: int | None
    predicted_exam_recall: float | None
    predicted_exam_recall_if_due_done: float | None
    leeches: int
    retention_answers_30d: int = 0  # how many answers retention_30d is taken over
    # predicted_exam_recall covers the whole syllabus: unseen cards count the share the
    # student already knows; this is the same figure over the cards studied so far only
    predicted_exam_recall_studied: float | None = None
    # what an unseen card counts in predicted_exam_recall: the share of never-seen cards the
    # student already knows (guess-corrected first answers; `study.calibration`)
    unseen_known: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "cards": self.cards,
            "new": self.new,
            "due_today": self.due_today,
            "reviews": self.reviews,
            "retention_30d": self.retention_30d,
            "exam_date": self.exam_date.isoformat() if self.exam_date else None,
            "days_to_exam": self.days_to_exam,
            "predicted_exam_recall": self.predicted_exam_recall,
            "predicted_exam_recall_if_due_done": self.predicted_exam_recall_if_due_done,
            "leeches": self.leeches,
            "retention_answers_30d": self.retention_answers_30d,
            "predicted_exam_recall_studied": self.predicted_exam_recall_studied,
            "unseen_known": self.unseen_known,
        }


def compute_stats(trainer: Trainer) -> Stats:
    store = trainer.store
    now = trainer.clock.now()
    today = day_start(now.date())
    end_of_day = today + timedelta(days=1)
    mine = ReviewRow.student_id == store.student_id
    scheduler = trainer.scheduler()
    exam_at = scheduler.exam_at()
    # the student's own pace of forgetting and prior knowledge (their latest answers)
    calibration = calibrate(scheduler.memory, trainer.source) if exam_at is not None else None
    # one pass over the cards (the ranking's counts, then these); suspended ones are left out
    # of the counts as the drill leaves them out, and still counted among the leeches. With an
    # exam date the same pass sums the studied cards' predicted exam-day recall; when today's
    # queue is built for the forecast, it is the pass that counts the queue's ranking.
    drilled = CardRow.suspended.is_(False)
    recall = (
        exam_recall(scheduler, exam_at, calibration.time_scale, calibration.prior_known)
        if exam_at is not None and calibration is not None
        else literal(0.0, Float)
    )
    figures = (
        func.count().filter(drilled),
        func.count().filter(drilled & (CardRow.state == NEW)),
        func.count().filter(CardRow.leech),
        func.sum(recall).filter(drilled & (CardRow.state != NEW)),
    )
    queue = counted = None
    if exam_at is not None and calibration is not None:
        queue, counted = drill_queue(trainer, figures)  # the drill's own queue and rules
    if counted is None:
        terms = RankTerms("due", now, end_of_day)
        with store.session() as session:
            query = counts_query(terms, store.student_id, None, None, figures)
            counted = tuple(session.execute(query).one())
    _, ranked_due, steps, cards, new, leeches, studied_recall = counted
    cards, new, leeches = (int(x or 0) for x in (cards, new, leeches))
    # studied cards due before the day ends: those in the ranking and the learning steps
    due = int(ranked_due or 0) + int(steps or 0)
    studied_cards = cards - new
    with store.session() as session:
        reviews = count_reviews(session, store.student_id)
        since = now - timedelta(days=30)
        # retention as Anki reports it: a card's first answer tests learning, not memory.
        # "Not the first" is an index probe per recent answer, not a grouping of every review.
        not_first = not_a_first_answer(store.student_id)
        total30, right30 = session.execute(
            select(func.count(), func.sum(ReviewRow.correct.cast(Integer))).where(
                mine, ReviewRow.reviewed_at >= since, not_first
            )
        ).one()
    retention = (right30 or 0) / total30 if total30 else None
    predicted = predicted_done = studied_only = unseen_known = None
    days = None
    if queue is not None and exam_at is not None and calibration is not None:
        forecast = forecast_from_sum(
            scheduler,
            calibration,
            float(studied_recall or 0.0),
            int(studied_cards or 0),
            int(cards),
            queue,
            now,
        )
        if forecast is not None:  # over every card, unseen ones counting prior knowledge
            predicted, predicted_done = forecast.now, forecast.if_today_done
            studied_only = forecast.studied
            unseen_known = forecast.calibration.prior_known
        days = (exam_at.date() - now.date()).days
    return Stats(
        cards=int(cards),
        new=int(new),
        due_today=int(due),
        reviews=int(reviews),
        retention_30d=retention,
        exam_date=trainer.settings.exam_date,
        days_to_exam=days,
        predicted_exam_recall=predicted,
        predicted_exam_recall_if_due_done=predicted_done,
        leeches=int(leeches),
        retention_answers_30d=int(total30 or 0),
        predicted_exam_recall_studied=studied_only,
        unseen_known=unseen_known,
    )


def drill_queue(
    trainer: Trainer, figures: Sequence[Any] = ()
) -> tuple[DayQueue, tuple[Any, ...] | None]:
    """Today's whole-day queue: the one the latest drill holds if it is still current (what
    the drill serves next; no second reading of the collection), else a new one, built as a
    new drill builds it. A new one takes ``figures`` (aggregates over the live cards) in the
    same pass as its ranking's counts, and returns that pass's row (else None)."""
    drill = trainer.drill() if trainer.drill is not None else None
    if drill is not None and not drill.extra and drill.deck_ids is None and drill.topic is None:
        queue = drill._current()  # rebuilt there if the day turned or the store changed
        if queue.scheduler is trainer.scheduler():
            return queue, None
    found: list[tuple[Any, ...]] = []

    def tally(ranking: Ranking) -> None:
        if figures and isinstance(ranking, StoreRanking):
            found.append(ranking.tally(figures))

    queue = DayQueue(trainer.scheduler(), trainer.source, trainer.clock.now(), on_ranking=tally)
    return queue, (found[0] if found else None)


def reviews_per_day(trainer: Trainer, days: int = 84) -> dict[date, int]:
    since = day_start(trainer.clock.now().date()) - timedelta(days=days - 1)
    counts: Counter[date] = Counter()
    with trainer.store.session() as session:
        for (moment,) in session.execute(
            select(ReviewRow.reviewed_at).where(
                ReviewRow.student_id == trainer.store.student_id, ReviewRow.reviewed_at >= since
            )
        ):
            counts[moment.date()] += 1
    return {
        since.date() + timedelta(days=i): counts.get(since.date() + timedelta(days=i), 0)
        for i in range(days)
    }


def due_forecast(trainer: Trainer, days: int = 30) -> list[int]:
    today = day_start(trainer.clock.now().date())
    buckets = [0] * days
    with trainer.store.session() as session:
        for (due,) in session.execute(
            select(CardRow.due).where(
                CardRow.student_id == trainer.store.student_id,
                CardRow.retired_at.is_(None),
                CardRow.state != NEW,
                CardRow.due < today + timedelta(days=days),
            )
        ):
            index = max(0, (due - today).days)
            buckets[index] += 1
    return buckets


def not_a_first_answer(student_id: int) -> Exists:
    """True for a review that is not its card's first answer. Retention as Anki reports it
    leaves first answers out: they test learning, not memory. An index probe per answer,
    answered from the index alone: a card is one student's, and the store records an answer
    only to a card of the answering student, so an earlier review of the card is theirs."""
    earlier = aliased(ReviewRow)
    return (
        select(earlier.id)
        .where(earlier.card_id == ReviewRow.card_id, earlier.id < ReviewRow.id)
        .exists()
    )


def retention_by_topic(trainer: Trainer) -> list[tuple[str, int, float]]:
    """(topic, answers, share right) over the last 30 days' answers with first answers left
    out, exactly as the overall retention; weakest first; ties in order of first answer."""
    student = trainer.store.student_id
    since = trainer.clock.now() - timedelta(days=30)
    query = (
        select(CardRow.topic, func.count(ReviewRow.id), func.sum(ReviewRow.correct.cast(Integer)))
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .where(
            ReviewRow.student_id == student,
            ReviewRow.reviewed_at >= since,
            not_a_first_answer(student),
        )
        .group_by(CardRow.topic)
        .order_by(func.min(ReviewRow.id))
    )
    with trainer.store.session() as session:
        rows = [(topic, int(n), int(right or 0) / n) for topic, n, right in session.execute(query)]
    return sorted(rows, key=lambda row: row[2])


def confused_pairs(trainer: Trainer, limit: int = 8) -> list[tuple[str, str, int]]:
    """(key, chosen, times): the wrong answers the student picks most."""
    times = func.count(ReviewRow.id)
    query = (
        select(ReviewRow.key_text, ReviewRow.chosen_text, times)
        .where(
            ReviewRow.student_id == trainer.store.student_id,
            ReviewRow.correct.is_(False),
            ReviewRow.chosen_text.is_not(None),
        )
        .group_by(ReviewRow.key_text, ReviewRow.chosen_text)
        .order_by(times.desc(), func.min(ReviewRow.id))
        .limit(limit)
    )
    with trainer.store.session() as session:
        return [(key, chosen, int(n)) for key, chosen, n in session.execute(query)]


def confused_pairs_by_topic(trainer: Trainer, limit: int = 8) -> list[tuple[str, str, str, int]]:
    """(topic, key, chosen, times): the wrong answers the student picks most, with the topic
    of the questions they were picked in."""
    times = func.count(ReviewRow.id)
    query = (
        select(CardRow.topic, ReviewRow.key_text, ReviewRow.chosen_text, times)
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .where(
            ReviewRow.student_id == trainer.store.student_id,
            ReviewRow.correct.is_(False),
            ReviewRow.chosen_text.is_not(None),
        )
        .group_by(CardRow.topic, ReviewRow.key_text, ReviewRow.chosen_text)
        .order_by(times.desc(), func.min(ReviewRow.id))
        .limit(limit)
    )
    with trainer.store.session() as session:
        return [(t, key, chosen, int(n)) for t, key, chosen, n in session.execute(query)]
