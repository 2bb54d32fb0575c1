"""Which cards a block draws: the pool, the chosen decks, and one card per fact first.

A fact (a card's sibling group) asked twice in one block cues its own answer, so a block takes
one card of each fact before any second card of a fact; `BlockPlan.repeats` says how many
questions would have to repeat a fact, so the app can warn before the block starts.

A preset of the vignette form (the USMLE-style block) takes vignette-form cards first
(`trainer.generator.forms`): its questions are all vignettes when the chosen decks hold enough
facts in that form, and otherwise the rest are one-liners of other facts, which
`BlockPlan.form_notice` says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.errors import TrainerError
from trainer.humanize import plural
from trainer.session import Trainer
from trainer.store.db import StoredCard
from trainer.study.exam_presets import POOLS, Preset


@dataclass(frozen=True)
class BlockPlan:
    preset: Preset
    pool: str
    deck_ids: tuple[str, ...] | None
    seed: int
    cards: tuple[StoredCard, ...]  # one card per fact first (shuffled), then the others
    facts: int  # distinct facts in the pool
    vignette_facts: int | None = None  # facts with a vignette-form card, for a vignette preset

    @property
    def questions(self) -> int:
        """How many questions the block can have with repeats allowed."""
        return min(self.preset.questions, len(self.cards))

    @property
    def repeats(self) -> int:
        """Questions that would ask a fact already asked in the same block."""
        return max(0, self.questions - self.facts)

    def warning(self) -> str | None:
        """Why this block is not what the preset promises, in the student's words, or None."""
        short = self.preset.questions - self.questions
        parts = []
        if self.repeats:
            parts.append(
                f"The chosen cards hold {plural(self.facts, 'different fact')}: a "
                f"{self.questions}-question block would ask {self.repeats} of them a second time."
            )
        if short > 0:
            parts.append(
                f"The pool has {plural(len(self.cards), 'card')}, {short} fewer than the "
                f"{plural(self.preset.questions, 'question')} of this preset."
            )
        return " ".join(parts) or None

    def form_notice(self) -> str | None:
        """For a vignette preset whose decks hold too few vignettes: what the rest will be."""
        one_liners = self.questions - (self.vignette_facts or 0)
        if self.vignette_facts is None or one_liners <= 0:
            return None
        return (
            f"The chosen cards hold {plural(self.vignette_facts, 'different fact')} in vignette "
            f"form: the other {plural(one_liners, 'question')} will be one-line items."
        )


def plan_block(
    trainer: Trainer,
    preset: Preset,
    pool: str = "any",
    deck_ids: tuple[str, ...] | None = None,
    seed: int | None = None,
) -> BlockPlan:
    if pool not in POOLS:
        raise TrainerError(f"pool {pool!r} is not one of {', '.join(POOLS)}")
    cards = pool_cards(trainer, pool, deck_ids)
    if not cards:
        raise TrainerError(f"no cards in the {pool!r} pool for this exam block")
    if seed is None:
        seed = int(trainer.clock.now().timestamp() * 1000)
    rng = random.Random(seed)
    rng.shuffle(cards)
    vignette_facts = None
    if preset.form == "vignette":
        vignettes = {c.id for c in cards if trainer.vignette_form(c)}
        cards.sort(key=lambda c: c.id not in vignettes)  # stable: shuffled order within a form
        vignette_facts = len({c.sibling for c in cards if c.id in vignettes})
    firsts: list[StoredCard] = []
    others: list[StoredCard] = []
    seen: set[str] = set()
    for card in cards:
        (others if card.sibling in seen else firsts).append(card)
        seen.add(card.sibling)
    ordered = tuple(firsts + others)
    return BlockPlan(preset, pool, deck_ids, seed, ordered, len(firsts), vignette_facts)


def pool_cards(trainer: Trainer, pool: str, deck_ids: tuple[str, ...] | None) -> list[StoredCard]:
    loaded = tuple(trainer.decks) if deck_ids is None else deck_ids
    cards = [c for c in trainer.store.cards(deck_ids=loaded) if not c.suspended]
    now = trainer.clock.now()
    if pool == "new":
        return [c for c in cards if c.state.is_new]
    if pool == "due":
        return [c for c in cards if not c.state.is_new and c.state.due and c.state.due <= now]
    if pool == "flagged":
        return [c for c in cards if c.flagged]
    if pool == "wrong":
        wrong = trainer.store.wrongly_answered_card_ids()
        return [c for c in cards if c.id in wrong]
    return cards
