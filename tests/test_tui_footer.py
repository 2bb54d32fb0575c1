"""The footer's keys start in the footer's own style (not compact) and still follow it when it
changes, as Textual's footer keys do; the command palette's key stays compact."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer as TextualFooter

from trainer.tui.app import make_app
from trainer.tui.widgets.footer import Footer


def key_styles(footer) -> list[tuple[str, bool, bool]]:
    return [(k.key, k.compact, k.has_class("-compact")) for k in footer.query("FooterKey")]


async def test_keys_look_as_textuals_footer_makes_them_and_follow_its_compact_setting(store, clock):
    app = make_app(store, clock)
    async with app.run_test(size=(100, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = key_styles(footer)
        assert ("enter", False, False) in keys and ("q", False, False) in keys
        assert ("ctrl+p", True, True) in keys  # not bound to the footer: compact, as in Textual
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
                await pilot.pause()
                footer = app.screen.query_one(kind)
                found.append(key_styles(footer))
        assert found[0] == found[1] and found[0], compact
