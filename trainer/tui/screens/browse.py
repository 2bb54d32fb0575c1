"""Browse: every card with a readable name and its state, filtered by deck, topic and a
search; the highlighted card's question, its review history and, for dermatome and root
cards, the body map. ``s`` suspends the highlighted card (or brings it back)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Input, Select, Static

from trainer.bodymap import highlight_for_item
from trainer.humanize import percent, plural
from trainer.scheduling.scheduler import TrainerScheduler
from trainer.session import Trainer
from trainer.store.db import StoredCard
from trainer.study.history import PastAnswer, card_history, card_name
from trainer.tui.screens.base import LETTERS, MENU_ICON, TrainerScreen, binding
from trainer.tui.widgets import literal
from trainer.tui.widgets.bodymap import BodyMapView
from trainer.tui.widgets.field import Field
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.text import shorten

NAME_WIDTH = 36  # so that state, due and recall fit at 80 columns
DECK_WIDTH = 18  # a deck's title, cut with an ellipsis: recognisable, unlike its id
STATES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
SUSPENDED = "suspended"


class BrowseScreen(TrainerScreen):
    BINDINGS = [
        binding("p", "preview", "Preview"),
        binding("slash", "search", "Search", key_display="/"),
        binding("s", "suspend", "Suspend/unsuspend"),
        binding("escape", "back", "Home"),
    ]
    ALL = "*"

    def __init__(self, trainer: Trainer) -> None:
        super().__init__(trainer)
        # (card key, deck id, topic, name, state, due, recall)
        self.rows: list[tuple[str, ...]] = []
        self.deck_titles = {d.id: d.title for d in trainer.decks.values()}

    def compose(self) -> ComposeResult:
        trainer = self.trainer
        decks = [(literal(d.title), d.id) for d in trainer.decks.values()]
        topics = sorted({c.topic for bank in trainer.banks.values() for c in bank.cards()})
        yield Header(icon=MENU_ICON)
        with Horizontal(classes="form-row"):
            yield Field(placeholder="search (/)", id="search")
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
        with Horizontal(id="preview-row"):
            with VerticalScroll(id="preview-scroll"):
                yield Static(id="preview")
            yield BodyMapView(id="browse-map")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#cards", DataTable)
        self.state_column = table.add_columns("Card", "State", "Due", "Recall", "Deck", "Topic")[1]
        table.focus()  # ↓ moves through the cards at once
        self.query_one("#browse-map", BodyMapView).display = False
        self.query_one("#preview-row").display = False
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse")
    def load(self) -> None:
        trainer = self.trainer
        scheduler = trainer.scheduler()
        now = trainer.clock.now()
        rows = []
        for card in trainer.store.cards(deck_ids=tuple(trainer.decks)):
            rows.append(self._row_of(card, scheduler, now))
        self.app.call_from_thread(self._loaded, rows)

    @staticmethod
    def _row_of(card: StoredCard, scheduler: TrainerScheduler, now: datetime) -> tuple[str, ...]:
        state = card.state
        name = STATES[state.state]
        if state.leech:
            name += " (leech)"
        if card.suspended:  # its schedule stays: due and recall are still shown
            name = SUSPENDED
        due = state.due.strftime("%Y-%m-%d") if state.due and not state.is_new else "—"
        recall = "—" if state.is_new else percent(scheduler.retrievability(state, now))
        return (
            card.card_key,
            card.deck_id,
            card.topic,
            card_name(card.card_key),
            name,
            due,
            recall,
        )

    def _loaded(self, rows: list[tuple[str, ...]]) -> None:
        self.rows = rows
        self._fill()

    @on(Select.Changed)
    @on(Input.Changed, "#search")
    def _fill(self) -> None:
        deck = self.query_one("#deck-filter", Select).value
        topic = self.query_one("#topic-filter", Select).value
        # "/suspended" as the README writes it: the slash that opens the search is not a word
        words = [w.lstrip("/") for w in self.query_one("#search", Input).value.casefold().split()]
        words = [w for w in words if w]
        table = self.query_one("#cards", DataTable)
        table.clear()
        for key, deck_id, card_topic, name, state, due, recall in self.rows:
            if deck not in (self.ALL, deck_id) or topic not in (self.ALL, card_topic):
                continue
            title = self.deck_titles.get(deck_id, deck_id)
            haystack = f"{name} {deck_id} {title} {card_topic} {key} {state}".casefold()
            if not all(word in haystack for word in words):
                continue
            cells = (
                shorten(name, NAME_WIDTH),
                state,
                due,
                recall,
                shorten(title, DECK_WIDTH),
                card_topic,
            )
            table.add_row(*(literal(c) for c in cells), key=key)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Submitted, "#search")
    def _searched(self) -> None:
        self.query_one("#cards", DataTable).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#cards", DataTable).focus()
            return
        preview = self.query_one("#preview-row")
        if preview.display:  # the first Esc closes the preview; the search and row stay
            preview.display = False
            self.query_one("#cards", DataTable).focus()
            return
        self.app.pop_screen()

    def selected_key(self) -> str | None:
        table = self.query_one("#cards", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_suspend(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.toggle_suspended(key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-suspend")
    def toggle_suspended(self, key: str) -> None:
        """Suspend the card, or bring it back: only the mark changes, never its schedule."""
        trainer = self.trainer
        card = trainer.store.card_by_key(key)
        if card is None:
            return
        trainer.store.set_suspended(card.id, not card.suspended)
        row = self._row_of(trainer.store.card(card.id), trainer.scheduler(), trainer.clock.now())
        self.app.call_from_thread(self._replace_row, row)

    def _replace_row(self, row: tuple[str, ...]) -> None:
        self.rows = [row if old[0] == row[0] else old for old in self.rows]
        table = self.query_one("#cards", DataTable)
        if row[0] in table.rows:
            table.update_cell(row[0], self.state_column, literal(row[4]), update_width=True)
        verb = "Suspended" if row[4] == SUSPENDED else "Unsuspended"
        self.notify(f"{verb}: {row[3]}", timeout=3)

    def action_preview(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.load_preview(key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="browse-preview")
    def load_preview(self, key: str) -> None:
        trainer = self.trainer
        card = trainer.store.card_by_key(key)
        if card is None:
            return
        item = trainer.item_for(card, trainer.next_seed(card))  # the variant asked next
        history = card_history(trainer, card.id)
        self.app.call_from_thread(self._show_preview, card.card_key, item, history)

    def _show_preview(self, card_key: str, item, history: list[PastAnswer]) -> None:
        text = Text()
        text.append_text(literal(item.stem + "\n"))
        for i, option in enumerate(item.options):
            mark = "*" if i == item.answer else " "
            text.append_text(literal(f"{mark} {LETTERS[i]}. {option}\n"))
        text.append("\nHistory: ", style="bold")
        if not history:
            text.append("never answered\n")
        else:
            text.append(f"{plural(len(history), 'answer')}, newest first\n")
            for past in history:
                verdict = "right" if past.correct else "wrong"
                text.append(f"  {past.at:%Y-%m-%d %H:%M}  ")
                text.append(f"{verdict:<5}", style="green" if past.correct else "red")
                chosen = past.chosen if past.chosen is not None else "blank"
                text.append_text(literal(f"  {past.rating:<5}  {past.seconds:.0f} s  {chosen}"))
                text.append(f"  ({past.mode})\n" if past.mode != "drill" else "\n")
        self.query_one("#preview", Static).update(text)
        self.query_one("#preview-row").display = True
        view = self.query_one("#browse-map", BodyMapView)
        regions = highlight_for_item(view.body_map, item, card_key)
        view.display = regions is not None
        if regions is not None:
            width, height = self.size
            view.show_regions(regions[0], set(), rows=max(6, min(height // 2 - 5, width // 6)))

    @on(DataTable.RowSelected, "#cards")
    def _row(self, _event: DataTable.RowSelected) -> None:
        self.action_preview()
