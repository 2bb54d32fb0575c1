"""Exam blocks: resume a suspended block, choose a preset or a custom block, past blocks.

The block itself is sat on `ExamScreen` (exam_block.py) and marked on `ExamResultScreen`
(exam_result.py); both are exported from here too."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Select, SelectionList, Static

from trainer.errors import TrainerError
from trainer.humanize import plural
from trainer.store.exams import ExamStore
from trainer.study.exam import ExamBlock
from trainer.study.exam_plan import BlockPlan, plan_block
from trainer.study.exam_presets import NEET_PG, NEET_PG_SECTIONS, USMLE, Preset, custom_preset
from trainer.tui.screens.base import MENU_ICON, TrainerScreen, binding
from trainer.tui.screens.exam_block import ExamScreen
from trainer.tui.screens.exam_dialogs import ChoiceScreen, confirm
from trainer.tui.screens.exam_past import open_past_blocks
from trainer.tui.screens.exam_result import ExamResultScreen
from trainer.tui.widgets.exam import clock, history_text
from trainer.tui.widgets.field import Field
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.text import literal

__all__ = ["ExamResultScreen", "ExamScreen", "ExamSetupScreen"]

PRESET_KEYS: dict[str, Preset] = {"neet": NEET_PG, "sections": NEET_PG_SECTIONS, "usmle": USMLE}


class ExamSetupScreen(TrainerScreen):
    BINDINGS = [
        binding("r", "resume", "Resume"),
        binding("d", "discard", "Discard", show=False),
        binding("n", "start('neet')", "NEET PG"),
        binding("s", "start('sections')", "Sections"),
        binding("u", "start('usmle')", "USMLE"),
        binding("ctrl+r", "custom_after_typing", "Custom", priority=True),
        binding("h", "past", "Past"),
        binding("escape", "app.pop_screen", "Home"),
    ]
    POOLS = (
        ("any card", "any"),
        ("new cards", "new"),
        ("due cards", "due"),
        ("cards I got wrong before", "wrong"),
        ("flagged cards", "flagged"),
    )

    def compose(self) -> ComposeResult:
        trainer = self.trainer
        yield Header(icon=MENU_ICON)
        with VerticalScroll():
            yield Static(id="suspended", classes="title")
            yield Static("Exam block", classes="title")
            yield Static(
                "n  NEET PG: 200 questions, 210 minutes, 4 options, +4 / −1 / 0\n"
                "s  NEET PG in five sections of 40, 42 minutes each; a closed section stays closed\n"
                "u  USMLE-style block: 40 questions, 60 minutes, 5 options\n"
                "Answered questions count as reviews; blanks only in the score. A block is "
                "saved as you go: leave it (Esc) or quit, and resume it here.",
                classes="muted",
            )
            yield Static("Custom block (ctrl+r or Enter to start)", classes="title")
            with Horizontal(classes="form-row"):
                yield Label("Questions")
                yield Field("20", id="custom-count", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Minutes")
                yield Field("25", id="custom-minutes", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Options (4 or 5)")
                yield Field(str(trainer.settings.options), id="custom-options", type="integer")
            with Horizontal(classes="form-row"):
                yield Label("Pool")
                yield Select(self.POOLS, value="any", allow_blank=False, id="custom-pool")
            yield Label("Decks")
            yield SelectionList[str](
                *((literal(deck.title), deck.id, True) for deck in trainer.decks.values()),
                id="custom-decks",
            )
            yield Static(id="custom-message", classes="muted")
            yield Static("Your blocks (h reopens one, question by question)", classes="title")
            yield Static(id="history", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(None)  # preset letters work at once; click or tab into the form
        self.refresh_state()

    def on_screen_resume(self) -> None:
        self.refresh_state()

    def refresh_state(self) -> None:
        try:
            self.suspended = ExamBlock.resume(self.trainer)
            history = history_text(ExamStore(self.trainer.store).history(), 5)
        except TrainerError as exc:  # a row edited by hand: said, and the menu still works
            self.suspended = None
            history = Text("")
            self.notify(str(exc), title="Error", severity="error", timeout=10)
        line = Text()
        if self.suspended is not None:
            block = self.suspended
            tally = block.tally()
            line.append("Suspended: ", style="bold yellow")
            line.append(
                f"{block.preset.title}, {tally.answered} of {tally.questions} answered, "
                f"{tally.flagged} flagged, {clock(block.remaining_total())} left — "
                "r resume · d discard"
            )
        self.query_one("#suspended", Static).update(line)
        self.query_one("#suspended", Static).display = self.suspended is not None
        self.query_one("#history", Static).update(history)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return getattr(self, "suspended", None) is not None
        return True

    def action_past(self) -> None:
        open_past_blocks(self)

    # -- a suspended block ------------------------------------------------------------------
    def action_resume(self) -> None:
        if self.suspended is None:
            return
        # read again now: the time spent reading this menu is not taken from the block
        block = ExamBlock.resume(self.trainer)
        if block is None:  # submitted or discarded meanwhile in another window
            self.refresh_state()
            return
        self.app.switch_screen(ExamScreen(block))

    def action_discard(self) -> None:
        block = self.suspended
        if block is None:
            return
        tally = block.tally()

        def then(key: str | None) -> None:
            if key == "y":
                block.discard()
                self.refresh_state()

        its = plural(tally.answered, "answer")
        body = f"Its {its} will not be recorded, and it cannot be resumed."
        self.app.push_screen(confirm("Discard the suspended block?", body, "discard it"), then)

    # -- a new block ------------------------------------------------------------------------
    def action_start(self, which: str) -> None:
        self._begin(lambda: plan_block(self.trainer, PRESET_KEYS[which]), self._notify_error)

    @on(Input.Submitted)
    def action_custom_after_typing(self) -> None:
        self.after_typing(self.action_custom)

    def action_custom(self) -> None:
        message = self.query_one("#custom-message", Static)
        message.update("")

        def plan() -> BlockPlan:
            fields = {"questions": "custom-count", "minutes": "custom-minutes"}
            values = {}
            for name, widget in {**fields, "options": "custom-options"}.items():
                raw = self.query_one(f"#{widget}", Input).value.strip()
                if not raw:
                    raise TrainerError(f"the {name} field is empty")
                values[name] = int(raw)
            preset = custom_preset(values["questions"], values["minutes"], values["options"])
            decks = tuple(self.query_one("#custom-decks", SelectionList).selected)
            if not decks:
                raise TrainerError("choose at least one deck")
            pool = str(self.query_one("#custom-pool", Select).value)
            return plan_block(self.trainer, preset, pool, decks)

        def error(text: str) -> None:
            message.update(Text(f"Cannot start: {text}", style="red"))

        self._begin(plan, error)

    def _notify_error(self, text: str) -> None:
        self.notify(text, severity="error")

    def _begin(self, make_plan: Callable[[], BlockPlan], error: Callable[[str], None]) -> None:
        try:
            plan = make_plan()
        except (ValueError, TrainerError) as exc:
            error(str(exc))
            return
        if self.suspended is not None:
            old = self.suspended
            tally = old.tally()

            def then(key: str | None) -> None:
                if key == "r":
                    self.action_resume()
                elif key == "d":
                    old.discard()
                    self.suspended = None
                    self._warn_then_open(plan)

            body = (
                f"{old.preset.title}: {tally.answered} of {tally.questions} answered, "
                f"{clock(old.remaining_total())} left."
            )
            choices = [("r", "resume it"), ("d", "discard it (nothing recorded) and start")]
            self.app.push_screen(ChoiceScreen("A block is suspended", body, choices), then)
            return
        self._warn_then_open(plan)

    def _warn_then_open(self, plan: BlockPlan) -> None:
        warning = plan.warning()
        if warning is None:
            self._open(plan, repeats=False)
            return
        choices = []
        if plan.repeats:
            choices.append(
                ("y", f"start all {plural(plan.questions, 'question')}, repeating facts")
            )
            choices.append(("s", f"start {plural(plan.facts, 'question')}, each fact once"))
        else:
            choices.append(("y", f"start the {plural(plan.questions, 'question')} there are"))

        def then(key: str | None) -> None:
            if key in ("y", "s"):
                self._open(plan, repeats=key == "y")

        self.app.push_screen(ChoiceScreen("Not enough different questions", warning, choices), then)

    def _open(self, plan: BlockPlan, repeats: bool) -> None:
        try:
            block = ExamBlock.from_plan(self.trainer, plan, repeats)
        except TrainerError as exc:
            self._notify_error(str(exc))
            return
        self.app.switch_screen(ExamScreen(block))
        notice = plan.form_notice()
        if notice is not None:
            self.app.notify(notice, title="Fewer vignettes than questions")
