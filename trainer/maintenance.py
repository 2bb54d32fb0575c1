"""The store's maintenance commands: `trainer backup`, `trainer restore FILE`, `trainer check`.

They work on the store's SQLite file directly (a damaged store is exactly when they are
needed, and opening it normally would refuse it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.errors import StoreError
from trainer.humanize import agree, plural


def _store_file(args: argparse.Namespace) -> Path:
    from trainer.paths import default_db_url
    from trainer.store.urls import shown, sqlite_file

    url = args.db or default_db_url()
    path = sqlite_file(url)
    if path is None:
        doing, tool = {
            "check": ("check it", "pg_amcheck"),
            "restore": ("restore it", "pg_restore"),
        }.get(args.command, ("back it up", "pg_dump"))
        raise StoreError(
            f"{shown(url)} is not a SQLite file: `trainer {args.command}` works on SQLite "
            f"stores; {doing} with its server's tools (PostgreSQL: {tool})"
        )
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    from trainer.store import backup, integrity
    from trainer.store.db import _script_heads

    store = _store_file(args)
    if args.list:
        for found in backup.backups(store):
            reviews = found.reviews
            count = "unreadable" if reviews is None else plural(reviews, "review")
            print(f"{found.taken:%Y-%m-%d %H:%M:%S} UTC  {found.reason:<9}  {count}  {found.path}")
        return 0
    if integrity.file_status(store) is None:
        raise StoreError(f"{store}: no store to back up yet")
    integrity.preflight(store, _script_heads()[1])  # never back up a damaged file
    print(f"backed up to {backup.take(store, 'manual')}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from trainer.store.db import _script_heads
    from trainer.store.restore import restore

    print(restore(_store_file(args), Path(args.file), _script_heads()[1]))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from trainer.store.check import check, repair

    store = _store_file(args)
    report = check(store)
    for line in report.lines():
        print(line)
    checked = [plural(report.checked_cards, "card"), plural(report.checked_reviews, "review")]
    summary = f"{checked[0]}, {checked[1]} checked"
    if report.damaged:
        print(f"{store} is damaged: restore a backup (`trainer backup --list`, `trainer restore`)")
        return 2
    if not report.problems:
        print(f"ok: {summary}; integrity, foreign keys, settings and every card's log agree")
        return 0
    fixable, left = report.repairable, report.problems - report.repairable
    cannot = (
        f"{plural(left, 'problem')} `--repair` cannot fix (orphaned rows, values nothing else "
        "records): edit them back or restore a backup (`trainer backup --list`, "
        "`trainer restore`)"
    )
    if not args.repair:
        found = f"{plural(report.problems, 'problem')} ({summary})"
        if fixable:
            them = agree(fixable, "it", "them") if not left else f"{fixable} of them"
            print(f"{found}; `trainer check --repair` rebuilds {them}")
        if left:
            print(f"{found if not fixable else 'and'}: {cannot}")
        return 1
    if fixable:
        saved = repair(store, report)
        print(f"repaired {plural(fixable, 'problem')} (backup first: {saved})")
    if left:
        print(cannot)
        return 1
    return 0
