"""The simulator's published tables for docs/benchmarks.md: every arm at 5, 15 and 30 minutes a
day on the bundled decks and on a 2,000-card deck, the minutes each arm needs to reach a target
recall, and how well the trainer's predictions match the students' true recall.

Run: python benchmarks/simulation.py [--students 100 --others 20 --jobs 2]
(``--others`` students for the four configurations besides the two headline ones; ``--jobs``
processes share out the students, with the same figures as one process;
``--calibration-only`` runs only the trainer arm, of every configuration, and rewrites only
the calibration section.)
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Sequence

from _docs import write_section

from trainer.sim.run import bundled_specs
from trainer.sim.simulate import Config, Outcome, run, summarise

ARMS = ("trainer", "sm2", "sm2+pace", "leitner", "leitner+pace", "random")
MINUTES = (5, 15, 30)
BUNDLED, LARGE = "bundled decks", "2,000-card deck"
TARGETS = {BUNDLED: 0.95, LARGE: 0.8}
HEADLINE = {(BUNDLED, 15), (LARGE, 30)}


def table(outcomes: dict[str, list[Outcome]]) -> str:
    rows = [
        "| arm | exam-day recall (95% CI) | Δ vs trainer, paired (95% CI) | minutes used/day "
        "| reviews |",
        "|---|---|---|---|---|",
    ]
    for s in summarise(outcomes):
        delta = (
            "–"
            if s.delta_vs_trainer is None or s.delta_ci is None
            else f"{s.delta_vs_trainer:+.3f} ({s.delta_ci[0]:+.3f}, {s.delta_ci[1]:+.3f})"
        )
        rows.append(
            f"| {s.scheduler} | {s.exam_recall:.3f} ({s.ci[0]:.3f}, {s.ci[1]:.3f}) | {delta} "
            f"| {s.minutes_used:.1f} | {s.reviews:,.0f} |"
        )
    return "\n".join(rows)


def minutes_to_reach(curve: Sequence[tuple[float, float]], target: float) -> str:
    """Minutes per day (linear between the measured points) to reach ``target``."""
    points = sorted(curve)
    if points[0][1] >= target:
        return f"≤ {points[0][0]:g}"
    for (m0, r0), (m1, r1) in itertools.pairwise(points):
        if r0 < target <= r1:
            return f"{m0 + (target - r0) / (r1 - r0) * (m1 - m0):.1f}"
    return f"> {points[-1][0]:g}"


def calibration(outcomes: list[Outcome]) -> str:
    lines = [
        "| share of the plan | predicted, if study stopped | true | difference "
        "| mean \\|difference\\| per student | predicted, if today's cards are done "
        "| true, after that day's study | difference |",
        "|---|---|---|---|---|---|---|---|",
    ]
    shares = sorted({p[0] for o in outcomes for p in o.probes})
    gaps = []
    for share in shares:
        probes = [p for o in outcomes for p in o.probes if p[0] == share]
        model, truth, done, after = (statistics.fmean(p[i] for p in probes) for i in (1, 2, 3, 4))
        spread = statistics.fmean(abs(p[1] - p[2]) for p in probes)
        gaps.append(abs(model - truth))
        lines.append(
            f"| {share:.0%} | {model:.3f} | {truth:.3f} | {model - truth:+.3f} | {spread:.3f} "
            f"| {done:.3f} | {after:.3f} | {done - after:+.3f} |"
        )
    if gaps:
        lines.append(
            f"\nMean absolute difference over the checkpoints (if study stopped): "
            f"{statistics.fmean(gaps):.3f}."
        )
    lines += [
        "",
        "| the model's recall at review (uncalibrated: what the rating policy uses) | answers "
        "| mean predicted | mean true |",
        "|---|---|---|---|",
    ]
    bins = [b for o in outcomes for b in o.bins]
    for low in (0.0, 0.5, 0.6, 0.7, 0.8, 0.9):
        high = 0.5 if low == 0.0 else low + 0.1
        inside = [b for b in bins if low <= b[0] < high or (high >= 1.0 and b[0] == 1.0)]
        if inside:
            lines.append(
                f"| {low:.1f}–{high:.1f} | {len(inside):,} | "
                f"{statistics.fmean(b[0] for b in inside):.3f} | "
                f"{statistics.fmean(b[1] for b in inside):.3f} |"
            )
    if bins:
        lines.append(
            f"| all | {len(bins):,} | {statistics.fmean(b[0] for b in bins):.3f} | "
            f"{statistics.fmean(b[1] for b in bins):.3f} |"
        )
    return "\n".join(lines)


def by_configuration(runs: dict[str, list[Outcome]]) -> str:
    """The difference (predicted − true, if study stopped) at each checkpoint, per run."""
    shares = sorted({p[0] for rows in runs.values() for o in rows for p in o.probes})
    lines = [
        "Every configuration's trainer arm, predicted − true (if study stopped):\n",
        "| configuration | students | "
        + " | ".join(f"{s:.0%}" for s in shares)
        + " | mean \\|difference\\| |",
        "|---|---|" + "---|" * (len(shares) + 1),
    ]
    for name, rows in runs.items():
        gaps = [
            statistics.fmean(p[1] - p[2] for o in rows for p in o.probes if p[0] == share)
            for share in shares
        ]
        cells = " | ".join(f"{g:+.3f}" for g in gaps)
        mean = statistics.fmean(abs(g) for g in gaps)
        lines.append(f"| {name} | {len(rows)} | {cells} | {mean:.3f} |")
    return "\n".join(lines)


def projection_table(runs: dict[str, list[Outcome]]) -> str:
    """The forecast "if you keep studying as you have" (`study.projection`, from the student's
    own log at each checkpoint) against the student's true exam-day recall at the end."""
    lines = [
        "| configuration | students | share of the plan | projected | true exam-day recall "
        "| difference | mean \\|difference\\| per student | inside the band (students with one) "
        "| band width "
        "| if study stopped (shown beside it) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    gaps: list[float] = []
    spreads: list[float] = []
    inside: list[bool] = []
    for name, rows in runs.items():
        shares = sorted({p.share for o in rows for p in o.probes if p.projected is not None})
        for share in shares:
            pairs = [
                (p.projected, p.band, p.now, o.exam_recall)
                for o in rows
                for p in o.probes
                if p.share == share and p.projected is not None
            ]
            projected = statistics.fmean(x for x, _, _, _ in pairs)
            true = statistics.fmean(t for _, _, _, t in pairs)
            spread = statistics.fmean(abs(x - t) for x, _, _, t in pairs)
            banded = [(b, t) for _, b, _, t in pairs if b is not None]
            covered = [b[0] <= t <= b[1] for b, t in banded]
            inside += covered
            cells = (
                f"{statistics.fmean(covered):.0%} of {len(banded)} "
                f"| {statistics.fmean(b[1] - b[0] for b, _ in banded):.3f}"
                if banded
                else "– | –"
            )
            stopped = statistics.fmean(n for _, _, n, _ in pairs)
            gaps.append(abs(projected - true))
            spreads.append(spread)
            lines.append(
                f"| {name} | {len(rows)} | {share:.0%} | {projected:.3f} | {true:.3f} "
                f"| {projected - true:+.3f} | {spread:.3f} | {cells} | {stopped:.3f} |"
            )
    if gaps:
        lines.append(
            f"\nMean absolute difference over every checkpoint and configuration: "
            f"{statistics.fmean(gaps):.3f} (of the means); {statistics.fmean(spreads):.3f} "
            f"(student by student). The band, where shown, held the true value for "
            f"{statistics.fmean(inside) if inside else 0:.0%} of the students' checkpoints."
        )
    return "\n".join(lines)


PROJECTION_INTRO = (
    "**If you keep studying as you have.** `trainer stats` and the Stats screen also show a "
    "forecast (`trainer/study/projection.py`): the app's own drill run forward from a copy of "
    "the student's card states to the exam, at the student's own minutes a day (their "
    "answering time over the last 14 whole days), with a model student answering from the "
    "scheduler's calibrated memory (prior-known share, the fitted time scale, guessing one "
    "time in k) at the student's own answer times. Here it is computed at each checkpoint "
    "from the simulated student's log and compared with that student's true exam-day recall "
    "(all cards) at the end of the plan. The band is the projection rerun at the two ends "
    "of the 95 % interval of the fitted time scale (its binomial uncertainty alone: it "
    "leaves out that a single scale cannot fit every student's memory, so it holds the true "
    "value less often than 95 %). It is shown only once the scale is fitted (30 answers to "
    "cards answered at least twice); at 5 min/day most checkpoints come before that."
)


CALIBRATION_INTRO = (
    "From the trainer arm of the two headline configurations ({runs}): the predicted "
    "exam-day recall the Stats screen shows (over every card, if study stopped that day) "
    "against the simulated students' true exam-day recall over every card if study stopped "
    "then; and every review's predicted recall against the student's true recall probability "
    "at that moment."
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=1, help="processes sharing the students")
    parser.add_argument("--calibration-only", action="store_true")
    args = parser.parse_args()
    specs = bundled_specs()
    decks = {
        BUNDLED: Config(cards=len(specs), specs=specs),
        LARGE: Config(cards=2000),
    }
    names = {BUNDLED: f"bundled decks ({len(specs):,} cards)", LARGE: LARGE}
    body = [
        "`python benchmarks/simulation.py` — seed 0, "
        f"{args.days} days to an exam at 09:00 UTC; every arm meets the same students "
        "(parameter spread, per-card difficulty, prior knowledge; `trainer/sim/students.py`). "
        "The trainer arm is the app's own `DrillSession` (the day's drill, then \"study more\" "
        "while minutes remain). Intervals: 95 % over students; Δ: paired differences on the "
        "same students.",
    ]
    curves: dict[str, dict[str, list[tuple[float, float]]]] = {}
    calibrated: list[Outcome] = []
    sizes: list[str] = []
    every: dict[str, list[Outcome]] = {}
    began = time.perf_counter()
    for deck, base in decks.items():
        for minutes in MINUTES:
            headline = (deck, minutes) in HEADLINE
            students = args.students if headline else args.others
            config = Config(
                students=students,
                days=args.days,
                minutes=minutes,
                cards=base.cards,
                specs=base.specs,
                projection=True,  # the forecast at each checkpoint of the trainer arm
            )
            started = time.perf_counter()
            arms = ("trainer",) if args.calibration_only else ARMS
            outcomes = run(config, arms, args.jobs)
            seconds = time.perf_counter() - started
            body.append(
                f"\n**{names[deck]}, {minutes} min/day** — {students} students, "
                f"{seconds:.0f} s\n\n" + table(outcomes)
            )
            for arm, rows in outcomes.items():
                recall = statistics.fmean(o.exam_recall for o in rows)
                curves.setdefault(deck, {}).setdefault(arm, []).append((minutes, recall))
            if headline:
                calibrated += outcomes["trainer"]
                sizes.append(f"{names[deck]}, {minutes} min/day, {students} students")
            every[f"{names[deck]}, {minutes} min/day"] = outcomes["trainer"]
            print(f"{names[deck]} {minutes} min: {seconds:.0f} s", flush=True)
    if not args.calibration_only:
        write_tables(body, curves, names, time.perf_counter() - began, args.jobs)
    write_section(
        "Calibration of the predicted exam-day recall",
        CALIBRATION_INTRO.format(runs="; ".join(sizes))
        + "\n\n"
        + calibration(calibrated)
        + "\n\n"
        + by_configuration(every)
        + "\n\n"
        + PROJECTION_INTRO
        + "\n\n"
        + projection_table(every),
    )


def write_tables(
    body: list[str],
    curves: dict[str, dict[str, list[tuple[float, float]]]],
    names: dict[str, str],
    seconds: float,
    jobs: int,
) -> None:
    body.append(
        "\n**Minutes per day needed to reach a target exam-day recall** (linear between "
        "the measured 5, 15 and 30 min/day)\n"
    )
    body.append("| arm | " + " | ".join(f"{names[d]}: {t:.2f}" for d, t in TARGETS.items()) + " |")
    body.append("|---|" + "---|" * len(TARGETS))
    for arm in ARMS:
        cells = [minutes_to_reach(curves[d][arm], t) for d, t in TARGETS.items()]
        body.append(f"| {arm} | " + " | ".join(cells) + " |")
    body.append(f"\n(all runs: {seconds:.0f} s on {jobs} process{'es' if jobs > 1 else ''})")
    write_section("Simulator: exam-day recall at equal minutes", "\n".join(body))


if __name__ == "__main__":
    main()
