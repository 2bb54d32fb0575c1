"""Exam blocks in the real app (Pilot, real store in a temporary folder), and their snapshots."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import ROOT
from tests.pilot import settle
from trainer.clock import FixedClock
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens import ExamResultScreen, ExamScreen, ExamSetupScreen, HomeScreen
from trainer.tui.screens.exam_dialogs import ChoiceScreen, FlaggedScreen, GotoScreen

_PATIENT = re.compile(r"^An? \d+(?:\.\d+)?-(?:year-old|kg) ")


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


@pytest.fixture
def small_app(store, clock, decks):
    """An app on the four lumbar decks only: too few facts for a 200-question block."""
    lumbar = {"dermatomes", "myotomes", "reflexes", "lumbar-localisation"}
    return make_app(store, clock, [d for d in decks if d.id in lumbar])


@pytest.fixture
def fresh_app(tmp_path, decks):
    """An app on its own new store, for snapshots."""
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    yield make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)), decks)
    store.close()


async def open_usmle(pilot) -> ExamScreen:
    await settle(pilot)
    await pilot.press("e", "u")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExamScreen)
    return pilot.app.screen


def dialog_text(app) -> str:
    assert isinstance(app.screen, ChoiceScreen), app.screen
    return app.screen.title_text + " " + app.screen.body


async def test_submit_asks_with_counts_and_records_only_answers(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usmle(pilot)
        block = screen.block
        # five options where the card can fill five (a few vignettes can prove only four)
        fives = sum(len(s.item.options) == 5 for s in block.slots)
        assert len(block.slots) == 40 and fives >= 30, fives
        second = block.slots[1].item
        wrong = (second.answer + 1) % len(second.options)
        await pilot.press("1", "f", "right", str(wrong + 1))
        assert block.slots[0].chosen == 0 and block.slots[0].flagged
        await pilot.press("ctrl+s")
        await settle(pilot)
        asked = dialog_text(app)
        assert "38 unanswered (38 never opened)" in asked and "1 flagged" in asked
        await pilot.press("enter", "enter")  # Enter is not a yes
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and store.review_count() == 0
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert store.review_count() == 2  # the 38 others were never answered
        assert "NEET PG marks" in text_of(result, "#result-summary")
        await pilot.press("w")
        await settle(pilot)
        assert len(result.query(".exam-review")) == 1 + int(block.slots[0].item.answer != 0)
        await pilot.press("b")
        await settle(pilot)
        assert len(result.query(".exam-review")) == 38


async def test_keys_fit_the_question(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#custom-options").value = "4"
        app.screen.query_one("#custom-count").value = "3"
        await pilot.press("ctrl+r")
        await settle(pilot)
        block = app.screen.block
        await pilot.press("5", "e")  # no fifth option on a four-option question
        assert block.slots[0].chosen is None
        await pilot.press("C")  # Caps Lock
        assert block.slots[0].chosen == 2
        await pilot.press("x")
        assert block.slots[0].chosen is None


async def test_leave_then_resume_as_it_was(app, store, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usmle(pilot)
        block = screen.block
        await pilot.press("b", "f")
        clock.advance(timedelta(minutes=2))
        await pilot.press("right", "escape")
        await settle(pilot)
        assert "Leave the block?" in dialog_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and store.review_count() == 0
        clock.advance(timedelta(hours=5))  # away: the block's clock is stopped
        await pilot.press("e")
        await settle(pilot)
        assert "Suspended" in text_of(app.screen, "#suspended")
        await pilot.press("r")
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, ExamScreen) and resumed.block is not block
        again = resumed.block
        assert [s.item for s in again.slots] == [s.item for s in block.slots]
        assert (again.current, again.slots[0].chosen, again.slots[0].flagged) == (1, 1, True)
        assert again.remaining() == timedelta(minutes=58)
        assert "0:58:00" in text_of(resumed, "#timer")


async def test_starting_while_suspended_asks(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_usmle(pilot)
        await pilot.press("a", "escape", "y")
        await settle(pilot)
        await pilot.press("e", "u")
        await settle(pilot)
        assert "A block is suspended" in dialog_text(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        assert app.screen.block.tally().answered == 0 and store.review_count() == 0


async def test_sections_label_own_clock_and_confirmed_end(small_app, store, clock):
    app = small_app
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e", "s")
        await settle(pilot)
        assert "a second time" in dialog_text(app)  # the lumbar decks repeat facts in 200
        await pilot.press("y")
        await settle(pilot)
        screen = app.screen
        block = screen.block
        assert len(block.slots) == 200
        assert "Section 1 of 5" in text_of(screen, "#timer") and "0:42:00" in text_of(
            screen, "#timer"
        )
        await pilot.press("a", "f", "ctrl+n")
        await settle(pilot)
        asked = dialog_text(app)
        assert "End section 1 of 5?" in asked and "39 unanswered" in asked and "1 flagged" in asked
        await pilot.press("y")
        await settle(pilot)
        assert block.section == 1 and block.current == 40
        assert "Section 2 of 5" in text_of(screen, "#timer")
        await pilot.press("left")
        assert block.current == 40  # a closed section stays closed
        clock.advance(timedelta(minutes=37, seconds=30))
        screen.tick()
        await settle(pilot)
        assert any("5 minutes left in section 2" in n.message for n in app._notifications)
        clock.advance(timedelta(minutes=5))
        screen.tick()
        await settle(pilot)
        assert "Section 3 of 5" in text_of(screen, "#timer")


async def test_time_warnings_then_submitted_when_time_is_up(app, store, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#custom-count").value = "2"
        app.screen.query_one("#custom-minutes").value = "10"
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = app.screen
        await pilot.press("a")
        clock.advance(timedelta(minutes=5))
        screen.tick()
        clock.advance(timedelta(minutes=4))
        screen.tick()
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "5 minutes left in this block." in messages
        assert "1 minute left in this block." in messages
        await pilot.press("ctrl+s")  # time runs out while the question is open
        await settle(pilot)
        clock.advance(timedelta(minutes=1))
        screen.tick()
        await settle(pilot)
        assert isinstance(app.screen, ExamResultScreen)
        assert store.review_count() == 1


async def test_navigator_go_to_next_unanswered_next_flagged_and_list(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_usmle(pilot)
        block = screen.block
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GotoScreen)
        await pilot.press("9", "9", "enter")
        assert "not there" in text_of(app.screen, "#goto-message")
        app.screen.query_one("#goto").value = "30"
        await pilot.press("enter")
        await settle(pilot)
        assert block.current == 29
        await pilot.press("f", "g")
        await settle(pilot)
        app.screen.query_one("#goto").value = "3"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f", "a", "right_square_bracket")
        assert block.current == 29  # next flagged
        await pilot.press("u")
        assert block.current == 30  # next unanswered
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, FlaggedScreen)
        await pilot.press("enter")  # the first flagged: question 3
        await settle(pilot)
        assert app.screen is screen and block.current == 2
        assert "⚑ flagged 2" in text_of(screen, "#navigator")


async def test_a_preset_warns_before_repeating_facts(small_app, store):
    app = small_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "n")
        await settle(pilot)
        assert "Not enough different questions" in dialog_text(app)
        await pilot.press("s")  # each fact once
        await settle(pilot)
        block = app.screen.block
        facts = [s.presented.card.sibling for s in block.slots]
        assert 0 < len(facts) < 200 and len(facts) == len(set(facts))


async def test_the_bundled_bank_fills_a_neet_pg_block_without_repeating(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "n")
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen), app.screen
        facts = [s.presented.card.sibling for s in app.screen.block.slots]
        assert len(facts) == 200 and len(set(facts)) == 200


async def test_custom_block_from_the_form(app, store):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#custom-count").value = "7"
        screen.query_one("#custom-minutes").value = "9"
        screen.query_one("#custom-options").value = "5"
        screen.query_one("#custom-decks").deselect_all()
        screen.query_one("#custom-decks").select("reflexes")
        await pilot.press("ctrl+r")
        await settle(pilot)
        block = app.screen.block
        assert len(block.slots) == 7 and block.preset.minutes == 9
        assert {s.presented.card.deck_id for s in block.slots} == {"reflexes"}
        assert all(len(s.item.options) == 5 for s in block.slots)


async def test_custom_block_names_the_bad_field(app, store):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#custom-options").value = "3"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "4 or 5 options" in text_of(screen, "#custom-message")
        screen.query_one("#custom-options").value = "4"
        screen.query_one("#custom-minutes").value = ""
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "the minutes field is empty" in text_of(screen, "#custom-message")
        screen.query_one("#custom-minutes").value = "5"
        screen.query_one("#custom-pool").value = "flagged"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "no cards in the 'flagged' pool" in text_of(screen, "#custom-message")
        assert app.screen is screen


async def test_result_history_shows_the_trend(app, store, clock):
    async with app.run_test(size=(100, 40)) as pilot:
        for answers in ("", "a"):
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#custom-count").value = "2"
            await pilot.press("ctrl+r")
            await settle(pilot)
            screen = app.screen
            for key in answers:
                slot = screen.block.slots[0]
                await pilot.press(key)
                assert slot.chosen == 0
            await pilot.press("ctrl+s", "y")
            await settle(pilot)
            assert isinstance(app.screen, ExamResultScreen)
            clock.advance(timedelta(hours=1))
            history = text_of(app.screen, "#result-history")
            await pilot.press("escape")
        assert "one block so far" not in history and "points on the blocks before" in history
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExamSetupScreen)
        assert "custom" in text_of(app.screen, "#history")


@pytest.mark.slow
def test_a_killed_app_resumes_the_block_as_it_was(tmp_path, decks):
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "exam_sitter.py"), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("READY "):
            pytest.fail(f"the sitting process ended early: {line} {proc.stderr.read()}")
        done = json.loads(line[len("READY ") :])
    finally:
        proc.kill()  # SIGKILL: no exit handler, no unmount, nothing flushed
        proc.wait()
    store = open_store(url)
    clock = FixedClock(datetime(2026, 11, 24, 20, tzinfo=UTC))  # the next evening
    app = make_app(store, clock, decks)

    async def resume() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("e", "r")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ExamScreen)
            block = screen.block
            assert [s.presented.card.id for s in block.slots] == done["cards"]
            assert [s.item.stem for s in block.slots] == done["stems"]
            assert [list(s.item.options) for s in block.slots] == done["options"]
            assert block.current == done["current"] == 2
            assert [(s.chosen, s.flagged) for s in block.slots[:3]] == [
                (1, True),
                (2, False),
                (None, False),
            ]
            assert block.remaining() == timedelta(minutes=60 - 3, seconds=-30)
            await pilot.press("ctrl+s", "y")
            await settle(pilot)
            assert store.review_count() == 2

    asyncio.run(resume())
    store.close()


async def test_a_usmle_block_on_few_vignettes_says_what_the_rest_are(small_app):
    async with small_app.run_test(size=(100, 30)) as pilot:
        screen = await open_usmle(pilot)
        notes = [n.message for n in small_app._notifications]
        assert any("in vignette form: the other" in n for n in notes), notes
        assert _PATIENT.match(screen.block.slots[0].item.stem)  # vignettes come first


async def test_a_usmle_block_on_the_whole_bank_opens_with_no_notice(app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_usmle(pilot)
        assert not [n.message for n in app._notifications]
        assert all(app.trainer.vignette_form(s.presented.card) for s in screen.block.slots)


# -- snapshots ---------------------------------------------------------------------------------
async def _sit_a_little(pilot) -> None:
    await settle(pilot)
    await pilot.press("e", "u")
    await settle(pilot)
    await pilot.press("2", "f", "right")
    await settle(pilot)


def test_snapshot_exam_80x24(snap_compare, fresh_app):
    assert snap_compare(fresh_app, terminal_size=(80, 24), run_before=_sit_a_little)


def test_snapshot_exam_wide(snap_compare, fresh_app):
    assert snap_compare(fresh_app, terminal_size=(120, 36), run_before=_sit_a_little)


def test_snapshot_exam_submit_dialog_80x24(snap_compare, fresh_app):
    async def ask(pilot) -> None:
        await _sit_a_little(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(80, 24), run_before=ask)


def test_snapshot_exam_sections_wide(snap_compare, fresh_app):
    async def sections(pilot) -> None:
        await settle(pilot)
        await pilot.press("e", "s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("1", "f", "right")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(120, 36), run_before=sections)


def test_snapshot_exam_result_80x24(snap_compare, fresh_app):
    async def result(pilot) -> None:
        await _sit_a_little(pilot)
        await pilot.press("3", "ctrl+s", "y")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(80, 24), run_before=result)


def test_snapshot_exam_result_wide(snap_compare, fresh_app):
    async def result(pilot) -> None:
        await _sit_a_little(pilot)
        await pilot.press("3", "ctrl+s", "y")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(fresh_app, terminal_size=(120, 40), run_before=result)
