"""Counts in the singular, commands named in plain words, and messages that say each thing
once and the right way for where it was typed (CLI subprocesses and Pilot sessions on real
stores in temporary folders)."""

from __future__ import annotations

import argparse

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.conftest import run_cli
from tests.pilot import settle
from trainer.cli import build_parser
from trainer.tui.app import make_app
from trainer.tui.screens import ExamResultScreen, ExamScreen, ExamSetupScreen, HomeScreen
from trainer.tui.screens.exam_dialogs import ChoiceScreen


def text_of(screen, selector: str) -> str:
    console = Console(width=1000, record=True, color_system=None)
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def command_groups() -> list[tuple[list[str], list[str]]]:
    """Every command that needs a command after it, with the commands it offers."""
    found = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                if path and getattr(parser, "commands_required", False):
                    found.append((path, list(action.choices)))
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])

    walk(build_parser(), [])
    return found


def test_every_command_group_is_found():
    names = {" ".join(path) for path, _ in command_groups()}
    assert {"deck", "bank", "items", "export", "import", "class", "isncsci"} <= names


@pytest.mark.parametrize("path,choices", command_groups(), ids=lambda v: str(v))
def test_a_missing_command_is_named_by_its_choices(path, choices, tmp_path):
    result = run_cli(*path, cwd=tmp_path)
    assert result.returncode == 2
    said = result.stderr.splitlines()[-1]
    assert "_command" not in result.stderr and "required" not in said
    if len(choices) == 1:
        assert said.endswith(f"error: say which: {choices[0]}")
    else:
        assert said.endswith(f"say which: {', '.join(choices[:-1])} or {choices[-1]}")


def test_a_wrong_command_is_not_called_by_an_internal_name(tmp_path):
    result = run_cli("deck", "bogus", cwd=tmp_path)
    assert result.returncode == 2 and "deck_command" not in result.stderr
    assert "invalid choice: 'bogus' (choose from 'check', 'show', 'new')" in result.stderr


def test_an_unreadable_import_file_is_named_once_in_plain_words(db_url, tmp_path):
    missing = tmp_path / "nonexistent.csv"
    result = run_cli("--db", db_url, "import", "reviews", str(missing))
    assert result.returncode == 2
    assert result.stderr == f"trainer: error: {missing}: cannot read: no such file or directory\n"
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"card_id,review_time\n\xff\n")
    result = run_cli("--db", db_url, "import", "reviews", str(latin))
    assert result.returncode == 2 and result.stderr.count(str(latin)) == 1
    assert "byte 0xff at position 20 is not UTF-8 text" in result.stderr


def test_the_command_line_clears_the_exam_date_with_none(db_url):
    result = run_cli("--db", db_url, "exam-date", "2020-01-01")
    assert result.returncode == 2
    assert "give a date from today on, or give 'none' to clear it" in result.stderr
    assert "blank" not in result.stderr


def test_restoring_a_file_that_is_not_a_store_says_so_in_sentences(tmp_path):
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    assert run_cli("--db", url, "exam-date", "none").returncode == 0  # the store exists
    notes = tmp_path / "README.csv"
    notes.write_text("not,a,database\n")
    result = run_cli("--db", url, "restore", str(notes))
    assert result.returncode == 2
    assert "(not a SQLite file). The file was not changed." in result.stderr
    assert "; The" not in result.stderr and result.stderr.count(str(notes)) == 1


def test_commands_count_one_in_the_singular(tmp_path):
    url = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    assert run_cli("--db", url, "drill", "--max", "1", stdin="a\n").returncode == 0
    checked = run_cli("--db", url, "check")
    assert checked.returncode == 0 and " 1 review checked" in checked.stdout
    assert run_cli("--db", url, "backup").returncode == 0
    listed = run_cli("--db", url, "backup", "--list").stdout
    assert "  1 review  " in listed and "1 reviews" not in listed
    out = tmp_path / "reviews.csv"
    exported = run_cli("--db", url, "export", "reviews", "--csv", "--out", str(out))
    assert exported.stdout == f"{out}: 1 review\n"
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    imported = run_cli("--db", other, "import", "reviews", str(out))
    assert imported.returncode == 0, imported.stderr
    assert f"{out}: 1 review read, 1 added, 0 already held; 1 card rescheduled" in imported.stdout
    apkg = tmp_path / "reflexes.apkg"
    packed = run_cli("export", "apkg", "reflexes", "--out", str(apkg), cwd=tmp_path)
    assert packed.returncode == 0 and packed.stdout.rstrip().endswith("notes from 1 deck")


@pytest.fixture
def app(store, clock, decks):
    return make_app(store, clock, decks)


async def test_home_and_the_class_view_count_one_in_the_singular(app, store):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and store.review_count() == 1
        said = text_of(home, "#summary")
        assert "· 1 review so far." in said
        await pilot.press("i")
        await settle(pilot)
        assert text_of(app.screen, "#class-summary").startswith("1 student · ")


async def test_the_exam_result_counts_one_answer_and_names_its_own_marks(app, store):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e", "u", "a", "ctrl+s", "y")
        await settle(pilot)
        assert isinstance(app.screen, ExamResultScreen) and store.review_count() == 1
        said = text_of(app.screen, "#result-summary")
        assert "· 1 answer recorded as a review; blanks are not reviews" in said
        assert "USMLE-style block: " in said and "% correct · NEET PG marks (+4/−1): " in said


async def test_a_neet_pg_result_gives_its_own_marks_without_another_exam_s_name(
    store, clock, decks
):
    lumbar = {"dermatomes", "myotomes", "reflexes", "lumbar-localisation"}
    app = make_app(store, clock, [d for d in decks if d.id in lumbar])
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e", "n")
        await settle(pilot)
        await pilot.press("s")  # too few facts for 200: each fact once
        await settle(pilot)
        assert isinstance(app.screen, ExamScreen)
        questions = len(app.screen.block.slots)
        await pilot.press("ctrl+s", "y")
        await settle(pilot)
        said = text_of(app.screen, "#result-summary")
        assert f"NEET PG marks (+4/−1): 0 / {4 * questions} · 0% correct" in said
        assert "USMLE" not in said


async def test_the_exam_menu_discards_with_the_key_it_names(app, store):
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e", "u", "a", "escape", "y")  # answered one, left: suspended
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, ExamSetupScreen)
        assert "r resume · d discard" in text_of(menu, "#suspended")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is menu and menu.suspended is None and store.review_count() == 0
