"""Today's queue, the next question after an answer, and `stats` on a synthetic collection:
100,000 cards and 1,000,000 reviews (bars: next question under 20 ms, stats under 200 ms,
peak memory under 150 MiB).

Run: python benchmarks/store.py [--cards 100000 --reviews 1000000]
A 1,000-card collection is measured in the same run; the ratio is the figure to compare.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _docs import synthetic_deck, write_section
from sqlalchemy import insert

from trainer.clock import FixedClock
from trainer.session import DrillSession, Trainer
from trainer.stats import compute_stats
from trainer.store import open_store
from trainer.store.models import CardRow, ReviewRow

NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)


def build(path: Path, cards: int, reviews: int) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url)
    student = store.student_id
    rng = random.Random(1)
    studied = int(cards * 0.8)
    per_card = max(1, reviews // studied)
    with store.session() as session:
        rows = []
        for i in range(cards):
            new = i >= studied
            rows.append(
                {
                    "student_id": student,
                    "card_key": f"synthetic/t/r{i}",
                    "deck_id": "synthetic",
                    "template_id": "t",
                    "row_key": f"r{i}",
                    "sibling": f"synthetic/big/r{i}",
                    "topic": f"topic {i % 12}",
                    "kind": "forward",
                    "position": i,
                    "state": 0 if new else 2,
                    "stability": None if new else rng.uniform(1, 120),
                    "difficulty": None if new else rng.uniform(2, 8),
                    "due": None if new else NOW + timedelta(days=rng.uniform(-20, 60)),
                    "last_review": None if new else NOW - timedelta(days=rng.uniform(1, 60)),
                    "reps": 0 if new else per_card,
                    "lapses": 0,
                    "created_at": NOW - timedelta(days=90),
                    "leech": False,
                    "flagged": False,
                }
            )
        session.execute(insert(CardRow), rows)
    state = json.dumps(
        {
            "state": 2,
            "step": None,
            "stability": 10.0,
            "difficulty": 5.0,
            "due": NOW.isoformat(),
            "last_review": NOW.isoformat(),
            "reps": 3,
            "lapses": 0,
            "leech": False,
        }
    )
    written = 0
    card = 1
    while written < reviews:
        batch = []
        for _ in range(min(50_000, reviews - written)):
            correct = rng.random() < 0.85
            batch.append(
                {
                    "card_id": card,
                    "student_id": student,
                    "reviewed_at": NOW - timedelta(days=rng.uniform(1, 1000)),
                    "seed": written,
                    "options": 4,
                    "chosen": 0,
                    "correct": correct,
                    "response_ms": rng.randint(3000, 40000),
                    "rating": 3 if correct else 1,
                    "key_text": "L5",
                    "chosen_text": "L5" if correct else "S1",
                    "state_before": state,
                    "state_after": state,
                    "mode": "drill",
                }
            )
            written += 1
            card = card % studied + 1
        with store.session() as session:
            session.execute(insert(ReviewRow), batch)
    store.close()
    return url


def _run(url: str, cards: int, exam: bool) -> tuple[float, ...]:
    """(start-up, today's queue, next-question selection and answer → next question (medians
    of 30), stats), seconds."""
    started = time.perf_counter()
    store = open_store(url)
    clock = FixedClock(NOW)
    trainer = Trainer([synthetic_deck(cards)], store, clock)
    startup = time.perf_counter() - started
    if exam:
        trainer.settings = replace(
            trainer.settings, exam_date=date(2027, 3, 1), exam_set_on=date(2027, 1, 1)
        )
    started = time.perf_counter()
    session = DrillSession(trainer)
    counts = session.counts()
    presented = session.next()
    queue = time.perf_counter() - started
    assert counts.review > 0 and counts.new > 0, "the benchmark must measure a real queue"
    steps, picks = [], []
    for i in range(30):
        assert presented is not None
        clock.advance(timedelta(seconds=8))
        started = time.perf_counter()
        chosen = presented.item.answer if i % 4 else (presented.item.answer + 1) % 4
        session.answer(presented, chosen, 8000)
        picked = time.perf_counter()
        presented = session.next()
        session.counts()
        done = time.perf_counter()
        steps.append(done - started)
        picks.append(done - picked)
    started = time.perf_counter()
    compute_stats(trainer)
    stats = time.perf_counter() - started
    store.close()
    return startup, queue, statistics.median(picks), statistics.median(steps), stats


def measure(url: str, cards: int, exam: bool) -> tuple[float, ...]:
    """(start-up s, queue s, selection s, answer→next s, stats s, peak MiB). Times come from a pass without
    tracemalloc (it slows allocation several-fold); peak memory from a second, traced pass
    on a fresh copy of the database."""
    times = _run(_copy(url), cards, exam)
    tracemalloc.start()
    _run(_copy(url), cards, exam)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return (*times, peak)


def _copy(url: str) -> str:
    """A fresh copy of a built database, so each pass starts from the same collection."""
    source = Path(url.removeprefix("sqlite:///"))
    target = source.with_name(f"{source.stem}-{time.perf_counter_ns()}.sqlite3")
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = build(Path(folder) / "small.sqlite3", 1_000, 10_000)
        started = time.perf_counter()
        large = build(Path(folder) / "large.sqlite3", args.cards, args.reviews)
        built = time.perf_counter() - started
        size = (Path(folder) / "large.sqlite3").stat().st_size / 2**20
        rows = []
        for exam in (False, True):
            s = measure(small, 1_000, exam)
            big = measure(large, args.cards, exam)
            rows.append((exam, s, big))
    lines = [
        f"`python benchmarks/store.py` — {args.cards:,} cards, {args.reviews:,} reviews "
        f"({size:,.0f} MiB of SQLite, built in {built:.0f} s), against 1,000 cards / 10,000 "
        "reviews in the same run. Start-up (open the store, load the deck, sync its cards); "
        "today's queue (built once: the drill's counts and first question); next-card "
        "selection (after an answer: pick and generate the next question, and the counts; "
        "median of 30); answer → next (the same plus committing the answer to SQLite); "
        "`stats`; peak memory is Python's traced allocations during all of them.",
        "",
        "| exam date | collection | start-up (s) | queue (s) | selection (ms) "
        "| answer → next (ms) | stats (s) | peak (MiB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for exam, s, big in rows:
        label = "set" if exam else "none"
        for name, m in (("1,000 cards", s), (f"{args.cards:,} cards", big)):
            lines.append(
                f"| {label} | {name} | {m[0]:.2f} | {m[1]:.2f} | {m[2] * 1000:.1f} "
                f"| {m[3] * 1000:.1f} | {m[4]:.2f} | {m[5]:.0f} |"
            )
        ratio = " | ".join(f"{b / max(a, 1e-9):.0f}×" for a, b in zip(s, big, strict=True))
        lines.append(f"| {label} | ratio | {ratio} |")
    text = "\n".join(lines)
    print(text)
    write_section("Store: today's queue and stats", text)


if __name__ == "__main__":
    sys.exit(main())
