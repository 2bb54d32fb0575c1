"""`trainer optimize` on simulated logs whose true parameters are known: fit time on 12,000
reviews and the log loss of the current, fitted and true parameters on the later 20 %.

Run: python benchmarks/optimize.py
"""

from __future__ import annotations

import time

import fsrs_rs_python as rs
from _docs import write_section

from trainer.scheduling.optimize import fit, training_items
from trainer.sim.logs import known_student_log


def main() -> None:
    lines = [
        "`python benchmarks/optimize.py` — one simulated student per seed, 12,000 reviews "
        "(Good when recalled, Again when not, 1–30 days apart); log loss on the later 20 % of "
        "the training items.",
        "",
        "| seed | items | fit time (s) | default | fitted | true parameters | kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for seed in range(3):
        true, log = known_student_log(12_000, seed)
        started = time.perf_counter()
        result = fit(log)
        seconds = time.perf_counter() - started
        items = training_items(log)
        test = [
            rs.FSRSItem([rs.FSRSReview(r, d) for r, d in steps])
            for _, steps in items[int(len(items) * 0.8) :]
        ]
        truth = rs.FSRS(list(true)).evaluate(test).log_loss
        lines.append(
            f"| {seed} | {result.items:,} | {seconds:.2f} | {result.default_loss:.4f} "
            f"| {result.fitted_loss:.4f} | {truth:.4f} | {'yes' if result.improved else 'no'} |"
        )
    text = "\n".join(lines)
    print(text)
    write_section("Optimizer: personal parameters", text)


if __name__ == "__main__":
    main()
