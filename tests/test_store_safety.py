"""Opening a store: damaged, foreign or odd databases are refused untouched with exit 2 (D2, D6,
D8, D12-D15), and absurd simulator sizes are refused (D20, D21)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from trainer.errors import StoreError
from trainer.store import open_store
from trainer.store.urls import is_memory, shown

PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal_mode(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("pragma journal_mode").fetchone()[0]


@pytest.fixture
def studied(tmp_path: Path) -> Path:
    """A store with a few answers, checkpointed into one file (no -wal beside it)."""
    path = tmp_path / "studied.sqlite3"
    result = run_cli("--db", f"sqlite:///{path}", "drill", "--max", "6", stdin="a\nb\nc\nd\na\nb\n")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as db:
        db.execute("pragma wal_checkpoint(truncate)")
        db.execute("pragma journal_mode = delete")
    return path


def test_every_damaged_page_is_refused_or_harmless_d2(studied, tmp_path):
    pristine = studied.read_bytes()
    pages = len(pristine) // PAGE
    assert pages >= 20
    rng = random.Random(11)
    refused = 0
    for page in range(2, pages + 1):
        damaged = tmp_path / f"page{page}.sqlite3"
        start = (page - 1) * PAGE
        noise = bytes(rng.randrange(256) for _ in range(PAGE))
        damaged.write_bytes(pristine[:start] + noise + pristine[start + PAGE :])
        before = digest(damaged)
        try:
            open_store(f"sqlite:///{damaged}").close()
        except StoreError as exc:
            refused += 1
            assert "damaged" in str(exc) or "not a database" in str(exc), exc
            assert digest(damaged) == before, f"page {page}: a refused file was changed"
            continue
        with sqlite3.connect(damaged) as db:  # accepted: then the file must really be sound
            assert db.execute("pragma integrity_check").fetchall() == [("ok",)], page
    assert refused >= pages // 2


def test_damaged_store_ends_the_cli_with_exit_2_untouched_d2(studied):
    data = bytearray(studied.read_bytes())
    with sqlite3.connect(studied) as db:
        root = db.execute(
            "select rootpage from sqlite_master where name = 'ix_reviews_card_id'"
        ).fetchone()[0]
    start = (root - 1) * PAGE
    data[start : start + PAGE] = bytes(random.Random(3).randrange(256) for _ in range(PAGE))
    studied.write_bytes(bytes(data))
    before = digest(studied)
    result = run_cli("--db", f"sqlite:///{studied}", "drill", "--max", "3", stdin="a\nb\nc\n")
    assert result.returncode == 2, result.stderr
    assert "is damaged" in result.stderr and "trainer restore" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(studied) == before


def test_foreign_database_keeps_its_journal_mode_and_bytes_d6(tmp_path):
    path = tmp_path / "f.db"
    with sqlite3.connect(path) as db:
        db.execute("create table users(id int)")
    before = digest(path)
    result = run_cli("--db", f"sqlite:///{path}", "stats")
    assert result.returncode == 2 and "did not write" in result.stderr
    assert journal_mode(path) == "delete"
    assert digest(path) == before


def test_newer_database_keeps_its_journal_mode_d6(studied):
    with sqlite3.connect(studied) as db:
        db.execute("update alembic_version set version_num = '9999'")
    before = digest(studied)
    result = run_cli("--db", f"sqlite:///{studied}", "stats")
    assert result.returncode == 2 and "newer version" in result.stderr
    assert journal_mode(studied) == "delete"
    assert digest(studied) == before


def test_check_refuses_a_newer_store_and_repair_leaves_it_untouched(studied):
    """A newer version's log is judged by no rule of this one: check and --repair refuse it,
    as every other command does, even where this version's rules would see a problem."""
    with sqlite3.connect(studied) as db:
        db.execute("update alembic_version set version_num = '9999'")
        db.execute("update cards set stability = stability * 3 where stability is not null")
    before = digest(studied)
    for extra in ((), ("--repair",)):
        result = run_cli("--db", f"sqlite:///{studied}", "check", *extra)
        assert result.returncode == 2, result.stdout
        assert "newer version" in result.stderr and "The file was not changed." in result.stderr
        assert "Traceback" not in result.stderr
    assert digest(studied) == before


def test_a_sound_store_is_switched_to_wal(studied):
    open_store(f"sqlite:///{studied}").close()
    assert journal_mode(studied) == "wal"


def test_passwords_are_masked_in_messages_d8():
    url = "postgresql+psycopg://u:s3cret-pw@127.0.0.1:1/db"
    assert shown(url) == "postgresql+psycopg://u:***@127.0.0.1:1/db"
    assert "s3cret" not in shown("weird+x://u:s3cret@@/")
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert "s3cret" not in str(info.value) and "u:***@" in str(info.value)
    result = run_cli("stats", env={"TRAINER_DB": url})
    assert result.returncode == 2 and "s3cret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("sql", "fragment"),
    [
        ("insert or replace into settings values (1, 'new_per_day', 'not json')", "new_per_day"),
        ("insert or replace into settings values (1, 'new_per_day', '\"20\"')", "whole number"),
        ("insert or replace into settings values (1, 'options', '7')", "options must be 4 or 5"),
        ("insert or replace into settings values (1, 'exam_date', '\"2027-02-30\"')", "a date"),
        (
            "insert or replace into settings values (1, 'learning_steps_min', '\"1m\"')",
            "list of whole numbers",
        ),
        ("update reviews set state_before = 'not json'", "cannot read"),
    ],
    ids=["not-json", "string-count", "options-7", "bad-date", "string-steps", "state-before"],
)
def test_logically_corrupt_rows_are_a_clear_error_d12(studied, sql, fragment):
    with sqlite3.connect(studied) as db:
        db.execute(sql)
    url = f"sqlite:///{studied}"
    commands = [("drill", "--max", "2")] + ([] if "state_before" in sql else [("stats",)])
    for args in commands:
        result = run_cli("--db", url, *args, stdin="a\nb\n")
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert fragment in result.stderr, result.stderr


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_store_is_refused_for_answers_d13(url):
    assert is_memory(url)
    result = run_cli("--db", url, "drill", "--max", "3", stdin="a\nb\nc\n")
    assert result.returncode == 2 and "in-memory database keeps nothing" in result.stderr
    result = run_cli("--db", url, "stats", "--json")
    assert result.returncode == 0 and "keeps nothing" in result.stderr


def test_over_long_file_name_is_a_clear_error_d14(tmp_path):
    result = run_cli("--db", f"sqlite:///{tmp_path}/{'a' * 300}.db", "stats")
    assert result.returncode == 2 and "File name too long" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_driver_argument_is_a_clear_error_d15(tmp_path):
    result = run_cli("--db", f"sqlite:///{tmp_path}/x.db?timeout=abc", "stats")
    assert result.returncode == 2 and "cannot use database URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_device_as_store_is_refused(tmp_path):
    result = run_cli("--db", "sqlite:////dev/null", "stats")
    assert result.returncode == 2 and "not a regular file" in result.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--days", "1000000000"), "at most 3,650"),
        (("--cards", str(10**12)), "too large"),
        (("--cards", "200000"), "at most 100,000"),
        (("--students", "5000"), "at most 1,000"),
    ],
)
def test_absurd_simulator_sizes_are_refused_d20_d21(args, fragment):
    result = run_cli("simulate", "--students", "1", *args)
    assert result.returncode == 2 and fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_a_store_another_program_holds_is_in_use_not_damaged(studied):
    """A lock held elsewhere says so, for `check` and for every other command, with no advice
    to restore a backup (which would lose the answers made since)."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(studied)!r}, isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN IMMEDIATE')\n"
            "c.execute('update settings set value = value'); c.execute('COMMIT')\n"
            "print('held', flush=True); sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for args in (("check",), ("stats",)):
            result = run_cli("--db", f"sqlite:///{studied}", *args)
            assert result.returncode == 2, result.stdout + result.stderr
            said = result.stdout + result.stderr
            assert "is in use by another program (database is locked)" in said
            assert "Nothing is damaged" in said
            assert "damaged:" not in said and "restore" not in said
    finally:
        holder.communicate("", timeout=30)
    assert run_cli("--db", f"sqlite:///{studied}", "check").returncode == 0
