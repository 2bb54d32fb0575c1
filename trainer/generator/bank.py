"""Automatic item generation with a single-key proof.

For a card (a template applied to one row) and a seed, the generator

1. chooses what the stem states: the cue cells of the row (a vignette samples 2–4 findings,
   history first);
2. computes once which rows of the table are *consistent* with every stated cue (a row is
   consistent when each stated value is among the values its cell accepts, under any
   convention the deck records) and the answer values those rows admit;
3. takes distractors in tiers — neighbouring rows and shifted root values, then the deck's
   declared confusions, then the rest of the table — and accepts one only if no consistent
   row admits it, i.e. the deck's facts contradict something the stem states;
4. orders the options (anatomically for roots, by row order for ordered columns, otherwise
   with the key's position drawn uniformly so it balances across the bank), renders the stem,
   and runs every item-writing check.

A variant that fails is redrawn with the next attempt's randomness; a card with no passing
variant raises `CannotGenerate`, which ``trainer deck check`` reports with the colliding rows.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from trainer.deck.model import Cell, Deck, Question, Row, Table, Template, format_value, norm
from trainer.deck.roots import order_key, shifted
from trainer.generator.checks import check_item
from trainer.generator.item import CannotGenerate, CardSpec, Item

ATTEMPTS = 24
DEFAULT_OPTIONS = 4
SHIFTS = (-1, 1, -2, 2, -3, 3)
_NATURAL = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Stated:
    """One thing the stem states: a column of the key row and the value(s) it names."""

    column: str
    values: tuple[str, ...]
    text: str

    @property
    def atoms(self) -> frozenset[str]:
        return frozenset(norm(v) for v in self.values)


@dataclass(frozen=True)
class Option:
    text: str
    atoms: frozenset[str]
    row: Row | None  # the row it was drawn from; None for a shifted root value


@dataclass
class _AnswerIndex:
    """Per (table, answer column, mode): the answer domain and who admits what."""

    options: list[Option]
    by_position: dict[int, list[Option]]
    by_text: dict[str, Option]
    rank: dict[frozenset[str], int]
    admitting: dict[frozenset[str], list[Row]]


def _accepting(table: Table) -> dict[str, dict[str, set[int]]]:
    """column -> atom -> positions of the rows whose cell accepts that atom."""
    index: dict[str, dict[str, set[int]]] = {}
    for position, row in enumerate(table.rows):
        for name, cell in row.cells.items():
            column = index.setdefault(name, {})
            for atom in cell.accepted():
                column.setdefault(atom, set()).add(position)
    return index


class Bank:
    """Cards and items of one deck. Cheap to build; per-table indexes are built on first use."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._answers: dict[tuple[str, str, str], _AnswerIndex] = {}
        self._accepting: dict[str, dict[str, dict[str, set[int]]]] = {}
        self._positions: dict[str, dict[int, int]] = {}
        self._cards: list[CardSpec] | None = None
        self._by_id: dict[str, tuple[Template | Question, Row | None]] = {}
        self._confusions = [frozenset(norm(v) for v in group) for group in deck.confusions]

    # -- cards --------------------------------------------------------------------------
    def cards(self) -> list[CardSpec]:
        if self._cards is None:
            self._cards = list(self._enumerate())
        return self._cards

    def _enumerate(self) -> Iterator[CardSpec]:
        deck = self.deck
        for template in deck.templates:
            table = deck.tables[template.table]
            topic = template.topic or table.topic or table.title
            for row in table.rows:
                if not self._usable(template, table, row):
                    continue
                card_id = f"{deck.id}/{template.id}/{row.key}"
                self._by_id[card_id] = (template, row)
                yield CardSpec(
                    card_id=card_id,
                    deck_id=deck.id,
                    kind=template.kind,
                    topic=topic,
                    sibling=f"{deck.id}/{table.name}/{row.key}",
                    template_id=template.id,
                    row_key=row.key,
                )
        for question in deck.questions:
            card_id = f"{deck.id}/q/{question.id}"
            self._by_id[card_id] = (question, None)
            yield CardSpec(
                card_id=card_id,
                deck_id=deck.id,
                kind=question.kind,
                topic=question.topic,
                sibling=card_id,
                question_id=question.id,
            )

    def _usable(self, template: Template, table: Table, row: Row) -> bool:
        answer = row.cell(template.answer)
        if answer is None or answer.disputed:
            return False
        cues = [row.cell(c) for c in template.cues]
        usable = [c for c in cues if c is not None and not c.disputed]
        if not template.vignette:
            return len(usable) == len(cues)
        atoms = sum(len(c.values) for c in usable)
        return atoms >= template.findings[0]

    # -- items --------------------------------------------------------------------------
    def generate(self, card_id: str, seed: int, options: int = DEFAULT_OPTIONS) -> Item:
        """A fresh, proven variant of the card; deterministic for (card, seed, options)."""
        self.cards()
        try:
            source, row = self._by_id[card_id]
        except KeyError:
            raise CannotGenerate(card_id, "no such card in this deck") from None
        failures: dict[str, int] = {}
        for attempt in range(ATTEMPTS):
            rng = random.Random(f"{card_id}|{seed}|{options}|{attempt}")
            if isinstance(source, Question):
                item = self._handwritten(card_id, source, rng, options, seed)
            else:
                assert row is not None
                item = self._tabular(card_id, source, row, rng, options, seed)
            if isinstance(item, str):
                failures[item] = failures.get(item, 0) + 1
                continue
            problems = check_item(item)
            if not problems:
                return item
            for problem in problems:
                failures[problem] = failures.get(problem, 0) + 1
        reason = max(failures, key=failures.__getitem__) if failures else "no variant"
        colliding = self._colliding(source, row) if not isinstance(source, Question) else ()
        raise CannotGenerate(card_id, reason, colliding)

    def generate_any(self, card_id: str, seed: int, options: int = DEFAULT_OPTIONS) -> Item:
        """As `generate`, falling back to four options when a card cannot fill five."""
        try:
            return self.generate(card_id, seed, options)
        except CannotGenerate:
            if options <= DEFAULT_OPTIONS:
                raise
            return self.generate(card_id, seed, DEFAULT_OPTIONS)

    # -- tabular items ------------------------------------------------------------------
    def _tabular(
        self,
        card_id: str,
        template: Template,
        row: Row,
        rng: random.Random,
        k: int,
        seed: int,
    ) -> Item | str:
        table = self.deck.tables[template.table]
        stated = self._state(template, table, row, rng)
        if not stated:
            return "the row has too few findings for this template"
        answer_cell = row.cells[template.answer]
        column = table.columns[template.answer]
        consistent = self._consistent_rows(table, stated)
        admitted = _admitted(consistent, template)
        if template.mode == "member":
            key_text = rng.choice(answer_cell.values)
            key = Option(key_text, frozenset({norm(key_text)}), row)
        else:
            key = Option(answer_cell.text, frozenset(norm(v) for v in answer_cell.values), row)
        avoid: set[str] = set()
        for name in template.avoid:
            cell = row.cell(name)
            if cell is not None:
                avoid |= cell.accepted()
        allow_shifts = table.key in {s.column for s in stated} and column.type == "roots"
        chosen: list[Option] = []
        seen = {key.atoms}
        for candidate in self._candidates(table, template, row, key, rng, allow_shifts):
            if candidate.atoms in seen or candidate.atoms in admitted:
                continue
            if avoid & candidate.atoms:
                continue
            seen.add(candidate.atoms)
            chosen.append(candidate)
            if len(chosen) == k - 1:
                break
        if len(chosen) < k - 1:
            return f"only {len(chosen)} options are contradicted by the stem; {k - 1} are needed"
        options = self._order([key, *chosen], column.type, column.ordered, table, template, rng)
        answer = options.index(key)
        # member mode: ``admitted`` holds each admitted atom on its own as well
        fits = tuple(o.atoms in admitted for o in options)
        stem = self._render_stem(template, table, stated, rng)
        rationales = tuple(
            self._rationale_key(template, table, row, stated)
            if o is key
            else self._rationale(template, table, o, stated)
            for o in options
        )
        sources = tuple(dict.fromkeys((*row.sources, *answer_cell.sources)))
        facts = tuple(
            f"{self.deck.id}/{table.name}/{row.key}/{c}"
            for c in (*{s.column: None for s in stated}, template.answer)
        )
        return Item(
            card_id=card_id,
            deck=self.deck.id,
            kind=template.kind,
            stem=stem,
            options=tuple(o.text for o in options),
            answer=answer,
            explanation=self._explain(template, table, row),
            rationales=rationales,
            topic=template.topic or table.topic or table.title,
            sources=tuple(self._source_name(s) for s in sources),
            facts=facts,
            seed=seed,
            fits=fits,
        )

    def _state(
        self, template: Template, table: Table, row: Row, rng: random.Random
    ) -> list[Stated]:
        if not template.vignette:
            stated = []
            for name in template.cues:
                cell = row.cells[name]
                if table.columns[name].type == "roots":
                    stated.append(Stated(name, cell.values, cell.text))
                else:
                    value = rng.choice(cell.values)
                    stated.append(Stated(name, (value,), value))
            return stated
        history: list[Stated] = []
        findings: list[Stated] = []
        for name in template.cues:
            cell = row.cell(name)
            if cell is None or cell.disputed:
                continue
            column = table.columns[name]
            pool = history if column.role == "history" else findings
            for value in cell.values:
                pool.append(Stated(name, (value,), column.render(value)))
        low, high = template.findings
        total = rng.randint(low, high)
        chosen = [rng.choice(history)] if history else []
        need = min(total - len(chosen), len(findings))
        if need < 1 or len(chosen) + need < low:
            return []
        chosen += rng.sample(findings, need)
        return chosen

    def _answer_index(self, table: Table, template: Template) -> _AnswerIndex:
        """The answer domain in row order (atoms for member mode), built once per table."""
        key = (table.name, template.answer, template.mode)
        if key not in self._answers:
            options: dict[frozenset[str], Option] = {}
            by_position: dict[int, list[Option]] = {}
            admitting: dict[frozenset[str], list[Row]] = {}
            for position, row in enumerate(table.rows):
                cell = row.cell(template.answer)
                if cell is None:
                    continue
                if template.mode == "member":
                    drawn = [(frozenset({norm(v)}), v) for v in cell.values]
                    admits = [frozenset({a}) for a in cell.accepted()]
                else:
                    drawn = [(frozenset(norm(v) for v in cell.values), cell.text)]
                    admits = list(cell.accepted_values())
                for atoms, text in drawn:
                    option = options.setdefault(atoms, Option(text, atoms, row))
                    if option.row is row:
                        by_position.setdefault(position, []).append(option)
                for atoms in admits:
                    admitting.setdefault(atoms, []).append(row)
            domain = list(options.values())
            self._answers[key] = _AnswerIndex(
                options=domain,
                by_position=by_position,
                by_text={norm(o.text): o for o in domain},
                rank={o.atoms: o.row.index for o in domain if o.row is not None},
                admitting=admitting,
            )
        return self._answers[key]

    def _position(self, table: Table, row: Row) -> int:
        if table.name not in self._positions:
            self._positions[table.name] = {id(r): i for i, r in enumerate(table.rows)}
        return self._positions[table.name][id(row)]

    def _consistent_rows(self, table: Table, stated: list[Stated]) -> list[Row]:
        """Rows that accept every stated value: an intersection of per-atom row sets."""
        if table.name not in self._accepting:
            self._accepting[table.name] = _accepting(table)
        index = self._accepting[table.name]
        sets = [index.get(s.column, {}).get(atom, set()) for s in stated for atom in s.atoms]
        if not sets:
            return list(table.rows)
        sets.sort(key=len)
        found = set(sets[0]).intersection(*sets[1:])
        return [table.rows[p] for p in sorted(found)]

    def _candidates(
        self,
        table: Table,
        template: Template,
        row: Row,
        key: Option,
        rng: random.Random,
        allow_shifts: bool,
    ) -> Iterator[Option]:
        """Distractor candidates, best first with some randomness for variety."""
        answers = self._answer_index(table, template)
        domain = answers.options
        near: list[tuple[float, Option]] = []
        here = self._position(table, row)
        for distance in (1, 2):
            for position in (here - distance, here + distance):
                for option in answers.by_position.get(position, ()):
                    near.append((distance * 0.4 + rng.random(), option))
        if allow_shifts:
            for offset in SHIFTS:
                moved = shifted(tuple(_root_values(row.cells[template.answer])), offset)
                if moved is not None:
                    atoms = frozenset(norm(r) for r in moved)
                    text = format_value(moved, "roots")
                    near.append((abs(offset) * 0.4 + rng.random(), Option(text, atoms, None)))
        for group in self._confusions:
            if key.atoms & group or norm(key.text) in group:
                for member in group:
                    option = answers.by_text.get(member)
                    if option is not None:
                        near.append((0.5 + rng.random(), option))
        near.sort(key=lambda pair: pair[0])
        yield from (option for _, option in near)
        # the rest of the table, in random order, without building a sorted copy of it
        start = rng.randrange(len(domain)) if domain else 0
        step = _coprime_step(len(domain), rng)
        for i in range(len(domain)):
            yield domain[(start + i * step) % len(domain)]

    def _order(
        self,
        options: list[Option],
        column_type: str,
        ordered: bool,
        table: Table,
        template: Template,
        rng: random.Random,
    ) -> list[Option]:
        if column_type == "roots":
            return sorted(options, key=lambda o: order_key(_roots_of(o.text)))
        if ordered:
            rank = self._answer_index(table, template).rank
            return sorted(options, key=lambda o: rank.get(o.atoms, len(rank)))
        key, rest = options[0], options[1:]
        rng.shuffle(rest)
        rest.insert(rng.randrange(len(options)), key)
        return rest

    def _render_stem(
        self, template: Template, table: Table, stated: list[Stated], rng: random.Random
    ) -> str:
        stem = rng.choice(template.stems)
        if not template.vignette:
            values = {s.column: s.text for s in stated}
            values["cues"] = _join([s.text for s in stated])
            return _capitalise(stem.format(**values))
        assert template.patient is not None
        patient = template.patient
        age = rng.randint(*patient.ages)
        person = f"A {age}-year-old {rng.choice(patient.sexes)} {rng.choice(patient.settings)}"
        roles = {name: table.columns[name].role for name in template.cues}
        history = [s.text for s in stated if roles[s.column] == "history"]
        grouped: dict[str, list[str]] = {}
        for s in stated:
            if roles[s.column] != "history":
                grouped.setdefault(s.column, []).extend(s.values)
        findings = [table.columns[c].render(_join(values)) for c, values in grouped.items()]
        return _capitalise(
            stem.format(
                patient=person,
                history=_join(history) or "a painful leg",
                findings=_join(findings),
            )
        )

    def _explain(self, template: Template, table: Table, row: Row) -> str:
        values = {
            name: (row.cells[name].text if name in row.cells else "—") for name in table.columns
        }
        text = (template.explain or "{" + template.answer + "}").format(**values)
        notes = [c.note for c in row.cells.values() if c.note]
        if row.note:
            notes.append(row.note)
        parts = [_capitalise(text.rstrip(".") + ".")] + [n.rstrip(".") + "." for n in notes]
        return " ".join(parts)

    def _rationale_key(
        self, template: Template, table: Table, row: Row, stated: list[Stated]
    ) -> str:
        answer = table.columns[template.answer].title
        cues = "; ".join(f"{table.columns[s.column].title}: {s.text}" for s in stated)
        return f"Correct: {row.key} fits every finding stated ({cues}) and its {answer} is this option."

    def _rationale(
        self, template: Template, table: Table, option: Option, stated: list[Stated]
    ) -> str:
        """Why a wrong option is wrong: the row it belongs to contradicts a stated finding."""
        rows = list(self._answer_index(table, template).admitting.get(option.atoms, ()))
        # prefer the row whose own value this is over one that admits it by another convention
        rows.sort(key=lambda r: option.atoms not in r.cells[template.answer].accepted_values()[:1])
        answer = table.columns[template.answer].title
        if not rows:
            cue = stated[0]
            return (
                f"{option.text}: no row of '{table.title}' has this {answer} with "
                f"{table.columns[cue.column].title} '{cue.text}'."
            )
        row = rows[0]
        clash = _first_contradiction(row, stated, table)
        if clash is None:  # pragma: no cover - the proof rejected such options
            return f"{option.text}: does not fit the stem."
        if clash.column == table.key:
            return f"{option.text} is the {answer} of {row.key}, not of {clash.text}."
        cell = row.cell(clash.column)
        column = table.columns[clash.column].title
        if cell is None:
            return f"{option.text}: the table gives {row.key} no {column} like '{clash.values[0]}'."
        if len(cell.values) == 1:
            return f"{option.text}: the {column} of {row.key} is {cell.text}."
        return f"{option.text}: the {column} of {row.key} is {cell.text} — not {clash.values[0]}."

    def _colliding(self, template: Template | Question, row: Row | None) -> tuple[str, ...]:
        """Rows that fit every cue the key row can state but give another answer."""
        if not isinstance(template, Template) or row is None:
            return ()
        table = self.deck.tables[template.table]
        stated = [
            Stated(name, cell.values, cell.text)
            for name in template.cues
            if (cell := row.cell(name)) is not None and not cell.disputed
        ]
        key = row.cells[template.answer].accepted()
        return tuple(
            other.key
            for other in table.rows
            if other is not row
            and _consistent(other, stated, partial=template.vignette)
            and (c := other.cell(template.answer)) is not None
            and not (c.accepted() <= key)
        )

    # -- hand-written items -------------------------------------------------------------
    def _handwritten(
        self, card_id: str, question: Question, rng: random.Random, k: int, seed: int
    ) -> Item:
        distractors = rng.sample(list(question.distractors), min(k - 1, len(question.distractors)))
        entries = [
            (
                question.answer,
                "Correct: " + question.explanation.strip().split(". ")[0].rstrip(".") + ".",
            )
        ]
        entries += [(d.text, f"{d.text}: {d.why}") for d in distractors]
        key = entries[0]
        if question.ordered:
            entries.sort(key=lambda e: _natural(e[0]))
        else:
            rest = entries[1:]
            rng.shuffle(rest)
            rest.insert(rng.randrange(len(entries)), key)
            entries = rest
        answer = entries.index(key)
        return Item(
            card_id=card_id,
            deck=self.deck.id,
            kind=question.kind,
            stem=_capitalise(rng.choice(question.stems)),
            options=tuple(e[0] for e in entries),
            answer=answer,
            explanation=question.explanation.strip(),
            rationales=tuple(e[1] for e in entries),
            topic=question.topic,
            sources=tuple(self._source_name(s) for s in question.sources),
            facts=(f"{self.deck.id}/questions/{question.id}",),
            seed=seed,
            fits=tuple(i == answer for i in range(len(entries))),
        )

    def _source_name(self, key: str) -> str:
        source = self.deck.sources.get(key)
        if source is None:
            return key
        return f"{source.title} ({source.file})" if source.file else source.title


# -- the proof's two relations ----------------------------------------------------------
def _consistent(row: Row, stated: list[Stated], *, partial: bool = False) -> bool:
    """True when ``row`` accepts every stated value (``partial``: at least one, for audits)."""
    hits = 0
    for s in stated:
        cell = row.cell(s.column)
        if cell is not None and s.atoms <= cell.accepted():
            hits += 1
        elif not partial:
            return False
    return hits > 0 if partial else True


def _admitted(rows: list[Row], template: Template) -> set[frozenset[str]]:
    """Answer values (whole values, and single atoms for member mode) the rows admit."""
    admitted: set[frozenset[str]] = set()
    for row in rows:
        cell = row.cell(template.answer)
        if cell is None:
            continue
        admitted.update(cell.accepted_values())
        if template.mode == "member":
            admitted.update(frozenset({a}) for a in cell.accepted())
    return admitted


def _first_contradiction(row: Row, stated: list[Stated], table: Table) -> Stated | None:
    """The stated cue the row contradicts: an examination finding the row states otherwise
    first, then the history, then a column the row leaves empty."""
    clashes = [
        s for s in stated if (c := row.cell(s.column)) is None or not s.atoms <= c.accepted()
    ]
    clashes.sort(
        key=lambda s: (row.cell(s.column) is None, table.columns[s.column].role == "history")
    )
    return clashes[0] if clashes else None


# -- small helpers ----------------------------------------------------------------------
def _root_values(cell: Cell) -> list[str]:
    return list(cell.values) if cell.column_type == "roots" else []


def _roots_of(text: str) -> tuple[str, ...]:
    from trainer.deck.roots import parse_roots

    return parse_roots(text)


def _coprime_step(n: int, rng: random.Random) -> int:
    from math import gcd

    if n <= 2:
        return 1
    while True:
        step = rng.randrange(1, n)
        if gcd(step, n) == 1:
            return step


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _natural(text: str) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in _NATURAL.split(text)]
