"""The instructor's screen in a real Pilot session on a store shared by a simulated class."""

from __future__ import annotations

from tests.classsim import Plan, run_class
from tests.test_tui import settle
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens.instructor import InstructorScreen


async def test_class_screen_lists_students_and_flagged_items(tmp_path, decks, clock):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    reflexes = [d for d in decks if d.id == "reflexes"]

    def plan(trainer) -> Plan:
        keys = sorted(c.card_key for c in trainer.store.cards())
        return Plan(easy={keys[0]}, hard={keys[1]})

    plan_used, _abilities = run_class(url, reflexes, clock, students=24, plan=plan)
    store = open_store(url, student="student000")
    app = make_app(store, clock, reflexes)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InstructorScreen)
        students = screen.query_one("#students")
        assert students.row_count == 24
        items = screen.query_one("#items")
        rows = [items.get_row_at(i) for i in range(items.row_count)]
        flagged = {str(row[0]): str(row[4]) for row in rows}
        (easy,) = plan_used.easy
        (hard,) = plan_used.hard
        assert "too easy" in flagged[easy] and "too hard" in flagged[hard]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, InstructorScreen)
    store.close()
