"""One fact: a subject's value for one relation, with every value any cited convention accepts.

A fact is identified by its subject and relation (``knee flexion`` / ``roots``,
``medial malleolus`` / ``dermatome``, ``knee jerk`` / ``nerve``). It may be recorded in a deck's
``facts:`` section, in table cells whose column names the relation (``fact: roots``), and in
table cells that list subjects whose relation includes the row (``fact_of: dermatome``). Every
place adds to the same record, so ``also`` and ``disputed`` belong to the fact, not to a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Place:
    """Where a fact was recorded: ``file:line``."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Value:
    """One whole value of a fact as recorded in one place (``L5, S1``; ``femoral nerve``)."""

    atoms: frozenset[str]
    text: str
    place: Place
    primary: bool = True  # False for a value recorded as another convention's ('also')


@dataclass
class Fact:
    subject: str
    relation: str
    kind: str = "text"  # "roots" or "text"
    values: list[Value] = field(default_factory=list)
    parts: dict[str, Place] = field(default_factory=dict)  # contributions: atom -> where
    complete: bool = False
    declared: Place | None = None  # the facts: entry, when there is one
    note: str | None = None
    disputed: str | None = None
    sources: tuple[str, ...] = ()

    def atoms(self) -> frozenset[str]:
        """Every atom (single root, or phrase) any convention accepts for this fact."""
        found: set[str] = set(self.parts)
        for value in self.values:
            found |= value.atoms
        return frozenset(found)

    def whole_values(self) -> list[frozenset[str]]:
        seen: list[frozenset[str]] = []
        for value in self.values:
            if value.atoms not in seen:
                seen.append(value.atoms)
        return seen

    def primary(self) -> Value | None:
        for value in self.values:
            if value.primary:
                return value
        return self.values[0] if self.values else None

    def admits(self, atoms: frozenset[str]) -> bool:
        """True when some accepted value overlaps ``atoms``: overlap is never a wrong answer."""
        return bool(atoms & self.atoms())

    def denies(self, atoms: frozenset[str]) -> bool:
        """True only when the record is complete and accepts nothing of ``atoms``."""
        return self.complete and bool(self.atoms()) and not self.admits(atoms)

    def fits(self, atoms: frozenset[str]) -> bool:
        """True when a stem stating ``atoms`` could be describing this fact: a roots value
        must be one accepted whole value (or lie within the contributions), a phrase one of
        the accepted phrases."""
        if self.kind == "roots" and atoms in self.whole_values():
            return True
        if self.kind == "roots" and self.values and not self.parts:
            return False
        return atoms <= self.atoms()

    def excludes(self, atoms: frozenset[str], strict: bool) -> bool:
        """Whether the record contradicts a stem stating ``atoms``: ``strict`` when deciding
        whether the stem could describe this subject, otherwise only on no overlap at all."""
        if not self.complete or not self.atoms():
            return False
        return not self.fits(atoms) if strict else not self.admits(atoms)

    def accepts_whole(self, atoms: frozenset[str]) -> bool:
        """True when ``atoms`` is exactly one accepted whole value (what a key must be)."""
        return atoms in self.whole_values()

    def places(self) -> list[Place]:
        found = {v.place for v in self.values} | set(self.parts.values())
        if self.declared is not None:
            found.add(self.declared)
        return sorted(found)
