"""Settings typed by a student, read into `Settings` with messages in plain language.

Used by the Settings screen and by `trainer exam-date`; no Textual here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from trainer.errors import TrainerError
from trainer.scheduling.scheduler import Settings

FIELDS: tuple[tuple[str, str], ...] = (
    ("exam_date", "Exam date (YYYY-MM-DD or blank)"),
    ("desired_retention", "Desired retention (0.70–0.99)"),
    ("new_per_day", "New cards per day"),
    ("reviews_per_day", "Reviews per day"),
    ("options", "Options per question (4 or 5)"),
    ("learning_steps", "Learning steps, minutes (e.g. 1 10)"),
)


EXAM_HORIZON = timedelta(days=3 * 365 + 1)  # the furthest exam date taken: three years ahead
FORM_CLEARS = "leave it blank to clear it"  # how the Settings form clears the date
CLI_CLEARS = "give 'none' to clear it"  # how `trainer exam-date` clears it


def parse_exam_date(text: str, today: date, clears: str = FORM_CLEARS) -> date | None:
    """'' or 'none' clears the date; a date must be YYYY-MM-DD, real, not in the past and at
    most three years ahead. ``clears`` is how the place it was typed in clears it, for the
    messages."""
    text = text.strip()
    if not text or text.lower() == "none":
        return None
    try:
        exam = date.fromisoformat(text)
    except ValueError:
        raise TrainerError(
            f"exam date {text!r} is not a real date written YYYY-MM-DD, e.g. 2027-03-01"
        ) from None
    if exam < today:
        raise TrainerError(
            f"exam date {exam.isoformat()} has already passed (today is {today.isoformat()}); "
            f"give a date from today on, or {clears}"
        )
    if exam > today + EXAM_HORIZON:
        raise TrainerError(
            f"exam date {exam.isoformat()} is more than {EXAM_HORIZON.days // 365} years ahead "
            "(a typing slip?); the trainer plans for an exam up to then"
        )
    return exam


def _whole(text: str, label: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        shown = repr(text.strip()) if text.strip() else "empty"
        raise TrainerError(f"{label}: {shown} is not a whole number") from None
    if not low <= value <= high:
        raise TrainerError(f"{label}: {value} is not between {low} and {high}")
    return value


def settings_from_form(values: dict[str, str], current: Settings, today: date) -> Settings:
    """The settings the form describes, or a TrainerError naming the field and the problem."""
    exam = parse_exam_date(values.get("exam_date", ""), today)
    retention_text = values.get("desired_retention", "").strip().rstrip("%")
    try:
        retention = float(retention_text)
    except ValueError:
        raise TrainerError(
            f"desired retention: {retention_text or 'empty'!r} is not a number like 0.90"
        ) from None
    if retention > 1:  # typed as a percentage
        retention /= 100
    if not 0.7 <= retention <= 0.99:
        raise TrainerError("desired retention must be between 0.70 and 0.99 (70% to 99%)")
    options = _whole(values.get("options", ""), "options per question", 4, 5)
    steps_text = values.get("learning_steps", "").replace(",", " ").split()
    if not steps_text:
        raise TrainerError("learning steps: give at least one number of minutes, e.g. 1 10")
    steps = tuple(_whole(m, "each learning step (minutes)", 1, 1440) for m in steps_text)
    settings = replace(
        current,
        exam_date=exam,
        desired_retention=round(retention, 2),
        new_per_day=_whole(values.get("new_per_day", ""), "new cards per day", 0, 9999),
        reviews_per_day=_whole(values.get("reviews_per_day", ""), "reviews per day", 0, 99999),
        options=options,
        learning_steps_min=steps,
    )
    return settings.validated()


def form_values(settings: Settings) -> dict[str, str]:
    return {
        "exam_date": settings.exam_date.isoformat() if settings.exam_date else "",
        "desired_retention": f"{settings.desired_retention:.2f}",
        "new_per_day": str(settings.new_per_day),
        "reviews_per_day": str(settings.reviews_per_day),
        "options": str(settings.options),
        "learning_steps": " ".join(str(m) for m in settings.learning_steps_min),
    }
