"""Instructor decks: the YAML format, its validation, and the loaded model.

The names below load with their module on first use: a launch that reads its decks from the
cache (`trainer.deck.cache`) needs the model only, not the YAML reader and validator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.lazy import lazy_names

if TYPE_CHECKING:
    from trainer.deck.loader import load_deck, load_decks
    from trainer.deck.model import Cell, Column, Deck, Question, Row, Source, Table, Template

_WHERE = {
    "load_deck": "trainer.deck.loader",
    "load_decks": "trainer.deck.loader",
    **{
        name: "trainer.deck.model"
        for name in ("Cell", "Column", "Deck", "Question", "Row", "Source", "Table", "Template")
    },
}

__all__ = [
    "Cell",
    "Column",
    "Deck",
    "Question",
    "Row",
    "Source",
    "Table",
    "Template",
    "load_deck",
    "load_decks",
]


__getattr__ = lazy_names(__name__, _WHERE)
