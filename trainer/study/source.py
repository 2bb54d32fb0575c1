"""What the drill queue reads, and the store's implementation of it.

The queue reads the collection only when it is built (once a day, after an undo or re-rating,
or when another process answered); every answer then updates it in memory. The simulator
provides the same reads from memory, so the app and the simulator run one queue.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select, tuple_

from trainer.scheduling.priority import LEARNING_STATES, RankTerms
from trainer.scheduling.scheduler import NEW, CardState, TrainerScheduler
from trainer.store import ranking as sql
from trainer.store.db import Store, StoredCard, _cards_query, _stored
from trainer.store.models import CardRow, ReviewRow
from trainer.store.shuffle import order_key
from trainer.study.calibration import RecentAnswer
from trainer.study.new_cards import StoredNewCards, deck_order


@dataclass(frozen=True)
class NewCard:
    id: int
    card_key: str
    deck_id: str
    sibling: str


@dataclass(frozen=True)
class TodayAnswer:
    card_id: int
    sibling: str
    state_before: int  # 0 new, 1 learning, 2 review, 3 relearning


class QueueSource(Protocol):
    def studied_cards(
        self, deck_ids: Iterable[str] | None, topic: str | None, due_before: datetime | None
    ) -> list[StoredCard]:
        """Live studied cards of the decks/topic, only those due before ``due_before`` if given."""
        ...

    def new_cards(self, deck_ids: Iterable[str] | None, topic: str | None) -> list[NewCard]: ...

    def count_new(self) -> int: ...

    def answers_since(self, since: datetime) -> list[TodayAnswer]: ...

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        """Recent response times in ms: (right answers, wrong answers)."""
        ...

    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        """The latest ``limit`` answers, newest first (for `calibration`)."""
        ...

    def last_review_id(self) -> int: ...

    def count_due_between(
        self, start: datetime, end: datetime, deck_ids: Iterable[str] | None, topic: str | None
    ) -> int: ...

    def card(self, card_id: int) -> StoredCard: ...

    def live_card_ids(self) -> list[int]:
        """The ids of every card the drill can serve (live, not suspended), ascending."""
        ...

    def cards_by_id(self, ids: Sequence[int]) -> list[StoredCard]:
        """The cards of ``ids`` with their current states, in the same order."""
        ...

    def answer_log(self, since: datetime) -> tuple[datetime | None, list[tuple[datetime, int]]]:
        """(the student's first answer's time, (time, response ms) of each answer since
        ``since``)."""
        ...


CHUNK = 500  # card ids per read of a list of cards


def _filtered(query, student_id: int, deck_ids: Iterable[str] | None, topic: str | None):  # type: ignore[no-untyped-def]
    query = query.where(  # live cards the student has not suspended
        CardRow.student_id == student_id,
        CardRow.retired_at.is_(None),
        CardRow.suspended.is_(False),
    )
    if deck_ids is not None:
        query = query.where(CardRow.deck_id.in_(list(deck_ids)))
    if topic is not None:
        query = query.where(CardRow.topic == topic)
    return query


class StoreSource:
    """The queue's reads from the progress database."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def studied_cards(
        self, deck_ids: Iterable[str] | None, topic: str | None, due_before: datetime | None
    ) -> list[StoredCard]:
        query = _filtered(
            _cards_query().where(CardRow.state != NEW), self.store.student_id, deck_ids, topic
        )
        if due_before is not None:
            query = query.where(CardRow.due < due_before)
        with self.store.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def new_cards(self, deck_ids: Iterable[str] | None, topic: str | None) -> list[NewCard]:
        query = _filtered(
            select(CardRow.id, CardRow.card_key, CardRow.deck_id, CardRow.sibling).where(
                CardRow.state == NEW
            ),
            self.store.student_id,
            deck_ids,
            topic,
        )
        with self.store.session() as session:
            return [NewCard(*row) for row in session.execute(query)]

    def count_new(self) -> int:
        return self.store.count_new()

    def new_card_order(
        self, deck_ids: Iterable[str] | None, topic: str | None, seed: int
    ) -> StoredNewCards | None:
        """`new_cards` in the drill's order, read from each card's stored place a page at a
        time (`trainer.study.new_cards`); None if the cards keep their places for another
        seed, or some card has none (added by other means than the card sync): then sort them
        all. The card sync and `Store.save_settings` keep the places for the student's seed."""
        waiting = [  # the index's leading columns, in its order: equalities, then the deck
            CardRow.student_id == self.store.student_id,
            CardRow.state == NEW,
            CardRow.retired_at.is_(None),
            CardRow.suspended.is_(False),
        ]
        if topic is not None:
            waiting.append(CardRow.topic == topic)
        with self.store.session() as session:
            probe = select(CardRow.card_key, CardRow.new_order_key).where(
                CardRow.student_id == self.store.student_id, CardRow.new_order_key.is_not(None)
            )
            placed = session.execute(probe.limit(1)).first()
            if placed is not None and placed[1] != order_key(placed[0], seed):
                return None  # placed for another seed
            if deck_ids is not None:
                decks = sorted(set(deck_ids))
            else:  # the decks with new cards: one index probe per deck
                decks = []
                while True:
                    later = [CardRow.deck_id > decks[-1]] if decks else []
                    deck = session.scalar(select(func.min(CardRow.deck_id)).where(*waiting, *later))
                    if deck is None:
                        break
                    decks.append(deck)
            for deck in decks:
                unplaced = select(CardRow.id).where(
                    *waiting, CardRow.deck_id == deck, CardRow.new_order_key.is_(None)
                )
                if session.scalar(unplaced.limit(1)) is not None:
                    return None

        def read(deck: str, after: tuple[int, int] | None, limit: int) -> list[tuple[int, NewCard]]:
            query = select(
                CardRow.new_order_key,
                CardRow.id,
                CardRow.card_key,
                CardRow.deck_id,
                CardRow.sibling,
            ).where(*waiting, CardRow.deck_id == deck)
            if after is not None:
                query = query.where(tuple_(CardRow.new_order_key, CardRow.id) > tuple_(*after))
            query = query.order_by(CardRow.new_order_key, CardRow.id).limit(limit)
            with self.store.session() as session:
                return [(key, NewCard(*card)) for key, *card in session.execute(query)]

        def count() -> int:
            query = select(func.count()).select_from(CardRow).where(*waiting)
            if deck_ids is not None:
                query = query.where(CardRow.deck_id.in_(decks))
            with self.store.session() as session:
                return int(session.scalar(query) or 0)

        return StoredNewCards(deck_order(decks, seed), read, count)

    def answers_since(self, since: datetime) -> list[TodayAnswer]:
        query = (
            select(ReviewRow.card_id, CardRow.sibling, ReviewRow.state_before)
            .join(CardRow, CardRow.id == ReviewRow.card_id)
            .where(ReviewRow.student_id == self.store.student_id, ReviewRow.reviewed_at >= since)
            # in time order: an index range over today's answers (ordered by id alone, SQLite
            # walked the student's every review, 0.2 s at a million)
            .order_by(ReviewRow.reviewed_at, ReviewRow.id)
        )
        with self.store.session() as session:
            return [
                TodayAnswer(card_id, sibling, int(json.loads(before)["state"]))
                for card_id, sibling, before in session.execute(query)
            ]

    def answer_times(self, limit: int = 200) -> tuple[list[int], list[int]]:
        query = (
            select(ReviewRow.correct, ReviewRow.response_ms)
            # 0: no time was recorded (a review imported without its duration)
            .where(ReviewRow.student_id == self.store.student_id, ReviewRow.response_ms > 0)
            .order_by(ReviewRow.id.desc())
            .limit(limit)
        )
        right: list[int] = []
        wrong: list[int] = []
        with self.store.session() as session:
            for correct, ms in session.execute(query):
                (right if correct else wrong).append(int(ms))
        return right, wrong

    def recent_answers(self, limit: int) -> list[RecentAnswer]:
        """The latest ``limit`` answers, newest first: an index walk from the end."""
        query = (
            select(
                ReviewRow.state_before,
                ReviewRow.reviewed_at,
                ReviewRow.correct,
                ReviewRow.options,
            )
            # answers to a question of known options only: a review imported from another
            # tool's log has none (0) and no state before it
            .where(ReviewRow.student_id == self.store.student_id, ReviewRow.options > 1)
            .order_by(ReviewRow.id.desc())
            .limit(limit)
        )
        with self.store.session() as session:
            return [
                RecentAnswer(CardState.from_json(before), at, bool(correct), int(options))
                for before, at, correct, options in session.execute(query)
            ]

    def last_review_id(self) -> int:
        with self.store.session() as session:
            query = (  # an index walk from the end, not a scan of the student's reviews
                select(ReviewRow.id)
                .where(ReviewRow.student_id == self.store.student_id)
                .order_by(ReviewRow.id.desc())
                .limit(1)
            )
            return int(session.scalar(query) or 0)

    def count_due_between(
        self, start: datetime, end: datetime, deck_ids: Iterable[str] | None, topic: str | None
    ) -> int:
        query = _filtered(
            select(func.count(CardRow.id)).where(
                CardRow.state != NEW, CardRow.due >= start, CardRow.due < end
            ),
            self.store.student_id,
            deck_ids,
            topic,
        )
        with self.store.session() as session:
            return int(session.scalar(query) or 0)

    def card(self, card_id: int) -> StoredCard:
        return self.store.card(card_id)

    def live_card_ids(self) -> list[int]:
        query = _filtered(select(CardRow.id), self.store.student_id, None, None)
        with self.store.session() as session:
            return sorted(session.scalars(query))

    def cards_by_id(self, ids: Sequence[int]) -> list[StoredCard]:
        found: dict[int, StoredCard] = {}
        with self.store.session() as session:
            for start in range(0, len(ids), CHUNK):
                query = _cards_query().where(CardRow.id.in_(ids[start : start + CHUNK]))
                found.update((row.id, _stored(row)) for row in session.execute(query))
        return [found[i] for i in ids]

    def answer_log(self, since: datetime) -> tuple[datetime | None, list[tuple[datetime, int]]]:
        mine = ReviewRow.student_id == self.store.student_id
        with self.store.session() as session:
            first = session.scalar(select(func.min(ReviewRow.reviewed_at)).where(mine))
            rows = session.execute(
                select(ReviewRow.reviewed_at, ReviewRow.response_ms).where(
                    mine, ReviewRow.reviewed_at >= since
                )
            ).all()
        return first, [(at, int(ms)) for at, ms in rows]

    def ranking(
        self,
        scheduler: TrainerScheduler,
        terms: RankTerms,
        deck_ids: Iterable[str] | None,
        topic: str | None,
    ) -> StoreRanking:
        return StoreRanking(self.store, scheduler, terms, deck_ids, topic)


class StoreRanking:
    """A `trainer.study.ranking.Ranking` computed by the database (`trainer.store.ranking`)."""

    def __init__(
        self,
        store: Store,
        scheduler: TrainerScheduler,
        terms: RankTerms,
        deck_ids: Iterable[str] | None,
        topic: str | None,
    ) -> None:
        self.store = store
        self.terms = terms
        self.deck_ids = list(deck_ids) if deck_ids is not None else None
        self.topic = topic
        self.conditions = sql.ranked_conditions(terms, store.student_id, self.deck_ids, topic)
        self.ranked = sql.priority_query(scheduler, terms, self.conditions)
        self.last: tuple[object, int] | None = None  # the last row handed out, as stored
        self.counted: tuple[int, int, int] | None = None

    def _counts(self) -> tuple[int, int, int]:
        if self.counted is None:
            self.tally(())
        assert self.counted is not None
        return self.counted

    def tally(self, extra: Sequence[Any]) -> tuple[Any, ...]:
        """The ranking's counts and the ``extra`` aggregates over the same live cards, in one
        pass (`trainer.store.ranking.counts_query`): the row, whose counts are kept."""
        query = sql.counts_query(
            self.terms, self.store.student_id, self.deck_ids, self.topic, extra
        )
        with self.store.session() as session:
            row = tuple(session.execute(query).one())
        ranked, due, steps = row[:3]
        self.counted = (int(ranked or 0), int(due or 0), int(steps or 0))
        return row

    def counts(self) -> tuple[int, int]:
        return self._counts()[:2]

    def counts_by_deck(self) -> dict[str, tuple[int, int]]:
        query = sql.counts_query(self.terms, self.store.student_id, self.deck_ids, self.topic)
        query = query.add_columns(CardRow.deck_id).group_by(CardRow.deck_id)
        with self.store.session() as session:
            return {
                deck: (int(ranked or 0), int(due or 0))
                for ranked, due, _, deck in session.execute(query)
            }

    def next_page(self, limit: int | None) -> list[tuple[float, int]]:
        with self.store.session() as session:
            rows = session.execute(sql.page_query(self.ranked, self.last, limit)).all()
        if rows:
            self.last = (rows[-1][0], rows[-1][1])
        if self.terms.kind == "due":  # due times, as the Python definition gives them
            return [(due.timestamp(), card_id) for due, card_id in rows]
        return [(value, card_id) for value, card_id in rows]

    def _studied(self):  # type: ignore[no-untyped-def]
        return _cards_query().where(
            *sql.live_studied(self.store.student_id, self.deck_ids, self.topic)
        )

    def learning(self) -> list[StoredCard]:
        if self._counts()[2] == 0:  # counted in the same pass as the ranking's size
            return []
        query = self._studied().where(
            CardRow.state.in_(LEARNING_STATES), CardRow.due < self.terms.end
        )
        with self.store.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def of_facts(self, siblings: Collection[str]) -> list[StoredCard]:
        names = sorted(siblings)
        found: list[StoredCard] = []
        with self.store.session() as session:
            for start in range(0, len(names), 500):
                query = self._studied().where(sql.siblings_condition(names[start : start + 500]))
                found.extend(_stored(row) for row in session.execute(query))
        return found

    def cards(self, ids: Iterable[int]) -> list[StoredCard]:
        wanted = list(ids)
        found: dict[int, StoredCard] = {}
        with self.store.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = _cards_query().where(
                    CardRow.student_id == self.store.student_id, CardRow.id.in_(chunk)
                )
                found.update((row.id, _stored(row)) for row in session.execute(query))
        return [found[card_id] for card_id in wanted]
