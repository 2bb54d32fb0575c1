"""Settings: exam date, retention, daily limits, options per question, learning steps; and
fitting personal scheduling parameters to the student's own reviews (the same optimizer as
`trainer optimize`, in a worker: the screen stays live while it runs).

Messages name the field and the problem in plain words; leaving with unsaved edits asks."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Header, Input, Label, Static

from trainer.errors import TrainerError
from trainer.study.settings_form import FIELDS, form_values, settings_from_form
from trainer.tui.screens.base import MENU_ICON, TrainerScreen, binding
from trainer.tui.screens.pick import PickScreen
from trainer.tui.widgets.field import Field
from trainer.tui.widgets.footer import Footer

UNSAVED = "Unsaved changes: Ctrl+S saves; Esc asks before leaving."
LEAVE = ("Save and leave", "Leave without saving", "Stay here")


class SettingsScreen(TrainerScreen):
    BINDINGS = [
        binding("ctrl+s", "save_after_typing", "Save", priority=True),
        binding("ctrl+o", "optimize", "Fit my parameters", priority=True),
        binding("escape", "leave", "Back"),
    ]

    def compose(self) -> ComposeResult:
        values = form_values(self.trainer.settings)
        yield Header(icon=MENU_ICON)
        yield Static("Settings", classes="title")
        for name, label in FIELDS:
            with Horizontal(classes="form-row settings-row"):
                yield Label(label)
                yield Field(values[name], id=name)
        yield Static("Ctrl+S saves; Esc goes back.", id="message", classes="muted")
        yield Static(
            "Ctrl+O fits scheduling parameters to your own reviews.",
            id="optimize",
            classes="muted",
        )
        yield Footer()

    @on(Input.Changed)
    def _edited(self) -> None:
        """An edit after "Saved." must not leave the screen saying so."""
        if self.unsaved():
            self.query_one("#message", Static).update(UNSAVED)

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name, _ in FIELDS}

    def unsaved(self) -> bool:
        saved = form_values(self.trainer.settings)
        return any(value.strip() != saved[name] for name, value in self._values().items())

    def action_save_after_typing(self) -> None:
        self.after_typing(self.action_save)

    def action_save(self) -> bool:
        trainer = self.trainer
        try:
            settings = settings_from_form(
                self._values(), trainer.settings, trainer.clock.now().date()
            )
            trainer.save_settings(settings)
        except TrainerError as exc:
            self.query_one("#message", Static).update(Text(f"Not saved: {exc}", style="red"))
            return False
        for name, value in form_values(settings).items():
            self.query_one(f"#{name}", Input).value = value
        self.query_one("#message", Static).update("Saved.")
        self.notify("Settings saved.")
        return True

    def action_leave(self) -> None:
        if not self.unsaved():
            self.app.pop_screen()
            return

        def answered(choice: str | None) -> None:
            if (choice == LEAVE[0] and self.action_save()) or choice == LEAVE[1]:
                self.app.pop_screen()

        self.app.push_screen(PickScreen("You have unsaved changes", list(LEAVE)), answered)

    # -- personal parameters ----------------------------------------------------------------
    def action_optimize(self) -> None:
        if any(w.group == "optimize" and not w.is_finished for w in self.workers):
            return  # one fit at a time; its result will show
        self.query_one("#optimize", Static).update("Fitting parameters to your reviews…")
        self.optimize_in_background()

    @work(thread=True, exclusive=True, exit_on_error=False, group="optimize")
    def optimize_in_background(self) -> None:
        from trainer.scheduling.optimize_command import optimize  # loads the Rust optimizer

        try:
            said = Text(optimize(self.trainer))
        except TrainerError as exc:
            said = Text(f"Not fitted: {exc}", style="red")
        self.app.call_from_thread(self._optimized, said)

    def _optimized(self, said: Text) -> None:
        self.query_one("#optimize", Static).update(said)
        self.notify("Parameter fit finished.")
