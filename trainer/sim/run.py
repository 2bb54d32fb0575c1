"""``trainer simulate``: build the configuration, run, print a table or JSON."""

from __future__ import annotations

import argparse
import json
import time

from trainer.humanize import plural
from trainer.sim.simulate import Config, Summary, simulate

QUICK = Config(students=10, days=30, minutes=10)
FULL = Config(students=20, days=60, minutes=15)


def bundled_specs() -> tuple[tuple[str, str, str, str], ...]:
    """The bundled decks' cards: (key, deck, fact, topic)."""
    from trainer.deck import load_decks
    from trainer.generator import Bank
    from trainer.paths import bundled_deck_paths

    return tuple(
        (c.card_id, c.deck_id, c.sibling, c.topic)
        for d in load_decks(bundled_deck_paths())
        for c in Bank(d).cards()
    )


def config_from(args: argparse.Namespace) -> Config:
    base = QUICK if args.quick else FULL
    specs = None if args.cards else bundled_specs()
    return Config(
        students=args.students or base.students,
        days=args.days or base.days,
        minutes=args.minutes or base.minutes,
        cards=args.cards or len(specs or ()),
        seed=args.seed,
        specs=specs,
    )


def table(summaries: list[Summary], config: Config, seconds: float) -> str:
    lines = [
        f"{plural(config.students, 'student')} · {plural(config.cards, 'card')} · "
        f"{plural(config.days, 'day')} to the exam · {config.minutes:g} min/day · "
        f"{config.options} options · seed {config.seed}",
        "",
        f"{'scheduler':<22}{'exam-day recall (95% CI)':>28}{'min used/day':>14}{'reviews':>9}"
        f"{'vs trainer (95% CI)':>28}",
    ]
    for s in summaries:
        delta = (
            ""
            if s.delta_vs_trainer is None or s.delta_ci is None
            else f"{s.delta_vs_trainer:+.3f} ({s.delta_ci[0]:+.3f}, {s.delta_ci[1]:+.3f})"
        )
        lines.append(
            f"{s.scheduler:<22}{s.exam_recall:>10.3f} ({s.ci[0]:.3f}, {s.ci[1]:.3f})"
            f"{s.minutes_used:>14.1f}{s.reviews:>9.0f}{delta:>28}"
        )
    lines.append(f"\n(intervals over students; differences paired; {seconds:.1f} s)")
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    config = config_from(args)
    started = time.perf_counter()
    summaries = simulate(config)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps([s.to_json() for s in summaries], indent=2))
    else:
        print(table(summaries, config, elapsed))
    return 0
