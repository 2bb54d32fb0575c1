"""The drill: today's queue, one question at a time, with feedback after each answer."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from fsrs import Rating
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from trainer.errors import TrainerError
from trainer.humanize import plural
from trainer.session import Counts, DrillSession, Feedback, Presented, Trainer
from trainer.study.intervals import exam_recalls, next_intervals
from trainer.study.queue import DrillStatus
from trainer.tui.screens.base import (
    MENU_ICON,
    TrainerScreen,
    answer_keys,
    binding,
    option_bindings,
    render_prompts,
)
from trainer.tui.screens.drill_text import done_text, feedback_text, rating_line
from trainer.tui.widgets.bodymap import BodyMapView, bundled_body_map
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.worksheet import stem_renderable

RATE_KEYS = {Rating.Again: "!", Rating.Hard: "@", Rating.Good: "#", Rating.Easy: "$"}
BUSY = ("loading", "saving")


ROOMY_HEIGHT = 32  # from this many rows the options stay on screen with the feedback


class DrillScreen(TrainerScreen):
    """One question at a time. Every key press is one action, decided by the screen's phase:

    loading -> question -> saving -> feedback -> loading ...  (done when the queue is empty)

    Keys that do not belong to the current phase do nothing, and a worker's result is shown
    only by the phase that started it, so an answer is recorded only for the question on
    screen, chosen by the student. Every write runs in a worker: a failed one is shown and
    the screen goes back to where it was."""

    BINDINGS = [
        *option_bindings(),
        binding("enter", "enter", "Choose / next", show=False, priority=True),
        binding("space", "next", "Next", key_display="space"),
        binding("u", "undo", "Undo"),
        binding("!", "rate(1)", "Again", show=False),
        binding("@", "rate(2)", "Hard", show=False),
        binding("#", "rate(3)", "Good", show=False),
        binding("$", "rate(4)", "Easy", show=False),
        binding("m", "more", "Study more"),
        binding("escape", "leave", "Home"),
    ]

    def __init__(
        self,
        trainer: Trainer,
        deck_ids: tuple[str, ...] | None = None,
        topic: str | None = None,
        extra: bool = False,
        scope: str = "every deck",
        session: DrillSession | None = None,
    ) -> None:
        """``session``: an unanswered drill already counted (Home's "All decks"), continued
        here instead of building the same queue again; its queue is rebuilt if stale."""
        super().__init__(trainer)
        self.scope = scope
        if session is None or session.history:
            session = DrillSession(trainer, deck_ids=deck_ids, topic=topic, extra=extra)
        else:
            session.started = trainer.clock.now()
        self.session = session
        self.presented: Presented | None = None
        self.feedback: Feedback | None = None
        self.status: DrillStatus | None = None
        self._phase = "loading"
        self._phase_before_work = "loading"
        self.generation = 0  # bumped whenever another question is put on screen
        self.total = 0
        self._recheck = None  # timer that looks again when a learning card falls due
        self._places: dict[str, tuple[str, ...]] | None = None

    @property
    def places(self) -> dict[str, tuple[str, ...]]:
        """Key points and landmarks -> their root, to draw a wrongly chosen place."""
        if self._places is None:
            from trainer.bodymap import place_roots

            self._places = place_roots(self.trainer.decks.values())
        return self._places

    # -- phases -----------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        return self._phase

    @phase.setter
    def phase(self, value: str) -> None:
        self._phase = value
        # a busy phase (loading, saving: milliseconds) keeps the footer of the phase before
        # it; its keys do nothing meanwhile (`check_action`, and each action checks the phase)
        if self.is_mounted and value not in BUSY:
            self.refresh_footer()

    def _start(self, phase: str) -> None:
        """Enter a busy phase; if its worker fails, the screen returns to where it was."""
        self._phase_before_work = self.phase if self.phase not in BUSY else "question"
        self.phase = phase

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (TrainerScreen's handler runs too, and says what failed)
        if event.state == WorkerState.ERROR and self.phase in BUSY:
            back = self._phase_before_work
            if back == "feedback" and self.feedback is None:
                back = "question"
            self.phase = back if self.presented is not None else "done"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "choose":
            index = parameters[0] if parameters else 0
            item = self.presented.item if self.presented is not None else None
            return (
                phase == "question"
                and item is not None
                and isinstance(index, int)
                and index < len(item.options)
            )
        if action == "enter":
            return phase in ("question", "feedback")
        if action == "next":
            return phase in ("feedback", "done")
        if action == "rate":
            return phase == "feedback"
        if action == "undo":
            return phase in ("question", "feedback", "done") and bool(self.session.history)
        if action == "more":
            return phase == "done" and not self.session.extra
        return True

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon=MENU_ICON)
        with Horizontal(id="progress-row"):
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(id="counts", classes="muted")
        with Horizontal(id="drill-body"):
            with VerticalScroll(id="question"):
                yield Static(id="stem")
                yield OptionList(id="options")
                yield Static(id="keys", classes="muted")
                yield Static(id="feedback")
            yield BodyMapView(id="map")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"drill · {self.scope}"
        self._start("loading")
        self.load_next()

    def _show_counts(self, counts: Counts) -> None:
        s = self.session
        self.total = max(self.total, s.answered + counts.remaining)
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(1, self.total), progress=s.answered)
        # studying more has no end: its count is what it chooses from, not a day's work left
        left = (
            f"studying ahead, {plural(counts.remaining, 'card')} to choose from"
            if s.extra
            else f"{counts.remaining} left"
        )
        self.query_one("#counts", Static).update(
            f" {s.answered} answered · {s.right} right · {left}"
        )

    # -- loading a question -----------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def load_next(self) -> None:
        presented = self.session.next()
        counts = self.session.counts()
        status = self.session.status() if presented is None else None
        self.app.call_from_thread(self._show_question, presented, counts, status)

    def _show_question(
        self, presented: Presented | None, counts: Counts, status: DrillStatus | None = None
    ) -> None:
        self.presented = presented
        self.feedback = None
        self.status = status
        self.generation += 1
        self._show_counts(counts)
        feedback = self.query_one("#feedback", Static)
        feedback.remove_class("shown", "right", "wrong")
        self.query_one("#question", VerticalScroll).remove_class("answered")
        options = self.query_one("#options", OptionList)
        options.clear_options()
        self.query_one("#map", BodyMapView).display = False
        keys = self.query_one("#keys", Static)
        if presented is None:
            options.display = False
            keys.update("")
            self._show_done(status)
            self.phase = "done"
            return
        options.display = True
        self.query_one("#stem", Static).update(stem_renderable(presented.item.stem))
        options.add_options(
            Option(prompt, id=f"{self.generation}:{i}")
            for i, prompt in enumerate(render_prompts(presented.item.options))
        )
        options.highlighted = 0
        options.focus(scroll_visible=False)
        # a long stem (a case's grid) is read from its top; ↑↓ bring the options into view
        body = self.query_one("#question", VerticalScroll)
        self.call_after_refresh(body.scroll_home, animate=False)
        keys.update(f"Answer: {answer_keys(len(presented.item.options))}, or ↑↓ and Enter.")
        self.phase = "question"

    def _show_done(self, status: DrillStatus | None) -> None:
        trainer = self.trainer
        now = trainer.clock.now()
        minutes = (now - (self.session.started or now)).total_seconds() / 60
        self.query_one("#stem", Static).update(
            done_text(self.session, status, trainer.settings, now, minutes, self.scope)
        )
        if self._recheck is not None:
            self._recheck.stop()
            self._recheck = None
        if status is not None and status.next_learning_at is not None:
            wait = max(1.0, (status.next_learning_at - now).total_seconds() + 1)
            self._recheck = self.set_timer(wait, self._learning_due)

    def _learning_due(self) -> None:
        self._recheck = None
        if self.phase == "done":
            self._start("loading")
            self.load_next()

    # -- answering --------------------------------------------------------------------------
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
        feedback = self.session.answer(presented, index)
        self._report(feedback)

    def _report(self, feedback: Feedback) -> None:
        """(worker thread) What the feedback panel needs, then show it."""
        trainer = self.trainer
        before, now = feedback.presented.card.state, trainer.clock.now()
        waits = next_intervals(trainer.scheduler(), before, now)
        recalls = exam_recalls(trainer.scheduler(), before, now)
        counts = self.session.counts()
        from trainer.bodymap import highlight_for_item  # (the map's code: from the first answer)

        regions = highlight_for_item(  # the map is read and searched here, off the UI thread
            bundled_body_map(),
            feedback.presented.item,
            feedback.presented.card.card_key,
            feedback.chosen,
            self.places,
        )
        self.app.call_from_thread(self._show_feedback, feedback, counts, waits, regions, recalls)

    def _show_feedback(
        self,
        feedback: Feedback,
        counts: Counts,
        waits: dict[Rating, timedelta],
        regions: tuple[set[str], set[str]] | None = None,
        recalls: dict[Rating, float] | None = None,
    ) -> None:
        self.feedback = feedback
        self._show_counts(counts)
        item = feedback.presented.item
        line = rating_line(feedback.rating, waits, RATE_KEYS, recalls)
        self.query_one("#keys", Static).update(line)
        panel = self.query_one("#feedback", Static)
        panel.update(feedback_text(feedback))
        panel.set_class(True, "shown")
        panel.set_class(feedback.correct, "right")
        panel.set_class(not feedback.correct, "wrong")
        options = self.query_one("#options", OptionList)
        options.highlighted = item.answer
        self._show_map(regions)
        self.phase = "feedback"
        # the stem stays on screen beside the explanation; on a short terminal the options
        # give way (the feedback names the key and the choice)
        body = self.query_one("#question", VerticalScroll)
        body.add_class("answered")
        options.display = self.size.height >= ROOMY_HEIGHT
        self.call_after_refresh(body.scroll_home, animate=False)

    def _show_map(self, regions: tuple[set[str], set[str]] | None) -> None:
        """For a dermatome, key-point or root question: the key's region and a wrong
        choice's region on the body map, in two colours."""
        view = self.query_one("#map", BodyMapView)
        view.display = regions is not None
        if regions is not None:
            width, height = self.size
            view.show_regions(*regions, rows=max(6, min(height - 6, width // 6, 30)))

    # -- moving on, re-rating, undoing ------------------------------------------------------
    def action_next(self) -> None:
        if self.phase in ("feedback", "done"):
            self._start("loading")
            self.load_next()

    def action_rate(self, rating: int) -> None:
        if self.phase != "feedback":
            return
        self._start("saving")
        self.rerate(Rating(rating))

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def rerate(self, rating: Rating) -> None:
        self._report(self.session.override(rating))

    def action_undo(self) -> None:
        if self.phase not in ("question", "feedback", "done"):
            return
        if not self.session.history:
            self.notify("Nothing to undo.")
            return
        self._start("saving")
        self.take_back()

    @work(thread=True, exclusive=True, exit_on_error=False, group="drill")
    def take_back(self) -> None:
        presented = self.session.undo()
        counts = self.session.counts()
        self.app.call_from_thread(self._show_question, presented, counts)

    def action_more(self) -> None:
        """Study more once the day's cards are done: the session's extra queue."""
        if self.phase != "done" or self.session.extra:
            return
        s = self.session
        self.session = DrillSession(self.trainer, deck_ids=s.deck_ids, topic=s.topic, extra=True)
        self.total = 0
        self.scope = f"{self.scope}, studying more"
        self.sub_title = f"drill · {self.scope}"
        self._start("loading")
        self.load_next()

    def action_leave(self) -> None:
        if self._recheck is not None:
            self._recheck.stop()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Left, or the app quits: the card on screen is free for another window or the
        next start (its lease would otherwise hold it back for ten minutes)."""
        with suppress(TrainerError):  # not written: the lease then runs out by itself
            self.session.close()
