"""What the drill queue reads about studied cards: a ranking, read from its top.

A `Ranking` is fixed when it is made (`RankTerms`: the moment, the day's end, the exam, the
student's answer times) and hands out its cards in order, a page at a time, so a queue never
holds the whole collection. The store computes it in SQL (`trainer.study.source.StoreRanking`);
`ComputedRanking` computes it in Python from a list of cards (the simulator's memory source),
with `trainer.scheduling.priority`, the one definition both follow.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol

from trainer.scheduling.priority import LEARNING_STATES, RankTerms, priority, ranked
from trainer.scheduling.scheduler import TrainerScheduler
from trainer.store.db import StoredCard


class Ranking(Protocol):
    def counts(self) -> tuple[int, int]:
        """(cards in the ranking, of them due before the day's end)."""
        ...

    def next_page(self, limit: int | None) -> list[tuple[float, int]]:
        """The next ``limit`` (all, if None) (priority, card id) in order, after those
        already handed out."""
        ...

    def counts_by_deck(self) -> dict[str, tuple[int, int]]:
        """`counts` for each deck."""
        ...

    def learning(self) -> list[StoredCard]:
        """Learning and relearning cards whose step falls due before the day ends."""
        ...

    def of_facts(self, siblings: Collection[str]) -> list[StoredCard]:
        """The studied cards of these facts (any state), as they are now."""
        ...

    def cards(self, ids: Iterable[int]) -> list[StoredCard]:
        """These cards as they are now, in the order given."""
        ...


class ComputedRanking:
    """A `Ranking` over studied cards held in memory, computed in Python."""

    def __init__(
        self, scheduler: TrainerScheduler, terms: RankTerms, studied: Iterable[StoredCard]
    ) -> None:
        self.terms = terms
        self.studied = {card.id: card for card in studied if not card.state.is_new}
        self.facts: dict[str, list[StoredCard]] = {}
        for card in self.studied.values():
            self.facts.setdefault(card.sibling, []).append(card)
        self.members = [c for c in self.studied.values() if ranked(terms, c.state)]
        self.order = sorted((priority(scheduler, terms, c.state), c.id) for c in self.members)
        self.position = 0

    def counts(self) -> tuple[int, int]:
        return len(self.order), sum(self._due(c) for c in self.members)

    def _due(self, card: StoredCard) -> bool:
        return card.state.due is not None and card.state.due < self.terms.end

    def counts_by_deck(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for card in self.members:
            total, due = found.get(card.deck_id, (0, 0))
            found[card.deck_id] = (total + 1, due + self._due(card))
        return found

    def next_page(self, limit: int | None) -> list[tuple[float, int]]:
        end = len(self.order) if limit is None else self.position + limit
        page = self.order[self.position : end]
        self.position += len(page)
        return page

    def learning(self) -> list[StoredCard]:
        return [
            c
            for c in self.studied.values()
            if c.state.state in LEARNING_STATES
            and c.state.due is not None
            and c.state.due < self.terms.end
        ]

    def of_facts(self, siblings: Collection[str]) -> list[StoredCard]:
        return [card for sibling in siblings for card in self.facts.get(sibling, [])]

    def cards(self, ids: Iterable[int]) -> list[StoredCard]:
        return [self.studied[card_id] for card_id in ids]
