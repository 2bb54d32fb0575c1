"""The drill's words: the feedback panel, the rating keys line and the done screen."""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Rating
from rich.text import Text

from trainer.humanize import agree, duration, percent, plural
from trainer.scheduling.scheduler import Settings
from trainer.session import RATING_NAMES, DrillSession, Feedback
from trainer.study.queue import DrillStatus
from trainer.tui.screens.base import LETTERS
from trainer.tui.widgets import literal


def feedback_text(feedback: Feedback) -> Text:
    item = feedback.presented.item
    text = Text()
    text.append(
        "Right. " if feedback.correct else "Wrong. ",
        style="bold green" if feedback.correct else "bold red",
    )
    text.append_text(literal(f"Answer: {LETTERS[item.answer]}. {item.key}\n"))
    if feedback.chosen is not None and not feedback.correct:
        text.append(f"You chose {LETTERS[feedback.chosen]}. ", style="bold red")
        text.append_text(literal(f"{item.rationales[feedback.chosen]}\n"))
    text.append_text(literal(item.explanation + "\n"))
    text.append(f"Rated {feedback.rating_name} ({feedback.reason}).", style="bold")
    return text


def rating_line(
    current: Rating,
    waits: dict[Rating, timedelta],
    keys: dict[Rating, str],
    exam_recalls: dict[Rating, float] | None = None,
) -> Text:
    """Each rating key with its name and the wait it would give, the current one marked; with
    an exam date (``exam_recalls``, `study.intervals.exam_recalls`) the card's exam-day recall
    instead, which is what the rating changes there."""
    if exam_recalls is None:
        text = Text("Change the rating: ")
    else:
        text = Text("Change the rating (exam-day recall if not reviewed again): ")
    for i, (rating, key) in enumerate(keys.items()):
        if i:
            text.append(" · ")
        shown = duration(waits[rating]) if exam_recalls is None else percent(exam_recalls[rating])
        label = f"{key} {RATING_NAMES[rating]} {shown}"
        text.append(label, style="reverse bold" if rating == current else "")
    return text


def done_text(
    session: DrillSession,
    status: DrillStatus | None,
    settings: Settings,
    now: datetime,
    minutes: float,
    scope: str,
) -> Text:
    """What the drill holds back and when it has something again: never a bare "done"."""
    text = Text()
    pending = status is not None and status.next_learning_at is not None
    if pending:
        assert status is not None and status.next_learning_at is not None
        wait = duration(status.next_learning_at - now)
        text.append(f"Next learning card in {wait}", style="bold")
        text.append(f" (at {status.next_learning_at:%H:%M} UTC); it appears here when it is due.\n")
    elif session.extra:
        text.append("Nothing more to study ahead right now.\n", style="bold")
    else:
        text.append(f"Done for today ({scope}).\n", style="bold")
    text.append(
        f"\nThis session: {plural(session.answered, 'answer')}, {session.right} right, "
        f"in {minutes:.0f} min.\n"
    )
    if status is not None:
        held = []
        if status.new_held_by_cap:
            held.append(
                f"{plural(status.new_held_by_cap, 'new card')} "
                f"{agree(status.new_held_by_cap, 'waits', 'wait')} for another day: the daily "
                f"limit is {plural(settings.new_per_day, 'new card')} (Settings)."
            )
        if status.reviews_held_by_cap:
            held.append(
                f"{plural(status.reviews_held_by_cap, 'due review')} "
                f"{agree(status.reviews_held_by_cap, 'waits', 'wait')}: the daily review "
                f"limit is {settings.reviews_per_day} (Settings)."
            )
        if status.buried:
            held.append(
                f"{plural(status.buried, 'card')} held until tomorrow: another card of the same "
                "fact was answered today."
            )
        if held:
            text.append("\nHeld back:\n")
            for line in held:
                text.append(f"  • {line}\n")
        text.append(f"\nDue tomorrow: {status.due_tomorrow}.\n")
    keys = "Space: look again · " if pending else ""
    more = "" if session.extra else "m: study more · "
    text.append(f"\n{keys}{more}Esc: home", style="dim")
    return text
