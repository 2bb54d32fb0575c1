"""Sitting a block: one question at a time, the clock, the navigator and its jumps.

Every key is one action, written to the store at once by `ExamBlock`; submitting, ending a
section and leaving each ask first and say how many questions are unanswered and flagged."""

from __future__ import annotations

from contextlib import suppress

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from trainer.errors import TrainerError
from trainer.study.exam import ExamBlock
from trainer.tui.screens.base import LETTERS, TrainerScreen, binding, render_options
from trainer.tui.screens.exam_dialogs import FlaggedScreen, GotoScreen, confirm
from trainer.tui.screens.exam_result import ExamResultScreen
from trainer.tui.widgets.exam import clock, key_help, navigator, tally_sentence, timer_line
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.worksheet import stem_renderable

COMPACT_BELOW = 20  # rows: a smaller terminal drops the key help, the tallies, the stem's
# padding and the options' frame, so that five options fit under a long vignette at 15 rows
NARROW_BELOW = 80  # columns: a narrower terminal gets the compact footer


def _answer_bindings() -> list:
    keys = [binding("1", "choose(0)", "Answer", key_display="1-5/a-e", show=False)]
    for i, letter in enumerate(LETTERS):
        if i:
            keys.append(binding(str(i + 1), f"choose({i})", f"Option {i + 1}", show=False))
        keys.append(binding(letter.lower(), f"choose({i})", f"Option {letter}", show=False))
        keys.append(binding(letter, f"choose({i})", f"Option {letter}", show=False))
    return keys


class ExamScreen(TrainerScreen):
    BINDINGS = [
        *_answer_bindings(),
        binding("x", "clear", "Clear answer", show=False),
        binding("f", "flag", "Flag"),
        binding("left", "move(-1)", "Prev", key_display="←", priority=True, show=False),
        binding("right", "move(1)", "Next", key_display="→", priority=True, show=False),
        binding("g", "goto", "Go to"),
        binding("u", "next_unanswered", "Next unanswered", show=False),
        binding("right_square_bracket", "next_flagged", "Next flagged", show=False),
        binding("l", "flagged_list", "Flagged"),
        binding("ctrl+n", "end_section", "End section", priority=True),
        binding("ctrl+s", "submit", "Submit", priority=True),
        binding("escape", "leave", "Leave"),
    ]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__(block.trainer)
        self.block = block
        self._asking = False
        self._submitting = False
        self._shown: int | None = None  # the question last drawn

    def compose(self) -> ComposeResult:
        yield Static(id="timer")
        with VerticalScroll(id="exam-body"):  # a long vignette scrolls; the rest stays put
            yield Static(id="stem")
            yield OptionList(id="options")
        yield Static(id="navigator")
        yield Static(id="exam-help")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.set_interval(1.0, self.tick)

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < COMPACT_BELOW, "compact")
        self.query_one(Footer).compact = self.app.size.width < NARROW_BELOW
        self.show()

    def on_unmount(self) -> None:
        # quitting the app mid-block: write the clock (the rest is written already); if the
        # store is gone, everything but the last seconds was saved before
        with suppress(TrainerError):
            self.block.suspend()

    # -- clock ------------------------------------------------------------------------------
    def tick(self) -> None:
        if self.block.submitted is not None:
            return
        try:
            events = self.block.tick()
        except TrainerError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            events = []
        for event in events:
            where = f"section {event.section + 1}" if self.block.sectioned else "this block"
            if event.kind == "warning":
                unit = "minute" if event.minutes == 1 else "minutes"
                self.notify(
                    f"{event.minutes} {unit} left in {where}.", severity="warning", timeout=8
                )
            elif event.kind == "section-closed":
                self.notify(
                    f"Time is up for {where}: section {self.block.section + 1} of "
                    f"{len(self.block.sections)} begins.",
                    severity="warning",
                    timeout=10,
                )
                self.show()
            elif event.kind == "time-up":
                self.notify("Time is up: the block is submitted.", severity="warning")
                self.submit_block()
                return
        self._timer()

    def _timer(self) -> None:
        timer = self.query_one("#timer", Static)
        timer.update(timer_line(self.block))

    # -- drawing ----------------------------------------------------------------------------
    def show(self) -> None:
        slot = self.block.slots[self.block.current]
        self._timer()
        flag = Text("  ⚑ flagged", style="yellow") if slot.flagged else None
        self.query_one("#stem", Static).update(stem_renderable(slot.item.stem, flag))
        options = self.query_one("#options", OptionList)
        options.clear_options()
        options.add_options(render_options(slot.item.options))
        options.highlighted = slot.chosen if slot.chosen is not None else 0
        options.focus(scroll_visible=False)
        if self._shown != self.block.current:  # a new question is read from the top of its stem
            self._shown = self.block.current
            body = self.query_one("#exam-body", VerticalScroll)
            self.call_after_refresh(body.scroll_home, animate=False)
        window = max(6, (self.app.size.width - 6) // 5)  # one line of questions
        compact = self.app.size.height < COMPACT_BELOW
        self.query_one("#navigator", Static).update(navigator(self.block, window, not compact))
        self.query_one("#exam-help", Static).update(key_help(slot, self.block.sectioned))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._asking or self._submitting or self.block.submitted is not None:
            return action not in self._block_actions()
        if action == "end_section":
            return self.block.sectioned and self.block.section + 1 < len(self.block.sections)
        if action == "choose":
            index = parameters[0] if parameters else 0
            options = self.block.slots[self.block.current].item.options
            return isinstance(index, int) and index < len(options)
        return True

    @staticmethod
    def _block_actions() -> tuple[str, ...]:
        return (
            "choose", "clear", "flag", "move", "goto", "next_unanswered", "next_flagged",
            "flagged_list", "end_section", "submit", "leave",
        )  # fmt: skip

    # -- answering and moving ---------------------------------------------------------------
    def _do(self, change: object) -> None:
        """Run one change of the block; a store failure is shown, never lost silently."""
        try:
            change()  # type: ignore[operator]
        except TrainerError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
        self.show()

    def action_choose(self, index: int) -> None:
        self._do(lambda: self.block.choose(index))

    @on(OptionList.OptionSelected, "#options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self._asking or self._submitting or self.block.submitted is not None:
            return
        self.action_choose(int(event.option.id or 0))

    def action_clear(self) -> None:
        self._do(lambda: self.block.choose(None))

    def action_flag(self) -> None:
        self._do(self.block.toggle_flag)

    def action_move(self, delta: int) -> None:
        self._go(self.block.current + delta)

    def _go(self, index: int | None) -> None:
        if index is None:
            return
        self._do(lambda: self.block.go(index))

    def action_next_unanswered(self) -> None:
        target = self.block.next_unanswered()
        if target is None:
            self.notify("Every other question here is answered.")
        self._go(target)

    def action_next_flagged(self) -> None:
        target = self.block.next_flagged()
        if target is None:
            self.notify("No other flagged question here.")
        self._go(target)

    def action_goto(self) -> None:
        self._ask(GotoScreen(self.block), self._go)

    def action_flagged_list(self) -> None:
        self._ask(FlaggedScreen(self.block), self._go)

    # -- the questions that need a yes ------------------------------------------------------
    def _ask(self, screen, then) -> None:  # type: ignore[no-untyped-def]
        self._asking = True

        def answered(value: object) -> None:
            self._asking = False
            then(value)
            self.refresh_bindings()

        self.app.push_screen(screen, answered)

    def _counts(self, span: range | None = None) -> str:
        tally = self.block.tally(span)
        return tally_sentence(tally.unanswered, tally.flagged, tally.unseen)

    def action_submit(self) -> None:
        if self.block.submitted is not None:
            return
        body = (
            f"{self._counts()}; {clock(self.block.remaining_total())} left.\n"
            "Only answered questions are recorded as reviews; unanswered ones count as blank "
            "in the score."
        )
        self._ask(
            confirm("Submit the block?", body, "submit now"),
            lambda key: key == "y" and self.submit_block(),
        )

    def action_end_section(self) -> None:
        block = self.block
        n = block.section + 1
        body = (
            f"In this section: {self._counts(block.reachable)}; {clock(block.remaining())} "
            f"left on its clock.\nA closed section cannot be opened again."
        )

        def then(key: object) -> None:
            if key == "y" and block.section + 1 == n:  # its clock may have closed it meanwhile
                self._do(block.close_section)

        self._ask(confirm(f"End section {n} of {len(block.sections)}?", body, "end it"), then)

    def action_leave(self) -> None:
        body = (
            f"Everything so far is saved: {self._counts()}; {clock(self.block.remaining_total())}"
            " left, and the clock stops while you are away.\n"
            "Resume it from the exam menu (e, then r)."
        )
        self._ask(confirm("Leave the block?", body, "leave and keep it"), self._leave)

    def _leave(self, key: object) -> None:
        if key != "y":
            return
        self._do(self.block.suspend)
        self.app.pop_screen()

    def submit_block(self) -> None:
        if self._submitting or self.block.submitted is not None:
            return
        self._submitting = True
        self.refresh_bindings()
        self._submit()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam")
    def _submit(self) -> None:
        try:
            self.block.submit()
        except BaseException:
            self._submitting = False  # still open: the student can try again
            raise
        self.app.call_from_thread(self._show_result)

    def _show_result(self) -> None:
        while self.app.screen is not self:  # a question left open when the time ran out
            self.app.pop_screen()
        self.app.switch_screen(ExamResultScreen(self.block))
