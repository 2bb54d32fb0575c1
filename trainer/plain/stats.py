"""`trainer stats` as sentences a student reads, with whole numbers and percentages."""

from __future__ import annotations

from trainer.humanize import percent, plural
from trainer.stats import Stats


def recall_sentence(stats: Stats) -> str | None:
    """The exam-day prediction, saying what it covers; None without an exam date."""
    if stats.exam_date is None or stats.days_to_exam is None:
        return None
    unseen = (
        f"; the {stats.new} cards not yet seen count {percent(stats.unseen_known)}, "
        "the share you are estimated to know already (from your first answers)"
        if stats.new
        else ""
    )
    return (
        f"predicted exam-day recall of the whole syllabus ({plural(stats.cards, 'card')}"
        f"{unseen}): {percent(stats.predicted_exam_recall)} now, "
        f"{percent(stats.predicted_exam_recall_if_due_done)} if today's due cards are done"
    )


def exam_sentence(stats: Stats, how_to_set: str = "trainer exam-date YYYY-MM-DD") -> str:
    if stats.exam_date is None or stats.days_to_exam is None:
        return f"no exam date set ({how_to_set})"
    days = stats.days_to_exam
    when = "today" if days == 0 else f"in {plural(days, 'day')}"
    return f"{stats.exam_date.isoformat()}, {when}"


def stats_report(stats: Stats, how_to_set: str = "trainer exam-date YYYY-MM-DD") -> str:
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
    return "\n".join(f"{name + ':':<11}{text}" for name, text in lines)
