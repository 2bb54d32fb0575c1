"""Part-of relations the bank records: a nerve and its branches (the median nerve and the
anterior interosseous nerve), a region and its sub-regions (the front of the thigh and its
lower part). A whole and its part are never rival options: a lesion of the part is a lesion of
the whole, and skin in the sub-region is skin in the region.
"""

from __future__ import annotations

from collections.abc import Iterable

from trainer.deck.model import norm


class Parts:
    def __init__(self) -> None:
        self._wholes: dict[str, set[str]] = {}  # part -> its direct wholes

    def add(self, whole: str, part: str) -> None:
        self._wholes.setdefault(norm(part), set()).add(norm(whole))

    def wholes(self, name: str) -> set[str]:
        """Every whole ``name`` is part of, through any number of steps."""
        found: set[str] = set()
        todo = [norm(name)]
        while todo:
            for whole in self._wholes.get(todo.pop(), ()):
                if whole not in found:
                    found.add(whole)
                    todo.append(whole)
        return found

    def kin(self, name: str) -> set[str]:
        """Every whole ``name`` is part of and every part of it, through any number of steps:
        the names `related` to it."""
        name = norm(name)
        parts = {part for part in self._wholes if name in self.wholes(part)}
        return self.wholes(name) | parts

    def related(self, a: str, b: str) -> bool:
        """Whether one of the two is part of the other."""
        a, b = norm(a), norm(b)
        return a != b and (a in self.wholes(b) or b in self.wholes(a))

    def any_related(self, names: Iterable[str], others: Iterable[str]) -> bool:
        others = tuple(others)
        return any(self.related(a, b) for a in names for b in others)
