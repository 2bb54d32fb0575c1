"""What ``trainer deck check`` adds to structural validation: facts agree, every card yields items."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.deck.model import Deck
from trainer.deck.patterns import sentence
from trainer.errors import Problem
from trainer.facts.registry import Registry
from trainer.generator.bank import Bank
from trainer.generator.explain import Explainer
from trainer.generator.item import CannotGenerate
from trainer.generator.prose import agreement_problems, prose_problems

AUDIT_SEEDS = 6


@dataclass
class AuditReport:
    deck: Deck
    cards: int = 0
    items: int = 0
    four_only: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def sentence_problems(deck: Deck, bank: Bank) -> list[Problem]:
    """Every sentence each ``say`` pattern makes for each row, checked like a copy editor."""
    found = []
    path = str(deck.path or deck.id)
    for table in deck.tables.values():
        explainer = Explainer(table, bank.judge(table))
        for row in table.rows:  # a row's note is shown as the key's teaching sentence
            if row.note:
                for problem in prose_problems(sentence(row.note)):
                    found.append(Problem(path, row.line, 1, f"note of row {row.key!r}: {problem}"))
        for column in table.columns.values():
            if column.say is None:
                continue
            for row in table.rows:
                cell = row.cell(column.name)
                if cell is None:
                    continue
                counts = {
                    n: len(c.values) for n, c in row.cells.items() if c.column_type != "roots"
                }
                for problem in agreement_problems(column.say, counts):
                    found.append(
                        Problem(path, cell.line, 1, f"say pattern of {column.name!r}: {problem}")
                    )
                for values in {cell.values, *((v,) for v in cell.values)}:
                    text = explainer.say(row, column.name, values)
                    if text is None:  # a slot this row lacks: the pattern is not used
                        continue
                    for problem in prose_problems(sentence(text)):
                        found.append(
                            Problem(
                                path,
                                cell.line,
                                1,
                                f"say pattern of {column.name!r} for row {row.key!r}: {problem}: {sentence(text)!r}",
                            )
                        )
    return found


def audit_deck(
    deck: Deck, seeds: int = AUDIT_SEEDS, registry: Registry | None = None
) -> AuditReport:
    """Generate every card under several seeds, reporting cards that cannot make a valid item,
    templates whose every item the proof rejects, and facts recorded with conflicting values."""
    registry = registry if registry is not None else Registry.build([deck])
    bank = Bank(deck, registry)
    report = AuditReport(deck)
    path = str(deck.path or deck.id)
    report.problems += [p for p in registry.problems if p.path == path]
    if deck.format >= 2:
        report.problems += sentence_problems(deck, bank)
    templates = {t.id: t for t in deck.templates}
    questions = {q.id: q for q in deck.questions}
    cards = bank.cards()
    for template in deck.templates:
        table = deck.tables[template.table]
        mine = [c for c in cards if c.template_id == template.id]
        if table.rows and not mine:
            colliding = sorted({r for row in table.rows for r in bank._colliding(template, row)})
            message = f"template {template.id!r}: the proof rejects every item it can make"
            if colliding:
                message += f"; colliding rows: {', '.join(colliding)}"
            report.problems.append(Problem(path, template.line, 1, message))
        elif template.id in templates:
            have = {c.row_key for c in mine}
            report.withheld += [
                f"{deck.id}/{template.id}/{r.key}"
                for r in table.rows
                if r.key not in have and template.asks(r)
            ]
    for card in cards:
        report.cards += 1
        try:
            for seed in range(seeds):
                bank.generate(card.card_id, seed, 4)
                report.items += 1
        except CannotGenerate as exc:
            if card.template_id is not None:
                template = templates[card.template_id]
                row = deck.tables[template.table].row(card.row_key or "")
                line = row.line if row else template.line
                message = (
                    f"template {template.id!r} cannot make a single-key item for row "
                    f"{card.row_key!r}: {exc.reason}"
                )
                if exc.colliding:
                    message += f"; colliding rows: {', '.join(exc.colliding)}"
                report.problems.append(Problem(path, line, 1, message))
            else:
                question = questions[card.question_id or ""]
                report.problems.append(
                    Problem(path, question.line, 1, f"question {question.id!r}: {exc.reason}")
                )
            continue
        try:
            bank.generate(card.card_id, 0, 5)
        except CannotGenerate:
            report.four_only.append(card.card_id)
    return report
