"""Single-best-answer items generated from deck tables, each proven to have exactly one key.

The names below load with their module on first use: serving a question needs the bank, not
the deck audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.lazy import lazy_names

if TYPE_CHECKING:
    from trainer.generator.audit import AuditReport, audit_deck
    from trainer.generator.bank import Bank
    from trainer.generator.checks import check_item
    from trainer.generator.item import CannotGenerate, CardSpec, Item

_WHERE = {
    "AuditReport": "trainer.generator.audit",
    "audit_deck": "trainer.generator.audit",
    "Bank": "trainer.generator.bank",
    "check_item": "trainer.generator.checks",
    "CannotGenerate": "trainer.generator.item",
    "CardSpec": "trainer.generator.item",
    "Item": "trainer.generator.item",
}

__all__ = ["AuditReport", "Bank", "CannotGenerate", "CardSpec", "Item", "audit_deck", "check_item"]


__getattr__ = lazy_names(__name__, _WHERE)
