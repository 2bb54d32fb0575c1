"""Screens: home, drill, exam (setup, block, results), stats, browse, settings."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fsrs import Rating
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from trainer.errors import TrainerError
from trainer.exam import NEET_PG, NEET_PG_SECTIONS, USMLE, ExamBlock, Preset
from trainer.session import DrillSession, Feedback, Presented
from trainer.stats import (
    compute_stats,
    confused_pairs,
    due_forecast,
    retention_by_topic,
    reviews_per_day,
)
from trainer.tui.widgets import bars, heatmap, literal, percent

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

LETTERS = "ABCDE"
NAV_WINDOW = 24  # questions shown in the exam navigator at once


def _b(
    key: str,
    action: str,
    description: str,
    *,
    show: bool = True,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    return Binding(
        key,
        action,
        description,
        show=show,
        key_display=key_display,
        priority=priority,
        id=f"{action}-{key}".replace(" ", "-"),
        tooltip=description,
    )


def _option_bindings() -> list[Binding]:
    """1–5 and a–e choose an option; one footer entry stands for all ten keys."""
    keys = [_b("1", "choose(0)", "Answer", key_display="1-5/a-e")]
    for i in range(5):
        if i:
            keys.append(_b(str(i + 1), f"choose({i})", f"Option {i + 1}", show=False))
        keys.append(_b(LETTERS[i].lower(), f"choose({i})", f"Option {LETTERS[i]}", show=False))
    return keys


def render_prompts(item_options: tuple[str, ...]) -> list[Text]:
    return [literal(f"{LETTERS[i]}. {text}") for i, text in enumerate(item_options)]


def render_options(item_options: tuple[str, ...]) -> list[Option]:
    return [Option(prompt, id=str(i)) for i, prompt in enumerate(render_prompts(item_options))]


class TrainerScreen(Screen[None]):
    @property
    def trainer_app(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed background job is said on screen, never lost: a store error (disk full,
        database locked) names the problem; the write it was making was rolled back."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, TrainerError):
            message = str(error)
        else:
            message = f"unexpected error: {type(error).__name__}: {error}"
        self.notify(message, title="Not saved", severity="error", timeout=10)


# -- home -----------------------------------------------------------------------------------
class HomeScreen(TrainerScreen):
    BINDINGS = [
        _b("enter", "drill", "Drill", priority=True),
        _b("e", "exam", "Exam"),
        _b("s", "stats", "Stats"),
        _b("b", "browse", "Browse"),
        _b("o", "settings", "Settings"),
        _b("q", "app.quit", "Quit"),
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
        trainer = self.trainer_app.trainer
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
        self.app.push_screen(DrillScreen())

    def action_exam(self) -> None:
        self.app.push_screen(ExamSetupScreen())

    def action_stats(self) -> None:
        self.app.push_screen(StatsScreen())

    def action_browse(self) -> None:
        self.app.push_screen(BrowseScreen())

    def action_settings(self) -> None:
        self.app.push_screen(SettingsScreen())


# -- drill ----------------------------------------------------------------------------------
class DrillScreen(TrainerScreen):
    """One question at a time. Every key press is one action, decided by the screen's phase:

    loading -> question -> saving -> feedback -> loading ...  (done when the queue is empty)

    Keys that do not belong to the current phase do nothing, and a worker's result is shown
    only by the phase that started it, so an answer is recorded only for the question on
    screen, chosen by the student."""

    BINDINGS = [
        *_option_bindings(),
        _b("enter", "enter", "Choose / next", show=False, priority=True),
        _b("space", "next", "Next", key_display="space"),
        _b("u", "undo", "Undo"),
        _b("!", "rate(1)", "Re-rate", key_display="!@#$"),
        _b("@", "rate(2)", "Hard", show=False),
        _b("#", "rate(3)", "Good", show=False),
        _b("$", "rate(4)", "Easy", show=False),
        _b("escape", "leave", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
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
        self.session = DrillSession(self.trainer_app.trainer)
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
            self.trainer_app.trainer.clock.now()
            - (s.started or self.trainer_app.trainer.clock.now())
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


# -- exam -----------------------------------------------------------------------------------
class ExamSetupScreen(TrainerScreen):
    BINDINGS = [
        _b("n", "start('neet')", "NEET PG"),
        _b("s", "start('sections')", "NEET sections"),
        _b("u", "start('usmle')", "USMLE"),
        _b("ctrl+r", "custom", "Start custom", priority=True),
        _b("escape", "app.pop_screen", "Home"),
    ]
    POOLS = (
        ("any card", "any"),
        ("new cards", "new"),
        ("due cards", "due"),
        ("cards I got wrong before", "wrong"),
        ("flagged cards", "flagged"),
    )

    def compose(self) -> ComposeResult:
        trainer = self.trainer_app.trainer
        yield Header()
        with VerticalScroll():
            yield Static("Exam block", classes="title")
            yield Static(
                "n  NEET PG: 200 questions, 210 minutes, 4 options, +4 / −1 / 0\n"
                "s  NEET PG in five sections of 40; a closed section cannot be reopened\n"
                "u  USMLE-style block: 40 questions, 60 minutes, 5 options\n"
                "Every block is submitted when time runs out; its answers count as reviews.",
                classes="muted",
            )
            yield Static("Custom block (ctrl+r or Enter to start)", classes="title")
            with Horizontal(classes="form-row"):
                yield Label("Questions")
                yield Input("20", id="custom-count", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Minutes")
                yield Input("25", id="custom-minutes", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Options (4 or 5)")
                yield Input(str(trainer.settings.options), id="custom-options", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Pool")
                yield Select(self.POOLS, value="any", allow_blank=False, id="custom-pool")
            yield Label("Decks")
            yield SelectionList[str](
                *((literal(deck.title), deck.id, True) for deck in trainer.decks.values()),
                id="custom-decks",
            )
            yield Static(id="custom-message", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(None)  # preset letters work at once; click or tab into the form

    def _open(self, block: ExamBlock) -> None:
        if len(block.slots) < block.preset.questions:
            self.notify(
                f"Only {len(block.slots)} cards in this pool: the block has {len(block.slots)} "
                "questions."
            )
        self.app.switch_screen(ExamScreen(block))

    def action_start(self, which: str) -> None:
        presets: dict[str, Preset] = {"neet": NEET_PG, "sections": NEET_PG_SECTIONS, "usmle": USMLE}
        try:
            self._open(ExamBlock.start(self.trainer_app.trainer, presets[which]))
        except TrainerError as exc:
            self.notify(str(exc), severity="error")

    @on(Input.Submitted)
    def action_custom(self) -> None:
        from trainer.exam import custom_preset

        message = self.query_one("#custom-message", Static)
        try:
            count = int(self.query_one("#custom-count", Input).value or 0)
            minutes = int(self.query_one("#custom-minutes", Input).value or 0)
            options = int(self.query_one("#custom-options", Input).value or 0)
            preset = custom_preset(count, minutes, options)
            decks = tuple(self.query_one("#custom-decks", SelectionList).selected)
            if not decks:
                raise TrainerError("choose at least one deck")
            pool = str(self.query_one("#custom-pool", Select).value)
            block = ExamBlock.start(self.trainer_app.trainer, preset, pool=pool, deck_ids=decks)
        except (ValueError, TrainerError) as exc:
            message.update(Text(f"Cannot start: {exc}", style="red"))
            return
        self._open(block)


class ExamScreen(TrainerScreen):
    BINDINGS = [
        *_option_bindings(),
        _b("f", "flag", "Flag"),
        _b("left", "move(-1)", "Prev", key_display="←", priority=True),
        _b("right", "move(1)", "Next", key_display="→", priority=True),
        _b("n", "section", "Next section"),
        _b("ctrl+s", "submit", "Submit", priority=True),
    ]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__()
        self.block = block

    def compose(self) -> ComposeResult:
        yield Static(id="timer")
        yield Static(id="stem")
        yield OptionList(id="options")
        yield Static(id="navigator")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        if self.block.submitted is None and self.block.expired():
            self.action_submit()
            return
        self._timer()

    def _timer(self) -> None:
        left = self.block.remaining()
        minutes, seconds = divmod(int(left.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        p = self.block.preset
        self.query_one("#timer", Static).update(
            f"{p.title} · Q {self.block.current + 1}/{len(self.block.slots)} · "
            f"time left {hours}:{minutes:02d}:{seconds:02d}"
        )

    def show(self) -> None:
        slot = self.block.slots[self.block.current]
        self._timer()
        flag = "  [flagged]" if slot.flagged else ""
        self.query_one("#stem", Static).update(literal(slot.presented.item.stem + flag))
        options = self.query_one("#options", OptionList)
        options.clear_options()
        opts = render_options(slot.presented.item.options)
        options.add_options(opts)
        options.highlighted = slot.chosen if slot.chosen is not None else 0
        options.focus()
        marks = {"answered": "●", "flagged": "⚑", "blank": "○"}
        nav = self.block.navigator()
        size = self.block.preset.section_size
        first = self.block.section_of(self.block.current) * size if size else 0
        last = min(len(nav), first + (size or len(nav)))
        # a window of questions around the current one; totals always visible
        start = max(first, min(self.block.current - NAV_WINDOW // 2, last - NAV_WINDOW))
        shown = range(start, min(last, start + NAV_WINDOW))
        line = Text()
        if start > first:
            line.append("… ")
        for i in shown:
            style = "reverse" if i == self.block.current else ""
            line.append(f"{i + 1}{marks[nav[i]]} ", style=style)
        if shown.stop < last:
            line.append("…")
        answered = sum(1 for n in nav if n != "blank")
        line.append(
            f"\n● answered {answered}  ⚑ flagged {nav.count('flagged')}  ○ blank {nav.count('blank')}"
        )
        self.query_one("#navigator", Static).update(line)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            return self.block.preset.section_size is not None
        return True

    def action_choose(self, index: int) -> None:
        try:
            self.block.choose(index)
        except TrainerError:
            return
        self.show()

    @on(OptionList.OptionSelected, "#options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(int(event.option.id or 0))

    def action_flag(self) -> None:
        self.block.toggle_flag()
        self.show()

    def action_move(self, delta: int) -> None:
        if self.block.go(self.block.current + delta):
            self.show()

    def action_section(self) -> None:
        if self.block.next_section():
            self.show()

    def action_submit(self) -> None:
        if self.block.submitted is not None:
            return
        self.submit_block()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam")
    def submit_block(self) -> None:
        self.block.submit()
        self.app.call_from_thread(self.app.switch_screen, ExamResultScreen(self.block))


class ExamResultScreen(TrainerScreen):
    BINDINGS = [_b("escape", "app.pop_screen", "Home")]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__()
        self.block = block

    def compose(self) -> ComposeResult:
        result = self.block.submitted
        assert result is not None
        yield Header()
        avg = sum(result.seconds_per_question) / max(1, len(result.seconds_per_question))
        yield Static(
            f"Score {result.score:g} / {result.max_score:g} · right {result.right} · wrong {result.wrong} · "
            f"blank {result.blank} · {avg:.0f} s per question",
            classes="title",
        )
        with VerticalScroll():
            for i, slot in enumerate(self.block.slots):
                item = slot.presented.item
                text = Text()
                verdict = (
                    "blank"
                    if slot.chosen is None
                    else ("right" if slot.chosen == item.answer else "wrong")
                )
                colour = {"right": "green", "wrong": "red", "blank": "yellow"}[verdict]
                text.append(f"{i + 1}. [{verdict}] ", style=f"bold {colour}")
                text.append_text(literal(f"{item.stem}\n"))
                text.append_text(literal(f"   Answer: {LETTERS[item.answer]}. {item.key}"))
                if slot.chosen is not None and slot.chosen != item.answer:
                    text.append_text(
                        literal(
                            f"   You chose {LETTERS[slot.chosen]}. {item.rationales[slot.chosen]}"
                        )
                    )
                text.append_text(literal(f"\n   {item.explanation}  ({slot.seconds:.0f} s)\n"))
                yield Static(text)
        yield Footer()


# -- stats ----------------------------------------------------------------------------------
class StatsScreen(TrainerScreen):
    BINDINGS = [_b("escape", "app.pop_screen", "Home")]

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
        trainer = self.trainer_app.trainer
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


# -- browse ---------------------------------------------------------------------------------
class BrowseScreen(TrainerScreen):
    BINDINGS = [
        _b("p", "preview", "Preview"),
        _b("escape", "app.pop_screen", "Home"),
    ]
    ALL = "*"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        trainer = self.trainer_app.trainer
        decks = [(literal(d.title), d.id) for d in trainer.decks.values()]
        topics = sorted({c.topic for bank in trainer.banks.values() for c in bank.cards()})
        yield Header()
        with Horizontal(classes="form-row"):
            yield Select(
                [("every deck", self.ALL), *decks],
                value=self.ALL,
                allow_blank=False,
                id="deck-filter",
            )
            yield Select(
                [("every topic", self.ALL), *((literal(t), t) for t in topics)],
                value=self.ALL,
                allow_blank=False,
                id="topic-filter",
            )
        yield DataTable(id="cards", cursor_type="row")
        yield Static(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cards", DataTable)
        table.add_columns("Deck", "Topic", "Card", "State", "Due", "Recall now")
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse")
    def load(self) -> None:
        trainer = self.trainer_app.trainer
        scheduler = trainer.scheduler()
        now = trainer.clock.now()
        rows = []
        for card in trainer.store.cards(deck_ids=tuple(trainer.decks)):
            state = card.state
            name = {0: "new", 1: "learning", 2: "review", 3: "relearning"}[state.state]
            if state.leech:
                name += " (leech)"
            due = state.due.strftime("%Y-%m-%d") if state.due and not state.is_new else "—"
            recall = "—" if state.is_new else percent(scheduler.retrievability(state, now))
            label = card.card_key.split("/", 1)[1]
            rows.append((card.card_key, card.deck_id, card.topic, label, name, due, recall))
        self.app.call_from_thread(self._loaded, rows)

    def _loaded(self, rows: list[tuple[str, ...]]) -> None:
        self.rows = rows
        self._fill()

    @on(Select.Changed)
    def _fill(self) -> None:
        deck = self.query_one("#deck-filter", Select).value
        topic = self.query_one("#topic-filter", Select).value
        table = self.query_one("#cards", DataTable)
        table.clear()
        for key, deck_id, card_topic, *cells in self.rows:
            if deck not in (self.ALL, deck_id) or topic not in (self.ALL, card_topic):
                continue
            table.add_row(*(literal(c) for c in (deck_id, card_topic, *cells)), key=key)

    def action_preview(self) -> None:
        table = self.query_one("#cards", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        trainer = self.trainer_app.trainer
        card = trainer.store.card_by_key(str(key))
        if card is None:
            return
        item = trainer.item_for(card, random.randrange(1_000_000))
        text = literal(item.stem + "\n")
        for i, option in enumerate(item.options):
            text.append_text(
                literal(f"{'*' if i == item.answer else ' '} {LETTERS[i]}. {option}\n")
            )
        self.query_one("#preview", Static).update(text)

    @on(DataTable.RowSelected, "#cards")
    def _row(self, _event: DataTable.RowSelected) -> None:
        self.action_preview()


# -- settings -------------------------------------------------------------------------------
class SettingsScreen(TrainerScreen):
    BINDINGS = [
        _b("ctrl+s", "save", "Save", priority=True),
        _b("escape", "app.pop_screen", "Back"),
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
        settings = self.trainer_app.trainer.settings
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
        trainer = self.trainer_app.trainer
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
