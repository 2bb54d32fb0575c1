"""The command line. Thin: it parses arguments and calls the domain core or the app factory."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from trainer import __version__
from trainer.errors import DeckError, TrainerError
from trainer.humanize import plural


class _Parser(argparse.ArgumentParser):
    """argparse, with a group of commands named in plain words: argparse itself names it by
    its internal ``dest`` ("the following arguments are required: deck_command", "argument
    deck_command: invalid choice"). A missing command is told by its choices."""

    commands: argparse.Action | None = None  # this parser's group of commands, if any
    commands_required = False

    def add_subparsers(self, **kwargs):  # type: ignore[no-untyped-def]
        self.commands_required = kwargs.pop("required", False)
        kwargs.setdefault("metavar", "COMMAND")  # `--help` lists each command under it
        self.commands = super().add_subparsers(**kwargs)
        return self.commands

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def,override]
        namespace, extras = super().parse_known_args(args, namespace)
        commands = self.commands
        chosen = None if commands is None else getattr(namespace, commands.dest, None)
        if self.commands_required and commands is not None and chosen is None:
            self.error(f"say which: {_either(list(commands.choices or ()))}")
        return namespace, extras

    def error(self, message: str) -> None:  # argparse's own exit status is 2 as well
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _either(names: list[str]) -> str:
    """The names as words: "check, show or new"; "report" alone."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


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
    parser = _Parser(
        prog="trainer",
        description="Spaced-repetition anatomy MCQ trainer. Run `trainer` with no command to "
        "open the full-screen app (it needs a terminal); `trainer drill` drills in plain text.",
    )
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
    check.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders to check")
    show = deck_sub.add_parser("show", help="print every item a deck generates")
    show.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders to show")
    show.add_argument(
        "--seed", type=_non_negative, default=0, help="which variant of each item (default 0)"
    )
    show.add_argument(
        "--options", type=_options, default=4, help="options per question, 4 or 5 (default 4)"
    )

    new = deck_sub.add_parser("new", help="write a commented starting deck")
    new.add_argument("name", metavar="NAME", help="the deck's title; its id is made from it")
    new.add_argument("--out", metavar="FILE", help="default: <id>.yaml in this folder")

    bank = sub.add_parser("bank", help="the item bank")
    bank_sub = bank.add_subparsers(dest="bank_command", parser_class=_Parser, required=True)
    export = bank_sub.add_parser("export", help="write items as JSON Lines to stdout")
    export.add_argument("--deck", metavar="ID", help="only this deck")
    export.add_argument(
        "--seed", type=_non_negative, default=0, help="variant of the first item (default 0)"
    )
    export.add_argument(
        "--variants", type=_positive, default=1, metavar="K", help="K variants per card (default 1)"
    )
    export.add_argument(
        "--options", type=_options, default=4, help="options per question, 4 or 5 (default 4)"
    )

    stats = sub.add_parser("stats", help="progress figures")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")

    drill = sub.add_parser("drill", help="a plain-text drill on stdin/stdout (no full-screen app)")
    drill.add_argument(
        "--max", type=_positive, default=None, metavar="N", help="stop after N answers"
    )

    sub.add_parser(
        "optimize",
        help="fit FSRS parameters to your own reviews (kept only if they predict better)",
    )
    exam = sub.add_parser("exam-date", help="set or clear the exam date")
    exam.add_argument("date", help="YYYY-MM-DD from today on, or 'none' to clear it")

    items = sub.add_parser("items", help="item analysis of the class's answers")
    items_sub = items.add_subparsers(dest="items_command", parser_class=_Parser, required=True)
    report = items_sub.add_parser("report", help="difficulty, discrimination, distractors")
    report.add_argument("--deck", metavar="ID", help="only this deck")
    report.add_argument("--flagged", action="store_true", help="only flagged items (text)")
    form = report.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV")

    exporter = sub.add_parser("export", help="decks to Anki, reviews to the FSRS tools")
    export_sub = exporter.add_subparsers(dest="export_command", parser_class=_Parser, required=True)
    apkg = export_sub.add_parser("apkg", help="write decks as an Anki package")
    apkg.add_argument("decks_wanted", nargs="+", metavar="DECK", help="deck id or YAML file")
    apkg.add_argument("--out", metavar="FILE", default="trainer.apkg", help="default: trainer.apkg")
    apkg.add_argument("--variants", type=_positive, default=1, metavar="N", help="notes per card")
    apkg.add_argument(
        "--options", type=_options, default=4, help="options per question, 4 or 5 (default 4)"
    )

    reviews_out = export_sub.add_parser(
        "reviews", help="the student's review log as CSV in the FSRS tools' layout"
    )
    reviews_out.add_argument("--csv", action="store_true", help="CSV (the only format)")
    reviews_out.add_argument("--out", metavar="FILE", help="default: standard output")
    importer = sub.add_parser("import", help="bring a review history back in")
    import_sub = importer.add_subparsers(dest="import_command", parser_class=_Parser, required=True)
    reviews_in = import_sub.add_parser("reviews", help="read a CSV written by 'export reviews'")
    reviews_in.add_argument("file", metavar="FILE", help="the CSV file to read")

    klass = sub.add_parser("class", help="the instructor's view of the class")
    klass_sub = klass.add_subparsers(dest="class_command", parser_class=_Parser, required=True)
    class_report = klass_sub.add_parser(
        "report", help="students' progress, exam sittings with ranks, items to look at"
    )
    class_report.add_argument("--exam-date", metavar="YYYY-MM-DD", help="the class's exam day")
    class_report.add_argument("--deck", metavar="ID", help="item analysis of this deck only")
    class_report.add_argument("--json", action="store_true", help="print JSON")

    student = sub.add_parser("student", help="show the student profiles, or choose one")
    student_sub = student.add_subparsers(dest="student_command", parser_class=_Parser)
    use = student_sub.add_parser("use", help="remember NAME as the profile to use")
    use.add_argument("name", metavar="NAME", help="the profile's name")

    isncsci = sub.add_parser("isncsci", help="ISNCSCI classification of a spinal cord injury exam")
    isncsci_sub = isncsci.add_subparsers(
        dest="isncsci_command", parser_class=_Parser, required=True
    )
    classify = isncsci_sub.add_parser(
        "classify",
        help="classify one exam (JSON in the calculators' flat key layout); prints JSON",
    )
    classify.add_argument("exam", metavar="EXAM.json", help="the exam as a JSON file")

    backups = sub.add_parser("backup", help="back up the store now (SQLite's online backup)")
    backups.add_argument("--list", action="store_true", help="list the store's backups")
    restoring = sub.add_parser("restore", help="replace the store by a backup; says what is lost")
    restoring.add_argument("file", metavar="FILE", help="the backup file to restore")
    checking = sub.add_parser("check", help="check the store; --repair rebuilds from the log")
    checking.add_argument(
        "--repair", action="store_true", help="rebuild damaged cards from the review log"
    )

    sim = sub.add_parser("simulate", help="compare schedulers on simulated students")
    sim.add_argument(
        "--students",
        type=_upto(1_000, "students"),
        default=None,
        help="how many simulated students",
    )
    sim.add_argument(
        "--days", type=_upto(3_650, "days"), default=None, help="how many days to simulate"
    )
    sim.add_argument(
        "--minutes", type=_upto(1_440, "minutes"), default=None, help="minutes of study per day"
    )
    sim.add_argument(
        "--seed", type=_non_negative, default=0, help="random seed of the simulation (default 0)"
    )
    sim.add_argument(
        "--cards",
        type=_upto(100_000, "cards"),
        default=None,
        help="deck size (default: the bundled decks)",
    )
    sim.add_argument(
        "--quick", action="store_true", help="a small run that finishes in under a minute"
    )
    sim.add_argument("--json", action="store_true", help="print the results as JSON")
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


def _stamped_decks(specs: Sequence[str] | None):
    """The decks, and the stamp of their files read just before loading them (a card sync
    with the same stamp is skipped: `trainer.sync_stamp`); decks with the stamp of the last
    load are read back from the cache (`trainer.deck.cache`)."""
    from trainer.deck.cache import load_decks_cached
    from trainer.sync_stamp import code_stamp, decks_stamp, sync_stamp

    paths = _deck_paths(specs)
    code = code_stamp()
    stamp = sync_stamp(paths, code=code)
    decks = load_decks_cached(paths, stamp)
    if stamp is not None and decks_stamp(decks, code=code) != stamp:
        stamp = None  # a file changed while it was read: sync, and record no stamp
    return decks, stamp


def _trainer(args: argparse.Namespace):
    from trainer.clock import SystemClock
    from trainer.session import Trainer

    decks, stamp = _stamped_decks(args.decks)
    return Trainer(decks, _open_store(args), SystemClock(), sync_stamp=stamp)


def _open_store(args: argparse.Namespace):
    from trainer.paths import default_db_url
    from trainer.profiles import current_student
    from trainer.store import open_store
    from trainer.store.urls import check_kept

    url = args.db or default_db_url()
    check_kept(url, records=args.command in (None, "drill", "exam-date"))
    store = open_store(url, student=current_student(args.student))
    if store.made_beside_others:  # a mistyped name would look like lost progress
        from trainer.store.db import students

        others = ", ".join(name for _, name in students(store) if name != store.student)
        print(
            f"trainer: made a new profile {store.student!r}; this store also has: {others} "
            "(`--student NAME` picks one, `trainer student` lists them)",
            file=sys.stderr,
        )
    return store


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
        held = "" if not report.withheld else f", {plural(len(report.withheld), 'row')} withheld"
        counts = ", ".join(
            (
                plural(len(deck.tables), "table"),
                plural(rows, "row"),
                plural(len(deck.templates), "template"),
                plural(len(deck.questions), "question"),
                plural(report.cards, "card"),
            )
        )
        print(f"{path}: ok — {deck.id} v{deck.version}: {counts}{five}{held}")
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


def cmd_deck_new(args: argparse.Namespace) -> int:
    from trainer.deck.scaffold import scaffold

    path = scaffold(args.name, Path(args.out) if args.out else None)
    print(f"{path}: written; check it with 'trainer deck check {path}'")
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
    from trainer.study.projection import project

    trainer = _trainer(args)
    stats = compute_stats(trainer)
    # "if you keep studying as you have": the drill run forward to the exam (bounded cost)
    projection = project(trainer, band=True) if stats.exam_date is not None else None
    if args.json:
        data = stats.to_json()
        data["projection"] = projection.to_json() if projection is not None else None
        print(json.dumps(data, indent=2, ensure_ascii=True))
        return 0
    from trainer.plain.stats import stats_report

    print(stats_report(stats, projection=projection))
    return 0


def cmd_optimize(args: argparse.Namespace) -> int:
    from trainer.scheduling.optimize_command import optimize

    print(optimize(_trainer(args)))
    return 0


def cmd_exam_date(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from trainer.study.settings_form import CLI_CLEARS, parse_exam_date

    trainer = _trainer(args)
    exam = parse_exam_date(args.date, trainer.clock.now().date(), CLI_CLEARS)
    if exam is None and args.date.strip().lower() != "none":
        raise TrainerError(f"exam date: give YYYY-MM-DD, or {CLI_CLEARS}")
    trainer.save_settings(replace(trainer.settings, exam_date=exam))
    print(f"exam date: {exam.isoformat() if exam else 'none'}")
    return 0


def cmd_drill(args: argparse.Namespace) -> int:
    from trainer.plain.drill import run_drill
    from trainer.session import DrillSession

    if hasattr(sys.stdin, "reconfigure"):  # bytes that are not text read as U+FFFD, not a crash
        sys.stdin.reconfigure(errors="replace")
    trainer = _trainer(args)
    session = DrillSession(trainer)
    try:
        return run_drill(session, sys.stdin, sys.stdout, args.max)
    finally:  # q, end of input or --max: the card on screen is given back, as the app does
        session.close()


def cmd_student(args: argparse.Namespace) -> int:
    from trainer.profiles import remember_student
    from trainer.store.db import students

    if args.student_command == "use":
        remember_student(args.name)
        print(f"student: {args.name}")
        return 0
    from trainer.profiles import current_student
    from trainer.store.db import check_student_name

    chosen = check_student_name(current_student(args.student))
    store = _open_class(args)  # listing makes no profile, not even the chosen one
    try:
        names = [name for _id, name in students(store)]
    finally:
        store.close()
    for name in names:
        print(f"{'*' if name == chosen else ' '} {name}")
    if chosen not in names:
        print(f"* {chosen} (new: made when it first studies)")
    return 0


def cmd_items(args: argparse.Namespace) -> int:
    from trainer.analytics.cli import items_report

    print(items_report(_open_class(args), args.deck, args.json, args.csv, args.flagged), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from trainer.export.apkg import export_apkg

    if args.export_command == "reviews":
        return _export_reviews(args)
    known = {deck.id: deck for deck in _load(args.decks)}
    chosen = []
    for wanted in args.decks_wanted:
        if wanted in known:
            chosen.append(known[wanted])
        elif Path(wanted).is_file():
            chosen.extend(_load([wanted]))
        else:
            names = ", ".join(sorted(known))
            raise TrainerError(f"{wanted!r} is neither a deck id ({names}) nor a deck file")
    summary = export_apkg(chosen, Path(args.out), args.variants, args.options)
    notes, decks = plural(summary.notes, "note"), plural(summary.decks, "deck")
    print(f"{args.out}: {notes} from {decks}")
    for card in summary.skipped:
        print(f"trainer: skipped {card}: no variant could be generated", file=sys.stderr)
    return 0


def _export_reviews(args: argparse.Namespace) -> int:
    from trainer.export.reviews import export_csv

    store = _open_store(args)
    try:
        text = export_csv(store)
    finally:
        store.close()
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(args.out).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TrainerError(f"{args.out}: cannot write: {exc.strerror}") from None
    print(f"{args.out}: {plural(text.count(chr(10)) - 1, 'review')}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from trainer.export.reviews import import_csv

    trainer = _trainer(args)
    try:
        summary = import_csv(
            trainer.store, Path(args.file), trainer.scheduler(), trainer.clock.now()
        )
    finally:
        trainer.store.close()
    print(
        f"{args.file}: {plural(summary.read, 'review')} read, {summary.added} added, "
        f"{summary.duplicates} already held; {plural(summary.cards, 'card')} rescheduled"
    )
    return 0


def cmd_class(args: argparse.Namespace) -> int:
    from trainer.analytics.cli import class_report
    from trainer.clock import SystemClock

    now = SystemClock().now()
    print(class_report(_open_class(args), now, args.exam_date, args.deck, args.json), end="")
    return 0


def _open_class(args: argparse.Namespace):
    from trainer.paths import default_db_url
    from trainer.store.db import open_class

    return open_class(args.db or default_db_url())


def cmd_simulate(args: argparse.Namespace) -> int:
    from trainer.sim.run import main as simulate

    return simulate(args)


def app_opener(args: argparse.Namespace, opened: list) -> Callable[[], object]:
    """What the app runs in its worker once its first screen is painted: load the decks, open
    the store (appended to ``opened``, for the caller to close) and build the trainer."""

    def open_trainer():
        from trainer.clock import SystemClock
        from trainer.session import Trainer

        decks, stamp = _stamped_decks(args.decks)
        opened.append(_open_store(args))
        return Trainer(decks, opened[-1], SystemClock(), sync_stamp=stamp)

    return open_trainer


def cmd_app(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise TrainerError(
            "the full-screen app needs a terminal, and this input or output is not one; "
            "for a plain-text drill use `trainer drill` (see `trainer --help`)"
        )
    from trainer.tui.app import open_app  # Textual loads here only: about 0.3 s

    opened: list = []
    app = open_app(app_opener(args, opened))
    try:
        app.run()
    finally:
        for store in opened:
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
        "items": cmd_items,
        "class": cmd_class,
        "export": cmd_export,
        "import": cmd_import,
        "backup": _maintenance("cmd_backup"),
        "restore": _maintenance("cmd_restore"),
        "check": _maintenance("cmd_check"),
    }
    try:
        if args.command == "deck" and args.deck_command == "new":
            code = cmd_deck_new(args)
        elif args.command == "deck":
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
