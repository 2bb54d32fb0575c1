"""The exam-day forecast "if you keep studying as you have" (`trainer/study/projection.py`):
what it costs at the bundled size and at 100,000 cards, and what projecting a sample of the
cards costs in accuracy.

Run: python benchmarks/projection.py [--cards 100000 --reviews 1000000]

- **Cost**: `project()` as `trainer stats` calls it (one run) and with its band (three runs),
  on a simulated student's collection held in memory after 15 of 60 days (the bundled decks
  at 15 min/day, a 2,000-card deck at 30 min/day), and on SQLite stores built as
  `benchmarks/store.py` builds them (1,000 cards / 10,000 reviews; 100,000 cards / 1,000,000
  reviews), whose logs make a heavy daily habit.
- **Sampling error**: a simulated student with an 8,000-card deck at 60 min/day, after 15 of
  60 days: the forecast over every card against the forecast over a 2,000-card sample (the
  default bound), for several sample seeds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from _docs import synthetic_deck, write_section
from store import EXAM, NOW, PER_TABLE, build

from trainer.clock import FixedClock
from trainer.scheduling.scheduler import Settings
from trainer.session import DrillSession, Trainer
from trainer.sim.backend import SimTrainer
from trainer.sim.day import study_day
from trainer.sim.run import bundled_specs
from trainer.sim.simulate import START, Config, _day_start
from trainer.sim.students import Student
from trainer.study.projection import MAX_CARDS, Projection, project

SAMPLE_SEEDS = 5


def timed(trainer: Trainer, **options: object) -> tuple[float, Projection]:
    """(median seconds of three calls, the projection)."""
    times = []
    result = None
    for _ in range(3):
        started = time.perf_counter()
        result = project(trainer, **options)  # type: ignore[arg-type]
        times.append(time.perf_counter() - started)
    assert result is not None
    return statistics.median(times), result


def simulated(config: Config, days: int, index: int = 0) -> SimTrainer:
    """A simulated student's trainer after ``days`` days of the plan (the simulator's loop)."""
    specs = config.deck()
    seed = f"{config.seed}|{index}"
    student = Student.draw(seed, len(specs), START)
    habits = random.Random(f"{seed}|habits")
    clock = FixedClock(START)
    settings = Settings(
        exam_date=config.exam_at.date(),
        exam_set_on=START.date(),
        new_per_day=config.new_per_day,
        options=config.options,
    )
    trainer = SimTrainer(specs, clock, settings)
    for day in range(days):
        clock.set(_day_start(day, habits))
        study_day(
            DrillSession(trainer),
            clock,
            config.minutes * 60_000,
            lambda card: student.answer(card.id - 1, config.options, clock.now())[:2],
        )
    clock.set(_day_start(days, habits))
    return trainer


def stored(path: Path, cards: int) -> Trainer:
    from trainer.store import open_store

    store = open_store(f"sqlite:///{path}")
    trainer = Trainer([synthetic_deck(cards, per_table=PER_TABLE)], store, FixedClock(NOW))
    trainer.settings = replace(trainer.settings, exam_date=EXAM, exam_set_on=date(2027, 1, 1))
    return trainer


def cost_row(name: str, trainer: Trainer) -> str:
    alone, result = timed(trainer)
    banded, _ = timed(trainer, band=True)
    print(name, f"{alone:.2f} s, band {banded:.2f} s", flush=True)
    return (
        f"| {name} | {result.cards:,} | {result.projected:,} | {result.minutes_per_day:.0f} "
        f"| {result.answers:,} | {alone:.2f} | {banded:.2f} | {result.recall:.3f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    specs = bundled_specs()
    rows = [
        "| collection | cards | cards projected | minutes a day (the log's) | answers run "
        "| one run (s) | with the band (s) | forecast |",
        "|---|---|---|---|---|---|---|---|",
    ]
    bundled = Config(days=60, minutes=15, cards=len(specs), specs=specs)
    rows.append(cost_row("bundled decks, simulated student, day 15", simulated(bundled, 15)))
    large_deck = Config(days=60, minutes=30, cards=2000)
    rows.append(cost_row("2,000-card deck, simulated student, day 15", simulated(large_deck, 15)))
    with tempfile.TemporaryDirectory() as folder:
        for cards, reviews in ((1_000, 10_000), (args.cards, args.reviews)):
            path = Path(folder) / f"{cards}.sqlite3"
            build(path, cards, reviews)
            trainer = stored(path, cards)
            rows.append(cost_row(f"SQLite, {reviews:,} reviews", trainer))
            trainer.store.close()

    huge = Config(days=60, minutes=60, cards=4 * MAX_CARDS)
    trainer = simulated(huge, 15)
    started = time.perf_counter()
    whole = project(trainer, max_cards=huge.cards)
    whole_s = time.perf_counter() - started
    assert whole is not None
    samples = []
    started = time.perf_counter()
    for seed in range(SAMPLE_SEEDS):
        sample = project(trainer, seed=seed)
        assert sample is not None and sample.projected == MAX_CARDS
        samples.append(sample.recall)
    sample_s = (time.perf_counter() - started) / SAMPLE_SEEDS
    gaps = [s - whole.recall for s in samples]
    print("sampling", whole.recall, samples, flush=True)
    body = [
        '`python benchmarks/projection.py` — the forecast "if you keep studying as you have" '
        "(`trainer/study/projection.py`: the app's drill run forward to the exam with a model "
        f"student) as `trainer stats` computes it (measured {date.today().isoformat()} on a "
        "shared 2-core machine; median of three calls). The SQLite stores are "
        "`benchmarks/store.py`'s (a heavy synthetic log: its daily minutes are large); above "
        f"{MAX_CARDS:,} cards a seeded sample of {MAX_CARDS:,} is projected, with the minutes "
        "and daily limits scaled by its share, so the cost stays bounded.",
        "",
        *rows,
        "",
        f"**Sampling error.** A simulated student with {huge.cards:,} cards at "
        f"{huge.minutes:.0f} min/day, after 15 of 60 days: the forecast over every card "
        f"{whole.recall:.3f} ({whole_s:.1f} s); over a {MAX_CARDS:,}-card sample (a quarter of "
        f"the cards), with {SAMPLE_SEEDS} sample seeds: mean {statistics.fmean(samples):.3f}, "
        f"difference {statistics.fmean(gaps):+.3f} on average, standard deviation "
        f"{statistics.stdev(samples):.3f}, largest |difference| "
        f"{max(abs(g) for g in gaps):.3f} ({sample_s:.1f} s each).",
    ]
    write_section("Exam-day forecast: cost and sampling", "\n".join(body))


if __name__ == "__main__":
    main()
