"""The drill: today's queue, one question at a time, with feedback after each answer."""

from __future__ import annotations

from fsrs import Rating
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    OptionList,
    ProgressBar,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from trainer.session import DrillSession, Feedback, Presented, Trainer
from trainer.tui.screens.base import (
    LETTERS,
    TrainerScreen,
    binding,
    option_bindings,
    render_prompts,
)
from trainer.tui.widgets import literal


class DrillScreen(TrainerScreen):
    """One question at a time. Every key press is one action, decided by the screen's phase:

    loading -> question -> saving -> feedback -> loading ...  (done when the queue is empty)

    Keys that do not belong to the current phase do nothing, and a worker's result is shown
    only by the phase that started it, so an answer is recorded only for the question on
    screen, chosen by the student."""

    BINDINGS = [
        *option_bindings(),
        binding("enter", "enter", "Choose / next", show=False, priority=True),
        binding("space", "next", "Next", key_display="space"),
        binding("u", "undo", "Undo"),
        binding("!", "rate(1)", "Re-rate", key_display="!@#$"),
        binding("@", "rate(2)", "Hard", show=False),
        binding("#", "rate(3)", "Good", show=False),
        binding("$", "rate(4)", "Easy", show=False),
        binding("escape", "leave", "Home"),
    ]

    def __init__(self, trainer: Trainer) -> None:
        super().__init__(trainer)
        self.session = None  # type: DrillSession | None
        self.presented: Presented | None = None
        self.feedback: Feedback | None = None
        self.phase = "loading"
        self._phase_before_work = "loading"
        self.generation = 0  # bumped whenever another question is put on screen
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="counts", classes="muted")
        with VerticalScroll(id="question"):
            yield Static(id="stem")
            yield OptionList(id="options")
            yield Static(id="feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.session = DrillSession(self.trainer)
        self._start("loading")
        self.load_next()

    def _start(self, phase: str) -> None:
        """Enter a busy phase; if its worker fails, the screen returns to where it was."""
        self._phase_before_work = (
            self.phase if self.phase not in ("loading", "saving") else "question"
        )
        self.phase = phase

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (TrainerScreen's handler runs too, and says what failed)
        if event.state == WorkerState.ERROR and self.phase in ("loading", "saving"):
            self.phase = self._phase_before_work if self.presented is not None else "done"

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def load_next(self) -> None:
        assert self.session is not None
        presented = self.session.next()
        counts = self.session.counts()
        self.app.call_from_thread(self._show_question, presented, counts.remaining)

    def _show_question(self, presented: Presented | None, remaining: int) -> None:
        self.presented = presented
        self.feedback = None
        self.generation += 1
        self.phase = "question" if presented is not None else "done"
        assert self.session is not None
        self.total = max(self.total, self.session.answered + remaining)
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(1, self.total), progress=self.session.answered)
        self.query_one("#counts", Static).update(
            f" {self.session.answered} answered · {self.session.right} right · {remaining} left"
        )
        feedback = self.query_one("#feedback", Static)
        feedback.remove_class("shown", "right", "wrong")
        options = self.query_one("#options", OptionList)
        options.clear_options()
        if presented is None:
            self._show_summary()
            return
        self.query_one("#stem", Static).update(literal(presented.item.stem))
        options.add_options(
            Option(prompt, id=f"{self.generation}:{i}")
            for i, prompt in enumerate(render_prompts(presented.item.options))
        )
        options.highlighted = 0
        options.focus()

    def _show_summary(self) -> None:
        assert self.session is not None
        s = self.session
        minutes = (
            self.trainer.clock.now() - (s.started or self.trainer.clock.now())
        ).total_seconds() / 60
        self.query_one("#stem", Static).update(
            Text(
                f"Done for today.\n\nAnswered {s.answered}, right {s.right}, "
                f"in {minutes:.0f} min. Due tomorrow: {s.due_tomorrow()}.\n\nEsc: home"
            )
        )

    def action_choose(self, index: int) -> None:
        if self.phase != "question" or self.presented is None:
            return
        if not 0 <= index < len(self.presented.item.options):
            return
        self._start("saving")
        self.record(self.presented, index)

    def action_enter(self) -> None:
        """Enter chooses the highlighted option on a question, and moves on from feedback."""
        if self.phase == "question":
            highlighted = self.query_one("#options", OptionList).highlighted
            if highlighted is not None:
                self.action_choose(highlighted)
        elif self.phase == "feedback":
            self.action_next()

    @on(OptionList.OptionSelected, "#options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A click on an option: it counts only for the question it was drawn for."""
        generation, _, index = (event.option.id or "").partition(":")
        if generation == str(self.generation) and index.isdigit():
            self.action_choose(int(index))

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def record(self, presented: Presented, index: int) -> None:
        assert self.session is not None
        feedback = self.session.answer(presented, index)
        self.app.call_from_thread(self._show_feedback, feedback)

    def _show_feedback(self, feedback: Feedback) -> None:
        self.feedback = feedback
        self.phase = "feedback"
        item = feedback.presented.item
        text = Text()
        text.append(
            "Right. " if feedback.correct else "Wrong. ",
            style="bold green" if feedback.correct else "bold red",
        )
        text.append_text(literal(f"Answer: {LETTERS[item.answer]}. {item.key}\n"))
        if feedback.chosen is not None and not feedback.correct:
            text.append_text(literal(f"Your choice — {item.rationales[feedback.chosen]}\n"))
        text.append_text(literal(item.explanation + "\n"))
        text.append(
            f"Rated {feedback.rating_name} ({feedback.reason}); ! @ # $ to change.", style="bold"
        )
        panel = self.query_one("#feedback", Static)
        panel.update(text)
        panel.set_class(True, "shown")
        panel.set_class(feedback.correct, "right")
        panel.set_class(not feedback.correct, "wrong")
        self.query_one("#question", VerticalScroll).scroll_end(animate=False)

    def action_next(self) -> None:
        if self.phase == "feedback":
            self._start("loading")
            self.load_next()

    def action_rate(self, rating: int) -> None:
        if self.phase != "feedback":
            return
        self._start("saving")
        self.rerate(Rating(rating))

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def rerate(self, rating: Rating) -> None:
        assert self.session is not None
        feedback = self.session.override(rating)
        self.app.call_from_thread(self._show_feedback, feedback)

    def action_undo(self) -> None:
        if self.phase not in ("question", "feedback", "done"):
            return
        if self.session is None or not self.session.history:
            self.notify("Nothing to undo.")
            return
        self._start("saving")
        self.take_back()

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def take_back(self) -> None:
        assert self.session is not None
        presented = self.session.undo()
        counts = self.session.counts()
        self.app.call_from_thread(self._show_question, presented, counts.remaining)

    def action_leave(self) -> None:
        self.app.pop_screen()
