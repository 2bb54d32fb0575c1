"""Single-best-answer items generated from deck tables, each proven to have exactly one key.

The names below load with their module on first use: serving a question needs the bank, not
the deck audit."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

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


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
