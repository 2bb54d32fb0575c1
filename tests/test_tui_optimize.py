"""Settings → Ctrl+O: the same fit as `trainer optimize`, run off the UI thread, on a real
store holding a simulated student's reviews."""

from __future__ import annotations

import json

from sqlalchemy import insert, select

from trainer.scheduling.optimize import fit, store_reviews
from trainer.scheduling.scheduler import CardState
from trainer.sim.logs import known_student_log
from trainer.store.models import CardRow, ReviewRow
from trainer.tui.app import make_app
from trainer.tui.screens import HomeScreen, SettingsScreen


def fill_with_log(store, log) -> None:
    """The simulated student's reviews, as review rows of cards in the store."""
    cards = sorted({card for card, _, _ in log})
    state = CardState().to_json()
    with store.session() as session:
        session.execute(
            insert(CardRow),
            [
                {
                    "student_id": store.student_id,
                    "card_key": f"sim/t/{card}",
                    "deck_id": "sim",
                    "sibling": f"sim/{card}",
                    "topic": "simulated",
                    "kind": "forward",
                    "position": card,
                    "state": 0,
                    "reps": 0,
                    "lapses": 0,
                    "created_at": log[0][1],
                    "leech": False,
                    "flagged": False,
                }
                for card in cards
            ],
        )
        ids = dict(
            session.execute(
                select(CardRow.position, CardRow.id).where(CardRow.deck_id == "sim")
            ).all()
        )
        session.execute(
            insert(ReviewRow),
            [
                {
                    "card_id": ids[card],
                    "student_id": store.student_id,
                    "reviewed_at": at,
                    "seed": n,
                    "options": 4,
                    "chosen": 0,
                    "correct": rating > 1,
                    "response_ms": 9000,
                    "rating": rating,
                    "key_text": "key",
                    "chosen_text": "key" if rating > 1 else "other",
                    "state_before": state,
                    "state_after": state,
                    "mode": "drill",
                }
                for n, (card, at, rating) in enumerate(log)
            ],
        )


async def open_settings(pilot, app) -> SettingsScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("o")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_settings_fits_and_keeps_parameters_that_predict_better(store, clock, decks):
    _, log = known_student_log(12_000, seed=1)
    fill_with_log(store, log)
    expected = fit(store_reviews(store))  # what `trainer optimize` would find on this store
    assert expected.improved
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_settings(pilot, app)
        await pilot.press("ctrl+o")
        await pilot.pause()
        line = screen.query_one("#optimize")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(line.render())
        assert f"current {expected.default_loss:.4f}" in said
        assert f"fitted {expected.fitted_loss:.4f}" in said
        change = expected.fitted_loss - expected.default_loss
        assert f"({change:+.4f})" in said and change < 0
        assert "Saved: scheduling now uses your own parameters" in said
    saved = store.settings().parameters
    assert saved is not None and saved == expected.parameters
    assert app.trainer.scheduler().memory.parameters == saved
    stored = json.loads(
        next(v for n, v in _setting_rows(store) if n == "parameters")
    )  # written to the store, not only held in memory
    assert tuple(stored) == saved


async def test_settings_fit_keeps_the_defaults_when_the_log_is_too_short(store, clock, decks):
    _, log = known_student_log(300, seed=2)
    fill_with_log(store, log)
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_settings(pilot, app)
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(screen.query_one("#optimize").render())
        assert "are needed" in said and "Parameters unchanged" in said
    assert store.settings().parameters is None


def _setting_rows(store):
    from trainer.store.models import SettingRow

    with store.session() as session:
        return session.execute(
            select(SettingRow.name, SettingRow.value).where(
                SettingRow.student_id == store.student_id
            )
        ).all()
