"""What ``trainer deck check`` adds to structural validation: every card must yield items."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.deck.model import Deck
from trainer.errors import Problem
from trainer.generator.bank import Bank
from trainer.generator.item import CannotGenerate

AUDIT_SEEDS = 6


@dataclass
class AuditReport:
    deck: Deck
    cards: int = 0
    items: int = 0
    four_only: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def audit_deck(deck: Deck, seeds: int = AUDIT_SEEDS) -> AuditReport:
    """Generate every card under several seeds, reporting cards that cannot make a valid item."""
    bank = Bank(deck)
    report = AuditReport(deck)
    path = str(deck.path or deck.id)
    templates = {t.id: t for t in deck.templates}
    questions = {q.id: q for q in deck.questions}
    for card in bank.cards():
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
