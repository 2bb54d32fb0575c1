"""Rationale sentences: one sentence per option that states the discriminating fact.

Deck authors write a ``say`` pattern per column ("The {reflex} is mediated by {roots}."). A
wrong option's sentence states the fact that rules it out and sets it against the key's fact
("The ankle jerk is mediated by S1, S2, whereas the knee jerk is mediated by L3, L4."). The
key's sentence states its fact, the finding that separates it from the nearest distractor, and
the other conventions' values where the sources differ, and the row's own note where the author
wrote one. Without a pattern the sentence falls
back to ``Subject: value.``; no sentence ever names a table, a column label or a file.
"""

from __future__ import annotations

import re

from trainer.deck.model import Row, Table, Template, norm
from trainer.deck.patterns import SLOT, fill, sentence
from trainer.generator.distractors import Clash, Judge, Option, Stated

_ENDS_WITH_SLOT = re.compile(r"\{([a-z0-9_]+)\}\W*$")


class Explainer:
    def __init__(self, table: Table, judge: Judge) -> None:
        self.table = table
        self.judge = judge
        self.kinds = {name: c.type for name, c in table.columns.items()}

    # -- one clause per fact ----------------------------------------------------------------
    def say(self, row: Row, column: str, values: tuple[str, ...] | None = None) -> str | None:
        """The row's fact in ``column`` as the author's clause, without the full stop."""
        pattern = self.table.columns[column].say
        cell = row.cell(column)
        shown = values if values is not None else (cell.values if cell else ())
        if not shown:
            return None
        if pattern is None:
            return f"{row.key}: {fill('{' + column + '}', {column: shown}, self.kinds)}"
        slots = {name: tuple(c.said(v) for v in c.values) for name, c in row.cells.items()}
        slots[column] = tuple(cell.said(v) for v in shown) if cell is not None else shown
        text = fill(_close_asides(pattern, slots, self.kinds), slots, self.kinds)
        if SLOT.search(text):
            return None
        return text.strip().rstrip(".")

    def _statement(self, row: Row, stated: list[Stated]) -> str | None:
        """What the key row's record says about the stated findings."""
        clauses = []
        columns = self.table.columns
        for column in dict.fromkeys(s.column for s in stated if s.column != self.table.key):
            if columns[column].role == "history" and any(
                columns[s.column].role == "finding" for s in stated
            ):
                continue  # a history is a story, not a fact of the row
            if columns[column].say is None and any(columns[s.column].say for s in stated):
                continue
            values = tuple(v for s in stated if s.column == column for v in s.values)
            clause = self.say(row, column, values)
            if clause:
                clauses.append(clause)
        return _merge(clauses[:2]) if clauses else None

    # -- the key ----------------------------------------------------------------------------
    def key(
        self,
        template: Template,
        row: Row,
        stated: list[Stated],
        nearest: tuple[Option, Clash] | None,
        key_text: str | None = None,
    ) -> str:
        subject_stated = self.table.key in {s.column for s in stated}
        if template.vignette and not subject_stated and template.answer != self.table.key:
            parts = self._next_finding(template, row, stated, nearest, key_text)
        else:
            parts = self._main(template, row, stated, nearest, subject_stated)
        note = self._convention(row, template)
        if note:
            parts.append(note)
        if row.note and norm(sentence(row.note)) not in {norm(p) for p in (*parts, note or "")}:
            parts.append(sentence(row.note))  # the author's teaching point for this row
        return " ".join(parts)

    def _next_finding(
        self,
        template: Template,
        row: Row,
        stated: list[Stated],
        nearest: tuple[Option, Clash] | None,
        key_text: str | None,
    ) -> list[str]:
        """A "most likely next finding" item: the asked fact of the lesion the findings point
        to, the lesion the nearest wrong option belongs to, then the findings that point there."""
        parts = []
        member = template.mode == "member"  # the key is one value of the row's cell
        asked = self.say(row, template.answer, (key_text,) if member and key_text else None)
        if asked:
            parts.append(sentence(asked))
        contrast = self._next_contrast(template, row, nearest)
        if contrast:
            parts.append(contrast)
        if parts:  # the stem's findings are not restated: the asked fact and the contrast teach
            return parts
        support = self._statement(row, stated)
        return [sentence(support or f"{row.key} fits the findings stated")]

    def _next_contrast(
        self, template: Template, row: Row, nearest: tuple[Option, Clash] | None
    ) -> str | None:
        """The nearest wrong option's own lesion and its statement of the asked fact."""
        if nearest is None:
            return None
        option = nearest[0]
        if option.row is None or option.row is row:
            return None
        member = template.mode == "member"
        other = self.say(option.row, template.answer, (option.text,) if member else None)
        return sentence("By contrast, " + _lower(other)) if other else None

    def contrast(
        self,
        template: Template,
        row: Row,
        stated: list[Stated],
        nearest: tuple[Option, Clash] | None,
    ) -> str | None:
        """The sentence that separates the key from the nearest distractor ("By contrast, …"),
        as the key's rationale gives it; None when no recorded fact separates them."""
        subject_stated = self.table.key in {s.column for s in stated}
        if template.vignette and not subject_stated and template.answer != self.table.key:
            return self._next_contrast(template, row, nearest)
        if nearest is None:
            return None
        contrast = self._contrast(template, row, nearest[0], nearest[1], stated)
        return sentence("By contrast, " + _lower(contrast)) if contrast else None

    def _main(
        self,
        template: Template,
        row: Row,
        stated: list[Stated],
        nearest: tuple[Option, Clash] | None,
        subject_stated: bool,
    ) -> list[str]:
        if subject_stated:
            main = self.say(row, template.answer)
        elif template.vignette:
            # the one stated finding that separates the key from the nearest distractor, not a
            # restatement of every finding of the stem
            main = (
                self._separating(row, stated, nearest)
                or (row.note and row.note.strip().rstrip("."))
                or self._statement(row, stated)
            )
        else:
            main = self._statement(row, stated)
        parts = [sentence(main)] if main else [sentence(f"{row.key} fits the findings stated")]
        contrast = self.contrast(template, row, stated, nearest)
        if contrast:
            parts.append(contrast)
        return parts

    def _separating(
        self, row: Row, stated: list[Stated], nearest: tuple[Option, Clash] | None
    ) -> str | None:
        """The key row's clause for a stated finding that the nearest distractor's record
        contradicts ("Acute pericarditis gives a pericardial friction rub"): one finding that
        separates the two, not a restatement of the stem."""
        if nearest is None or nearest[0].row is None:
            return None
        for clash in [nearest[1], *self.judge.clashes(nearest[0].row, stated)]:
            if clash.stated is None or clash.stated.column == self.table.key:
                continue
            if self.table.columns[clash.stated.column].role == "history":
                continue  # a history is a story, not a fact of the row
            return self.say(row, clash.stated.column, clash.stated.values)
        return None

    def _contrast(
        self, template: Template, row: Row, option: Option, clash: Clash, stated: list[Stated]
    ) -> str | None:
        if clash.row is None:
            if option.row is not None and option.row is not row:
                return self.say(option.row, template.answer)
            return None
        if clash.row is row:
            return None
        if clash.kind == "opposes":
            return self.say(clash.row, clash.column, clash.values)
        if clash.kind in ("fact", "inverse") and clash.stated is not None:
            return self.say(clash.row, clash.stated.column)
        if clash.kind == "subject":
            return self.say(clash.row, template.answer)
        return None

    def convention(self, row: Row, template: Template) -> str | None:
        """The note of the asked fact naming the conventions where sources differ."""
        return self._convention(row, template)

    def _convention(self, row: Row, template: Template) -> str | None:
        fact = self.judge.fact(row, template.answer)
        if fact is None:
            return None
        if fact.note:
            return sentence(fact.note)
        return None

    # -- a wrong option ---------------------------------------------------------------------
    def wrong(
        self,
        template: Template,
        key_row: Row,
        option: Option,
        clash: Clash,
        stated: list[Stated],
    ) -> str:
        text = self._wrong(template, key_row, option, clash, stated)
        if text:
            return sentence(text)
        return sentence(f"{option.text} does not fit what the question states")

    def _wrong(
        self,
        template: Template,
        key_row: Row,
        option: Option,
        clash: Clash,
        stated: list[Stated],
    ) -> str | None:
        answer = template.answer
        if clash.row is None:  # the stated subject's own fact denies the option
            own = self.say(key_row, answer)
            if own is None:
                return None
            theirs = option.row or self._row_of(option.text, answer)
            if theirs is not None and theirs is not key_row:
                other = self.say(theirs, answer) or self._describe(theirs, answer)
                if other and norm(other) != norm(own):
                    return f"{other}, whereas {_lower(own)}"
            pattern = self.table.columns[answer].say or "{" + answer + "}"
            ends = _ENDS_WITH_SLOT.search(pattern)
            if ends and ends.group(1) == answer:
                return f"{own}, not {option.text}"
            return own
        if clash.kind == "opposes":
            mine = self.say(clash.row, clash.column, clash.values)
            theirs = self._key_side(key_row, clash.stated)
            return f"{mine}; {_lower(theirs)}" if mine and theirs else mine
        if clash.kind == "inverse":
            mine = (
                self.say(clash.row, answer)
                or self.say(clash.row, clash.column)
                or self._describe(clash.row, answer)  # a root with no classic landmark
            )
            theirs = self._key_side(key_row, clash.stated)
            if mine and theirs:
                return f"{mine}, whereas {_lower(theirs)}"
            return mine or theirs
        if clash.kind == "subject" and clash.stated is None:
            return None
        if clash.kind == "subject":
            mine = self.say(clash.row, answer)
            theirs = self.say(key_row, answer)
            if mine and theirs:
                return f"{mine}, whereas {_lower(theirs)}"
            return mine
        if clash.kind == "fact" and clash.stated is not None:
            own = self._own(clash.row, key_row, clash)
            if own is None:  # every value is the key's too: another clash teaches more
                for other in self.judge.clashes(clash.row, stated):
                    if other.kind != "fact" or other.stated is None or other == clash:
                        continue
                    if self._own(other.row or clash.row, key_row, other):
                        return self._wrong(template, key_row, option, other, stated)
            mine = self.say(clash.row, clash.stated.column, own)
            theirs = self._key_side(key_row, clash.stated)
            if mine and theirs and norm(mine) != norm(theirs):
                return f"{mine}, whereas {_lower(theirs)}"
            return mine
        return None

    def _row_of(self, text: str, answer: str) -> Row | None:
        """The row whose answer cell is exactly ``text`` (a neighbour offered by value)."""
        for row in self.table.rows:
            cell = row.cell(answer)
            if cell is not None and norm(cell.text) == norm(text):
                return row
        return None

    def _describe(self, row: Row, answer: str) -> str | None:
        """What the row records in its first other column with a sentence pattern, for an
        option whose own row has no value for the asked fact ("C3 covers the front and side of
        the neck" beside an occiput stem, not the key's fact said again)."""
        for name, column in self.table.columns.items():
            if name in (answer, self.table.key) or column.say is None or column.role:
                continue
            text = self.say(row, name)
            if text:
                return text
        return None

    def _own(self, row: Row, key_row: Row, clash: Clash) -> tuple[str, ...] | None:
        """The option row's values of the clashing column that the key's row does not share
        (a finding both give, such as Spurling's sign for C7 and C8, separates nothing); all of
        them when every one is shared."""
        assert clash.stated is not None
        cell, mine = row.cell(clash.stated.column), key_row.cell(clash.stated.column)
        if cell is None or mine is None:
            return None
        shared = mine.accepted()
        own = tuple(v for v in cell.values if norm(v) not in shared)
        return own or None

    def _key_side(self, key_row: Row, stated: Stated | None) -> str | None:
        if stated is None:
            return None
        return self.say(key_row, stated.column, stated.values)


def _merge(clauses: list[str]) -> str:
    """Two clauses about one subject as one: "A C6 root lesion weakens wrist extension and
    reduces the biceps jerk", never the subject twice; other clauses joined by a semicolon."""
    if len(clauses) != 2:
        return "; ".join(clauses)
    first, second = clauses[0].split(), clauses[1].split()
    shared = 0
    for a, b in zip(first, second, strict=False):
        if a.casefold() != b.casefold():
            break
        shared += 1
    if shared < 2 or shared >= len(second):
        return "; ".join(clauses)
    joint = ", and " if " and " in clauses[0] else " and "
    return clauses[0] + joint + " ".join(second[shared:])


def _lower(text: str | None) -> str:
    """Lower-case the first letter unless it starts a name or a root (``L5``, ``Bragard``)."""
    if not text:
        return ""
    first = text.split(" ", 1)[0]
    if first in ("The", "A", "An", "In", "On", "With", "Weakness", "Reduced", "Normal"):
        return text[:1].lower() + text[1:]
    return text


# an inserted phrase: a comma, then a preposition or "just" (not a second adjective:
# "the outstretched, supinated arm")
ASIDE = re.compile(r", (?:with|just|in|on|at|below|above|from|after|before) ")


def _close_asides(pattern: str, slots: dict[str, tuple[str, ...]], kinds: dict[str, str]) -> str:
    """Close with a comma a one-phrase value whose inserted phrase opens with a comma ("weakness
    that worsens with repeated effort, with normal reflexes") when the sentence goes on after it,
    so the aside is paired: "..., with normal reflexes, points to ..."."""

    def close(match: re.Match[str]) -> str:
        name = match.group(1)
        values = slots.get(name, ())
        if kinds.get(name) == "roots" or len(values) != 1 or not ASIDE.search(values[0]):
            return match.group(0)
        return "{" + name + "}," + match.group(2)

    return re.sub(r"\{(\w+)\}( \w)", close, pattern)
