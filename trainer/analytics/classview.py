"""The instructor's view of a class: each student's progress, predicted exam-day recall and
weakest topics, and the exam blocks the class sat, ranked with NEET PG percentiles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Integer, func, select

from trainer.scheduling.scheduler import TrainerScheduler
from trainer.store.db import Store, students
from trainer.store.models import CardRow, ExamRow, ReviewRow
from trainer.study.calibration import calibrate
from trainer.study.predict import recall_now
from trainer.study.source import StoreSource

MIN_TOPIC_ANSWERS = 5  # answers on a topic before it can be called weak
WEAKEST = 3


@dataclass(frozen=True)
class StudentProgress:
    student: str
    cards: int  # live cards
    studied: int  # live cards answered at least once
    reviews: int
    reviews_7d: int
    right_30d: float | None  # share right of every answer of the last 30 days (first ones too)
    exam_date: date | None
    # mean over every live card, as the student's own Stats count it (`study.predict`): a
    # studied card on the student's own pace of forgetting, an unseen card the share the
    # student's first answers say is already known
    predicted_exam_recall: float | None
    weakest_topics: tuple[tuple[str, int, float], ...]  # (topic, answers, share right)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["exam_date"] = self.exam_date.isoformat() if self.exam_date else None
        data["weakest_topics"] = [list(t) for t in self.weakest_topics]
        return data


@dataclass(frozen=True)
class BlockResult:
    """One student's block in a class sitting: a preset sat on one day."""

    preset: str
    day: date
    student: str
    questions: int
    score: float
    max_score: float
    rank: int  # 1 + the number of students who scored more
    of: int  # students in the sitting
    percentile: float  # NEET PG: 100 x students scoring at most this / students

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "day": self.day.isoformat()}


def progress(store: Store, now: datetime, exam_date: date | None = None) -> list[StudentProgress]:
    """Every student's progress; ``exam_date`` (the class's exam) overrides their own."""
    rows = []
    for student_id, name in students(store):
        own = Store(store.engine, student_id, name)
        rows.append(_progress(own, now, exam_date))
    return rows


def _progress(store: Store, now: datetime, exam_date: date | None) -> StudentProgress:
    settings = store.settings()
    if exam_date is not None:
        settings = replace(settings, exam_date=exam_date)
    counts = store.deck_counts(now).values()
    cards = sum(total for total, _new, _due in counts)
    new = sum(n for _total, n, _due in counts)
    states = store.studied_states()
    scheduler = TrainerScheduler(settings)
    exam = scheduler.exam_at()
    predicted = None
    if exam is not None and cards:
        calibration = calibrate(scheduler.memory, StoreSource(store))
        total, _studied = recall_now(scheduler, calibration, states, cards, exam)
        predicted = total / cards
    mine = ReviewRow.student_id == store.student_id
    right = func.sum(ReviewRow.correct.cast(Integer))
    with store.session() as session:
        reviews = session.scalar(select(func.count(ReviewRow.id)).where(mine)) or 0
        week = session.scalar(
            select(func.count(ReviewRow.id)).where(
                mine, ReviewRow.reviewed_at >= now - timedelta(days=7)
            )
        )
        total30, right30 = session.execute(
            select(func.count(ReviewRow.id), right).where(
                mine, ReviewRow.reviewed_at >= now - timedelta(days=30)
            )
        ).one()
        topics = session.execute(
            select(CardRow.topic, func.count(ReviewRow.id), right)
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .where(mine)
            .group_by(CardRow.topic)
        ).all()
    weak = sorted(
        ((topic, int(n), int(r or 0) / n) for topic, n, r in topics if n >= MIN_TOPIC_ANSWERS),
        key=lambda t: (t[2], -t[1], t[0]),
    )
    return StudentProgress(
        student=store.student,
        cards=int(cards),
        studied=int(cards - new),
        reviews=int(reviews),
        reviews_7d=int(week or 0),
        right_30d=(int(right30 or 0) / total30) if total30 else None,
        exam_date=settings.exam_date,
        predicted_exam_recall=predicted,
        weakest_topics=tuple(weak[:WEAKEST]),
    )


def exam_results(store: Store) -> list[BlockResult]:
    """Blocks grouped into sittings (one preset on one day); within a sitting each student's
    first block of the day counts, ranked by score."""
    query = (
        select(ExamRow.student_id, ExamRow.preset, ExamRow.started_at, ExamRow.questions)
        .add_columns(ExamRow.score, ExamRow.max_score)
        .order_by(ExamRow.started_at, ExamRow.id)
    )
    names = dict(students(store))
    sittings: dict[tuple[str, date], dict[int, tuple[int, float, float]]] = {}
    with store.session() as session:
        for student_id, preset, started, questions, score, max_score in session.execute(query):
            sitting = sittings.setdefault((preset, started.date()), {})
            sitting.setdefault(student_id, (questions, score, max_score))
    results = []
    for (preset, day), blocks in sorted(sittings.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        scores = [score for _q, score, _m in blocks.values()]
        n = len(scores)
        ranked = []
        for student_id, (questions, score, max_score) in blocks.items():
            rank = 1 + sum(1 for s in scores if s > score)
            percentile = 100 * sum(1 for s in scores if s <= score) / n
            ranked.append(
                BlockResult(
                    preset=preset,
                    day=day,
                    student=names.get(student_id, "?"),
                    questions=questions,
                    score=score,
                    max_score=max_score,
                    rank=rank,
                    of=n,
                    percentile=percentile,
                )
            )
        results.extend(sorted(ranked, key=lambda r: (r.rank, r.student)))
    return results
