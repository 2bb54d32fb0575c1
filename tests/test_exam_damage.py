"""An unfinished exam block whose rows were edited by hand: `trainer check` names it and
`--repair` discards it (its answers are not reviews yet), and the app says so instead of
ending in a traceback when the exam menu opens (real stores, CLI subprocesses, Pilot)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import run_cli
from tests.pilot import settle
from trainer.session import Trainer
from trainer.store import open_store
from trainer.study.exam import ExamBlock
from trainer.study.exam_presets import USMLE
from trainer.tui.app import make_app
from trainer.tui.screens.exam import ExamSetupScreen

BREAKS = [
    ("used = 'xx'", "used 'xx' is not a list of 1 section clocks"),
    ("current = 999", "current 999 is not a question of the block's 40"),
    ("preset = 'nope'", "preset 'nope' is not an exam block's settings"),
    ("status = 'weird'", "status 'weird' is not one of open, submitted, discarded"),
]


def suspended(tmp_path, decks, clock, preset=USMLE, seed=1, chosen=0):
    """A store with an unfinished block of ``preset``, one question answered."""
    path = tmp_path / "p.sqlite3"
    store = open_store(f"sqlite:///{path}")
    block = ExamBlock.start(Trainer(decks, store, clock), preset, seed=seed)
    block.choose(chosen)
    block.suspend()
    store.close()
    return path


@pytest.mark.parametrize(("change", "said"), BREAKS)
def test_check_names_a_broken_unfinished_block_and_repair_discards_it(
    tmp_path, decks, clock, change, said
):
    path = suspended(tmp_path, decks, clock)
    url = f"sqlite:///{path}"
    assert run_cli("--db", url, "check").returncode == 0  # a sound unfinished block is ok
    with sqlite3.connect(path) as db:
        db.execute(f"update exam_sittings set {change}")
    found = run_cli("--db", url, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert said in found.stdout and "`--repair` discards the unfinished block" in found.stdout
    repaired = run_cli("--db", url, "check", "--repair")
    assert repaired.returncode == 0 and "repaired 1 problem" in repaired.stdout
    with sqlite3.connect(path) as db:
        assert db.execute("select status from exam_sittings").fetchall() == [("discarded",)]
        assert db.execute("select count(*) from reviews").fetchone() == (0,)
    assert run_cli("--db", url, "check").returncode == 0


async def test_the_exam_menu_says_a_block_cannot_be_read_and_still_opens(tmp_path, decks, clock):
    path = suspended(tmp_path, decks, clock)
    with sqlite3.connect(path) as db:
        db.execute("update exam_sittings set used = 'xx'")
    store = open_store(f"sqlite:///{path}")
    app = make_app(store, clock, decks)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)  # the menu is up, the app running
        shown = [n.message for n in app._notifications]
        assert any("cannot read" in m and "trainer check" in m for m in shown), shown
        assert app.screen.suspended is None
    assert app.return_code in (None, 0)
    store.close()


def test_a_sound_unfinished_block_in_sections_checks_ok(tmp_path, decks, clock):
    from trainer.study.exam_presets import NEET_PG_SECTIONS

    path = suspended(tmp_path, decks, clock, NEET_PG_SECTIONS, seed=2, chosen=1)
    result = run_cli("--db", f"sqlite:///{path}", "check")
    assert result.returncode == 0 and result.stdout.startswith("ok: "), result.stdout
