"""Single-best-answer items generated from deck tables, each proven to have exactly one key."""

from trainer.generator.audit import AuditReport, audit_deck
from trainer.generator.bank import Bank
from trainer.generator.checks import check_item
from trainer.generator.item import CannotGenerate, CardSpec, Item

__all__ = ["AuditReport", "Bank", "CannotGenerate", "CardSpec", "Item", "audit_deck", "check_item"]
