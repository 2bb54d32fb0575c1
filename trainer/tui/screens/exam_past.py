"""A past block reopened question by question, read-only: the stem, the options, the student's
choice, the key and the explanation, with the result screen's filters (all, wrong, flagged,
blank). ``open_past_blocks`` lists the blocks that can be reopened."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from trainer.errors import TrainerError
from trainer.session import Trainer
from trainer.store.exams import PastBlock
from trainer.study.exam import Slot
from trainer.study.exam_marking import verdict
from trainer.study.exam_past import PastSitting, open_past, reviewable_blocks
from trainer.tui.screens.base import LETTERS, MENU_ICON, TrainerScreen, binding
from trainer.tui.screens.pick import PickScreen
from trainer.tui.widgets.exam import VERDICT_STYLE
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.text import literal
from trainer.tui.widgets.worksheet import stem_renderable

FILTER_NAMES = {"all": "all questions", "wrong": "wrong", "flagged": "flagged", "blank": "blank"}


def block_label(number: int, past: PastBlock) -> str:
    marks = 4 * past.right - past.wrong
    return (
        f"{number}. {past.submitted_at:%Y-%m-%d %H:%M}  {past.preset}  {past.questions} q  "
        f"{past.percent:.0f}% right  NEET {marks}/{4 * past.questions}"
    )


def open_past_blocks(screen: TrainerScreen) -> None:
    """Let the student pick a submitted block, then reopen it question by question."""
    blocks = reviewable_blocks(screen.trainer)
    if not blocks:
        screen.notify("No submitted block to reopen yet.")
        return
    labels = [block_label(i + 1, b) for i, b in enumerate(blocks)]

    def chosen(label: str | None) -> None:
        if label is None:
            return
        past = blocks[labels.index(label)]
        try:
            sitting = open_past(screen.trainer, past)
        except TrainerError as exc:
            screen.notify(str(exc), severity="error")
            return
        screen.app.push_screen(PastBlockScreen(screen.trainer, sitting))

    screen.app.push_screen(PickScreen("Reopen a past block", labels), chosen)


def question_view(index: int, slot: Slot) -> RenderableType:
    """One question as it was shown (a case's grid as a table), marked: ✓ the key, ✗ a wrong
    choice."""
    item = slot.item
    kind = verdict(slot)
    head = Text()
    head.append(f"{index + 1}. {kind}", style=f"bold {VERDICT_STYLE[kind]}")
    if slot.flagged:
        head.append(" ⚑ flagged", style="yellow")
    if kind == "blank":
        head.append(" (never opened)" if not slot.seen else " (left blank)", style="dim")
    head.append(f"  {slot.seconds:.0f} s\n", style="dim")
    text = Text("\n")
    for i, option in enumerate(item.options):
        if i == item.answer:
            mark, style, note = "✓", "green", "  (answer)"
            if slot.chosen == i:
                note = "  (answer, your choice)"
        elif i == slot.chosen:
            mark, style, note = "✗", "red", "  (your choice)"
        else:
            mark, style, note = " ", "", ""
        text.append(f"{mark} ", style=f"bold {style}")
        text.append_text(literal(f"{LETTERS[i]}. {option}"))
        text.append(f"{note}\n", style=style)
    if slot.chosen is not None and slot.chosen != item.answer:
        text.append(f"\nWhy {LETTERS[slot.chosen]} is wrong: ", style="bold")
        text.append_text(literal(f"{item.rationales[slot.chosen]}\n"))
    text.append("\nExplanation: ", style="bold")
    text.append_text(literal(item.explanation))
    return Group(head, stem_renderable(item.stem), text)


class PastBlockScreen(TrainerScreen):
    BINDINGS = [
        binding("left", "move(-1)", "Prev", key_display="←", priority=True),
        binding("right", "move(1)", "Next", key_display="→", priority=True),
        binding("w", "show('wrong')", "Wrong"),
        binding("f", "show('flagged')", "Flagged"),
        binding("b", "show('blank')", "Blank"),
        binding("a", "show('all')", "All"),
        binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, trainer: Trainer, sitting: PastSitting) -> None:
        super().__init__(trainer)
        self.sitting = sitting
        self.showing = "all"
        self.positions = sitting.positions("all")
        self.at = 0  # index into positions

    def compose(self) -> ComposeResult:
        past = self.sitting.past
        yield Header(icon=MENU_ICON)
        title = Text(f"{self.sitting.title}", style="bold")
        title.append(
            f" · {past.submitted_at:%Y-%m-%d %H:%M} · {past.right} right, {past.wrong} wrong, "
            f"{past.blank} blank of {past.questions} · read-only",
            style="",
        )
        yield Static(title, id="past-title", classes="title")
        yield Static(id="past-place", classes="muted")
        with VerticalScroll(id="past-body"):
            yield Static(id="past-question", classes="exam-section")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    @property
    def current(self) -> int | None:
        """The question on screen (its position in the block), or None if the filter is empty."""
        return self.positions[self.at] if self.positions else None

    def action_show(self, which: str) -> None:
        self.showing = which
        self.positions = self.sitting.positions(which)
        self.at = 0
        self.show()

    def action_move(self, step: int) -> None:
        if self.positions:
            self.at = max(0, min(len(self.positions) - 1, self.at + step))
            self.show()

    def show(self) -> None:
        counts = " · ".join(
            f"{key[0]} {name} {len(self.sitting.positions(key))}"
            for key, name in FILTER_NAMES.items()
        )
        place = Text()
        question = self.query_one("#past-question", Static)
        current = self.current
        if current is None:
            place.append(f"No {FILTER_NAMES[self.showing]} questions in this block.", style="bold")
            question.update("")
        else:
            place.append(
                f"Question {current + 1} of {len(self.sitting.slots)} · "
                f"{FILTER_NAMES[self.showing]} {self.at + 1}/{len(self.positions)}",
                style="bold",
            )
            question.update(question_view(current, self.sitting.slots[current]))
        place.append(f"   {counts}")
        self.query_one("#past-place", Static).update(place)
        self.query_one("#past-body", VerticalScroll).scroll_home(animate=False)
