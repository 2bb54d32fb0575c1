"""What the generator produces: a card (what is scheduled) and an item (what is shown)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)  # slots: a large deck has one per card
class CardSpec:
    """The unit the scheduler tracks: one template applied to one row, or one hand-written question.

    ``card_id`` is ``deck/template/row`` (or ``deck/q/question``): it does not change when a
    deck's wording, row order or version changes, so editing a deck keeps all progress.
    ``sibling`` groups the cards of one fact (the same row under other templates).
    """

    card_id: str
    deck_id: str
    kind: str
    topic: str
    sibling: str
    template_id: str | None = None
    row_key: str | None = None
    question_id: str | None = None


@dataclass(frozen=True)
class Item:
    """One single-best-answer question, ready to show."""

    card_id: str
    deck: str
    kind: str
    stem: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    rationales: tuple[str, ...]
    topic: str
    sources: tuple[str, ...]
    facts: tuple[str, ...] = ()
    seed: int = 0
    fits: tuple[bool, ...] = field(default=(), compare=False)
    # what the stem states, as (column, values) pairs: lets tests re-run the proof
    stated: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return self.options[self.answer]

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("fits")
        data.pop("stated")
        data["options"] = list(self.options)
        data["rationales"] = list(self.rationales)
        data["sources"] = list(self.sources)
        data["facts"] = list(self.facts)
        return data


class CannotGenerate(Exception):
    """No variant of a card passes the single-key proof and the item-writing checks."""

    def __init__(self, card_id: str, reason: str, colliding: tuple[str, ...] = ()) -> None:
        self.card_id = card_id
        self.reason = reason
        self.colliding = colliding
        super().__init__(f"{card_id}: {reason}")
