"""Small modal questions an exam block asks: confirm, go to question N, the flagged list."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.study.exam import ExamBlock
from trainer.tui.widgets.field import Field
from trainer.tui.widgets.text import literal


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few one-key answers; Esc (and nothing else) cancels.

    Enter is not an answer: a double-tapped Enter must never submit a block."""

    def __init__(self, title: str, body: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text, style="bold"), id="dialog-title")
            yield Static(literal(self.body), id="dialog-body")
            lines = Text()
            for key, label in self.choices:
                lines.append(f" {key} ", style="reverse bold")
                lines.append(f"  {label}\n")
            lines.append(" esc ", style="reverse")
            lines.append("  cancel")
            yield Static(lines, id="dialog-choices")

    def on_key(self, event: events.Key) -> None:
        keys = {key for key, _ in self.choices}
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
        elif event.key in keys:
            self.dismiss(event.key)


def confirm(title: str, body: str, yes: str) -> ChoiceScreen:
    return ChoiceScreen(title, body, [("y", yes), ("n", "go back")])


class GotoScreen(ModalScreen[int | None]):
    """Ask for a question number; only questions the block can still reach are accepted."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__()
        self.block = block

    def compose(self) -> ComposeResult:
        span = self.block.reachable
        with Vertical(id="dialog"):
            yield Static(Text("Go to question", style="bold"), id="dialog-title")
            yield Static(f"A number from {span.start + 1} to {span.stop}, then Enter.")
            yield Field(id="goto", type="integer")
            yield Static(id="goto-message")

    @on(Input.Submitted, "#goto")
    def _go(self, event: Input.Submitted) -> None:
        span = self.block.reachable
        try:
            number = int(event.value)
        except ValueError:
            number = 0
        if number - 1 not in span:
            where = "in a closed section" if 0 < number <= len(self.block.slots) else "not there"
            self.query_one("#goto-message", Static).update(
                Text(f"Question {event.value or '?'} is {where}.", style="red")
            )
            return
        self.dismiss(number - 1)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FlaggedScreen(ModalScreen[int | None]):
    """The flagged questions of the block; Enter opens one."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, block: ExamBlock) -> None:
        super().__init__()
        self.block = block

    def compose(self) -> ComposeResult:
        rows = []
        for i in self.block.flagged():
            slot = self.block.slots[i]
            stem = slot.item.stem.replace("\n", " ")
            stem = stem if len(stem) <= 60 else stem[:59] + "…"
            closed = "" if self.block.can_go(i) else " (closed section)"
            prompt = literal(f"Q{i + 1} {'●' if slot.answered else '○'} {stem}{closed}")
            rows.append(Option(prompt, id=str(i), disabled=not self.block.can_go(i)))
        with Vertical(id="dialog"):
            yield Static(Text(f"Flagged questions ({len(rows)})", style="bold"), id="dialog-title")
            if rows:
                yield OptionList(*rows, id="flagged")
            else:
                yield Static("No question is flagged (f flags the one on screen).")

    @on(OptionList.OptionSelected, "#flagged")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
