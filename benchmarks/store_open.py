"""What the checks on opening a store cost: SQLite's quick_check against a whole start-up.

Run: python benchmarks/store_open.py [--cards 20000 --reviews 200000]
Measures, on a typical collection (1,000 cards, 10,000 reviews) and a large one in the same
run: the read-only preflight (header, quick_check, schema) alone, `open_store` as a whole, and
a full start (open, load the bundled decks, sync their cards); median of 5 runs each. Writes
its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _docs import write_section
from sqlalchemy import insert, select

from trainer.clock import SystemClock
from trainer.deck import load_decks
from trainer.paths import bundled_deck_paths
from trainer.session import Trainer
from trainer.store import open_store
from trainer.store.db import _script_heads
from trainer.store.integrity import preflight
from trainer.store.models import CardRow, ReviewRow

NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)
STATE = '{"difficulty": 5.0, "due": null, "lapses": 0, "last_review": null, "leech": false, "reps": 1, "stability": 3.0, "state": 2, "step": null}'


def build(path: Path, cards: int, reviews: int) -> None:
    """A store of ``cards`` studied cards and ``reviews`` reviews spread over them."""
    store = open_store(f"sqlite:///{path}")
    rng = random.Random(1)
    with store.session() as session:
        session.execute(
            insert(CardRow),
            [
                {
                    "student_id": store.student_id,
                    "card_key": f"synthetic/t/r{i}",
                    "deck_id": "synthetic",
                    "sibling": f"synthetic/r{i}",
                    "topic": f"topic {i % 12}",
                    "kind": "forward",
                    "position": i,
                    "state": 2,
                    "stability": rng.uniform(1, 120),
                    "difficulty": rng.uniform(2, 8),
                    "due": NOW + timedelta(days=rng.uniform(-20, 60)),
                    "last_review": NOW - timedelta(days=rng.uniform(1, 60)),
                    "reps": reviews // cards,
                    "lapses": 0,
                    "created_at": NOW - timedelta(days=90),
                    "leech": False,
                    "flagged": False,
                }
                for i in range(cards)
            ],
        )
        ids = list(session.scalars(select(CardRow.id)))
        for start in range(0, reviews, 50_000):
            session.execute(
                insert(ReviewRow),
                [
                    {
                        "card_id": ids[n % len(ids)],
                        "student_id": store.student_id,
                        "reviewed_at": NOW - timedelta(minutes=n),
                        "seed": n,
                        "options": 4,
                        "chosen": n % 4,
                        "correct": n % 4 == 0,
                        "response_ms": 5000,
                        "rating": 3,
                        "key_text": "answer",
                        "chosen_text": "answer",
                        "state_before": STATE,
                        "state_after": STATE,
                        "mode": "drill",
                    }
                    for n in range(start, min(reviews, start + 50_000))
                ],
            )
    store.close()


def median_seconds(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(path: Path) -> tuple[float, float, float]:
    url = f"sqlite:///{path}"
    known = _script_heads()[1]
    check = median_seconds(lambda: preflight(path, known))
    opened = median_seconds(lambda: open_store(url).close())
    decks = load_decks(bundled_deck_paths())

    def start() -> None:
        store = open_store(url)
        Trainer(decks, store, SystemClock())
        store.close()

    return check, opened, median_seconds(start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--reviews", type=int, default=200_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for cards, reviews in ((1_000, 10_000), (args.cards, args.reviews)):
            path = Path(folder) / f"s{cards}.sqlite3"
            build(path, cards, reviews)
            size = path.stat().st_size / 2**20
            rows.append((cards, reviews, size, *measure(path)))
    lines = [
        "`python benchmarks/store_open.py` — the read-only checks every open runs before "
        "writing (header, `PRAGMA quick_check`, schema version) against `open_store` and a "
        "full start (open, load the bundled decks, sync their cards); median of 5 runs.",
        "",
        "| collection | file (MiB) | checks (ms) | open_store (ms) | full start (ms) | checks / start |",
        "|---|---|---|---|---|---|",
    ]
    for cards, reviews, size, check, opened, start in rows:
        lines.append(
            f"| {cards:,} cards, {reviews:,} reviews | {size:.1f} | {check * 1000:.1f} | "
            f"{opened * 1000:.1f} | {start * 1000:.0f} | {check / start:.1%} |"
        )
    text = "\n".join(lines)
    print(text)
    write_section("Store: checks on opening", text)


if __name__ == "__main__":
    sys.exit(main())
