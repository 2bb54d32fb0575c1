"""A time edited by hand into something that is not a time: the other commands refuse the
store and point to `trainer check`, so `check` must list every such value with its row and say
what `--repair` does with it (no traceback); `--repair` takes what another record of the same
moment holds, and refuses, changing nothing, where no record holds it."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import run_cli
from tests.test_check_settings_history import cli_drill, table


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unreadable_times_are_listed_repaired_from_the_log_or_refused(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 6)
    healthy_cards, healthy_reviews = table(path, "cards"), table(path, "reviews")
    with sqlite3.connect(path) as db:
        (first_review, first_card), (_, last_card) = db.execute(
            "select min(id), card_id from reviews group by card_id order by min(id)"
        ).fetchall()[:2]
        key = db.execute("select card_key from cards where id = ?", (last_card,)).fetchone()[0]
        db.execute("update reviews set reviewed_at = 'garbage' where id = ?", (first_review,))
        db.execute("update cards set due = 'soon' where id = ?", (last_card,))
        db.execute(
            "insert into card_leases (card_id, holder, expires_at) values (?, 'x', 'later')",
            (first_card,),
        )
        db.execute("update students set created_at = 'long ago'")

    refused = run_cli("--db", url, "class", "report")  # it sends the student to check
    assert refused.returncode == 2 and "`trainer check` lists such rows" in refused.stderr

    found = run_cli("--db", url, "check")
    assert found.returncode == 1, found.stdout + found.stderr
    assert "Traceback" not in found.stderr
    lines = found.stdout.splitlines()
    assert (
        f"unreadable: reviews row {first_review}: reviewed_at 'garbage' is not a time; "
        "`--repair` sets it to " in found.stdout
    )
    assert any(
        line.startswith(f"unreadable: card {key}: due 'soon' is not a time; `--repair` rebuilds")
        for line in lines
    )
    assert "expires_at 'later' is not a time; `--repair` drops the lease" in found.stdout
    assert "created_at 'long ago' is not a time; nothing else in the store records it" in (
        found.stdout
    )
    assert "4 problems" in lines[-1]

    before, backups = digest(path), sorted((tmp_path / "backups").glob("*"))
    refused = run_cli("--db", url, "check", "--repair")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "created_at ('long ago') is not a time" in refused.stderr
    assert "nothing was changed" in refused.stderr
    assert digest(path) == before
    assert sorted((tmp_path / "backups").glob("*")) == backups  # not even a backup taken

    with sqlite3.connect(path) as db:  # the student puts back the one value only they know
        db.execute("update students set created_at = '2026-11-20 09:00:00.000000'")
    repaired = run_cli("--db", url, "check", "--repair")
    assert repaired.returncode == 0 and "repaired 3 problems" in repaired.stdout, repaired.stdout
    assert table(path, "cards") == healthy_cards
    with sqlite3.connect(path) as db:
        assert db.execute("select count(*) from card_leases").fetchone() == (0,)
    reviews = table(path, "reviews")
    time_at = [i for i, name in enumerate(column_names(path, "reviews")) if name == "reviewed_at"]
    for now, then in zip(reviews, healthy_reviews, strict=True):
        at = time_at[0]
        assert now[:at] + now[at + 1 :] == then[:at] + then[at + 1 :]
        gap = datetime.fromisoformat(now[at]) - datetime.fromisoformat(then[at])
        assert abs(gap) < timedelta(seconds=1)  # the scheduler's time of the same answer
    ok = run_cli("--db", url, "check")
    assert ok.returncode == 0 and ok.stdout.startswith("ok: "), ok.stdout
    assert run_cli("--db", url, "stats").returncode == 0


def test_a_value_of_another_kind_ends_check_with_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "p.sqlite3"
    url = f"sqlite:///{path}"
    cli_drill(url, 2)
    with sqlite3.connect(path) as db:
        db.execute("update reviews set rating = 'good' where id = (select min(id) from reviews)")
    before = digest(path)
    for args in (("check",), ("check", "--repair")):
        result = run_cli("--db", url, *args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert f"{path} holds a value the trainer cannot read" in result.stderr
        assert "'good'" in result.stderr
    assert digest(path) == before


def column_names(path: Path, name: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute(f"pragma table_info({name})")]
