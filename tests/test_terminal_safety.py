"""Deck text never reaches the terminal as control or format characters (D3, D24), and odd
drill input or a failing stdout ends in a message, never a traceback (D16, D17, D18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.test_deck_format import GOOD
from trainer.text import json_line, printable
from trainer.tui.widgets import literal

HOSTILE = ("\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\u202e", "\u2066", "\u200f")


def hostile_deck(tmp_path: Path) -> Path:
    """A valid deck whose title, cells and stem carry escapes, C1 and bidi characters."""
    text = (
        GOOD.replace("title: Tiny deck", 'title: "Tiny \\e[2J deck \\e]0;title\\a"')
        .replace("point: medial knee", 'point: "medial \\x9b31m knee \\u202e"')
        .replace("point: lateral heel", 'point: "lateral \\u2066 heel \\u200f"')
        .replace('"Which dermatome', '"Which \\e[31mdermatome\\u202e')
    )
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean(output: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200f"):
        assert char not in output, (char, output[:400])


def test_printable_makes_every_unsafe_character_visible():
    for bad in HOSTILE:
        shown = printable(f"a{bad}b")
        assert_clean(shown)
        assert shown.startswith("a\\") and shown.endswith("b")
    assert printable("L4 — médial\n\tkeep") == "L4 — médial\n\tkeep"
    assert printable("\x1b") == "\\x1b" and printable("\u202e") == "\\u202e"
    assert printable("\U000e0001") == "\\U000e0001"


def test_json_line_round_trips_and_is_clean():
    value = {"stem": "".join(HOSTILE) + "é\U000e0001"}
    line = json_line(value)
    assert_clean(line)
    assert json.loads(line) == value


def test_tui_literal_escapes_bidi_overrides_d24():
    assert_clean(literal("A. L5\u202e1S").plain)
    assert literal("[b]x[/b]").plain == "[b]x[/b]"


def test_deck_show_prints_no_escape_sequence_d3_d24(tmp_path):
    deck = hostile_deck(tmp_path)
    assert run_cli("deck", "check", str(deck)).returncode == 0
    result = run_cli("deck", "show", str(deck))
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout + result.stderr)
    assert "Tiny \\x1b[2J deck \\x1b]0;title\\x07" in result.stdout
    assert "\\u202e" in result.stdout


def test_drill_prints_no_escape_sequence_d3(tmp_path):
    deck = hostile_deck(tmp_path)
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = run_cli("--db", db, "--decks", str(deck), "drill", "--max", "5", stdin="a\n" * 5)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout + result.stderr)
    assert "\\u202e" in result.stdout or "\\x9b" in result.stdout


def test_bank_export_is_clean_json_d3(tmp_path):
    deck = hostile_deck(tmp_path)
    result = run_cli("--decks", str(deck), "bank", "export")
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout)
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert any("\u202e" in item["stem"] for item in items)


def test_error_messages_quote_deck_text_safely(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("key: root", 'key: "\\e]0;pwned\\a\\u202e"'), encoding="utf-8")
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    assert_clean(result.stderr)
    assert "is not one of its columns" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("deck", "show", "decks/reflexes.yaml"), ("bank", "export"), ("stats",)],
    ids=["deck-show", "bank-export", "stats"],
)
def test_a_full_stdout_is_a_message_not_a_traceback_d18(tmp_path, args):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "trainer", "--db", f"sqlite:///{tmp_path / 'p.db'}", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "trainer: error: cannot write to stdout: No space left on device" in result.stderr


def test_drill_with_a_full_stdout_keeps_what_was_answered_d18(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "trainer", "--db", db, "drill", "--max", "2"],
            input="a\nb\n",
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot write to stdout" in result.stderr


def test_unicode_digit_answer_is_not_a_crash_d16(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = run_cli("--db", db, "drill", "--max", "1", stdin="²\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Answered 1, right 0." in result.stdout


def test_non_utf8_answer_is_not_a_crash_d17(tmp_path):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "--db", db, "drill", "--max", "1"],
        input=b"\xff\n",
        capture_output=True,
        env={**__import__("os").environ, "PYTHONIOENCODING": "utf-8"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"Answered 1, right 0." in result.stdout
