"""A submitted block: marks, breakdown by deck and topic, past blocks, and the review."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalGroup, VerticalScroll
from textual.widgets import Header, Static

from trainer.humanize import agree
from trainer.store.exams import ExamStore
from trainer.study.exam import ExamBlock
from trainer.study.exam_marking import ExamResult, breakdown, filter_slots
from trainer.tui.screens.base import MENU_ICON, TrainerScreen, binding
from trainer.tui.screens.exam_past import open_past_blocks
from trainer.tui.widgets.exam import history_text, review_text, shares_table
from trainer.tui.widgets.footer import Footer

FILTER_NAMES = {"all": "all questions", "wrong": "wrong", "flagged": "flagged", "blank": "blank"}


def summary_text(block: ExamBlock, result: ExamResult) -> Text:
    text = Text()
    text.append(f"{block.preset.title}: ", style="bold")
    text.append(f"{result.right} right", style="green")
    text.append(" · ")
    text.append(f"{result.wrong} wrong", style="red")
    text.append(" · ")
    text.append(f"{result.blank} blank", style="yellow")
    if result.unseen:
        text.append(f" ({result.unseen} never opened)")
    text.append(f" of {result.questions}\n")
    text.append(score_line(block, result))
    per = result.seconds_per_answered
    text.append("\n")
    text.append(f"{per:.0f} s per answered question" if per is not None else "no question answered")
    recorded = agree(result.reviews, "answer recorded as a review", "answers recorded as reviews")
    text.append(f" · {result.reviews} {recorded}; blanks are not reviews", style="dim")
    return text


def score_line(block: ExamBlock, result: ExamResult) -> str:
    """Both marks, the block's own first and under its own name: a NEET PG block's NEET
    marks, any other block's percent correct."""
    marks = f"NEET PG marks (+4/−1): {result.neet_marks} / {result.neet_max}"
    percent = f"{result.percent:.0f}% correct"
    if block.preset.wrong < 0:  # marked as NEET PG marks: a wrong answer costs
        return f"{marks} · {percent}"
    return f"{block.preset.title}: {percent} · {marks}"


class ExamResultScreen(TrainerScreen):
    BINDINGS = [
        binding("w", "show('wrong')", "Wrong"),
        binding("f", "show('flagged')", "Flagged"),
        binding("b", "show('blank')", "Blank"),
        binding("a", "show('all')", "All"),
        binding("h", "past", "Past blocks"),
        binding("escape", "app.pop_screen", "Home"),
    ]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__(block.trainer)
        self.block = block
        self.showing = "all"
        self.is_mounted_once = False  # the first list is shown below the summary, unscrolled

    def compose(self) -> ComposeResult:
        result = self.block.submitted
        assert result is not None
        yield Header(icon=MENU_ICON)
        with VerticalScroll(id="result"):
            yield Static(summary_text(self.block, result), id="result-summary", classes="title")
            yield Static("By deck", classes="title")
            yield Static(shares_table(breakdown(self.block, "deck")), classes="exam-section")
            yield Static("By topic, weakest first", classes="title")
            yield Static(
                shares_table(breakdown(self.block, "topic"), limit=8), classes="exam-section"
            )
            yield Static("Your blocks", classes="title")
            yield Static(
                history_text(ExamStore(self.trainer.store).history()),
                id="result-history",
                classes="exam-section",
            )
            yield Static(id="review-title", classes="title")
            yield VerticalGroup(id="reviews")  # as tall as its questions: the result scrolls
        yield Footer()

    def on_mount(self) -> None:
        self.action_show("all")

    def action_past(self) -> None:
        open_past_blocks(self)

    def action_show(self, which: str) -> None:
        self.showing = which
        positions = filter_slots(self.block, which)
        counts = " · ".join(
            f"{key[0]} {name} {len(filter_slots(self.block, key))}"
            for key, name in FILTER_NAMES.items()
        )
        self.query_one("#review-title", Static).update(
            Text.assemble(
                (f"Questions: {FILTER_NAMES[which]} ({len(positions)})", "bold"),
                (f"   {counts}", "dim"),
            )
        )
        reviews = self.query_one("#reviews", VerticalGroup)
        reviews.remove_children()
        reviews.mount_all(
            Static(review_text(i, self.block.slots[i]), classes="exam-review") for i in positions
        )
        if which != "all" or self.is_mounted_once:  # a filter key: bring its list into view
            title = self.query_one("#review-title", Static)
            self.call_after_refresh(title.scroll_visible, top=True, animate=False)
        self.is_mounted_once = True
