"""Exam blocks: choosing a preset or a custom block, sitting it, and its result."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
)

from trainer.errors import TrainerError
from trainer.exam import NEET_PG, NEET_PG_SECTIONS, USMLE, ExamBlock, Preset
from trainer.tui.screens.base import (
    LETTERS,
    TrainerScreen,
    binding,
    option_bindings,
    render_options,
)
from trainer.tui.widgets import literal

NAV_WINDOW = 24  # questions shown in the exam navigator at once


class ExamSetupScreen(TrainerScreen):
    BINDINGS = [
        binding("n", "start('neet')", "NEET PG"),
        binding("s", "start('sections')", "NEET sections"),
        binding("u", "start('usmle')", "USMLE"),
        binding("ctrl+r", "custom", "Start custom", priority=True),
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
            self._open(ExamBlock.start(self.trainer, presets[which]))
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
            block = ExamBlock.start(self.trainer, preset, pool=pool, deck_ids=decks)
        except (ValueError, TrainerError) as exc:
            message.update(Text(f"Cannot start: {exc}", style="red"))
            return
        self._open(block)


class ExamScreen(TrainerScreen):
    BINDINGS = [
        *option_bindings(),
        binding("f", "flag", "Flag"),
        binding("left", "move(-1)", "Prev", key_display="←", priority=True),
        binding("right", "move(1)", "Next", key_display="→", priority=True),
        binding("n", "section", "Next section"),
        binding("ctrl+s", "submit", "Submit", priority=True),
    ]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__(block.trainer)
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
    BINDINGS = [binding("escape", "app.pop_screen", "Home")]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__(block.trainer)
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
