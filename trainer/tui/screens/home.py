"""Home: what Enter will give today, per deck, and the way into every other screen.

Every count on this screen comes from the drill's own queue (`DrillSession.counts`; a deck's
row from `DrillSession.deck_counts`, which counts as that deck's own drill would, in one pass
over the all-decks queue), so the row Enter opens serves exactly the numbers shown on it."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from trainer.errors import TrainerError
from trainer.humanize import agree, duration, percent, plural
from trainer.session import Counts, DrillSession, Trainer
from trainer.study.exam_waiting import WaitingBlock, waiting_block
from trainer.study.fewer_new import SessionStatus
from trainer.study.queue import DrillStatus
from trainer.tui.screens.base import MENU_ICON, TrainerScreen, binding
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets import literal
from trainer.tui.widgets.footer import Footer
from trainer.tui.widgets.text import shorten

if TYPE_CHECKING:
    from trainer.stats import Stats

ALL = "*"
# Cards, New, Learn and Due, each with its padding, the table's scrollbar and the screen's edge
COUNT_COLUMNS_WIDTH = 34
MIN_TITLE = 16


@dataclass(frozen=True)
class Row:
    key: str  # ALL or a deck id
    title: str
    cards: int
    counts: Counts


COLUMNS = ("Study", "Cards", "New", "Learn", "Due")


class HomeScreen(TrainerScreen):
    # Short labels, the keys offered only at times (m, r) after the others, and no command
    # palette key (ctrl+p and the header's corner still open it): at 80 columns every key
    # fits (in the footer's compact style when m and r are both offered). Quit stands at the
    # footer's right edge whatever the width (widgets/footer.py).
    BINDINGS = [
        binding("enter", "drill", "Drill", priority=True),
        binding("t", "topic", "Topic"),
        binding("e", "exam", "Exam"),
        binding("s", "stats", "Stats"),
        binding("b", "browse", "Browse"),
        binding("o", "settings", "Settings"),
        binding("m", "more", "More"),
        binding("r", "resume_exam", "Resume"),
        binding("i", "instructor", "Class", show=False),
        binding("q", "app.quit", "Quit"),
    ]

    REFRESH_SECONDS = 20.0

    def __init__(self, trainer: Trainer) -> None:
        super().__init__(trainer)
        self.rows: list[Row] = []
        self.status: DrillStatus | None = None
        self.waiting: WaitingBlock | None = None  # a suspended exam block
        # the all-decks drill whose queue gave the counts on screen: Enter on "All decks"
        # continues it, so the first question does not wait for the same queue again
        self._counted: DrillSession | None = None
        self._shown_from: DrillSession | None = None  # the count whose rows are on screen
        self._summary = Text()
        self._title_width: int | None = None  # the deck titles' width the columns were made for
        # the forecast line and what it was worked out from (`forecast`)
        self._forecast: tuple[tuple[object, ...], str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=MENU_ICON)
        yield Static("Today", classes="title")
        yield Static(id="summary", classes="muted")
        yield DataTable(id="decks", cursor_type="row")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        # (the first count comes from on_screen_resume, which follows the screen's mount:
        # counting here as well computed every count twice before the first question)
        # counts change with time alone (a learning card falls due, the day turns): look again
        self.set_interval(self.REFRESH_SECONDS, self._tick)

    def _tick(self) -> None:
        if self.is_current:  # another screen on top counts for itself
            self.refresh_counts()

    def on_screen_resume(self) -> None:
        self._counted = None  # back from another screen: what it did is not counted in it
        self.refresh_counts()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":  # offered once the day's cards are done
            return bool(self.rows) and self.rows[0].counts.remaining == 0
        if action == "resume_exam":
            return self.waiting is not None
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="home")
    def refresh_counts(self) -> None:
        """The rows first (the drill's queue and the store's per-deck totals), then the
        first question made ahead for Enter, then, if Home is still in view, the summary's
        figures from `stats` (with an exam date, a forecast over every card; its modules load
        here, after the rows)."""
        trainer = self.trainer
        everything = DrillSession(trainer)
        per_deck = trainer.store.deck_counts(trainer.today())
        cards = sum(total for total, _, _ in per_deck.values())  # as `stats` counts them
        rows = [Row(ALL, "All decks", cards, everything.counts())]
        by_deck = everything.deck_counts()  # as each deck's own drill counts, in one pass
        for deck_id, deck in trainer.decks.items():
            cards = per_deck.get(deck_id, (0, 0, 0))[0]
            counts = by_deck.get(deck_id, Counts(0, 0, 0, 0, 0))
            rows.append(Row(deck_id, deck.title, cards, counts))
        status = everything.status()
        waiting = waiting_block(trainer.store)
        suspended = trainer.store.count_suspended(tuple(trainer.decks))
        now = trainer.clock.now()
        text = summary(None, rows[0], status, now, waiting, suspended)
        self.app.call_from_thread(self._show, rows, status, waiting, text, everything)
        try:
            with suppress(TrainerError):  # (next() makes it, and says what failed, if not)
                everything.prefetch()  # the first question, made while the student reads this
        finally:
            # covered by a screen of its own (the drill, begun at once): the figures would go
            # unseen, and Home counts again, summary included, when it is back on screen
            if self.in_view():
                from trainer.stats import compute_stats

                stats = compute_stats(trainer)
                text = summary(stats, rows[0], status, now, waiting, suspended)
                self.app.call_from_thread(self._show_summary, text, everything)
                if stats.exam_date is not None and self.in_view():
                    forecast = self.forecast(stats)
                    if not get_current_worker().is_cancelled:  # else a later count took over
                        text = summary(stats, rows[0], status, now, waiting, suspended, forecast)
                        self.app.call_from_thread(self._show_summary, text, everything)

    def forecast(self, stats: Stats) -> str | None:
        """The forecast line (`study.projection`, without its range: the Stats screen shows
        that), worked out again only when an answer, the day or the settings changed: Home
        counts again every few seconds."""
        trainer = self.trainer
        key = (stats.reviews, trainer.today(), trainer.settings)
        if self._forecast is None or self._forecast[0] != key:
            from trainer.plain.stats import projection_sentence
            from trainer.study.projection import Stopped, project  # (the in-memory trainer)

            worker = get_current_worker()  # a later count, or leaving the app, cancels it
            try:
                projection = project(trainer, stop=lambda: worker.is_cancelled)
            except Stopped:
                return None  # (unseen: a later count works it out again)
            sentence = None if projection is None else projection_sentence(projection)
            self._forecast = (key, sentence)
        return self._forecast[1]

    def in_view(self) -> bool:
        """Whether Home is on screen: on top, or under dialogs only (Textual's `is_current`
        also holds for a screen just under another full screen)."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        return all(screen.is_modal for screen in stack[stack.index(self) + 1 :])

    def _show(
        self,
        rows: list[Row],
        status: DrillStatus,
        waiting: WaitingBlock | None,
        text: Text,
        counted: DrillSession | None = None,
    ) -> None:
        if counted is not None:
            self._counted = counted
        self._shown_from = counted
        self.rows = rows
        self.status = status
        self.waiting = waiting
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        width = self.title_width()
        if width != self._title_width:  # a column keeps its widest cell: made again to shrink
            self._title_width = width
            table.clear(columns=True)
            table.add_columns(*COLUMNS)
        else:
            table.clear()
        for row in rows:
            c = row.counts
            title = literal(shorten(row.title, width))
            table.add_row(title, row.cards, c.new, c.learning, c.review, key=row.key)
        table.move_cursor(row=min(cursor, len(rows) - 1))
        self._summary = text
        self.query_one("#summary", Static).update(text)
        self.refresh_footer()  # "study more" and "resume exam" depend on the counts

    def _show_summary(self, text: Text, counted: DrillSession) -> None:
        """The summary with `stats`' figures, unless a later count is on screen meanwhile."""
        if counted is self._shown_from:
            self._summary = text
            self.query_one("#summary", Static).update(text)

    def title_width(self) -> int:
        """Deck titles give way so that the counts fit the terminal's width."""
        return max(MIN_TITLE, self.app.size.width - COUNT_COLUMNS_WIDTH)

    def on_resize(self) -> None:
        if self.rows and self.status is not None:
            self._show(self.rows, self.status, self.waiting, self._summary)

    # -- actions ----------------------------------------------------------------------------
    def _row(self) -> Row | None:
        table = self.query_one("#decks", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def action_drill(self) -> None:
        row = self._row()
        if row is None or row.key == ALL:
            session, self._counted = self._counted, None
            self.app.push_screen(DrillScreen(self.trainer, session=session))
        else:
            self.app.push_screen(DrillScreen(self.trainer, deck_ids=(row.key,), scope=row.title))

    def action_more(self) -> None:
        self.app.push_screen(DrillScreen(self.trainer, extra=True, scope="studying more"))

    def action_topic(self) -> None:
        self.count_topics()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home-topics")
    def count_topics(self) -> None:
        """Each topic with what Enter on it would give today, as Home's rows show for decks."""
        trainer = self.trainer
        topics = sorted({c.topic for bank in trainer.banks.values() for c in bank.cards()})
        labels = {
            topic_label(topic, DrillSession(trainer, topic=topic).counts()): topic
            for topic in topics
        }
        self.app.call_from_thread(self._pick_topic, labels)

    def _pick_topic(self, labels: dict[str, str]) -> None:
        from trainer.tui.screens.pick import PickScreen

        def chosen(label: str | None) -> None:
            topic = labels.get(label or "")
            if topic:
                self.app.push_screen(DrillScreen(self.trainer, topic=topic, scope=topic))

        self.app.push_screen(PickScreen("Drill one topic", list(labels)), chosen)

    # The other screens (and the exam, analytics and settings code behind them) load when
    # first opened: importing them all with Home cost about 0.1 s before the first question.
    def action_resume_exam(self) -> None:
        from trainer.study.exam import ExamBlock
        from trainer.tui.screens.exam import ExamScreen

        block = ExamBlock.resume(self.trainer)  # its clock starts again from here
        if block is None:  # finished meanwhile in another window
            self.refresh_counts()
            return
        self.app.push_screen(ExamScreen(block))

    def action_exam(self) -> None:
        from trainer.tui.screens.exam import ExamSetupScreen

        self.app.push_screen(ExamSetupScreen(self.trainer))

    def action_stats(self) -> None:
        from trainer.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.trainer))

    def action_browse(self) -> None:
        from trainer.tui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen(self.trainer))

    def action_settings(self) -> None:
        from trainer.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.trainer))

    def action_instructor(self) -> None:
        from trainer.tui.screens.instructor import InstructorScreen

        self.app.push_screen(InstructorScreen(self.trainer))


def topic_label(topic: str, counts: Counts) -> str:
    if not counts.remaining:
        return f"{topic} · nothing today"
    return f"{topic} · {counts.new} new · {counts.learning} learning · {counts.review} due"


def fewer_new_notes(status: DrillStatus) -> list[str]:
    """Why some deck rows offer fewer new cards than the day's limit (`study.fewer_new`)."""
    fewer = status.fewer_new if isinstance(status, SessionStatus) else None
    if fewer is None:
        return []
    notes = []
    if fewer.by_fact:
        n = len(fewer.by_fact)
        notes.append(
            f"{plural(n, 'deck')} {agree(n, 'offers', 'offer')} fewer new cards: "
            "one new card per fact a day"
        )
    if fewer.used_up:
        n = len(fewer.used_up)
        notes.append(
            f"{plural(n, 'deck')} {agree(n, 'has', 'have')} fewer than {fewer.limit} new cards left"
        )
    return notes


def summary(
    stats: Stats | None,
    everything: Row,
    status: DrillStatus,
    now: datetime,
    waiting: WaitingBlock | None = None,
    suspended: int = 0,
    forecast: str | None = None,
) -> Text:
    """A suspended exam block first, then today's drill in one line, the rules holding cards
    back when they apply, the exam date and, once worked out, the ``forecast`` (the
    `projection_sentence`). Without ``stats`` (not computed yet) the review total and the
    exam lines are left out."""
    c = everything.counts
    text = Text()
    if waiting is not None:
        from trainer.tui.widgets.exam import clock  # with the exam code: only when needed

        text.append("Exam block suspended: ", style="bold yellow")
        text.append_text(literal(waiting.title))
        text.append(
            f", {waiting.answered} of {waiting.questions} answered, {waiting.flagged} flagged, "
            f"{clock(waiting.left)} left. "
        )
        text.append("r resumes it.\n", style="bold")
    if c.remaining:
        text.append(
            f"Enter drills the highlighted row: all decks give {plural(c.new, 'new card')}, "
            f"{c.learning} learning, {plural(c.review, 'review')} today.",
            style="bold",
        )
        if status.learning_later and status.next_learning_at is not None:
            # the Learn column counts the steps due now; the drill serves these as they fall due
            n = status.learning_later
            text.append(
                f"\n{plural(n, 'more learning card')} {agree(n, 'comes', 'come')} back later "
                f"today (the next in {duration(status.next_learning_at - now)})."
            )
    elif status.next_learning_at is not None:
        wait = status.next_learning_at - now
        text.append(f"Next learning card in {duration(wait)}.", style="bold")
    else:
        text.append("Done for today: m studies more.", style="bold")
    held = []
    if status.new_held_by_cap:
        n = status.new_held_by_cap
        held.append(
            f"{plural(n, 'more new card')} {agree(n, 'waits', 'wait')} (daily new-card limit)"
        )
    if status.reviews_held_by_cap:
        n = status.reviews_held_by_cap
        held.append(f"{plural(n, 'due review')} {agree(n, 'waits', 'wait')} (daily review limit)")
    if status.buried:
        held.append(f"{plural(status.buried, 'card')} held: same fact answered today")
    held.extend(fewer_new_notes(status))
    if suspended:
        held.append(f"{plural(suspended, 'card')} suspended (b: browse brings them back)")
    if held:
        text.append("\n" + "; ".join(held) + ".")
    if stats is None:
        text.append(f"\nDue tomorrow: {status.due_tomorrow}.")
        return text
    from trainer.plain.stats import exam_sentence

    text.append(
        f"\nDue tomorrow: {status.due_tomorrow} · {plural(stats.reviews, 'review')} so far."
    )
    if stats.exam_date is None or stats.days_to_exam is None:
        text.append("\nNo exam date set (o: settings).")
        return text
    if stats.days_to_exam < 0:
        text.append(f"\nExam {exam_sentence(stats, 'o: settings')}.")
        return text
    # the figures of `trainer stats`' "Recall" line, said shortly (Stats says how unseen
    # cards count)
    text.append(
        f"\nExam {exam_sentence(stats)} · on exam day you would recall "
        f"{percent(stats.predicted_exam_recall)} of all {plural(stats.cards, 'card')} if you "
        f"stopped studying now, {percent(stats.predicted_exam_recall_if_due_done)} if you "
        "stopped after today's cards (new and due)."
    )
    if forecast is not None:
        text.append(f"\nForecast: {forecast}.")
    return text
