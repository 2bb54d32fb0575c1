"""Home: today's counts per deck and the way into every other screen."""

from __future__ import annotations

from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Static,
)

from trainer.stats import (
    compute_stats,
)
from trainer.tui.screens.base import (
    TrainerScreen,
    binding,
)
from trainer.tui.screens.browse import BrowseScreen
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.screens.exam import ExamSetupScreen
from trainer.tui.screens.instructor import InstructorScreen
from trainer.tui.screens.settings import SettingsScreen
from trainer.tui.screens.stats import StatsScreen
from trainer.tui.widgets import literal, percent


class HomeScreen(TrainerScreen):
    BINDINGS = [
        binding("enter", "drill", "Drill", priority=True),
        binding("e", "exam", "Exam"),
        binding("s", "stats", "Stats"),
        binding("b", "browse", "Browse"),
        binding("o", "settings", "Settings"),
        binding("i", "instructor", "Class", show=False),
        binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Today", classes="title")
        yield Static(id="summary", classes="muted")
        yield DataTable(id="decks", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_columns("Deck", "Cards", "New", "Due")
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def refresh_counts(self) -> None:
        trainer = self.trainer
        stats = compute_stats(trainer)
        counts = trainer.store.deck_counts(trainer.today() + timedelta(days=1))
        rows = [
            (deck.title, *counts.get(deck_id, (0, 0, 0))) for deck_id, deck in trainer.decks.items()
        ]
        lines = [
            f"{stats.due_today} due today · {stats.new} new cards · {stats.reviews} reviews so far"
        ]
        if stats.exam_date is not None:
            lines.append(
                f"Exam {stats.exam_date.isoformat()} in {stats.days_to_exam} days · predicted exam-day "
                f"recall {percent(stats.predicted_exam_recall)} now, "
                f"{percent(stats.predicted_exam_recall_if_due_done)} if today's due cards are done"
            )
        else:
            lines.append("No exam date set (o: settings).")
        self.app.call_from_thread(self._show, rows, "\n".join(lines))

    def _show(self, rows: list[tuple[str, int, int, int]], summary: str) -> None:
        table = self.query_one("#decks", DataTable)
        table.clear()
        for title, total, new, due in rows:
            table.add_row(literal(title), total, new, due)
        self.query_one("#summary", Static).update(summary)

    def action_drill(self) -> None:
        self.app.push_screen(DrillScreen(self.trainer))

    def action_exam(self) -> None:
        self.app.push_screen(ExamSetupScreen(self.trainer))

    def action_stats(self) -> None:
        self.app.push_screen(StatsScreen(self.trainer))

    def action_browse(self) -> None:
        self.app.push_screen(BrowseScreen(self.trainer))

    def action_settings(self) -> None:
        self.app.push_screen(SettingsScreen(self.trainer))

    def action_instructor(self) -> None:
        self.app.push_screen(InstructorScreen(self.trainer))
