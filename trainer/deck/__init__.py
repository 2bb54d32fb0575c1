"""Instructor decks: the YAML format, its validation, and the loaded model."""

from trainer.deck.loader import load_deck, load_decks
from trainer.deck.model import Cell, Column, Deck, Question, Row, Source, Table, Template

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
