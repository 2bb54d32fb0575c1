"""The drill's ranking of studied cards, computed in the database.

`trainer.scheduling.priority` defines each card's number in Python; here the same number is
computed in SQL, operation for operation and in the same order, so that the database returns
exactly the same floats (both call the C library's ``pow`` and ``exp``) and only the top of a
ranking over every card is read: at 100,000 cards, reading, parsing and evaluating every
studied card in Python took seconds. Elapsed time comes from ``cards.last_review_us`` (whole
microseconds, revision 0009): integer arithmetic, then one division, as Python's
``timedelta.total_seconds()`` does. Each level of the query is fenced (``OFFSET 0``) so that
its columns are computed once per row, not once per use. Plain SQL functions only
(``power``, ``exp``, ``CASE``): SQLite (3.35+, built with its math functions) and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from fsrs.scheduler import STABILITY_MIN
from sqlalchemy import BigInteger, Float, Select, and_, bindparam, case, cast, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from trainer.scheduling.memory import SECONDS_PER_DAY
from trainer.scheduling.priority import LEARNING_STATES, RankTerms
from trainer.scheduling.scheduler import NEW, TrainerScheduler
from trainer.store.models import CardRow, epoch_us

DAY_US = 86_400_000_000


def _float(name: str, value: float) -> Any:
    return bindparam(name, float(value), type_=Float)


class greatest(GenericFunction[float]):
    """Python's ``max(x, y)`` on two non-null floats: SQLite's two-argument ``max``,
    PostgreSQL's ``greatest``; each argument evaluated once, as a ``CASE`` would not."""

    type = Float()
    inherit_cache = True


class least(GenericFunction[float]):
    """Python's ``min(x, y)`` on two non-null floats (SQLite's ``min``)."""

    type = Float()
    inherit_cache = True


@compiles(greatest, "sqlite")
def _sqlite_max(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _sqlite_min(element: least, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


def _divided(x: Any, y: Any) -> Any:
    """``x / y`` of two floats, written plainly (SQLAlchemy's SQLite division adds ``+ 0.0``
    to the divisor, one more operation per row for nothing)."""
    return x.op("/", precedence=8, return_type=Float)(y)


def _fenced(query: Select[Any]) -> Any:
    """A subquery the planner will not merge into its parent (``OFFSET 0``)."""
    return query.offset(0).subquery()


def live_studied(student_id: int, deck_ids: Iterable[str] | None, topic: str | None) -> list[Any]:
    """Conditions: the student's live, unsuspended, studied cards of the decks/topic."""
    conditions = [
        CardRow.student_id == student_id,
        CardRow.retired_at.is_(None),
        CardRow.suspended.is_(False),
        CardRow.state != NEW,
    ]
    if deck_ids is not None:
        conditions.append(CardRow.deck_id.in_(list(deck_ids)))
    if topic is not None:
        conditions.append(CardRow.topic == topic)
    return conditions


def ranked_conditions(
    terms: RankTerms, student_id: int, deck_ids: Iterable[str] | None, topic: str | None
) -> list[Any]:
    """`trainer.scheduling.priority.ranked` in SQL, with the card filters."""
    conditions = live_studied(student_id, deck_ids, topic)
    conditions.append(CardRow.due.is_not(None))
    conditions.append(~(CardRow.state.in_(LEARNING_STATES) & (CardRow.due < terms.end)))
    if terms.kind == "due":
        conditions.append(CardRow.due < terms.end)
    return conditions


def _elapsed_days(now_us: int) -> Any:
    """``elapsed_days(last_review, now)``: ``max(0, µs / 1e6 / 86400)``."""
    last = func.coalesce(CardRow.last_review_us, bindparam("now_us", now_us, type_=BigInteger))
    days = _divided(
        _divided(
            cast(bindparam("now_us_", now_us, type_=BigInteger) - last, Float),
            _float("us_per_s", 1_000_000.0),
        ),
        _float("s_per_day", SECONDS_PER_DAY),
    )
    return greatest(_float("zero", 0.0), days)


def priority_query(
    scheduler: TrainerScheduler,
    terms: RankTerms,
    conditions: list[Any],
) -> Any:
    """A subquery of (priority, id) for the cards meeting ``conditions``."""
    if terms.kind == "due":
        return (
            select(CardRow.due.label("priority"), CardRow.id.label("id"))
            .where(*conditions)
            .subquery()
        )
    memory = scheduler.memory
    w = memory.parameters
    now_us = epoch_us(terms.now)
    assert now_us is not None
    one = _float("one", 1.0)
    factor = _float("factor", memory.factor)
    decay = _float("decay", memory.decay)
    base = _fenced(
        select(
            CardRow.id.label("id"),
            CardRow.stability.label("s"),
            CardRow.difficulty.label("d"),
            CardRow.last_review_us.label("last_us"),
            (
                func.coalesce(CardRow.last_review_us, bindparam("now_us2", now_us))
                // bindparam("day_us", DAY_US, type_=BigInteger)
                == bindparam("today", now_us // DAY_US, type_=BigInteger)
            ).label("same_day"),
            _elapsed_days(now_us).label("since"),
        ).where(*conditions)
    )
    if terms.kind == "recall":  # retrievability now; a card never reviewed counts 0
        recall = func.power(one + factor * base.c.since / base.c.s, decay)
        value = case(
            (base.c.s.is_(None) | base.c.last_us.is_(None), _float("none", 0.0)),
            else_=recall,
        )
        return select(value.label("priority"), base.c.id.label("id")).subquery()
    assert terms.exam is not None
    horizon_days = max(0.0, (terms.exam - terms.now).total_seconds() / SECONDS_PER_DAY)
    horizon = _float("horizon", horizon_days)
    s, d, since = base.c.s, base.c.d, base.c.since
    recall = _fenced(
        select(
            base.c.id,
            s,
            d,
            base.c.same_day,
            func.power(one + _divided(factor * (since + horizon), s), decay).label("before"),
            func.power(one + _divided(factor * since, s), decay).label("p"),
        )
    )
    s, d, p, same = recall.c.s, recall.c.d, recall.c.p, recall.c.same_day
    scale = func.power(s, _float("neg_w19", -w[19]))  # same-day rows only: few
    smin = _float("s_min", STABILITY_MIN)
    # the two stabilities after a review, as `Memory.mean_recall_after` computes them; each
    # costly term once per row (``greatest``/``least``: one evaluation of each argument)
    states = _fenced(
        select(
            recall.c.id,
            s,
            d,
            recall.c.before,
            p,
            greatest(
                case(
                    (
                        same,
                        s * greatest(_float("short_good", memory._short_good) * scale, one),
                    ),
                    else_=s
                    * (
                        one
                        + _float("e8", memory._e8)
                        * (_float("eleven", 11.0) - d)
                        * func.power(s, _float("neg_w9", -w[9]))
                        * (func.exp((one - p) * _float("w10", w[10])) - one)
                    ),
                ),
                smin,
            ).label("s_good"),
            greatest(
                case(
                    (same, s * _float("short_again", memory._short_again) * scale),
                    else_=least(
                        _float("w11", w[11])
                        * func.power(d, _float("neg_w12", -w[12]))
                        * (func.power(s + one, _float("w13", w[13])) - one)
                        * func.exp((one - p) * _float("w14", w[14])),
                        _divided(s, _float("short_divisor", memory._short_term_divisor)),
                    ),
                ),
                smin,
            ).label("s_again"),
        )
    )
    p = states.c.p
    after = p * func.power(one + _divided(factor * horizon, states.c.s_good), decay) + (
        one - p
    ) * func.power(one + _divided(factor * horizon, states.c.s_again), decay)
    cost = p * _float("right_ms", terms.right_ms) + (one - p) * _float("wrong_ms", terms.wrong_ms)
    value = case(
        (states.c.s.is_(None) | states.c.d.is_(None), _float("no_gain", 0.0)),
        else_=_divided(-(after - states.c.before), cost),
    )
    return select(value.label("priority"), states.c.id.label("id")).subquery()


def page_query(
    ranking: Any, after: tuple[Any, int] | None, limit: int | None
) -> Select[tuple[Any, int]]:
    """The ranking's next rows, in order, after ``after`` (a (priority, id) already read)."""
    query = select(ranking.c.priority, ranking.c.id).order_by(ranking.c.priority, ranking.c.id)
    if after is not None:
        value, card_id = after
        query = query.where(
            or_(
                ranking.c.priority > value,
                and_(ranking.c.priority == value, ranking.c.id > card_id),
            )
        )
    if limit is not None:
        query = query.limit(limit)
    return query


def counts_query(
    terms: RankTerms,
    student_id: int,
    deck_ids: Iterable[str] | None,
    topic: str | None,
    extra: Sequence[Any] = (),
) -> Select[Any]:
    """In one pass over the live cards of the decks/topic: (cards ranked, of them due before
    the day's end, learning steps due before the day's end), then the ``extra`` columns:
    other aggregates over the same cards (`trainer.stats` takes its figures in this pass)."""
    studied = CardRow.suspended.is_(False) & (CardRow.state != NEW)
    learning = CardRow.state.in_(LEARNING_STATES) & (CardRow.due < terms.end)
    member = studied & CardRow.due.is_not(None) & ~learning
    if terms.kind == "due":
        member = member & (CardRow.due < terms.end)
    conditions = [CardRow.student_id == student_id, CardRow.retired_at.is_(None)]
    if deck_ids is not None:
        conditions.append(CardRow.deck_id.in_(list(deck_ids)))
    if topic is not None:
        conditions.append(CardRow.topic == topic)
    return select(
        func.count().filter(member),
        func.count().filter(member & (CardRow.due < terms.end)),
        func.count().filter(studied & learning),
        *extra,
    ).where(*conditions)


def siblings_condition(siblings: Collection[str]) -> Any:
    return CardRow.sibling.in_(sorted(siblings))


def exam_recall(
    scheduler: TrainerScheduler, at: Any, time_scale: float = 1.0, unknown: float = 0.0
) -> Any:
    """A studied card's predicted recall at ``at``, per row, as
    `trainer.study.calibration.Calibration.recall` gives it: the elapsed days run on
    ``time_scale`` times the model's clock; a card without a stability or a last review
    counts ``unknown``."""
    memory = scheduler.memory
    at_us = epoch_us(at)
    assert at_us is not None
    one = _float("one", 1.0)
    last = CardRow.last_review_us
    days = _divided(
        _divided(
            cast(bindparam("at_us", at_us, type_=BigInteger) - last, Float),
            _float("us_per_s", 1_000_000.0),
        ),
        _float("s_per_day", SECONDS_PER_DAY),
    )
    elapsed = greatest(_float("zero", 0.0), days) * _float("time_scale", time_scale)
    return case(
        (CardRow.stability.is_(None) | last.is_(None), _float("unknown", unknown)),
        else_=func.power(
            one + _divided(_float("factor", memory.factor) * elapsed, CardRow.stability),
            _float("decay", memory.decay),
        ),
    )
