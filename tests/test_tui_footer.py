"""The footer's keys start in the footer's own style (not compact) and still follow it when it
changes, as Textual's footer keys do; the command palette's key stays compact."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer as TextualFooter

from trainer.session import Trainer
from trainer.store import open_store
from trainer.tui.app import make_app, open_app
from trainer.tui.screens import HomeScreen
from trainer.tui.widgets.footer import Footer


def key_styles(footer) -> list[tuple[str, bool, bool]]:
    return [(k.key, k.compact, k.has_class("-compact")) for k in footer.query("FooterKey")]


async def test_keys_look_as_textuals_footer_makes_them_and_follow_its_compact_setting(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        keys = key_styles(home.query_one(Footer))
        assert ("enter", False, False) in keys and ("q", False, False) in keys
        assert "ctrl+p" not in {key for key, _, _ in keys}  # Home leaves it out, for room
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        keys = key_styles(app.screen.query_one(Footer))
        assert ("ctrl+p", True, True) in keys  # not bound to the footer: compact, as in Textual
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        footer = home.query_one(Footer)
        footer.compact = True
        await pilot.pause()
        assert all(compact and styled for _, compact, styled in key_styles(footer))
        before = footer.query("FooterKey").first()
        footer.call_later(footer.recompose)  # keys made again while the footer is compact
        await pilot.pause()
        assert footer.query("FooterKey").first() is not before
        assert all(compact and styled for _, compact, styled in key_styles(footer))
        footer.compact = False
        await pilot.pause()
        assert [k for k in key_styles(footer) if k[0] != "ctrl+p"] == [
            (key, False, False) for key, _, _ in key_styles(footer) if key != "ctrl+p"
        ]


class Both(App[None]):
    """Textual's footer and ours over the same keys, for comparison."""

    BINDINGS = [("a", "bell", "Alpha"), ("b", "bell", "Beta")]

    def __init__(self, kind: type[TextualFooter], compact: bool) -> None:
        super().__init__()
        self.kind, self.compact = kind, compact

    def compose(self) -> ComposeResult:
        yield self.kind(compact=self.compact)


async def test_the_same_keys_and_styles_as_textuals_footer_compact_or_not():
    for compact in (False, True):
        found = []
        for kind in (TextualFooter, Footer):
            app = Both(kind, compact)
            async with app.run_test(size=(60, 10)) as pilot:
                footer = app.screen.query_one(kind)
                for _ in range(100):  # the keys are drawn once the screen's bindings are ready
                    await pilot.pause()
                    if footer.query("FooterKey"):
                        break
                await pilot.pause()
                found.append(key_styles(footer))
        assert found[0] == found[1] and found[0], compact


async def test_a_footer_refresh_rebuilds_the_keys_only_when_one_came_or_went(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        footer = home.query_one(Footer)
        first = footer.query("FooterKey").first()
        home.refresh_footer()  # nothing changed since the keys were drawn
        await pilot.pause()
        await pilot.pause()
        assert footer.query("FooterKey").first() is first
        assert "r" not in [key for key, _, _ in key_styles(footer)]
        home.waiting = object()  # a suspended exam block: "r" resumes it
        home.refresh_footer()
        for _ in range(100):
            await pilot.pause()
            if "r" in [key for key, _, _ in key_styles(footer)]:
                break
        assert "r" in [key for key, _, _ in key_styles(footer)]
        home.waiting = None  # (Home's own refresh would look again; keep the test's state)


async def test_home_draws_its_footer_once_when_its_counts_change_no_key(
    tmp_path, decks, clock, monkeypatch
):
    """Launched as the CLI launches it, Home's keys are asked for again as it gains the
    focus, takes its place in the stack and shows its counts; with no key come or gone since
    the footer drew them, they are drawn once."""
    built: list[object] = []
    compose = Footer.compose

    def counted(self):
        widgets = list(compose(self))
        if widgets:
            built.append(self)
        return iter(widgets)

    monkeypatch.setattr(Footer, "compose", counted)
    opened: list = []

    def opener() -> Trainer:
        opened.append(open_store(f"sqlite:///{tmp_path / 'p.sqlite3'}"))
        return Trainer(decks, opened[0], clock)

    app = open_app(opener)
    try:
        async with app.run_test(size=(100, 24)) as pilot:
            for _ in range(200):
                await pilot.pause()
                if isinstance(app.screen, HomeScreen) and app.screen.rows:
                    break
            await app.workers.wait_for_complete()
            for _ in range(5):
                await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen) and home.rows  # the counts are on screen
            assert built.count(home.query_one(Footer)) == 1
    finally:
        for store in opened:
            store.close()
