"""The command line. Thin: it parses arguments and calls the domain core or the app factory."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from trainer import __version__
from trainer.errors import DeckError, TrainerError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit status is 2 as well
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _options(value: str) -> int:
    if value not in ("4", "5"):
        raise argparse.ArgumentTypeError(f"must be 4 or 5, not {value!r}")
    return int(value)


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must not be negative")
    return number


def _positive(value: str) -> int:
    number = _non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _upto(maximum: int, what: str) -> Callable[[str], int]:
    """A positive whole number no larger than ``maximum`` (simulator sizes: D20, D21)."""

    def parse(value: str) -> int:
        if len(value) > 12:
            raise argparse.ArgumentTypeError(f"{value[:12]}… is too large (at most {maximum:,})")
        number = _positive(value)
        if number > maximum:
            raise argparse.ArgumentTypeError(f"{number:,} is too many {what} (at most {maximum:,})")
        return number

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="trainer", description="Spaced-repetition anatomy MCQ trainer.")
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL (default: TRAINER_DB or the user data dir)",
    )
    parser.add_argument(
        "--student",
        metavar="NAME",
        help="student profile (default: TRAINER_STUDENT, the remembered one, or 'default')",
    )
    parser.add_argument(
        "--decks",
        metavar="PATH",
        action="append",
        help="deck file or folder (default: the bundled decks); repeatable",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    deck = sub.add_parser("deck", help="check or show instructor decks")
    deck_sub = deck.add_subparsers(dest="deck_command", parser_class=_Parser, required=True)
    check = deck_sub.add_parser(
        "check", help="validate decks; print file:line:col: message per problem"
    )
    check.add_argument("paths", nargs="+", metavar="PATH")
    show = deck_sub.add_parser("show", help="print every item a deck generates")
    show.add_argument("paths", nargs="+", metavar="PATH")
    show.add_argument("--seed", type=_non_negative, default=0)
    show.add_argument("--options", type=_options, default=4)

    bank = sub.add_parser("bank", help="the item bank")
    bank_sub = bank.add_subparsers(dest="bank_command", parser_class=_Parser, required=True)
    export = bank_sub.add_parser("export", help="write items as JSON Lines to stdout")
    export.add_argument("--deck", metavar="ID", help="only this deck")
    export.add_argument("--seed", type=_non_negative, default=0)
    export.add_argument("--variants", type=_positive, default=1, metavar="K")
    export.add_argument("--options", type=_options, default=4)

    stats = sub.add_parser("stats", help="progress figures")
    stats.add_argument("--json", action="store_true", help="print JSON")

    drill = sub.add_parser("drill", help="a plain-text drill on stdin/stdout (no full-screen app)")
    drill.add_argument(
        "--max", type=_positive, default=None, metavar="N", help="stop after N answers"
    )

    sub.add_parser(
        "optimize",
        help="fit FSRS parameters to your own reviews (kept only if they predict better)",
    )
    exam = sub.add_parser("exam-date", help="set or clear the exam date")
    exam.add_argument("date", help="YYYY-MM-DD, or 'none'")

    student = sub.add_parser("student", help="show the student profiles, or choose one")
    student_sub = student.add_subparsers(dest="student_command", parser_class=_Parser)
    use = student_sub.add_parser("use", help="remember NAME as the profile to use")
    use.add_argument("name", metavar="NAME")

    isncsci = sub.add_parser("isncsci", help="ISNCSCI classification of a spinal cord injury exam")
    isncsci_sub = isncsci.add_subparsers(
        dest="isncsci_command", parser_class=_Parser, required=True
    )
    classify = isncsci_sub.add_parser(
        "classify",
        help="classify one exam (JSON in the calculators' flat key layout); prints JSON",
    )
    classify.add_argument("exam", metavar="EXAM.json")

    backups = sub.add_parser("backup", help="back up the store now (SQLite's online backup)")
    backups.add_argument("--list", action="store_true", help="list the store's backups")
    restoring = sub.add_parser("restore", help="replace the store by a backup; says what is lost")
    restoring.add_argument("file", metavar="FILE")
    checking = sub.add_parser("check", help="check the store; --repair rebuilds from the log")
    checking.add_argument("--repair", action="store_true")

    sim = sub.add_parser("simulate", help="compare schedulers on simulated students")
    sim.add_argument("--students", type=_upto(1_000, "students"), default=None)
    sim.add_argument("--days", type=_upto(3_650, "days"), default=None)
    sim.add_argument(
        "--minutes", type=_upto(1_440, "minutes"), default=None, help="minutes of study per day"
    )
    sim.add_argument("--seed", type=_non_negative, default=0)
    sim.add_argument(
        "--cards",
        type=_upto(100_000, "cards"),
        default=None,
        help="deck size (default: the bundled decks)",
    )
    sim.add_argument(
        "--quick", action="store_true", help="a small run that finishes in under a minute"
    )
    sim.add_argument("--json", action="store_true")
    return parser


def _deck_paths(specs: Sequence[str] | None) -> list[Path]:
    from trainer.paths import bundled_deck_paths

    if not specs:
        return bundled_deck_paths()
    paths: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise TrainerError(f"{path}: no .yaml decks in this folder")
            paths.extend(found)
        else:
            paths.append(path)
    return paths


def _load(specs: Sequence[str] | None):
    from trainer.deck import load_decks

    return load_decks(_deck_paths(specs))


def _trainer(args: argparse.Namespace):
    from trainer.clock import SystemClock
    from trainer.session import Trainer

    decks = _load(args.decks)
    return Trainer(decks, _open_store(args), SystemClock())


def _open_store(args: argparse.Namespace):
    from trainer.paths import default_db_url
    from trainer.profiles import current_student
    from trainer.store import open_store
    from trainer.store.urls import check_kept

    url = args.db or default_db_url()
    check_kept(url, records=args.command in (None, "drill", "exam-date"))
    return open_store(url, student=current_student(args.student))


def cmd_deck_check(args: argparse.Namespace) -> int:
    from trainer.deck import load_deck
    from trainer.facts import Registry
    from trainer.generator import audit_deck

    failed = False
    loaded = []
    for path in _deck_paths(args.paths):
        try:
            loaded.append((path, load_deck(path)))
        except DeckError as exc:
            print(exc, file=sys.stderr)
            failed = True
    registry = Registry.build(deck for _, deck in loaded)
    for path, deck in loaded:
        report = audit_deck(deck, registry=registry)
        if report.problems:
            for problem in report.problems:
                print(problem, file=sys.stderr)
            failed = True
            continue
        rows = sum(len(t.rows) for t in deck.tables.values())
        five = "" if not report.four_only else f", {len(report.four_only)} four-option only"
        held = "" if not report.withheld else f", {len(report.withheld)} rows withheld"
        print(
            f"{path}: ok — {deck.id} v{deck.version}: {len(deck.tables)} tables, {rows} rows, "
            f"{len(deck.templates)} templates, {len(deck.questions)} questions, "
            f"{report.cards} cards{five}{held}"
        )
    return 2 if failed else 0


def cmd_deck_show(args: argparse.Namespace) -> int:
    from trainer.generator import Bank, CannotGenerate

    for deck in _load(args.paths):
        bank = Bank(deck)
        print(f"# {deck.title} ({deck.id} v{deck.version})\n")
        for card in bank.cards():
            try:
                item = bank.generate_any(card.card_id, args.seed, args.options)
            except CannotGenerate as exc:
                print(f"## {card.card_id}\n   cannot generate: {exc.reason}\n")
                continue
            print(f"## {card.card_id}  [{item.kind}; {item.topic}]")
            print(f"   {item.stem}")
            for i, option in enumerate(item.options):
                mark = "*" if i == item.answer else " "
                print(f"   {mark} {chr(65 + i)}. {option}")
            print(f"   Explanation: {item.explanation}")
            for i, why in enumerate(item.rationales):
                if i != item.answer:
                    print(f"     {chr(65 + i)}: {why}")
            print(f"   Sources: {'; '.join(item.sources)}\n")
    return 0


def cmd_bank_export(args: argparse.Namespace) -> int:
    from trainer.generator import Bank, CannotGenerate
    from trainer.text import json_line

    decks = _load(args.decks)
    if args.deck is not None and args.deck not in {d.id for d in decks}:
        known = ", ".join(sorted(d.id for d in decks))
        raise TrainerError(f"--deck {args.deck!r}: no such deck (known: {known})")
    out = sys.stdout
    for deck in decks:
        if args.deck is not None and deck.id != args.deck:
            continue
        bank = Bank(deck)
        for card in bank.cards():
            for variant in range(args.variants):
                try:
                    item = bank.generate_any(card.card_id, args.seed + variant, args.options)
                except CannotGenerate as exc:
                    print(f"trainer: skipped {card.card_id}: {exc.reason}", file=sys.stderr)
                    break
                out.write(json_line(item.to_dict()) + "\n")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from trainer.stats import compute_stats

    trainer = _trainer(args)
    stats = compute_stats(trainer)
    if args.json:
        print(json.dumps(stats.to_json(), indent=2, ensure_ascii=True))
        return 0
    for name, value in stats.to_json().items():
        print(f"{name.replace('_', ' '):>36}: {value if value is not None else '—'}")
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    from trainer.scheduling.optimize_command import optimize

    print(optimize(_trainer(args)))
    return 0


def cmd_exam_date(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from datetime import date

    trainer = _trainer(args)
    if args.date.lower() == "none":
        exam = None
    else:
        try:
            exam = date.fromisoformat(args.date)
        except ValueError:
            raise TrainerError(f"exam date {args.date!r} is not YYYY-MM-DD") from None
    trainer.save_settings(replace(trainer.settings, exam_date=exam))
    print(f"exam date: {exam.isoformat() if exam else 'none'}")
    return 0


def _choice_index(choice: str, options: int) -> int | None:
    """A typed answer: one letter, or an ASCII number (int() also takes '²' and '٣')."""
    letters = "abcde"[:options]
    if len(choice) == 1 and choice in letters:
        return letters.index(choice)
    if len(choice) <= 2 and choice.isascii() and choice.isdigit() and 1 <= int(choice) <= options:
        return int(choice) - 1
    return None


def cmd_drill(args: argparse.Namespace) -> int:
    from trainer.session import DrillSession

    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not text read as U+FFFD, not a crash
        sys.stdin.reconfigure(errors="replace")
    trainer = _trainer(args)
    session = DrillSession(trainer)
    letters = "abcde"
    while args.max is None or session.answered < args.max:
        presented = session.next()
        if presented is None:
            print("Nothing more due today.")
            break
        item = presented.item
        print(f"\n{item.stem}")
        for i, option in enumerate(item.options):
            print(f"  {letters[i]}) {option}")
        started = time.monotonic()
        line = sys.stdin.readline()
        if not line:
            break
        choice = line.strip().lower()
        index = _choice_index(choice, len(item.options))
        feedback = session.answer(presented, index, int((time.monotonic() - started) * 1000))
        verdict = "Right" if feedback.correct else "Wrong"
        print(f"{verdict}: {letters[item.answer]}) {item.key} — rated {feedback.rating_name}")
        print(f"  {item.explanation}")
    print(f"\nAnswered {session.answered}, right {session.right}.")
    return 0


def cmd_student(args: argparse.Namespace) -> int:
    from trainer.profiles import remember_student
    from trainer.store.db import students

    if args.student_command == "use":
        remember_student(args.name)
        print(f"student: {args.name}")
        return 0
    store = _open_store(args)
    try:
        for _id, name in students(store):
            print(f"{'*' if name == store.student else ' '} {name}")
    finally:
        store.close()
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from trainer.sim.run import main as simulate

    return simulate(args)


def cmd_app(args: argparse.Namespace) -> int:
    from trainer.clock import SystemClock
    from trainer.tui.app import make_app

    decks = _load(args.decks)
    store = _open_store(args)
    app = make_app(store, SystemClock(), decks)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def _maintenance(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from trainer import maintenance

        return int(getattr(maintenance, name)(args))

    return run


def main(argv: Sequence[str] | None = None) -> int:
    from trainer.console import guarded_output

    parser = build_parser()
    args = parser.parse_args(argv)
    with guarded_output():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    commands = {
        None: cmd_app,
        "stats": cmd_stats,
        "drill": cmd_drill,
        "exam-date": cmd_exam_date,
        "optimize": cmd_optimize,
        "simulate": cmd_simulate,
        "student": cmd_student,
        "backup": _maintenance("cmd_backup"),
        "restore": _maintenance("cmd_restore"),
        "check": _maintenance("cmd_check"),
    }
    try:
        if args.command == "deck":
            code = cmd_deck_check(args) if args.deck_command == "check" else cmd_deck_show(args)
        elif args.command == "bank":
            code = cmd_bank_export(args)
        elif args.command == "isncsci":
            from trainer.isncsci.command import classify_file

            code = classify_file(args.exam)
        else:
            code = commands[args.command](args)
        sys.stdout.flush()  # buffered output that cannot be written fails here, not at exit
        return code
    except DeckError as exc:
        print(exc, file=sys.stderr)
        return 2
    except TrainerError as exc:
        print(f"trainer: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
