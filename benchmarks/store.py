"""Fast at any size: today's queue, the next question after an answer, and `stats` on a
synthetic collection of 100,000 cards and 1,000,000 reviews, through the shipped code
(`Trainer`, `DrillSession`, `trainer.stats`), against 1,000 cards in the same run.

Bars (issue "fast at any size"): next-card selection after an answer under 20 ms, `stats`
under 200 ms, peak memory under 150 MiB.

Run: python benchmarks/store.py [--cards 100000 --reviews 1000000]

While iterating: ``--exam-only`` measures only the exam-date rows and writes nothing to the
docs; ``--store PATH`` keeps the large store at PATH (built there if missing) for later runs.

The collection is one synthetic deck of 1,000-row tables (one card per row), built by the
trainer's own `open_store` (schema and migrations) and then filled in bulk with plain SQLite
inserts (each card with what the card sync writes, its place in the new-card shuffle
included). Each measurement runs in a fresh interpreter on a fresh copy of the file, so its
peak resident memory (``ru_maxrss``) is that of one student's process: imports, the deck,
its bank, the store and the queue. A second fresh interpreter repeats the run under
``tracemalloc`` for the peak of Python's own allocations (tracing slows it; no times taken
from that pass).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _docs import synthetic_deck, write_section

NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)
PER_TABLE = 1_000
EXAM = date(2027, 3, 1)
ANSWERS = 30


def _when(moment: datetime) -> str:
    """A time as the store's UTC column writes it on SQLite (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def build(path: Path, cards: int, reviews: int) -> None:
    """A store of ``cards`` cards (80 % studied, due dates spread from 20 days ago to 60 days
    ahead) and ``reviews`` reviews spread over the studied ones."""
    from trainer.store import open_store
    from trainer.store.models import epoch_us
    from trainer.store.shuffle import order_key

    store = open_store(f"sqlite:///{path}")
    student = store.student_id
    store.close()
    rng = random.Random(1)
    studied = int(cards * 0.8)
    per_card = max(1, reviews // max(1, studied))
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    card_rows = []
    for i in range(cards):
        table = i // PER_TABLE
        new = i >= studied
        # drawn in this order so that the collection is the one measured before
        stability = None if new else rng.uniform(1, 120)
        difficulty = None if new else rng.uniform(2, 8)
        due = None if new else _when(NOW + timedelta(days=rng.uniform(-20, 60)))
        last = None if new else NOW - timedelta(days=rng.uniform(1, 60))
        card_rows.append(
            (
                student,
                f"synthetic/t{table}/r{i}",
                "synthetic",
                f"t{table}",
                f"r{i}",
                f"synthetic/big{table}/r{i}",
                f"topic {table % 12}",
                "forward",
                i,
                0 if new else 2,
                stability,
                difficulty,
                due,
                None if last is None else _when(last),
                None if last is None else epoch_us(last),
                0 if new else per_card,
                0,
                _when(NOW - timedelta(days=90)),
                0,
                0,
                order_key(f"synthetic/t{table}/r{i}"),  # as the card sync writes it
            )
        )
    db.executemany(
        "INSERT INTO cards (student_id, card_key, deck_id, template_id, row_key, sibling, "
        "topic, kind, position, state, stability, difficulty, due, last_review, last_review_us, "
        "reps, lapses, created_at, leech, flagged, new_order_key) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        card_rows,
    )
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
        },
        sort_keys=True,
    )
    first = state.replace('"state": 2', '"state": 0')
    start = NOW - timedelta(days=1000)
    for offset in range(0, reviews, 100_000):
        batch = []
        for n in range(offset, min(reviews, offset + 100_000)):
            correct = rng.random() < 0.85
            batch.append(
                (
                    n % studied + 1,
                    student,
                    # in time order, the last ones yesterday: reviews grow with their ids
                    _when(start + timedelta(days=999 * n / reviews)),
                    n,
                    4,
                    0,
                    int(correct),
                    rng.randint(3000, 40000),
                    3 if correct else 1,
                    "answer",
                    "answer" if correct else "other",
                    first if n < studied else state,
                    state,
                    "drill",
                )
            )
        db.executemany(
            "INSERT INTO reviews (card_id, student_id, reviewed_at, seed, options, chosen, "
            "correct, response_ms, rating, key_text, chosen_text, state_before, state_after, "
            "mode) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            batch,
        )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def measure(url: str, cards: int, exam: bool) -> dict[str, float]:
    """One student's session in this process: start-up, today's queue, ANSWERS answers (each
    then the next question and the counts), `stats`, and the Stats screen's figures."""
    from trainer.clock import FixedClock
    from trainer.session import DrillSession, Trainer
    from trainer.stats import (
        compute_stats,
        confused_pairs_by_topic,
        due_forecast,
        retention_by_topic,
        reviews_per_day,
    )
    from trainer.store import open_store

    deck = synthetic_deck(cards, per_table=PER_TABLE)
    started = time.perf_counter()
    store = open_store(url)
    clock = FixedClock(NOW)
    trainer = Trainer([deck], store, clock)
    startup = time.perf_counter() - started
    if exam:
        trainer.settings = replace(trainer.settings, exam_date=EXAM, exam_set_on=date(2027, 1, 1))
    started, cpu = time.perf_counter(), time.process_time()
    session = DrillSession(trainer)
    counts = session.counts()
    presented = session.next()
    queue = time.perf_counter() - started
    queue_cpu = time.process_time() - cpu
    assert counts.review > 0 and counts.new > 0, "the benchmark must measure a real queue"
    selections, generations, steps = [], [], []
    for i in range(ANSWERS):
        assert presented is not None
        clock.advance(timedelta(seconds=8))
        started = time.perf_counter()
        chosen = presented.item.answer if i % 4 else (presented.item.answer + 1) % 4
        session.answer(presented, chosen, 8000)
        answered = time.perf_counter()
        presented = session.next()
        session.counts()
        done = time.perf_counter()
        assert presented is not None
        trainer.item_for(presented.card, trainer.next_seed(presented.card))
        generations.append(time.perf_counter() - done)
        selections.append(done - answered)
        steps.append(done - started)
    started, cpu = time.perf_counter(), time.process_time()
    compute_stats(trainer)  # as the app computes it after a drill: the drill's queue reused
    stats = time.perf_counter() - started
    stats_cpu = time.process_time() - cpu
    drill, trainer.drill = trainer.drill, None
    started, cpu = time.perf_counter(), time.process_time()
    compute_stats(trainer)  # as `trainer stats` does in a new process: today's queue built
    stats_alone = time.perf_counter() - started
    stats_alone_cpu = time.process_time() - cpu
    trainer.drill = drill
    started = time.perf_counter()
    compute_stats(trainer)
    reviews_per_day(trainer)
    due_forecast(trainer)
    retention_by_topic(trainer)
    confused_pairs_by_topic(trainer)
    screen = time.perf_counter() - started
    store.close()
    return {
        "startup": startup,
        "queue": queue,
        "selection": statistics.median(selections),
        "selection_max": max(selections),
        "generation": statistics.median(generations),
        "step": statistics.median(steps),
        "stats": stats,
        "stats_alone": stats_alone,
        "queue_cpu": queue_cpu,
        "stats_cpu": stats_cpu,
        "stats_alone_cpu": stats_alone_cpu,
        "screen": screen,
        "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(path: Path, cards: int, exam: bool, traced: bool) -> dict[str, float]:
    copy = path.with_name(f"{path.stem}-{time.perf_counter_ns()}.sqlite3")
    shutil.copyfile(path, copy)
    try:
        command = [sys.executable, __file__, "--measure", str(copy), "--cards", str(cards)]
        command += ["--exam"] if exam else []
        command += ["--traced"] if traced else []
        done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=900)
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        for leftover in copy.parent.glob(f"{copy.name}*"):
            leftover.unlink()


def _build_apart(path: Path, cards: int, reviews: int) -> None:
    """Build in another process: this one stays small, and a measuring child it starts
    inherits no build-time peak (Linux keeps the peak resident size across exec)."""
    command = [sys.executable, __file__, "--build", str(path), "--cards", str(cards)]
    subprocess.run([*command, "--reviews", str(reviews)], check=True, timeout=600)


def _measure_child(args: argparse.Namespace) -> None:
    import tracemalloc

    if args.traced:
        tracemalloc.start()
    figures = measure(f"sqlite:///{args.measure}", args.cards, args.exam)
    if args.traced:
        figures = {"traced": tracemalloc.get_traced_memory()[1] / 2**20}
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--exam", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--exam-only", action="store_true", help="only the exam-date rows; docs left as they are"
    )
    parser.add_argument("--store", help="keep the large store here (built if missing)")
    args = parser.parse_args()
    if args.measure:
        _measure_child(args)
        return
    if args.build:
        build(Path(args.build), args.cards, args.reviews)
        return
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.sqlite3"
        _build_apart(small, 1_000, 10_000)
        large = Path(args.store) if args.store else Path(folder) / "large.sqlite3"
        started = time.perf_counter()
        if not large.exists():
            _build_apart(large, args.cards, args.reviews)
        built = time.perf_counter() - started
        size = large.stat().st_size / 2**20
        print(f"built {args.cards:,} cards / {args.reviews:,} reviews in {built:.0f} s", flush=True)
        for exam in (True,) if args.exam_only else (False, True):
            for name, path, cards in (
                ("1,000 cards", small, 1_000),
                (f"{args.cards:,} cards", large, args.cards),
            ):
                figures = _child(path, cards, exam, traced=False)
                figures |= _child(path, cards, exam, traced=True)
                print(name, "exam" if exam else "no exam", figures, flush=True)
                rows.append((exam, name, figures))
    machine = (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    )
    lines = [
        f"`python benchmarks/store.py` — measured {date.today().isoformat()} on a shared "
        f"2-core {machine} machine. {args.cards:,} cards in 1,000-row tables and "
        f"{args.reviews:,} reviews ({size:,.0f} MiB of SQLite, built in {built:.0f} s), against "
        "1,000 cards / 10,000 reviews in the same run. Each row is one fresh interpreter: "
        "start-up (open the store, build the deck's bank, sync its cards); today's queue (the "
        f"drill's counts and first question); then {ANSWERS} answers, each followed by "
        "**next-card selection** (`DrillSession.next()` and `counts()`: pick the card, take "
        "its lease, generate its item; median and worst), of which item generation alone "
        "(median); answer → next (the same plus committing the answer); **`stats`** "
        "(`compute_stats`, what Home and `trainer stats` show) as the app computes it after "
        "those answers (the drill's queue serves the forecast) and as `trainer stats` does "
        'in a new process (today\'s queue built for it: "alone"), and the Stats screen '
        "(`stats` plus its charts' queries). **Peak memory** is the process's peak resident set "
        "(`getrusage` `ru_maxrss`: interpreter, imports, deck, bank, store and queue), and "
        "Python's traced allocations (`tracemalloc` peak, from a second run). In brackets: "
        "the process's CPU time for the same step (on a shared machine, wall time includes "
        "waiting for the other processes' turn).",
        "",
        "Bars: selection < 20 ms, `stats` < 200 ms, peak < 150 MiB (resident).",
        "",
        "| exam date | collection | start-up (s) | queue (s) | selection (ms, median / worst) "
        "| of which item (ms) | answer → next (ms) | stats (ms) | stats alone (ms) "
        "| Stats screen (ms) | peak resident (MiB) | peak traced (MiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for exam, name, m in rows:
        lines.append(
            f"| {'set' if exam else 'none'} | {name} | {m['startup']:.2f} | {m['queue']:.2f} "
            f"({m['queue_cpu']:.2f}) "
            f"| {m['selection'] * 1000:.1f} / {m['selection_max'] * 1000:.1f} "
            f"| {m['generation'] * 1000:.1f} | {m['step'] * 1000:.1f} | {m['stats'] * 1000:.0f} "
            f"({m['stats_cpu'] * 1000:.0f}) | {m['stats_alone'] * 1000:.0f} "
            f"({m['stats_alone_cpu'] * 1000:.0f}) | {m['screen'] * 1000:.0f} | {m['maxrss']:.0f} "
            f"| {m['traced']:.0f} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.exam_only:
        return
    write_section("Store: fast at any size", text)


if __name__ == "__main__":
    sys.exit(main())
