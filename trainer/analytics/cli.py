"""What the instructors' commands print; the CLI only parses their arguments."""

from __future__ import annotations

from trainer.analytics.items import analyse
from trainer.analytics.report import as_csv, as_json, as_text
from trainer.analytics.responses import first_answers
from trainer.errors import TrainerError
from trainer.store.db import Store


def items_report(
    store: Store, deck: str | None, json: bool, csv: bool, flagged_only: bool = False
) -> str:
    try:
        responses = first_answers(store)
    finally:
        store.close()
    if deck is not None and deck not in {r.deck_id for r in responses}:
        known = ", ".join(sorted({r.deck_id for r in responses})) or "none answered yet"
        raise TrainerError(f"--deck {deck!r}: no answers to that deck (decks: {known})")
    items = analyse(responses, deck)
    if json:
        return as_json(items) + "\n"
    if csv:
        return as_csv(items)
    return as_text(items, flagged_only)
