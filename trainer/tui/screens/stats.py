"""Statistics: totals, a calendar of reviews, the due forecast, weak topics."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    Static,
)

from trainer.stats import (
    compute_stats,
    confused_pairs,
    due_forecast,
    retention_by_topic,
    reviews_per_day,
)
from trainer.tui.screens.base import (
    TrainerScreen,
    binding,
)
from trainer.tui.widgets import bars, heatmap, literal, percent


class StatsScreen(TrainerScreen):
    BINDINGS = [binding("escape", "app.pop_screen", "Home")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("Statistics", classes="title")
            yield Static(id="summary")
            yield Static("Reviews per day (last 12 weeks)", classes="title")
            yield Static(id="heatmap")
            yield Static("Due in the next 30 days", classes="title")
            yield Static(id="forecast")
            yield Static("Retention by topic (weakest first)", classes="title")
            yield Static(id="topics")
            yield Static("Most-confused answers", classes="title")
            yield Static(id="confused")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def load(self) -> None:
        trainer = self.trainer
        stats = compute_stats(trainer)
        data = (
            stats,
            reviews_per_day(trainer),
            due_forecast(trainer),
            retention_by_topic(trainer),
            confused_pairs(trainer),
        )
        self.app.call_from_thread(self._show, *data)

    def _show(self, stats, per_day, forecast, topics, confused) -> None:
        summary = (
            f"{stats.cards} cards · {stats.new} new · {stats.due_today} due today · {stats.reviews} reviews · "
            f"30-day retention {percent(stats.retention_30d)} · leeches {stats.leeches}"
        )
        if stats.exam_date:
            summary += (
                f"\nExam {stats.exam_date} ({stats.days_to_exam} days): predicted recall "
                f"{percent(stats.predicted_exam_recall)}; {percent(stats.predicted_exam_recall_if_due_done)} "
                "if today's due cards are done"
            )
        self.query_one("#summary", Static).update(summary)
        self.query_one("#heatmap", Static).update(heatmap(per_day))
        self.query_one("#forecast", Static).update(bars(forecast))
        topic_text = Text()
        for topic, n, rate in topics:
            topic_text.append_text(literal(f"{topic:<28}"))
            topic_text.append("█" * round(rate * 20), style="green")
            topic_text.append(f" {percent(rate)} of {n}\n")
        self.query_one("#topics", Static).update(topic_text or Text("no reviews yet"))
        confused_text = Text()
        for key, chosen, n in confused:
            confused_text.append_text(literal(f"chose {chosen} when the key was {key}: {n}×\n"))
        self.query_one("#confused", Static).update(confused_text or Text("no wrong answers yet"))
