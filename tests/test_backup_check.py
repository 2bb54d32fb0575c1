"""Backups (automatic and manual), restore after corruption, and `trainer check [--repair]`."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import run_cli
from trainer.store import backup, open_store

PAGE = 4096


def drill(url: str, answers: int) -> None:
    result = run_cli("--db", url, "drill", "--max", str(answers), stdin="a\nb\nc\nd\n" * answers)
    assert result.returncode == 0, result.stderr


def reviews_in(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("select count(*) from reviews").fetchone()[0])


def damage_index(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("pragma wal_checkpoint(truncate)")
        root = db.execute(
            "select rootpage from sqlite_master where name = 'ix_reviews_card_id'"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    data[start : start + PAGE] = bytes(random.Random(5).randrange(256) for _ in range(PAGE))
    path.write_bytes(bytes(data))


def test_a_store_is_backed_up_once_a_day_on_first_open(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drill(url, 2)  # creates the store: nothing to back up yet
    assert backup.backups(path) == []
    open_store(url).close()
    open_store(url).close()
    found = backup.backups(path)
    assert [b.reason for b in found] == ["daily"]
    assert reviews_in(found[0].path) == 2
    with sqlite3.connect(found[0].path) as db:
        assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert db.execute("pragma journal_mode").fetchone()[0] == "delete"
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert backup.on_open(path, migrating=False, now=tomorrow) is not None
    assert len(backup.backups(path)) == 2


def test_a_store_is_backed_up_before_a_migration(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drill(url, 2)
    with sqlite3.connect(path) as db:  # as written by the trainer before revision 0006
        db.execute("drop table card_leases")
        db.execute("drop index ix_cards_new_order")  # revision 0010
        db.execute("alter table cards drop column new_order_key")
        db.execute("alter table cards drop column suspended")  # revision 0008
        db.execute("alter table cards drop column last_review_us")  # revision 0009
        db.execute("update alembic_version set version_num = '0005'")
    open_store(url).close()
    found = backup.backups(path)
    assert [b.reason for b in found] == ["migration"]
    with sqlite3.connect(found[0].path) as db:
        assert db.execute("select version_num from alembic_version").fetchone() == ("0005",)
        assert db.execute("select count(*) from reviews").fetchone() == (2,)


def test_backups_are_bounded(tmp_path):
    path = tmp_path / "p.sqlite3"
    drill(f"sqlite:///{path}", 1)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(backup.KEEP + 3):
        backup.take(path, "manual", start + timedelta(days=day))
    kept = backup.backups(path)
    assert len(kept) == backup.KEEP
    assert kept[0].taken == start + timedelta(days=3)


def test_restore_after_corruption_loses_only_the_reviews_since_the_backup(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drill(url, 3)
    made = run_cli("--db", url, "backup")
    assert made.returncode == 0, made.stderr
    saved = Path(made.stdout.split("backed up to ")[1].strip())
    drill(url, 2)
    damage_index(path)
    refused = run_cli("--db", url, "stats")
    assert refused.returncode == 2 and "is damaged" in refused.stderr
    check = run_cli("--db", url, "check")
    assert check.returncode == 2 and "restore a backup" in check.stdout
    listed = run_cli("--db", url, "backup", "--list")
    assert str(saved) in listed.stdout and "3 reviews" in listed.stdout
    restored = run_cli("--db", url, "restore", str(saved))
    assert restored.returncode == 0, restored.stderr
    assert "3 reviews" in restored.stdout
    assert "had 5: 2 reviews made since the backup are lost" in restored.stdout
    stats = run_cli("--db", url, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert reviews_in(path) == 3
    assert any(b.reason == "replaced" for b in backup.backups(path))  # the damaged file is kept


def test_restore_refuses_a_damaged_backup(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drill(url, 2)
    bad = backup.take(path, "manual")
    damage_index(bad)
    before = path.read_bytes()
    result = run_cli("--db", url, "restore", str(bad))
    assert result.returncode == 2 and "cannot be restored" in result.stderr
    assert path.read_bytes() == before


def test_check_reports_and_repair_rebuilds_from_the_review_log(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    drill(url, 4)
    clean = run_cli("--db", url, "check")
    assert clean.returncode == 0 and "ok: " in clean.stdout, clean.stdout + clean.stderr
    with sqlite3.connect(path) as db:
        card_id, key = db.execute(
            "select c.id, c.card_key from cards c join reviews r on r.card_id = c.id limit 1"
        ).fetchone()
        good = db.execute("select * from cards where id = ?", (card_id,)).fetchone()
        db.execute("update cards set reps = 7, state = 2 where id = ?", (card_id,))
        db.execute("insert into settings values (1, 'new_per_day', '\"twenty\"')")
        db.execute("pragma foreign_keys = off")
        db.execute(
            "insert into reviews (card_id, student_id, reviewed_at, seed, options, chosen, "
            "correct, response_ms, rating, key_text, state_before, state_after, mode) "
            "values (99999, 1, '2026-01-01 00:00:00', 0, 4, 0, 1, 1, 3, 'k', '{}', '{}', 'drill')"
        )
    found = run_cli("--db", url, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert f"card {key}: stored state" in found.stdout
    assert "setting 'new_per_day'" in found.stdout
    assert "orphan: reviews row" in found.stdout
    repaired = run_cli("--db", url, "check", "--repair")
    # the card and the setting are rebuilt; the orphan review is left, and said to be
    assert repaired.returncode == 1 and "repaired 2 problems" in repaired.stdout, repaired.stdout
    assert "1 problem `--repair` cannot fix (orphaned rows" in repaired.stdout
    with sqlite3.connect(path) as db:
        rebuilt = db.execute("select * from cards where id = ?", (card_id,)).fetchone()
        names = [c[1] for c in db.execute("pragma table_info(cards)")]
    assert dict(zip(names, rebuilt, strict=True)) == dict(zip(names, good, strict=True))
    with sqlite3.connect(path) as db:
        assert db.execute(
            "select count(*) from settings where name = 'new_per_day'"
        ).fetchone() == (0,)
    after = run_cli("--db", url, "check")
    assert "stored state" not in after.stdout and "setting" not in after.stdout
    assert "orphan: reviews row" in after.stdout and after.returncode == 1
    assert [b.reason for b in backup.backups(path)].count("repair") == 1
    again = run_cli("--db", url, "check", "--repair")  # nothing it can fix: no backup taken
    assert again.returncode == 1 and "repaired" not in again.stdout
    assert [b.reason for b in backup.backups(path)].count("repair") == 1
