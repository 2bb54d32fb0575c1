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
from textual.worker import Worker, WorkerState, get_current_worker

from trainer.plain.stats import projection_sentence, stats_report
from trainer.stats import (
    compute_stats,
    confused_pairs_by_topic,
    due_forecast,
    retention_by_topic,
    reviews_per_day,
)
from trainer.tui.screens.base import (
    MENU_ICON,
    TrainerScreen,
    binding,
)
from trainer.tui.widgets import heatmap, literal, percent
from trainer.tui.widgets.charts import forecast_strip


class StatsScreen(TrainerScreen):
    BINDINGS = [binding("escape", "app.pop_screen", "Home")]

    def compose(self) -> ComposeResult:
        yield Header(icon=MENU_ICON)
        with VerticalScroll():
            yield Static("Statistics", classes="title")
            yield Static(id="summary")
            projection = Static(id="projection")
            projection.display = False  # shown with an exam date, once the figures are in
            yield projection
            yield Static("Reviews per day (last 12 weeks)", classes="title")
            yield Static(id="heatmap")
            yield Static("Due in the next 30 days, one mark a day", classes="title")
            yield Static(id="forecast")
            yield Static("Retention by topic (weakest first)", classes="title")
            yield Static(id="topics")
            yield Static("Most-confused answers, by topic", classes="title")
            yield Static(id="confused")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="projection")
    def project(self) -> None:
        """The forecast runs the drill forward to the exam (`study.projection`)."""
        from trainer.study.projection import Stopped, project  # (the in-memory trainer)

        worker = get_current_worker()  # cancelled when the screen or the app closes
        try:
            projection = project(self.trainer, band=True, stop=lambda: worker.is_cancelled)
        except Stopped:
            return
        text = "" if projection is None else f"{'Forecast:':<11}{projection_sentence(projection)}"
        self.app.call_from_thread(self._show_projection, text)

    def _show_projection(self, text: str) -> None:
        self.query_one("#projection", Static).update(literal(text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed forecast says so in its place (the error itself is notified)."""
        if event.state == WorkerState.ERROR and event.worker.group == "projection":
            self._show_projection(f"{'Forecast:':<11}not available (see the message)")
        super().on_worker_state_changed(event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def load(self) -> None:
        trainer = self.trainer
        stats = compute_stats(trainer)
        data = (
            stats,
            reviews_per_day(trainer),
            due_forecast(trainer),
            retention_by_topic(trainer),
            confused_pairs_by_topic(trainer),
        )
        self.app.call_from_thread(self._show, *data)

    def _show(self, stats, per_day, forecast, topics, confused) -> None:
        self.query_one("#summary", Static).update(stats_report(stats, "o on Home: Settings"))
        if stats.exam_date is not None:  # the forecast next, in its own worker
            shown = self.query_one("#projection", Static)
            shown.update(literal(f"{'Forecast:':<11}working it out…"))
            shown.display = True
            self.project()
        self.query_one("#heatmap", Static).update(heatmap(per_day))
        self.query_one("#forecast", Static).update(forecast_strip(forecast))
        topic_text = Text()
        for topic, n, rate in topics:
            topic_text.append_text(literal(f"{topic:<28}"))
            topic_text.append("█" * round(rate * 20), style="green")
            topic_text.append(f" {percent(rate)} right of {n}\n")
        self.query_one("#topics", Static).update(
            topic_text or Text("none yet (a card's first answer is not counted)")
        )
        confused_text = Text()
        for topic, key, chosen, n in confused:
            confused_text.append_text(literal(f"{topic}: ", style="bold"))
            confused_text.append_text(literal(f"chose {chosen} when the answer was {key}, {n}×\n"))
        self.query_one("#confused", Static).update(confused_text or Text("no wrong answers yet"))
