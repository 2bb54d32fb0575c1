"""`trainer stats` as sentences a student reads, with whole numbers and percentages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.humanize import percent, plural
from trainer.stats import Stats

if TYPE_CHECKING:  # the projection's module loads the simulator's backend: only when used
    from trainer.study.projection import Projection


def recall_sentence(stats: Stats) -> str | None:
    """The exam-day prediction, saying what it covers; None without an exam date, or once
    it has passed."""
    if stats.exam_date is None or stats.days_to_exam is None or stats.days_to_exam < 0:
        return None
    unseen = (
        f"; the {plural(stats.new, 'card')} not yet seen count {percent(stats.unseen_known)}, "
        "the share your first answers say you already know"
        if stats.new
        else ""
    )
    return (
        f"predicted exam-day recall of the whole syllabus ({plural(stats.cards, 'card')}"
        f"{unseen}): {percent(stats.predicted_exam_recall)} if you stopped studying now, "
        f"{percent(stats.predicted_exam_recall_if_due_done)} if you stopped after today's "
        "cards (new and due)"
    )


def projection_sentence(projection: Projection) -> str:
    """The forecast if the student keeps studying as they have (`study.projection`)."""
    habit = projection.habit
    minutes = round(projection.minutes_per_day)
    if habit is None:
        return "none until you have studied: it runs your own daily minutes forward"
    # the time spent choosing answers, as the drill measures it (reading feedback is not in it)
    if habit.days == 0:
        since = "your answering time today"
    else:
        since = f"your average answering time over the last {plural(habit.days, 'day')}"
    amount = "less than a minute" if minutes < 1 else plural(minutes, "minute")
    sampled = (
        f"; from a sample of {projection.projected:,} of {projection.cards:,} cards"
        if projection.projected < projection.cards
        else ""
    )
    band = (
        f" (range {percent(projection.low)}–{percent(projection.high)})"
        if projection.low is not None and projection.high is not None
        else ""
    )
    return (
        f"{percent(projection.recall)} on exam day{band} if you keep answering questions "
        f"{amount} a day ({since}{sampled})"
    )


def exam_sentence(stats: Stats, how_to_set: str = "trainer exam-date YYYY-MM-DD") -> str:
    if stats.exam_date is None or stats.days_to_exam is None:
        return f"no exam date set ({how_to_set})"
    days = stats.days_to_exam
    if days < 0:
        return (
            f"{stats.exam_date.isoformat()}, {plural(-days, 'day')} ago: it has passed "
            f"({how_to_set} sets the next one)"
        )
    when = "today" if days == 0 else f"in {plural(days, 'day')}"
    return f"{stats.exam_date.isoformat()}, {when}"


def stats_report(
    stats: Stats,
    how_to_set: str = "trainer exam-date YYYY-MM-DD",
    projection: Projection | None = None,
) -> str:
    """The figures, one line each; ``projection``: the forecast (`study.projection`), shown
    with an exam date."""
    retention = (
        f"{percent(stats.retention_30d)} of {plural(stats.retention_answers_30d, 'answer')} "
        "in the last 30 days (a card's first answer is not counted)"
        if stats.retention_30d is not None
        else "none yet (a card's first answer is not counted)"
    )
    lines = [
        ("Cards", f"{stats.cards} ({stats.new} new, {stats.due_today} due today)"),
        ("Reviews", f"{stats.reviews} so far"),
        ("Retention", retention),
        ("Leeches", f"{stats.leeches}"),
        ("Exam", exam_sentence(stats, how_to_set)),
    ]
    recall = recall_sentence(stats)
    if recall is not None:
        lines.append(("Recall", recall))
        if projection is not None:
            lines.append(("Forecast", projection_sentence(projection)))
    return "\n".join(f"{name + ':':<11}{text}" for name, text in lines)
