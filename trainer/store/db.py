"""Opening the progress database, migrating it, and every read and write the trainer makes.

Queries stay dialect-neutral so that a PostgreSQL server could serve a class; SQLite gets WAL,
a busy timeout and ``BEGIN IMMEDIATE`` so that two processes answering at once queue rather
than fail. Every write is one transaction: a failure leaves what was stored untouched.

A `Store` is bound to one student profile: every query on cards, reviews, settings and exam
blocks filters on ``student_id`` (``store.student_id``; code outside this module that queries
those tables itself must filter on it too).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from sys import intern
from typing import Any

from sqlalchemy import (
    Engine,
    Select,
    case,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker

from trainer.errors import StoreError
from trainer.generator.item import CardSpec
from trainer.scheduling.scheduler import NEW, CardState, Settings
from trainer.store import backup, cardsync, integrity, urls
from trainer.store.models import (
    CardLeaseRow,
    CardRow,
    ExamRow,
    ReviewRow,
    SettingRow,
    StudentRow,
    epoch_us,
)
from trainer.store.rows import settings_from_rows
from trainer.store.shuffle import DEFAULT_SEED, order_key, profile_seed

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
DEFAULT_STUDENT = "default"
NO_STUDENT = 0  # the id of no profile: an instructor's class-wide view
STUDENT_NAME_MAX = 60
# a row of the settings table, not a setting: the stamp of the decks the cards were last
# synced with (`Store.sync_stamp`); saving the settings drops it, and the next start syncs
SYNC_STAMP = "cards_synced_stamp"


@dataclass(frozen=True, slots=True)  # slots: today's queue holds tens of thousands
class StoredCard:
    id: int
    card_key: str
    deck_id: str
    sibling: str
    topic: str
    kind: str
    state: CardState
    flagged: bool
    retired: bool
    suspended: bool = False


@dataclass(frozen=True)
class ReviewRecord:
    card_id: int
    reviewed_at: datetime
    seed: int
    options: int
    chosen: int | None
    correct: bool
    response_ms: int
    rating: int
    key_text: str
    chosen_text: str | None
    before: CardState
    after: CardState
    mode: str = "drill"
    shown: tuple[str, ...] = ()  # the options as shown, in order
    # If the card changed after it was shown (another process answered it), the store calls
    # this with the card's current state and records the answer against that instead.
    reschedule: Callable[[CardState], CardState] | None = field(default=None, compare=False)


class StaleCard(StoreError):
    """A card changed after it was shown, and the change could not be reconciled."""


def _describe(exc: Exception) -> str:
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config  # deferred: alembic costs ~100 ms to import

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


_ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.M)


def _script_heads() -> tuple[set[str], set[str]]:
    """(head revisions, every known revision) of the migration scripts.

    Read from the scripts' own ``revision``/``down_revision`` lines, without importing
    Alembic: every start needs this, and Alembic's import and script loading cost about a
    quarter of a second. A script that cannot be read that way falls back to Alembic's own
    reading (`_alembic_heads`, which a test compares with this one)."""
    known: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict(match.groups() for match in _ASSIGNED.finditer(path.read_text()))
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return _alembic_heads()
        if not isinstance(revision, str):
            return _alembic_heads()
        known.add(revision)
        parents.update((down,) if isinstance(down, str) else (down or ()))
    return known - parents, known


def _alembic_heads() -> tuple[set[str], set[str]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return set(script.get_heads()), {rev.revision for rev in script.walk_revisions()}


class Store:
    """The trainer's only door to the database, for one student."""

    def __init__(self, engine: Engine, student_id: int, student: str = DEFAULT_STUDENT) -> None:
        self.engine = engine
        # this open made the profile, in a store that had others (a new name, maybe a typo)
        self.made_beside_others = False
        self.student_id = student_id
        self.student = student
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, durable: bool = True) -> Iterator[Session]:
        """One transaction; committed on success, rolled back (nothing written) on failure.

        ``durable=False``: a write that need not survive a power cut (a card's lease, which
        ends by itself within minutes): its commit does not wait for the disk. Atomicity and
        a crashed process are unaffected, and the next durable commit makes it durable too."""
        if not durable:
            with (
                self._fast_commits() as connection,
                self._transaction(self._sessions(bind=connection)) as session,
            ):
                yield session
            return
        with self._transaction(self._sessions()) as session:
            yield session

    @contextmanager
    def _fast_commits(self) -> Iterator[Any]:
        """A connection whose commits do not wait for the disk: SQLite's WAL with
        ``synchronous = NORMAL`` and no automatic checkpoint (copying the WAL back into the
        database is left to the next durable commit, an answer's: 13 of every 15 pages
        written while drilling are the answers'), both set outside a transaction, as SQLite
        requires, and put back after; PostgreSQL's ``synchronous_commit`` off."""
        with self.engine.connect() as connection:
            if self.engine.dialect.name != "sqlite":
                connection.exec_driver_sql("SET synchronous_commit TO OFF")
                connection.commit()
                try:
                    yield connection
                finally:
                    connection.exec_driver_sql("RESET synchronous_commit")
                    connection.commit()
                return
            raw = connection.connection.driver_connection
            (level,) = raw.execute("PRAGMA synchronous").fetchone()
            (pages,) = raw.execute("PRAGMA wal_autocheckpoint").fetchone()
            raw.execute("PRAGMA synchronous = NORMAL")
            raw.execute("PRAGMA wal_autocheckpoint = 0")
            try:
                yield connection
            finally:
                raw.execute(f"PRAGMA synchronous = {int(level)}")
                raw.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")

    @property
    def where(self) -> str:
        """The database as a reader knows it: its file, or its URL without a password."""
        url = self.engine.url.render_as_string(hide_password=False)
        file = urls.sqlite_file(url)
        return str(file) if file is not None else urls.shown(url)

    @contextmanager
    def _transaction(self, session: Session) -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise StoreError(
                f"cannot write the progress database ({self.where}): {_describe(exc)}"
            ) from exc
        except DatabaseError as exc:
            session.rollback()
            raise StoreError(
                f"the progress database ({self.where}) is unusable: {_describe(exc)}"
            ) from exc
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            session.rollback()  # a row that is not what the schema promises (edited by hand)
            raise StoreError(
                f"the progress database holds a value the trainer cannot read ({exc}); "
                "`trainer check` lists such rows"
            ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    # -- cards ----------------------------------------------------------------------------
    def sync_stamp(self) -> str | None:
        """The stamp (`trainer.sync_stamp`) of the decks the last card sync was given."""
        with self.session() as session:
            stored = session.scalar(
                select(SettingRow.value).where(
                    SettingRow.student_id == self.student_id, SettingRow.name == SYNC_STAMP
                )
            )
        try:
            found = json.loads(stored) if stored is not None else None
        except ValueError:
            return None
        return found if isinstance(found, str) else None

    def sync_cards(
        self,
        specs: Iterable[CardSpec],
        now: datetime,
        deck_ids: Iterable[str] | None = None,
        stamp: str | None = None,
    ) -> tuple[int, int]:
        """Add new cards, bring back returning ones, retire (never delete) vanished ones
        (`trainer.store.cardsync`: in batches, so the cards may come from a generator).

        Only cards of the decks named in ``deck_ids`` (default: the decks of ``specs``) can be
        retired: a deck that is simply not loaded this time keeps its cards as they are.
        ``stamp`` (of the decks' files, or None) is kept with the cards, in the same
        transaction, for `sync_stamp`. Returns (added, retired)."""
        if deck_ids is None:
            specs = list(specs)
            deck_ids = {spec.deck_id for spec in specs}
        loaded = set(deck_ids)
        with self.session() as session:
            # two windows of one student syncing at once: the second waits for the first
            # (a row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers)
            session.execute(
                select(StudentRow.id).where(StudentRow.id == self.student_id).with_for_update()
            )
            seed = self._order_seed(session)
            counts = cardsync.sync(session, self.student_id, specs, now, loaded, seed)
            session.execute(
                delete(SettingRow).where(
                    SettingRow.student_id == self.student_id, SettingRow.name == SYNC_STAMP
                )
            )
            if stamp is not None:
                session.add(
                    SettingRow(student_id=self.student_id, name=SYNC_STAMP, value=json.dumps(stamp))
                )
        return counts

    def cards(
        self, *, include_retired: bool = False, deck_ids: Iterable[str] | None = None
    ) -> list[StoredCard]:
        query = self._cards().order_by(CardRow.deck_id, CardRow.position)
        if not include_retired:
            query = query.where(CardRow.retired_at.is_(None))
        if deck_ids is not None:
            query = query.where(CardRow.deck_id.in_(list(deck_ids)))
        with self.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def card(self, card_id: int) -> StoredCard:
        with self.session() as session:
            row = session.execute(self._cards().where(CardRow.id == card_id)).first()
            if row is None:
                raise StoreError(f"no card with id {card_id}")
            return _stored(row)

    def card_by_key(self, key: str) -> StoredCard | None:
        with self.session() as session:
            row = session.execute(self._cards().where(CardRow.card_key == key)).first()
            return _stored(row) if row else None

    def due_cards(
        self, by: datetime, limit: int | None = None, deck_ids: Iterable[str] | None = None
    ) -> list[StoredCard]:
        query = (
            self._cards()
            .where(CardRow.retired_at.is_(None), CardRow.state != NEW, CardRow.due <= by)
            .order_by(CardRow.due)
        )
        if deck_ids is not None:
            query = query.where(CardRow.deck_id.in_(list(deck_ids)))
        if limit is not None:
            query = query.limit(limit)
        with self.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def new_cards(self, limit: int, deck_ids: Iterable[str] | None = None) -> list[StoredCard]:
        query = (
            self._cards()
            .where(CardRow.retired_at.is_(None), CardRow.state == NEW)
            .order_by(CardRow.position, CardRow.deck_id)  # round-robin across decks
            .limit(limit)
        )
        if deck_ids is not None:
            query = query.where(CardRow.deck_id.in_(list(deck_ids)))
        with self.session() as session:
            return [_stored(row) for row in session.execute(query)]

    def deck_counts(self, due_before: datetime) -> dict[str, tuple[int, int, int]]:
        """Per deck: (live cards, new cards, cards due before ``due_before``), in one query.
        Suspended cards are left out, as the drill leaves them out."""
        is_new = case((CardRow.state == NEW, 1), else_=0)
        is_due = case(((CardRow.state != NEW) & (CardRow.due < due_before), 1), else_=0)
        query = (
            select(CardRow.deck_id, func.count(CardRow.id), func.sum(is_new), func.sum(is_due))
            .where(
                CardRow.student_id == self.student_id,
                CardRow.retired_at.is_(None),
                CardRow.suspended.is_(False),
            )
            .group_by(CardRow.deck_id)
        )
        with self.session() as session:
            return {
                deck: (int(total), int(new or 0), int(due or 0))
                for deck, total, new, due in session.execute(query)
            }

    def count_new(self) -> int:
        query = select(func.count(CardRow.id)).where(
            CardRow.student_id == self.student_id,
            CardRow.retired_at.is_(None),
            CardRow.suspended.is_(False),
            CardRow.state == NEW,
        )
        with self.session() as session:
            return int(session.scalar(query) or 0)

    def set_flag(self, card_id: int, flagged: bool) -> None:
        with self.session() as session:
            session.execute(
                update(CardRow)
                .where(CardRow.student_id == self.student_id, CardRow.id == card_id)
                .values(flagged=flagged)
            )

    def count_suspended(self, deck_ids: Iterable[str] | None = None) -> int:
        query = select(func.count(CardRow.id)).where(
            CardRow.student_id == self.student_id,
            CardRow.retired_at.is_(None),
            CardRow.suspended.is_(True),
        )
        if deck_ids is not None:
            query = query.where(CardRow.deck_id.in_(list(deck_ids)))
        with self.session() as session:
            return int(session.scalar(query) or 0)

    def set_suspended(self, card_id: int, suspended: bool) -> None:
        """Set a card aside or bring it back; its schedule is left exactly as it was."""
        with self.session() as session:
            session.execute(
                update(CardRow)
                .where(CardRow.student_id == self.student_id, CardRow.id == card_id)
                .values(suspended=suspended)
            )

    def studied_states(self) -> list[CardState]:
        query = select(
            CardRow.state,
            CardRow.step,
            CardRow.stability,
            CardRow.difficulty,
            CardRow.due,
            CardRow.last_review,
        ).where(
            CardRow.student_id == self.student_id,
            CardRow.retired_at.is_(None),
            CardRow.suspended.is_(False),
            CardRow.state != NEW,
        )
        with self.session() as session:
            return [
                CardState(state=s, step=st, stability=stab, difficulty=d, due=due, last_review=lr)
                for s, st, stab, d, due, lr in session.execute(query)
            ]

    # -- reviews --------------------------------------------------------------------------
    def record_review(self, review: ReviewRecord) -> int:
        """Write the review row and the card's new state in one transaction."""
        return self.record_reviews([review])[0]

    def record_reviews(self, reviews: Sequence[ReviewRecord]) -> list[int]:
        """Write review rows and their cards' new states, all in one transaction."""
        with self.session() as session:
            return add_reviews(session, self.student_id, reviews)

    def rerate_review(self, review_id: int, rating: int, after: CardState) -> None:
        with self.session() as session:
            row = session.get(ReviewRow, review_id)
            if row is None or row.student_id != self.student_id:
                raise StoreError(f"no review with id {review_id}")
            if not _swap_state(
                session, self.student_id, row.card_id, _stored_state(row.state_after), after
            ):
                raise StaleCard(_CHANGED_SINCE.format(action="re-rate"))
            row.rating = rating
            row.state_after = after.to_json()

    def undo_review(self, review_id: int) -> tuple[int, CardState]:
        """Delete a review and restore its card's state from before it."""
        with self.session() as session:
            row = session.get(ReviewRow, review_id)
            if row is None or row.student_id != self.student_id:
                raise StoreError(f"no review with id {review_id} to undo")
            before = CardState.from_json(row.state_before)
            card_id = row.card_id
            if not _swap_state(
                session, self.student_id, card_id, _stored_state(row.state_after), before
            ):
                raise StaleCard(_CHANGED_SINCE.format(action="undo"))
            session.delete(row)
            return card_id, before

    def review_count(self, card_id: int | None = None) -> int:
        with self.session() as session:
            if card_id is None:
                return count_reviews(session, self.student_id)
            query = select(func.count(ReviewRow.id)).where(
                ReviewRow.student_id == self.student_id, ReviewRow.card_id == card_id
            )
            return int(session.scalar(query) or 0)

    def wrongly_answered_card_ids(self) -> set[int]:
        """Cards answered wrongly at least once (the exam's 'previously wrong' pool)."""
        query = (  # a blank is not a wrong answer
            select(ReviewRow.card_id)
            .where(
                ReviewRow.student_id == self.student_id,
                ReviewRow.correct.is_(False),
                ReviewRow.chosen.is_not(None),
            )
            .distinct()
        )
        with self.session() as session:
            return set(session.scalars(query))

    def siblings_reviewed_since(self, since: datetime) -> dict[str, set[int]]:
        """Which cards of each fact (sibling group) were answered since ``since``."""
        query = (
            select(CardRow.sibling, CardRow.id)
            .join(ReviewRow, ReviewRow.card_id == CardRow.id)
            .where(ReviewRow.student_id == self.student_id, ReviewRow.reviewed_at >= since)
            .distinct()
        )
        found: dict[str, set[int]] = {}
        with self.session() as session:
            for sibling, card_id in session.execute(query):
                found.setdefault(sibling, set()).add(card_id)
        return found

    def counts_since(self, since: datetime) -> tuple[int, int]:
        """(reviews of already-studied cards, new cards introduced) since ``since``."""
        with self.session() as session:
            rows = session.execute(
                select(ReviewRow.state_before).where(
                    ReviewRow.student_id == self.student_id, ReviewRow.reviewed_at >= since
                )
            ).scalars()
            new = reviews = 0
            for before in rows:
                if json.loads(before)["state"] == NEW:
                    new += 1
                else:
                    reviews += 1
            return reviews, new

    def correct_times(self, limit: int = 200) -> list[int]:
        query = (
            select(ReviewRow.response_ms)
            .where(
                ReviewRow.student_id == self.student_id,
                ReviewRow.correct.is_(True),
                ReviewRow.response_ms > 0,  # 0: no time recorded (imported without one)
            )
            .order_by(ReviewRow.id.desc())
            .limit(limit)
        )
        with self.session() as session:
            return list(session.scalars(query))

    # -- settings and exams ---------------------------------------------------------------
    def settings(self) -> Settings:
        with self.session() as session:
            rows = session.scalars(
                select(SettingRow).where(SettingRow.student_id == self.student_id)
            ).all()
            stored = {row.name: row.value for row in rows}
        return settings_from_rows(stored)

    def save_settings(self, settings: Settings) -> None:
        settings.validated()
        with self.session() as session:
            placed_for = self._order_seed(session)
            session.execute(delete(SettingRow).where(SettingRow.student_id == self.student_id))
            for name, value in settings.to_json().items():
                session.add(
                    SettingRow(student_id=self.student_id, name=name, value=json.dumps(value))
                )
            if settings.order_seed != placed_for:
                self._place_new_cards(session, settings.order_seed)

    def _order_seed(self, session: Session) -> int:
        """The student's stored order seed (`Settings.order_seed`), which their cards' places
        in the new-card shuffle are for; the default where none (or no readable one) is."""
        stored = session.scalar(
            select(SettingRow.value).where(
                SettingRow.student_id == self.student_id, SettingRow.name == "order_seed"
            )
        )
        try:
            return int(json.loads(stored)) if stored is not None else DEFAULT_SEED
        except (ValueError, TypeError):
            return DEFAULT_SEED

    def _place_new_cards(self, session: Session, seed: int) -> None:
        """Every card of the student's placed again in the new-card shuffle of ``seed``."""
        keys = session.execute(
            select(CardRow.id, CardRow.card_key).where(CardRow.student_id == self.student_id)
        ).all()
        for start in range(0, len(keys), 5000):
            session.execute(
                update(CardRow),
                [
                    {"id": card_id, "new_order_key": order_key(key, seed)}
                    for card_id, key in keys[start : start + 5000]
                ],
            )

    def save_exam(
        self,
        preset: str,
        started: datetime,
        submitted: datetime,
        questions: int,
        score: float,
        max_score: float,
        detail: dict[str, Any],
    ) -> int:
        with self.session() as session:
            row = ExamRow(
                student_id=self.student_id,
                preset=preset,
                started_at=started,
                submitted_at=submitted,
                questions=questions,
                score=score,
                max_score=max_score,
                detail=json.dumps(detail),
            )
            session.add(row)
            session.flush()
            return row.id

    # -- this student's rows -----------------------------------------------------------------
    def _cards(self) -> Select[Any]:
        return _cards_query().where(CardRow.student_id == self.student_id)

    def _apply_state(self, session: Session, card_id: int, state: CardState) -> None:
        _apply_state(session, self.student_id, card_id, state)


def count_reviews(session: Session, student_id: int) -> int:
    """How many reviews the student has. In a store of one profile every review is theirs (a
    foreign key), and the table's size is counted from its b-tree without reading a row: at a
    million reviews a tenth of walking the student's index."""
    first, last = session.execute(select(func.min(StudentRow.id), func.max(StudentRow.id))).one()
    query = select(func.count()).select_from(ReviewRow)
    if not first == last == student_id:
        query = query.where(ReviewRow.student_id == student_id)
    return int(session.scalar(query) or 0)


def add_reviews(session: Session, student_id: int, reviews: Sequence[ReviewRecord]) -> list[int]:
    """Add one student's review rows and apply their cards' new states inside the caller's
    transaction."""
    ids = []
    for review in reviews:
        review = _compare_and_set(session, student_id, review)
        row = ReviewRow(
            card_id=review.card_id,
            student_id=student_id,
            reviewed_at=review.reviewed_at,
            seed=review.seed,
            options=review.options,
            chosen=review.chosen,
            correct=review.correct,
            response_ms=review.response_ms,
            rating=review.rating,
            key_text=review.key_text,
            chosen_text=review.chosen_text,
            state_before=review.before.to_json(),
            state_after=review.after.to_json(),
            mode=review.mode,
            shown=json.dumps(list(review.shown)) if review.shown else None,
        )
        session.add(row)
        session.execute(delete(CardLeaseRow).where(CardLeaseRow.card_id == review.card_id))
        session.flush()
        ids.append(row.id)
    return ids


_CHANGED_SINCE = (
    "this card was answered again (in another window or process) after this answer; "
    "{action} would overwrite that answer, so nothing was changed"
)


def _stored_state(text: str) -> CardState:
    return CardState.from_json(text)


def _same_state(state: CardState) -> list[Any]:
    """SQL conditions true while a card still holds ``state`` (what changes on every review)."""

    def equal(column: Any, value: Any) -> Any:
        return column.is_(None) if value is None else column == value

    return [
        CardRow.state == state.state,
        CardRow.reps == state.reps,
        CardRow.lapses == state.lapses,
        equal(CardRow.due, state.due),
        equal(CardRow.last_review, state.last_review),
    ]


def _swap_state(
    session: Session, student_id: int, card_id: int, expected: CardState, new: CardState
) -> bool:
    """Set the card to ``new`` only if it still holds ``expected`` (compare-and-set)."""
    result = session.execute(
        update(CardRow)
        .where(CardRow.student_id == student_id, CardRow.id == card_id, *_same_state(expected))
        .values(**_state_values(new))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _compare_and_set(session: Session, student_id: int, review: ReviewRecord) -> ReviewRecord:
    """Apply the review to the state it was shown from; if another process changed the card
    meanwhile, re-apply it to the card's current state (or refuse): no update is lost."""
    if _swap_state(session, student_id, review.card_id, review.before, review.after):
        return review
    row = session.execute(
        _cards_query().where(CardRow.student_id == student_id, CardRow.id == review.card_id)
    ).first()
    if row is None:
        raise StoreError(f"no card with id {review.card_id}")
    current = _stored(row).state
    if review.reschedule is None:
        raise StaleCard(
            "this card was answered in another window or process after it was shown here; "
            "the answer was not recorded"
        )
    after = review.reschedule(current)
    _apply_state(session, student_id, review.card_id, after)
    return replace(review, before=current, after=after)


def _state_values(state: CardState) -> dict[str, Any]:
    return {
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
        "last_review_us": epoch_us(state.last_review),
        "reps": state.reps,
        "lapses": state.lapses,
        "leech": state.leech,
    }


def _apply_state(session: Session, student_id: int, card_id: int, state: CardState) -> None:
    session.execute(
        update(CardRow)
        .where(CardRow.student_id == student_id, CardRow.id == card_id)
        .values(
            state=state.state,
            step=state.step,
            stability=state.stability,
            difficulty=state.difficulty,
            due=state.due,
            last_review=state.last_review,
            last_review_us=epoch_us(state.last_review),
            reps=state.reps,
            lapses=state.lapses,
            leech=state.leech,
        )
    )


def _cards_query() -> Select[Any]:
    """Plain column rows, not ORM objects: the queue reads thousands of cards per question,
    and building identity-mapped instances for them was most of its cost."""
    return select(*CardRow.__table__.columns)


def _stored(row: Any) -> StoredCard:
    # a deck, topic and kind are shared by many cards: one string each, not one per card
    return StoredCard(
        id=row.id,
        card_key=row.card_key,
        deck_id=intern(row.deck_id),
        sibling=row.sibling,
        topic=intern(row.topic),
        kind=intern(row.kind),
        state=CardState(
            state=row.state,
            step=row.step,
            stability=row.stability,
            difficulty=row.difficulty,
            due=row.due,
            last_review=row.last_review,
            reps=row.reps,
            lapses=row.lapses,
            leech=row.leech,
        ),
        flagged=row.flagged,
        retired=row.retired_at is not None,
        suspended=row.suspended,
    )


# -- opening ------------------------------------------------------------------------------
def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL is set once, by `integrity.enable_wal`, after the file passed every check (it
    # persists in the file: setting it here changed files that were then refused)
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_store_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their directory, WAL and a busy timeout."""
    if urls.parse(url) is None:
        raise StoreError(
            f"{urls.shown(url)!r} is not a database URL "
            "(expected e.g. sqlite:///path/progress.sqlite3)"
        )
    path = urls.sqlite_file(url)
    if path is not None:
        integrity.file_status(path)  # a directory, a device, a name too long: refused here
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from None
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError) as exc:
        raise StoreError(f"cannot use database URL {urls.shown(url)!r}: {_describe(exc)}") from None
    except ImportError as exc:
        raise StoreError(f"the driver for {urls.shown(url)!r} is not installed: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def check_student_name(name: str) -> str:
    """A profile name: 1-60 printable characters, no leading or trailing space."""
    if not name or name != name.strip():
        raise StoreError(f"student name {name!r} must be non-empty without surrounding spaces")
    if len(name) > STUDENT_NAME_MAX:
        raise StoreError(f"student name {name[:20]!r}… is longer than {STUDENT_NAME_MAX}")
    if not name.isprintable():
        raise StoreError(f"student name {name!r} holds control characters")
    return name


def _student_id(engine: Engine, name: str, now: datetime) -> tuple[int, bool]:
    """The id of the profile ``name``, made on first use (two processes may race to make it),
    and whether this call made it beside other profiles (a new name in a shared store)."""
    query = select(StudentRow.id).where(StudentRow.name == name)
    for _attempt in range(2):
        with Session(engine) as session:
            found = session.scalar(query)
            if found is not None:
                return int(found), False
            others = session.scalar(select(StudentRow.id).limit(1)) is not None
            made = StudentRow(name=name, created_at=now)
            session.add(made)
            try:
                session.flush()
                if others:  # a shuffle of its own (`trainer.store.shuffle`)
                    session.add(
                        SettingRow(
                            student_id=made.id,
                            name="order_seed",
                            value=json.dumps(profile_seed(name)),
                        )
                    )
                session.commit()
            except IntegrityError:  # made by another process meanwhile: read theirs
                session.rollback()
                continue
            return int(session.scalar(query)), others
    raise StoreError(
        f"cannot make the student profile {name!r}: the store holds rows left by a profile "
        "that was removed by hand (`trainer check` lists them)"
    )


def students(store: Store) -> list[tuple[int, str]]:
    """Every profile in the store's database, (id, name), by name."""
    with store.session() as session:
        return [
            (int(i), n)
            for i, n in session.execute(
                select(StudentRow.id, StudentRow.name).order_by(StudentRow.name)
            )
        ]


def open_store(url: str, student: str | None = None) -> Store:
    """Open (creating if needed) and migrate the store at ``url``, bound to the profile
    ``student`` (default: ``default``), which is made on first use.

    A database written by a newer trainer, or a file that is not a database, raises
    `StoreError` and is left untouched."""
    return _open(url, check_student_name(student if student is not None else DEFAULT_STUDENT))


def open_class(url: str) -> Store:
    """Open and migrate the store at ``url`` for reading the whole class: bound to no
    profile (and making none), so its per-student queries find nothing."""
    return _open(url, None)


def _open(url: str, name: str | None) -> Store:
    shown = urls.shown(url)
    path = urls.sqlite_file(url)
    engine = create_store_engine(url)
    try:
        if path is not None:  # read-only checks first: a refused file keeps every byte
            heads, known = _script_heads()
            revision = integrity.preflight(path, known)
            integrity.enable_wal(path)
            if revision is not None:  # a store with content: daily, and before migrating
                backup.on_open(path, migrating=revision not in heads)
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            current = None
            heads, known = _script_heads()
            if "alembic_version" in tables:
                versions = [
                    str(version)
                    for (version,) in connection.execute(
                        text("SELECT version_num FROM alembic_version")
                    )
                ]
                refusal = integrity.schema_refusal(versions, known, tables, shown)
                if refusal is not None:
                    raise StoreError(f"{refusal}. The database was not changed.")
                current = versions[0] if versions else None
            elif tables - {"alembic_version"}:
                raise StoreError(
                    f"{shown} holds tables the trainer did not write ({', '.join(sorted(tables))}); "
                    "refusing to change it"
                )
            connection.commit()  # end the read; the migration takes its own write transaction
            if current not in heads:
                from alembic import command

                with connection.begin():
                    if engine.dialect.name == "postgresql":
                        # a class opening a fresh database at once: one migrates, the others
                        # wait here and then find it at head
                        connection.execute(text("SELECT pg_advisory_xact_lock(74265)"))
                    command.upgrade(_alembic_config(connection), "head")
        student_id, made = (
            (NO_STUDENT, False) if name is None else _student_id(engine, name, datetime.now(UTC))
        )
    except StoreError:
        engine.dispose()
        raise
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        reason = urls.scrub(_describe(exc), url)
        raise StoreError(f"cannot open the progress database {shown}: {reason}") from None
    except (ValueError, TypeError) as exc:  # a driver argument in the URL it cannot use
        engine.dispose()
        raise StoreError(f"cannot use database URL {shown!r}: {exc}") from None
    store = Store(engine, student_id, name or "")
    store.made_beside_others = made
    return store
