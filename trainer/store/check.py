"""`trainer check`: is the store sound, and does every card's state follow from its reviews?

Checks, on a read-only connection: SQLite's full ``integrity_check``; ``foreign_key_check``
(rows whose card, student or sitting is gone: orphans); every stored setting against its type;
and, for every card, its review log followed from a new card (`review_chain`): each review
must start from the state the one before it reached and reach a state the scheduler can take
from there, and the card's stored state must be the last review's. The log records what the
scheduler did under the settings of its day, so a healthy store passes whatever the settings
are now. ``repair`` takes a backup, then rebuilds what is derived: cards' states from their
logs, broken links of a log from the last state it vouches for (through the current
scheduler), invalid settings back to their defaults, leases of missing cards removed. A
stored time that is not one (the other commands refuse such a store and send the student
here) is listed with its row and taken back from another record of the same moment where
there is one (`Unreadable`); where there is none, repair changes nothing. A damaged file
cannot be repaired here: restore a backup instead.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.errors import StoreError
from trainer.humanize import agree, plural
from trainer.scheduling.scheduler import CardState, Settings, TrainerScheduler
from trainer.store import backup, integrity
from trainer.store.models import epoch_us
from trainer.store.review_chain import (
    RERATE_WINDOW,
    TIME_SLACK,
    LoggedReview,
    close,
    follow_either_order,
)
from trainer.store.rows import settings_from_rows

# What repair does with a time that cannot be read, where another record covers it: a
# review's time is taken from the state it logged (the scheduler's own time of the answer, a
# millisecond before the row was written), a card's times from its rebuilt state, and a lease
# (it only holds a card on one screen for a few minutes) is dropped.
REBUILT = "rebuilds the card's state from its review log"
DROPPED = "drops the lease (it only holds the card on one screen)"


@dataclass(frozen=True)
class Unreadable:
    """A stored value the trainer cannot read (a time edited by hand into something else)."""

    table: str
    row: int
    column: str
    value: object
    fix: str | None  # what repair does, in words; None: nothing in the store records it
    name: str = ""  # how the row is named to the reader, if not by its table and row
    reason: str = "is not a time"

    def line(self) -> str:
        shown = repr(self.value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        then = (
            f"`--repair` {self.fix}"
            if self.fix
            else "nothing else in the store records it: edit it back or restore a backup"
        )
        where = self.name or f"{self.table} row {self.row}"
        return f"unreadable: {where}: {self.column} {shown} {self.reason}; {then}"


@dataclass
class Report:
    damaged: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    review_times: dict[int, datetime] = field(default_factory=dict)  # review -> repaired time
    duplicates: dict[int, int] = field(default_factory=dict)  # a review's copy -> the review
    misfiled: dict[int, tuple[int, int]] = field(default_factory=dict)  # review -> (its, card's)
    settings: list[tuple[int, str, str]] = field(default_factory=list)  # student, name, message
    cards: dict[int, CardState] = field(default_factory=dict)  # card -> its log's state
    card_notes: list[str] = field(default_factory=list)
    logs: dict[int, tuple[CardState, CardState]] = field(default_factory=dict)  # review fixes
    checked_cards: int = 0
    checked_reviews: int = 0

    @property
    def problems(self) -> int:
        return (
            len(self.damaged)
            + len(self.orphans)
            + len(self.unreadable)
            + len(self.settings)
            + len(self.cards.keys() - {u.row for u in self.unreadable if u.table == "cards"})
            + len(self.logs)
            + len(self.duplicates)
            + len(self.misfiled)
        )

    @property
    def repairable(self) -> int:
        """The problems `repair` puts right (orphans and values nothing records stay)."""
        return self.problems - len(self.damaged) - len(self.orphans) - len(self.unrepairable)

    def lines(self) -> list[str]:
        out = [f"damaged: {p}" for p in self.damaged]
        out += [f"orphan: {p}" for p in self.orphans]
        out += [u.line() for u in self.unreadable]
        out += [
            f"review {copy} repeats review {first} (the same card, time, rating and logged "
            "states): `--repair` removes the copy"
            for copy, first in self.duplicates.items()
        ]
        out += [
            f"review {review} is filed under student {filed}, but its card is student "
            f"{owner}'s: `--repair` files it under the card's student"
            for review, (filed, owner) in self.misfiled.items()
        ]
        out += [f"setting {name!r} (student {s}): {m}" for s, name, m in self.settings]
        out += self.card_notes
        if self.logs:
            out.append(
                f"{plural(len(self.logs), 'review')} "
                f"{agree(len(self.logs), 'logs a state that does', 'log states that do')} not "
                "follow from the card's earlier reviews"
            )
        return out

    @property
    def unrepairable(self) -> list[Unreadable]:
        return [u for u in self.unreadable if u.fix is None]


class NotATime(ValueError):
    pass


def _time(value: Any) -> datetime | None:
    """A stored time as the store reads it (ISO text), in UTC; `NotATime` if it is not one."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise NotATime(value)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise NotATime(value) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _logged(text: str) -> CardState | None:
    try:
        state = CardState.from_json(text)
    except (ValueError, TypeError, KeyError):
        return None
    return replace(state, due=_utc(state.due), last_review=_utc(state.last_review))


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def check(path: Path) -> Report:
    """Every check, reading only."""
    report = Report()
    if integrity.file_status(path) is None:
        raise StoreError(f"{path}: no store there yet (nothing to check)")
    try:
        db = integrity.read_only(path)
    except sqlite3.Error as exc:
        raise StoreError(integrity.not_damage(exc, path) or f"cannot open {path}: {exc}") from None
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
        if rows != ["ok"]:
            report.damaged = rows
            return report
        _check_schema(db, path)
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
            report.orphans.append(f"{table} row {rowid} refers to a missing {parent} row")
        _check_settings(db, report)
        _check_other_times(db, report)
        _check_exams(db, report)
        _replay(db, report)
    except sqlite3.DatabaseError as exc:
        plain = integrity.not_damage(exc, path)
        if plain is not None:
            raise StoreError(plain) from None
        report.damaged.append(str(exc))
    except (ValueError, TypeError) as exc:  # a value edited by hand into another kind
        raise StoreError(
            f"{path} holds a value the trainer cannot read ({exc}); "
            "edit it back or restore a backup (`trainer backup --list`, `trainer restore`)"
        ) from None
    finally:
        db.close()
    return report


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    """A store this version did not write (a newer one's, or an odd version table) is judged
    by no rule of this version's and repaired by none: refused, as every command refuses it."""
    from trainer.store.db import _script_heads

    tables = {
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if "alembic_version" not in tables:
        return
    versions = [str(v) for (v,) in db.execute("SELECT version_num FROM alembic_version")]
    refusal = integrity.schema_refusal(versions, _script_heads()[1], tables, str(path))
    if refusal is not None:
        raise StoreError(f"{refusal}. {integrity.UNTOUCHED}")


def _check_settings(db: sqlite3.Connection, report: Report) -> None:
    for student, name, value in db.execute("SELECT student_id, name, value FROM settings"):
        try:
            settings_from_rows({name: value})
        except StoreError as exc:
            report.settings.append((student, name, str(exc).split(";")[0]))


FOLLOWED_TIMES = {("reviews", "reviewed_at"), ("cards", "due"), ("cards", "last_review")}
# times that schedule nothing, and what repair writes in their place
OTHER_TIMES = {
    ("card_leases", "expires_at"): DROPPED,
    ("cards", "created_at"): "sets it to the card's first review's time, or to now",
    ("cards", "retired_at"): "sets it to now (the card stays retired)",
    ("students", "created_at"): "sets it to the student's first review's time, or to now",
}


def _check_other_times(db: sqlite3.Connection, report: Report) -> None:
    """Every stored time the review logs do not cover (`_replay` reads those) is a time."""
    from trainer.store.models import Base, UTCDateTime

    for table in Base.metadata.sorted_tables:
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table.name})")}
        for column in table.columns:
            name = column.name
            if (
                not isinstance(column.type, UTCDateTime)
                or name not in present
                or (table.name, name) in FOLLOWED_TIMES
            ):
                continue
            query = f"SELECT rowid, {name} FROM {table.name} WHERE {name} IS NOT NULL"
            for rowid, value in db.execute(query):
                try:
                    _time(value)
                except NotATime:
                    fix = OTHER_TIMES.get((table.name, name))
                    report.unreadable.append(Unreadable(table.name, rowid, name, value, fix))


SITTING_STATES = ("open", "submitted", "discarded")
DISCARDED = "discards the unfinished block (its answers are not reviews yet)"


def _check_exams(db: sqlite3.Connection, report: Report) -> None:
    """The exam tables as the app reads them: each submitted block's detail, and the open
    block's settings, clocks, place and questions (`ExamBlock.resume`)."""
    from trainer.study.exam_presets import Preset

    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "exam_blocks" in tables:
        for row, detail in db.execute("SELECT id, detail FROM exam_blocks"):
            if not isinstance(_json(detail), dict):
                report.unreadable.append(
                    Unreadable("exam_blocks", row, "detail", detail, None, reason="is not JSON")
                )
    if "exam_sittings" not in tables or "exam_slots" not in tables:
        return
    query = "SELECT id, status, preset, used, warned, current, section, deck_ids FROM exam_sittings"
    for row, status, preset, used, warned, current, section, deck_ids in db.execute(query):
        if status not in SITTING_STATES:
            reason = f"is not one of {', '.join(SITTING_STATES)}"
            report.unreadable.append(
                Unreadable("exam_sittings", row, "status", status, DISCARDED, reason=reason)
            )
            continue
        if status != "open":
            continue
        slots = db.execute(
            "SELECT s.item, s.chosen, c.id FROM exam_slots s LEFT JOIN cards c ON c.id = s.card_id "
            "WHERE s.sitting_id = ? ORDER BY s.position",
            (row,),
        ).fetchall()
        problem = _sitting_problem(Preset, preset, used, warned, current, section, deck_ids, slots)
        if problem is not None:
            column, value, reason = problem
            report.unreadable.append(
                Unreadable("exam_sittings", row, column, value, DISCARDED, reason=reason)
            )


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _sitting_problem(
    preset_type: Any,
    preset: Any,
    used: Any,
    warned: Any,
    current: Any,
    section: Any,
    deck_ids: Any,
    slots: list[tuple[Any, Any, Any]],
) -> tuple[str, Any, str] | None:
    """What stops the app from resuming an open block, as (column, value, why); None if
    nothing does."""
    settings = _json(preset)
    try:
        sections = len(preset_type.from_dict(settings).sections_for(len(slots)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return "preset", preset, "is not an exam block's settings"
    clocks, warnings = _json(used), _json(warned)
    # (an empty list is read as every section's clock at zero, as the app reads it)
    if not isinstance(clocks, list) or len(clocks) not in (0, sections):
        return "used", used, f"is not a list of {sections} section clocks"
    if not all(isinstance(x, int | float) for x in clocks):
        return "used", used, "is not a list of seconds"
    if not isinstance(warnings, list) or len(warnings) not in (0, sections):
        return "warned", warned, f"is not a list of {sections} sections' warnings"
    if not all(isinstance(w, list) for w in warnings):
        return "warned", warned, "is not a list of each section's warnings"
    if deck_ids is not None and not isinstance(_json(deck_ids), list):
        return "deck_ids", deck_ids, "is not a list of decks"
    if not isinstance(current, int) or not 0 <= current < len(slots):
        return "current", current, f"is not a question of the block's {len(slots)}"
    if not isinstance(section, int) or not 0 <= section < max(1, sections):
        return "section", section, f"is not a section of the block's {sections}"
    for place, (item, chosen, card) in enumerate(slots):
        if card is None:
            return "question", place + 1, "is of a card that is gone"
        shown = _json(item)
        options = shown.get("options") if isinstance(shown, dict) else None
        if not isinstance(options, list):
            return "question", place + 1, "is not a question the trainer can read"
        if chosen is not None and not (isinstance(chosen, int) and 0 <= chosen < len(options)):
            return "question", place + 1, f"has answer {chosen!r}, not one of its options"
    return None


def _scheduler(db: sqlite3.Connection, student: int, report: Report) -> TrainerScheduler:
    bad = {name for s, name, _ in report.settings if s == student}
    stored = {
        name: value
        for name, value in db.execute(
            "SELECT name, value FROM settings WHERE student_id = ?", (student,)
        )
        if name not in bad
    }
    try:
        return TrainerScheduler(settings_from_rows(stored))
    except StoreError:
        return TrainerScheduler(Settings())


def _replay(db: sqlite3.Connection, report: Report) -> None:
    """Follow every card's review log (`review_chain`) and compare the card with it."""
    columns = "id, student_id, card_key, state, step, stability, difficulty, due, last_review, "
    columns += "reps, lapses, leech"
    mirrored = _has_microseconds(db)
    columns += ", last_review_us" if mirrored else ""
    cards = {row[0]: row for row in db.execute(f"SELECT {columns} FROM cards")}
    schedulers: dict[int, TrainerScheduler] = {}
    reached: dict[int, CardState] = {}

    def scheduler_of(student: int) -> Callable[[], TrainerScheduler]:
        def made() -> TrainerScheduler:
            if student not in schedulers:
                schedulers[student] = _scheduler(db, student, report)
            return schedulers[student]

        return made

    def follow_card(card_id: int, student: int, rows: list[_Row]) -> None:
        stored, _ = _card_state(cards[card_id])
        if any(row.rating is None for row in rows):  # not followed: nothing rebuilt from it
            reached[card_id] = stored
            return
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            first = seen.setdefault(row.texts, row.id)
            if first != row.id:
                report.duplicates[row.id] = first
        rows = [row for row in rows if row.id not in report.duplicates]
        reviews = _timed(rows, stored, report)
        followed = follow_either_order(reviews, scheduler_of(student), stored)
        reached[card_id] = followed.state
        report.logs.update(followed.fixes)

    query = (
        "SELECT id, card_id, student_id, reviewed_at, rating, state_before, state_after "
        "FROM reviews ORDER BY card_id, id"
    )
    current: tuple[int, int] | None = None  # (card, student) being gathered
    gathered: list[_Row] = []
    for review_id, card_id, student, at, rating, before_text, after_text in db.execute(query):
        report.checked_reviews += 1
        if card_id not in cards:
            continue  # an orphan, reported by the foreign key check
        if student != cards[card_id][1]:  # the card says whose answer it is
            report.misfiled[review_id] = (student, cards[card_id][1])
            student = cards[card_id][1]
        if current is not None and current[0] != card_id:
            follow_card(*current, gathered)
            gathered = []
        current = (card_id, student)
        if isinstance(rating, int) and 1 <= rating <= 4:
            grade: int | None = rating
        else:
            grade = None
            reason = "is not a rating (1 Again to 4 Easy)"
            report.unreadable.append(
                Unreadable("reviews", review_id, "rating", rating, None, reason=reason)
            )
        gathered.append(
            _Row(
                review_id,
                at,
                grade,
                _logged(before_text),
                _logged(after_text),
                (at, rating, before_text, after_text),
            )
        )
    if current is not None:
        follow_card(*current, gathered)
    for card_id, row in cards.items():
        report.checked_cards += 1
        stored, unreadable = _card_state(row)
        expected = reached.get(card_id, CardState())
        for column in unreadable:
            place = {**_CARD_TIMES, **_CARD_NUMBERS}[column]
            reason = "is not a time" if column in _CARD_TIMES else "is not a number of its kind"
            report.unreadable.append(
                Unreadable("cards", card_id, column, row[place], REBUILT, f"card {row[2]}", reason)
            )
        if unreadable:
            report.cards[card_id] = expected
        elif not close(stored, expected):
            report.cards[card_id] = expected
            report.card_notes.append(
                f"card {row[2]}: stored state (state {stored.state}, {plural(stored.reps, 'review')}, "
                f"due {stored.due}) is not what its review log gives (state {expected.state}, "
                f"{plural(expected.reps, 'review')}, due {expected.due})"
            )
        elif mirrored and row[12] != epoch_us(stored.last_review):
            report.cards[card_id] = stored  # only the mirror is rewritten
            report.card_notes.append(
                f"card {row[2]}: its last review in microseconds ({row[12]}) is not its last "
                f"review's time ({stored.last_review})"
            )


@dataclass(frozen=True)
class _Row:
    """A review row as read, its time still as stored."""

    id: int
    at: Any
    rating: int | None  # None: not a rating
    before: CardState | None
    after: CardState | None
    texts: tuple[Any, ...]  # the row's time, rating and logged states as stored


def _timed(rows: list[_Row], stored: CardState, report: Report) -> list[LoggedReview]:
    """One card's review rows with their times. An unreadable time is taken from another
    record of the same moment: the review's own logged outcome, the next review's logged
    start, or for the last review the card's own state (each one's ``last_review``)."""
    out = []
    for index, row in enumerate(rows):
        after_next = rows[index + 1].before if index + 1 < len(rows) else stored
        try:
            when = _time(row.at)
            logged = row.after.last_review if row.after is not None else None
            other = after_next.last_review if after_next is not None else None
            if (
                when is not None
                and logged is not None
                and other is not None
                and abs(logged - other) <= TIME_SLACK  # two records agree on the moment
                and not when - TIME_SLACK <= logged <= when + RERATE_WINDOW
            ):
                fix = f"sets it to {_sql_time(logged)} (the time its logged state records)"
                reason = "is not the time its logged outcome and the next record agree on"
                report.unreadable.append(
                    Unreadable("reviews", row.id, "reviewed_at", row.at, fix, reason=reason)
                )
                report.review_times[row.id] = logged
                when = logged
        except NotATime:
            witness = next(
                (s.last_review for s in (row.after, after_next) if s and s.last_review), None
            )
            fix = None
            if witness is not None:
                fix = f"sets it to {_sql_time(witness)} (the time its logged state records)"
            report.unreadable.append(Unreadable("reviews", row.id, "reviewed_at", row.at, fix))
            if witness is not None:
                report.review_times[row.id] = witness
            when = witness
        assert row.rating is not None  # a card with a rating that is not one is not followed
        moment = when or datetime.min.replace(tzinfo=UTC)
        out.append(LoggedReview(row.id, moment, row.rating, row.before, row.after))
    return out


_CARD_TIMES = {"due": 7, "last_review": 8}  # their places in `_replay`'s card columns
_CARD_NUMBERS = {"state": 3, "step": 4, "stability": 5, "difficulty": 6, "reps": 9, "lapses": 10}


def _number(value: Any, column: str) -> bool:
    """Whether ``value`` can be the card's ``column`` at all (its bounds are the log's to say)."""
    if column in ("stability", "difficulty"):
        return value is None or (isinstance(value, int | float) and math.isfinite(value))
    if column == "step":
        return value is None or isinstance(value, int)
    return isinstance(value, int)


def _card_state(row: tuple[Any, ...]) -> tuple[CardState, list[str]]:
    """A card's stored state from its row (`_replay`'s columns), and the names of its times
    that cannot be read (taken as none)."""
    times: dict[str, datetime | None] = {}
    unreadable = []
    for column, place in _CARD_TIMES.items():
        try:
            times[column] = _time(row[place])
        except NotATime:
            times[column] = None
            unreadable.append(column)
    numbers: dict[str, Any] = {}
    for column, place in _CARD_NUMBERS.items():
        numbers[column] = row[place] if _number(row[place], column) else None
        if numbers[column] is None and row[place] is not None:
            unreadable.append(column)
    state = CardState(
        state=numbers["state"] if numbers["state"] is not None else -1,
        step=numbers["step"],
        stability=numbers["stability"],
        difficulty=numbers["difficulty"],
        due=times["due"],
        last_review=times["last_review"],
        reps=numbers["reps"] if numbers["reps"] is not None else -1,
        lapses=numbers["lapses"] if numbers["lapses"] is not None else -1,
        leech=bool(row[11]),
    )
    return state, unreadable


def repair(path: Path, report: Report) -> Path:
    """Rebuild derived state from the review log, after taking a backup; the backup's path."""
    if report.damaged:
        raise StoreError(
            f"{path} is damaged ({report.damaged[0]}); it cannot be repaired in place: "
            "restore a backup with `trainer restore FILE`"
        )
    saved = backup.take(path, "repair")
    db = sqlite3.connect(str(path), timeout=integrity.BUSY_TIMEOUT_S, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        mirrored = _has_microseconds(db)
        for card_id, state in report.cards.items():
            db.execute(
                "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, "
                "last_review = ?, reps = ?, lapses = ?, leech = ? WHERE id = ?",
                (
                    state.state,
                    state.step,
                    state.stability,
                    state.difficulty,
                    _sql_time(state.due),
                    _sql_time(state.last_review),
                    state.reps,
                    state.lapses,
                    state.leech,
                    card_id,
                ),
            )
            if mirrored:
                db.execute(
                    "UPDATE cards SET last_review_us = ? WHERE id = ?",
                    (epoch_us(state.last_review), card_id),
                )
        for review_id, (before, after) in report.logs.items():
            db.execute(
                "UPDATE reviews SET state_before = ?, state_after = ? WHERE id = ?",
                (before.to_json(), after.to_json(), review_id),
            )
        for review_id, (_, owner) in report.misfiled.items():
            db.execute("UPDATE reviews SET student_id = ? WHERE id = ?", (owner, review_id))
        for review_id, moment in report.review_times.items():
            db.execute(
                "UPDATE reviews SET reviewed_at = ? WHERE id = ?", (_sql_time(moment), review_id)
            )
        for unreadable in report.unreadable:
            if unreadable.fix == DISCARDED:
                db.execute(
                    "UPDATE exam_sittings SET status = 'discarded' WHERE id = ?", (unreadable.row,)
                )
        if report.duplicates:
            copies = list(report.duplicates)
            marks = ", ".join("?" * len(copies))
            db.execute(f"DELETE FROM reviews WHERE id IN ({marks})", copies)
        now = _sql_time(datetime.now(UTC))
        for unreadable in report.unreadable:
            where = (unreadable.table, unreadable.column)
            if where == ("card_leases", "expires_at"):
                db.execute("DELETE FROM card_leases WHERE rowid = ?", (unreadable.row,))
            elif where == ("cards", "created_at"):
                first = db.execute(
                    "SELECT min(reviewed_at) FROM reviews WHERE card_id = ?", (unreadable.row,)
                ).fetchone()[0]
                db.execute(
                    "UPDATE cards SET created_at = ? WHERE rowid = ?",
                    (_readable_or(first, now), unreadable.row),
                )
            elif where == ("cards", "retired_at"):
                db.execute("UPDATE cards SET retired_at = ? WHERE rowid = ?", (now, unreadable.row))
            elif where == ("students", "created_at"):
                first = db.execute(
                    "SELECT min(reviewed_at) FROM reviews WHERE student_id = ?", (unreadable.row,)
                ).fetchone()[0]
                db.execute(
                    "UPDATE students SET created_at = ? WHERE rowid = ?",
                    (_readable_or(first, now), unreadable.row),
                )
        for student, name, _ in report.settings:
            db.execute("DELETE FROM settings WHERE student_id = ? AND name = ?", (student, name))
        db.execute("DELETE FROM card_leases WHERE card_id NOT IN (SELECT id FROM cards)")
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise StoreError(f"cannot repair {path}: {exc}; nothing was changed") from None
    finally:
        db.close()
    return saved


def _readable_or(value: Any, default: str) -> str:
    """``value`` if it is a stored time the store can read, else ``default``."""
    try:
        return value if _time(value) is not None else default
    except NotATime:
        return default


def _has_microseconds(db: sqlite3.Connection) -> bool:
    """Whether the file has revision 0009's ``cards.last_review_us`` (older files may be
    checked before they are opened and migrated)."""
    return any(row[1] == "last_review_us" for row in db.execute("PRAGMA table_info(cards)"))


def _sql_time(value: datetime | None) -> str | None:
    """The store's own text form of a UTC time (naive, microseconds)."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def summary(report: Report) -> str:
    return json.dumps(
        {
            "cards": report.checked_cards,
            "reviews": report.checked_reviews,
            "problems": report.problems,
        }
    )
