"""Browse: every card with its state, filtered by deck and topic, with a preview."""

from __future__ import annotations

import random

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Select,
    Static,
)

from trainer.session import Trainer
from trainer.tui.screens.base import (
    LETTERS,
    TrainerScreen,
    binding,
)
from trainer.tui.widgets import literal, percent


class BrowseScreen(TrainerScreen):
    BINDINGS = [
        binding("p", "preview", "Preview"),
        binding("escape", "app.pop_screen", "Home"),
    ]
    ALL = "*"

    def __init__(self, trainer: Trainer) -> None:
        super().__init__(trainer)
        self.rows: list[tuple[str, ...]] = []

    def compose(self) -> ComposeResult:
        trainer = self.trainer
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
        trainer = self.trainer
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
        trainer = self.trainer
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
