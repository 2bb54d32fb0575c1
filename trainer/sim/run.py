"""``trainer simulate``: build the configuration, run, print a table or JSON."""

from __future__ import annotations

import argparse
import json
import time

from trainer.sim.simulate import Config, Summary, simulate

QUICK = Config(students=6, days=30, budget=40)
FULL = Config(students=20, days=60, budget=60)


def bundled_card_count() -> int:
    from trainer.deck import load_decks
    from trainer.generator import Bank
    from trainer.paths import bundled_deck_paths

    return sum(len(Bank(d).cards()) for d in load_decks(bundled_deck_paths()))


def config_from(args: argparse.Namespace) -> Config:
    base = QUICK if args.quick else FULL
    cards = args.cards or bundled_card_count()
    return Config(
        students=args.students or base.students,
        days=args.days or base.days,
        budget=args.budget or base.budget,
        cards=cards,
        seed=args.seed,
        minutes=args.minutes,
    )


def table(summaries: list[Summary], config: Config, seconds: float) -> str:
    lines = [
        f"{config.students} students · {config.cards} cards · {config.days} days to the exam · "
        f"{config.budget_text} · {config.options} options · seed {config.seed}",
        "",
        f"{'scheduler':<22}{'exam-day recall':>20}{'reviews':>18}{'recall per 100 reviews':>26}",
    ]
    for s in summaries:
        lines.append(
            f"{s.scheduler:<22}{s.exam_recall:>13.3f} ± {s.exam_recall_sd:<5.3f}"
            f"{s.reviews:>11.0f} ± {s.reviews_sd:<5.0f}"
            f"{s.recall_per_100_reviews:>18.4f} ± {s.recall_per_100_reviews_sd:<6.4f}"
        )
    lines.append(f"\n(± one standard deviation over students; {seconds:.1f} s)")
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
