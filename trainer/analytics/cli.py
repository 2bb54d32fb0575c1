"""What the instructors' commands print; the CLI only parses their arguments."""

from __future__ import annotations

import json
from datetime import date, datetime

from trainer.analytics.classview import BlockResult, StudentProgress, exam_results, progress
from trainer.analytics.items import analyse
from trainer.analytics.report import as_csv, as_json, as_text
from trainer.analytics.responses import Response, first_answers
from trainer.errors import TrainerError
from trainer.humanize import plural
from trainer.store.db import Store


def items_report(
    store: Store, deck: str | None, json: bool, csv: bool, flagged_only: bool = False
) -> str:
    try:
        responses = first_answers(store)
    finally:
        store.close()
    _check_deck(deck, responses)
    items = analyse(responses, deck)
    if json:
        return as_json(items) + "\n"
    if csv:
        return as_csv(items)
    return as_text(items, flagged_only)


def _check_deck(deck: str | None, responses: list[Response]) -> None:
    """``--deck`` names a deck the class has answered, or the command stops saying so."""
    if deck is not None and deck not in {r.deck_id for r in responses}:
        known = ", ".join(sorted({r.deck_id for r in responses})) or "none answered yet"
        raise TrainerError(f"--deck {deck!r}: no answers to that deck (decks: {known})")


def class_report(
    store: Store, now: datetime, exam_date: str | None, deck: str | None, as_json_: bool
) -> str:
    """Per-student progress, exam sittings with ranks and percentiles, and the items that
    need attention."""
    when = None
    if exam_date is not None:
        try:
            when = date.fromisoformat(exam_date)
        except ValueError:
            raise TrainerError(
                f"--exam-date {exam_date!r} is not a date (YYYY-MM-DD, a day that exists)"
            ) from None
        if when < now.date():
            store.close()
            raise TrainerError(
                f"--exam-date {exam_date} has passed: the class's exam-day recall is for a "
                "day to come"
            )
    try:
        pupils = progress(store, now, when)
        blocks = exam_results(store)
        responses = first_answers(store)
    finally:
        store.close()
    _check_deck(deck, responses)
    items = analyse(responses, deck)
    if as_json_:
        data = {
            "students": [p.to_json() for p in pupils],
            "exam_sittings": [b.to_json() for b in blocks],
            "items": [i.to_json() for i in items],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return "\n".join([_students_text(pupils), _blocks_text(blocks), as_text(items, True)])


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _students_text(pupils: list[StudentProgress]) -> str:
    lines = [
        "Students",
        f"  {'student':<20} {'studied':>11} {'reviews':>7} {'7 days':>6} {'30d right':>9} "
        f"{'exam':>10} {'recall':>6}  weakest topics",
    ]
    for p in pupils:
        weak = "; ".join(f"{t} {r:.0%} of {n}" for t, n, r in p.weakest_topics) or "-"
        exam = p.exam_date.isoformat() if p.exam_date else "-"
        lines.append(
            f"  {p.student[:20]:<20} {f'{p.studied}/{p.cards}':>11} {p.reviews:>7} "
            f"{p.reviews_7d:>6} {_pct(p.right_30d):>9} {exam:>10} "
            f"{_pct(p.predicted_exam_recall):>6}  {weak}"
        )
    return "\n".join(lines) + "\n"


def _blocks_text(blocks: list[BlockResult]) -> str:
    if not blocks:
        return "Exam sittings\n  none yet\n"
    lines = ["Exam sittings (one preset on one day; each student's first block that day)"]
    current = None
    for b in blocks:
        if (b.preset, b.day) != current:
            current = (b.preset, b.day)
            lines.append(f"  {b.day.isoformat()} {b.preset}: {plural(b.of, 'student')}")
            lines.append(f"    {'rank':>4} {'student':<20} {'score':>13} {'percentile':>10}")
        score = f"{b.score:g}/{b.max_score:g}"
        lines.append(f"    {b.rank:>4} {b.student[:20]:<20} {score:>13} {b.percentile:>10.1f}")
    return "\n".join(lines) + "\n"
