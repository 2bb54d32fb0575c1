"""Settings: exam date, retention, daily limits, options per question, learning steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    Static,
)

from trainer.errors import TrainerError
from trainer.tui.screens.base import (
    TrainerScreen,
    binding,
)


class SettingsScreen(TrainerScreen):
    BINDINGS = [
        binding("ctrl+s", "save", "Save", priority=True),
        binding("escape", "app.pop_screen", "Back"),
    ]
    FIELDS = (
        ("exam_date", "Exam date (YYYY-MM-DD or blank)"),
        ("desired_retention", "Desired retention (0.70–0.99)"),
        ("new_per_day", "New cards per day"),
        ("reviews_per_day", "Reviews per day"),
        ("options", "Options per question (4 or 5)"),
        ("learning_steps", "Learning steps, minutes (e.g. 1 10)"),
    )

    def compose(self) -> ComposeResult:
        settings = self.trainer.settings
        values = {
            "exam_date": settings.exam_date.isoformat() if settings.exam_date else "",
            "desired_retention": f"{settings.desired_retention:.2f}",
            "new_per_day": str(settings.new_per_day),
            "reviews_per_day": str(settings.reviews_per_day),
            "options": str(settings.options),
            "learning_steps": " ".join(str(m) for m in settings.learning_steps_min),
        }
        yield Header()
        yield Static("Settings", classes="title")
        for name, label in self.FIELDS:
            with Horizontal(classes="form-row"):
                yield Label(label)
                yield Input(values[name], id=name)
        yield Static(id="message", classes="muted")
        yield Footer()

    def action_save(self) -> None:
        get = lambda name: self.query_one(f"#{name}", Input).value.strip()  # noqa: E731
        trainer = self.trainer
        try:
            exam = date.fromisoformat(get("exam_date")) if get("exam_date") else None
            settings = replace(
                trainer.settings,
                exam_date=exam,
                desired_retention=float(get("desired_retention")),
                new_per_day=int(get("new_per_day")),
                reviews_per_day=int(get("reviews_per_day")),
                options=int(get("options")),
                learning_steps_min=tuple(int(m) for m in get("learning_steps").split()),
            )
            trainer.save_settings(settings)
        except (ValueError, TrainerError) as exc:
            self.query_one("#message", Static).update(Text(f"Not saved: {exc}", style="red"))
            return
        self.query_one("#message", Static).update("Saved.")
        self.notify("Settings saved.")
