"""Full simulator runs for docs/benchmarks.md: the bundled deck with a reviews budget and a
minutes budget, and a larger synthetic deck whose size outgrows the daily time.

Run: python benchmarks/simulation.py
"""

from __future__ import annotations

import time

from _docs import write_section

from trainer.sim.run import bundled_card_count, table
from trainer.sim.simulate import Config, simulate

RUNS = (
    ("trainer simulate", Config(students=20, days=60, budget=60)),
    ("trainer simulate --minutes 15", Config(students=20, days=60, minutes=15)),
    (
        "trainer simulate --cards 2000 --minutes 30",
        Config(students=20, days=60, minutes=30, cards=2000),
    ),
)


def main() -> None:
    parts = [
        "Each table is one full run; the command reproduces it (seed 0). Mean ± standard",
        "deviation over the same 20 simulated students for every scheduler.",
        "",
    ]
    bundled = bundled_card_count()
    for command, config in RUNS:
        if config.cards == Config().cards:
            config = Config(**{**config.__dict__, "cards": bundled})
        started = time.perf_counter()
        summaries = simulate(config)
        elapsed = time.perf_counter() - started
        parts += [f"`{command}`", "", "```", table(summaries, config, elapsed), "```", ""]
        print(parts[-3])
    text = "\n".join(parts)
    write_section("Simulator", text)


if __name__ == "__main__":
    main()
