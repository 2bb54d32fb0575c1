"""A class answering at once on one PostgreSQL store: answers per second and the slowest
answer.

Starts its own PostgreSQL server (as the tests do), makes the students' profiles, then lets
every student drill at the same moment through the app's own `DrillSession`: 4 processes of
50 threads, one student per thread, each with its own connection. Timed: each `answer()` (the
rating, scheduling and the committed write) and each `next()` (the queue), and the whole
burst.

Run: python benchmarks/class_pg.py [--students 200] [--answers 10]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import threading
import time
from pathlib import Path

from _docs import write_section

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from tests.pgserver import PostgresServer  # noqa: E402
from trainer.clock import SystemClock  # noqa: E402
from trainer.deck import load_decks  # noqa: E402
from trainer.paths import bundled_deck_paths  # noqa: E402
from trainer.session import DrillSession, Trainer  # noqa: E402
from trainer.store import open_store  # noqa: E402
from trainer.store.db import open_class  # noqa: E402

PROCESSES = 4


def _student(url, name, answers, decks, prepared, start, out) -> None:
    store = open_store(url, student=name)
    trainer = Trainer(decks, store, SystemClock())
    session = DrillSession(trainer)
    prepared.wait()
    start.wait()
    nexts, writes = [], []
    for _ in range(answers):
        t0 = time.perf_counter()
        presented = session.next()
        t1 = time.perf_counter()
        if presented is None:
            break
        session.answer(presented, presented.item.answer, 5000)
        t2 = time.perf_counter()
        nexts.append(t1 - t0)
        writes.append(t2 - t1)
    out.append((nexts, writes, time.perf_counter()))
    store.close()


def _worker(url, names, answers, ready, results) -> None:
    decks = load_decks(bundled_deck_paths())
    prepared = threading.Barrier(len(names) + 1)
    start = threading.Barrier(len(names) + 1)
    out: list = []
    threads = [
        threading.Thread(target=_student, args=(url, n, answers, decks, prepared, start, out))
        for n in names
    ]
    for thread in threads:
        thread.start()
    prepared.wait()  # this process's students have their stores open and cards synced
    ready.wait()  # ... and so have every other process's
    start.wait()
    for thread in threads:
        thread.join()
    results.put(out)


def run(students: int, answers: int) -> dict[str, float]:
    server = PostgresServer(max_connections=students + 50, fsync=True).start()
    try:
        url = server.url()
        open_store(url).close()  # migrate once
        ctx = multiprocessing.get_context("fork")
        ready = ctx.Barrier(PROCESSES + 1)
        results = ctx.Queue()
        names = [f"s{i:03d}" for i in range(students)]
        procs = [
            ctx.Process(
                target=_worker,
                args=(url, names[i::PROCESSES], answers, ready, results),
            )
            for i in range(PROCESSES)
        ]
        for proc in procs:
            proc.start()
        ready.wait()
        began = time.perf_counter()
        gathered = [results.get() for _ in procs]
        for proc in procs:
            proc.join()
        with open_class(url).engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM reviews")).scalar_one()
    finally:
        server.stop()
    nexts = [x for part in gathered for n, _w, _e in part for x in n]
    writes = [x for part in gathered for _n, w, _e in part for x in w]
    ended = max(e for part in gathered for _n, _w, e in part)
    total = len(writes)
    quantiles = statistics.quantiles(writes, n=100)
    return {
        "students": students,
        "answers": total,
        "stored": stored,
        "seconds": ended - began,
        "per_second": total / (ended - began),
        "answer_p50": statistics.median(writes),
        "answer_p95": quantiles[94],
        "answer_max": max(writes),
        "next_p50": statistics.median(nexts),
        "next_max": max(nexts),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args()
    r = run(args.students, args.answers)
    text = "\n".join(
        [
            "`python benchmarks/class_pg.py` — students drilling at the same moment on one",
            "PostgreSQL store (a local server, fsync on, Unix socket), each through the app's",
            f"`DrillSession` on its own connection: {PROCESSES} processes of threads, one student",
            "per thread, on the machine's shared cores.",
            "",
            "| figure | value |",
            "|---|---|",
            f"| students at once | {r['students']} |",
            f"| answers given / found stored afterwards | {r['answers']} / {r['stored']} |",
            f"| burst length | {r['seconds']:.1f} s |",
            f"| answers per second | {r['per_second']:.0f} |",
            f"| answer (rate, schedule, commit): median | {r['answer_p50'] * 1000:.0f} ms |",
            f"| answer: 95th percentile | {r['answer_p95'] * 1000:.0f} ms |",
            f"| slowest answer | {r['answer_max'] * 1000:.0f} ms |",
            f"| next question (queue): median | {r['next_p50'] * 1000:.0f} ms |",
            f"| slowest next question | {r['next_max'] * 1000:.0f} ms |",
            "",
            "The students' processes and the server share the machine's two cores with other",
            "work, so these are the figures of one small shared machine.",
            "`tests/test_postgres.py` checks that processes answering at once lose nothing.",
            "",
        ]
    )
    print(text)
    write_section("A class on PostgreSQL", text)


if __name__ == "__main__":
    main()
