"""The instructor's screen: every student's progress and the items that need a look.

It presents `trainer.analytics` and nothing more; the figures are explained in
docs/instructors.md."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from trainer.analytics.classview import progress
from trainer.analytics.items import analyse
from trainer.analytics.responses import first_answers
from trainer.humanize import plural
from trainer.store.db import NO_STUDENT, Store
from trainer.tui.screens.base import MENU_ICON, TrainerScreen, binding
from trainer.tui.widgets import literal, percent
from trainer.tui.widgets.footer import Footer


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class InstructorScreen(TrainerScreen):
    BINDINGS = [binding("escape", "app.pop_screen", "Home")]

    def compose(self) -> ComposeResult:
        yield Header(icon=MENU_ICON)
        with VerticalScroll():
            yield Static("Class", classes="title")
            yield Static(id="class-summary", classes="muted")
            yield DataTable(id="students", cursor_type="row")
            yield Static(
                "Items to look at (first answers; see docs/instructors.md)", classes="title"
            )
            yield DataTable(id="items", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#students", DataTable).add_columns(
            "Student", "Studied", "Reviews", "30d right", "Exam recall", "Weakest topic"
        )
        self.query_one("#items", DataTable).add_columns("Item", "n", "p", "r_pb", "Flags")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="instructor")
    def load(self) -> None:
        trainer = self.trainer
        everyone = Store(trainer.store.engine, NO_STUDENT, "")
        pupils = progress(everyone, trainer.clock.now())
        items = [i for i in analyse(first_answers(everyone)) if i.flags and i.level != "deck"]
        self.app.call_from_thread(self._show, pupils, items)

    def _show(self, pupils, items) -> None:
        students = self.query_one("#students", DataTable)
        students.clear()
        for p in pupils:
            weakest = p.weakest_topics[0] if p.weakest_topics else None
            students.add_row(
                literal(p.student),
                f"{p.studied}/{p.cards}",
                p.reviews,
                percent(p.right_30d),
                percent(p.predicted_exam_recall),
                literal(f"{weakest[0]} {weakest[2]:.0%}") if weakest else "-",
            )
        table = self.query_one("#items", DataTable)
        table.clear()
        for item in items:
            table.add_row(
                literal(item.id), item.answers, _num(item.p), _num(item.r_pb),
                literal(", ".join(item.flags)),
            )  # fmt: skip
        self.query_one("#class-summary", Static).update(
            f"{plural(len(pupils), 'student')} · {plural(len(items), 'item')} flagged"
        )
