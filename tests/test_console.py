"""The plain-text front ends, in real subprocesses on a real store: `trainer drill`,
`trainer stats`, `trainer --help`, `trainer exam-date`, and `trainer` without a terminal."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from tests.conftest import run_cli


def _reviews(db_url: str) -> int:
    return json.loads(run_cli("--db", db_url, "stats", "--json").stdout)["reviews"]


def test_drill_reasks_on_anything_not_an_option_and_q_quits_unrecorded(db_url):
    result = run_cli("--db", db_url, "drill", stdin="z\n\nab\n9\nq\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Your answer (a-d or 1-4; q to stop): " in out
    assert "'z' is not an option" in out and "an empty line is not an option" in out
    assert "'ab' is not an option" in out and "'9' is not an option" in out
    assert "Answered 0, right 0." in out
    assert _reviews(db_url) == 0  # nothing typed was an answer


def test_drill_end_of_input_records_nothing(db_url):
    result = run_cli("--db", db_url, "drill", stdin="")
    assert result.returncode == 0 and "Answered 0" in result.stdout
    assert _reviews(db_url) == 0


def test_drill_echoes_the_choice_and_says_why_a_wrong_option_is_wrong(db_url):
    # answer every question with 'A' (capital), then stop: each answer is echoed
    result = run_cli("--db", db_url, "drill", "--max", "4", stdin="A\n" * 4)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("You chose a) ") == 4
    wrong = out.count("Wrong: the answer is ")
    assert out.count("  Why not a: ") == wrong
    assert "Answered 4" in out
    assert _reviews(db_url) == 4


def test_stats_prints_human_numbers(db_url):
    assert run_cli("--db", db_url, "drill", "--max", "2", stdin="1\n2\n").returncode == 0
    exam = (date.today() + timedelta(days=60)).isoformat()
    assert run_cli("--db", db_url, "exam-date", exam).returncode == 0
    out = run_cli("--db", db_url, "stats").stdout
    assert re.search(r"^Cards:\s+\d+ \(\d+ new, \d+ due today\)$", out, re.M), out
    assert re.search(r"^Recall:\s+predicted exam-day recall of the whole syllabus", out, re.M)
    assert re.search(
        r"not yet seen count \d+%, the share your first answers say you already know\)", out
    ), out
    assert re.search(r"\d+\.\d{3,}", out) is None  # no raw floats
    assert "in 60 days" in out


def test_a_past_exam_date_is_refused(db_url):
    result = run_cli("--db", db_url, "exam-date", "2020-01-01")
    assert result.returncode == 2
    assert "has already passed" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run_cli("--db", db_url, "stats", "--json").stdout)["exam_date"] is None


def test_an_exam_date_more_than_three_years_ahead_is_refused(db_url):
    """A slip such as 2062 for 2026 would plan (and forecast) decades of study."""
    for slip in ("9999-12-31", (date.today() + timedelta(days=3 * 365 + 2)).isoformat()):
        result = run_cli("--db", db_url, "exam-date", slip)
        assert result.returncode == 2, result.stdout
        assert "more than 3 years ahead" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run_cli("--db", db_url, "stats", "--json").stdout)["exam_date"] is None
    furthest = (date.today() + timedelta(days=3 * 365)).isoformat()
    assert run_cli("--db", db_url, "exam-date", furthest).returncode == 0


def test_help_names_the_app_and_every_option_has_help():
    top = run_cli("--help").stdout
    assert "no command" in top and "trainer drill" in top
    for command in (
        ["deck", "check"],
        ["deck", "show"],
        ["bank", "export"],
        ["stats"],
        ["drill"],
        ["exam-date"],
        ["simulate"],
    ):
        text = run_cli(*command, "--help").stdout
        # argparse puts an option's help on its line or the next; none may stand alone
        lines = text.splitlines()
        section = False
        for i, line in enumerate(lines):
            if line.endswith(":") and not line.startswith(" "):
                section = True
                continue
            if section and re.match(r"^  \S", line):
                has_help = len(line.split("  ")) > 2 or (
                    i + 1 < len(lines) and re.match(r"^\s{10,}\S", lines[i + 1])
                )
                assert has_help, f"{' '.join(command)}: no help for {line.strip()!r}"


def test_every_argument_of_every_command_has_help():
    import argparse

    from trainer.cli import build_parser

    missing: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helped = {choice.dest for choice in action._choices_actions}
                for name, sub in action.choices.items():
                    if name not in helped:
                        missing.append(" ".join([*path, name]))
                    walk(sub, [*path, name])
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(" ".join([*path, *(action.option_strings or [action.dest])]))

    walk(build_parser(), ["trainer"])
    assert not missing, missing


def test_the_app_without_a_terminal_says_so_and_exits_2(db_url):
    result = run_cli("--db", db_url, stdin="")
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "trainer drill" in result.stderr
    assert "\x1b[" not in result.stdout


def test_an_exam_date_that_has_passed_says_so_and_predicts_nothing(db_url):
    """Set for today, read tomorrow: the exam is over, so no exam-day figures."""
    import sqlite3

    assert run_cli("--db", db_url, "exam-date", date.today().isoformat()).returncode == 0
    passed = (date.today() - timedelta(days=1)).isoformat()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert (
            db.execute(
                "UPDATE settings SET value = ? WHERE name = 'exam_date'", (json.dumps(passed),)
            ).rowcount
            == 1
        )
    result = run_cli("--db", db_url, "stats")
    assert result.returncode == 0, result.stderr
    assert re.search(
        rf"^Exam:\s+{passed}, 1 day ago: it has passed \(trainer exam-date YYYY-MM-DD sets the "
        r"next one\)$",
        result.stdout,
        re.M,
    ), result.stdout
    assert "Recall:" not in result.stdout and "Forecast:" not in result.stdout
