"""Automatic item generation with a single-key proof.

For a card (a template applied to one row) and a seed, the generator

1. chooses what the stem states: the cue cells of the row, or for a vignette a patient, a
   history and findings (`trainer.generator.vignette`);
2. rejects the variant unless the stem determines the key: every other row that would give a
   different answer must be contradicted by a recorded fact (`trainer.generator.distractors`);
   sibling cards therefore never share a stem with different keys;
3. takes distractors in tiers (neighbouring rows and shifted root values, the deck's declared
   confusions, then the rest of the table, within the key's body region and, where the rows
   declare a `group`, the key row's construct; never a whole or a part of the key) and accepts
   one only when a recorded fact rules it out and it overlaps nothing the key's fact accepts;
4. orders the options, renders the stem and the rationales (`trainer.generator.explain`) and
   runs every item-writing check (`trainer.generator.checks`).

A variant that fails is redrawn with the next attempt's randomness; a card with no passing
variant raises `CannotGenerate`, which ``trainer deck check`` reports with the colliding rows.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from trainer.deck.model import Deck, Question, Row, Table, Template, format_value, norm
from trainer.deck.patterns import fill, sentence
from trainer.deck.roots import order_key, parse_roots, shifted
from trainer.facts.registry import Registry
from trainer.generator import forms, vignette
from trainer.generator.checks import check_item, content_words
from trainer.generator.distractors import (
    Clash,
    Judge,
    Option,
    Stated,
    apart,
    band,
    nests,
    regions,
    same_construct,
)
from trainer.generator.explain import Explainer
from trainer.generator.item import CannotGenerate, CardSpec, Item
from trainer.generator.working import ROWS_KEPT, Answers, WorkingSet
from trainer.humanize import agree, plural

ATTEMPTS = 24
DEFAULT_OPTIONS = 4
SHIFTS = (-1, 1, -2, 2, -3, 3)
MIN_OPTIONS = 4  # the fewest options an item has
_NATURAL = re.compile(r"(\d+)")


class Bank:
    """Cards and items of one deck, judged against the facts of every deck loaded with it."""

    def __init__(
        self, deck: Deck, registry: Registry | None = None, *, rows_kept: int = ROWS_KEPT
    ) -> None:
        self.deck = deck
        self.registry = registry if registry is not None else shared_registry(deck)
        # per table: facts, indexes and option domains, kept for the tables in use
        self._work = WorkingSet(deck, self.registry, rows_kept)
        # per template, per row of its table: 0 where no card passed its proof; else, for a
        # one-line card, bit i set where the i-th cue statement determines the key (1 for a
        # vignette). Small ints are shared: a large deck keeps a pointer a card, not proofs.
        self._usable: list[tuple[Template, list[int]]] | None = None
        self._templates: dict[str, tuple[Template, list[int]]] = {}
        self._questions = {f"{deck.id}/q/{q.id}": q for q in deck.questions}
        self._cases: list[CardSpec] | None = None
        self._vignettes: frozenset[str] | None = None
        # tuples, not sets: candidate order must not depend on string hashing
        self._confusions = [tuple(dict.fromkeys(norm(v) for v in g)) for g in deck.confusions]

    def judge(self, table: Table) -> Judge:
        return self._work.get(table).judge

    # -- cards --------------------------------------------------------------------------
    def cards(self) -> list[CardSpec]:
        """Every card of the deck, in the deck's order (made afresh on each call: a large
        deck keeps one byte a card, not the cards)."""
        return list(self.iter_cards())

    def iter_cards(self) -> Iterator[CardSpec]:
        """The cards one at a time (see `cards`)."""
        deck = self.deck
        for template, usable in self._scan():
            table = deck.tables[template.table]
            topic = template.topic or table.topic or table.title
            for position, row in enumerate(table.rows):
                if not usable[position]:
                    continue
                yield CardSpec(
                    card_id=f"{deck.id}/{template.id}/{row.key}",
                    deck_id=deck.id,
                    kind=template.kind,
                    topic=topic,
                    sibling=f"{deck.id}/{table.name}/{row.key}",
                    template_id=template.id,
                    row_key=row.key,
                )
        if deck.cases:  # computed cases: the classifier writes and marks each one
            if self._cases is None:
                from trainer.isncsci import questions as isncsci_cases

                self._cases = list(isncsci_cases.cards(deck.id))
            yield from self._cases
        for card_id, question in self._questions.items():
            yield CardSpec(
                card_id=card_id,
                deck_id=deck.id,
                kind=question.kind,
                topic=question.topic,
                sibling=card_id,
                question_id=question.id,
            )

    def vignette_cards(self) -> frozenset[str]:
        """The ids of the cards whose items are vignettes (`trainer.generator.forms`)."""
        if self._vignettes is None:
            self._vignettes = frozenset(
                c.card_id for c in self.iter_cards() if forms.vignette_form(self.deck, c)
            )
        return self._vignettes

    def _scan(self) -> list[tuple[Template, list[int]]]:
        """Prove every template card once: which rows give a single-keyed card."""
        if self._usable is None:
            usable = []
            for template in self.deck.templates:
                table = self.deck.tables[template.table]
                flags = [self._usable_card(template, table, row) for row in table.rows]
                usable.append((template, flags))
            self._usable = usable
            self._templates = {template.id: (template, flags) for template, flags in usable}
        return self._usable

    def source(self, card_id: str) -> tuple[Template | Question, Row | None] | None:
        """The template and row (or the hand-written question) a card is made from; None
        for a card the deck does not have (a computed case is not looked up here)."""
        found = self._locate(card_id)
        return None if found is None else found[:2]

    def _locate(self, card_id: str) -> tuple[Template | Question, Row | None, int] | None:
        """As `source`, with the card's proof (see ``_usable``)."""
        self._scan()
        question = self._questions.get(card_id)
        if question is not None:
            return question, None, 1
        prefix = f"{self.deck.id}/"
        template_id, slash, row_key = card_id[len(prefix) :].partition("/")
        found = self._templates.get(template_id)
        if not card_id.startswith(prefix) or not slash or found is None:
            return None
        template, usable = found
        table = self.deck.tables[template.table]
        position = self._work.get(table).position(row_key)
        if position is None or not usable[position]:
            return None
        return template, table.rows[position], usable[position]

    def _disputed(self, table: Table, row: Row, column: str) -> bool:
        cell = row.cell(column)
        if cell is not None and cell.unasked:
            return True
        fact = self.judge(table).fact(row, column)
        return fact is not None and bool(fact.disputed)

    def _usable_card(self, template: Template, table: Table, row: Row) -> int:
        """0 for no card; otherwise the card's proof (see ``_usable``)."""
        if not template.asks(row):
            return 0  # outside the template's `groups` scope
        if row.cell(template.answer) is None or self._disputed(table, row, template.answer):
            return 0
        cues = [c for c in template.cues if row.cell(c) is not None]
        usable = [c for c in cues if not self._disputed(table, row, c)]
        if template.vignette:
            if any(c not in usable for c in template.require):
                return 0  # the finding every variant must state is missing or disputed
            atoms = sum(len(row.cells[c].values) for c in usable)
            fits = atoms >= template.findings[0] and self._separable(template, table, row, usable)
            return int(fits)
        if len(usable) != len(template.cues):
            return 0
        choices = self._stem_choices(template, table, row)
        return sum(1 << i for i, s in enumerate(choices) if self._unique(template, table, row, s))

    def _proven_choices(
        self, template: Template, table: Table, row: Row, proof: int
    ) -> list[list[Stated]]:
        """The cue statements of a one-line card that determine its key, from its proof."""
        kept = self._work.get(table).choices
        found = kept.get((template.id, row.key))
        if found is None:
            choices = self._stem_choices(template, table, row)
            found = kept[template.id, row.key] = [
                s for i, s in enumerate(choices) if proof >> i & 1
            ]
        return found

    def _separable(self, template: Template, table: Table, row: Row, cues: list[str]) -> bool:
        """Whether stating every finding of the row would exclude every rival answer."""
        stated = [
            Stated(name, (value,), value)
            for name in cues
            if table.columns[name].role != "history"
            for value in row.cells[name].values
        ]
        return not self._rivals(template, table, row, stated)

    def _stem_choices(self, template: Template, table: Table, row: Row) -> list[list[Stated]]:
        per_cue: list[list[Stated]] = []
        for name in template.cues:
            cell = row.cells[name]
            if table.columns[name].type == "roots" or name == table.key:
                per_cue.append([Stated(name, cell.values, cell.text)])
            else:
                per_cue.append([Stated(name, (v,), v) for v in cell.values])
        return [list(combo) for combo in itertools.product(*per_cue)]

    def _unique(self, template: Template, table: Table, row: Row, stated: list[Stated]) -> bool:
        """No other row that fits everything stated gives a different answer."""
        return not self._rivals(template, table, row, stated)

    def _rivals(
        self, template: Template, table: Table, row: Row, stated: list[Stated]
    ) -> list[Row]:
        judge = self.judge(table)
        key = judge.accepted(row, template)
        rivals = []
        parts = self.registry.parts
        for other in judge.consistent(stated):
            if other is row:
                continue
            if parts.related(other.key, row.key) and not _keyed_on(other, stated, table.key):
                # a whole or a part of the key is never an option, and this stem is not one of
                # its own (the tibial nerve flexes the knee only as a part of the sciatic)
                continue
            cell = other.cell(template.answer)
            if cell is not None and not (cell.accepted() <= key):
                rivals.append(other)
        return rivals

    # -- items --------------------------------------------------------------------------
    def generate(self, card_id: str, seed: int, options: int = DEFAULT_OPTIONS) -> Item:
        """A fresh, proven variant of the card; deterministic for (card, seed, options)."""
        found = self._locate(card_id)
        if found is None:
            if self.deck.cases:
                return self._case(card_id, seed, options)
            raise CannotGenerate(card_id, "no such card in this deck")
        source, row, proof = found
        failures: dict[str, int] = {}
        for attempt in range(ATTEMPTS):
            rng = random.Random(f"{card_id}|{seed}|{options}|{attempt}")
            if isinstance(source, Question):
                item: Item | str = self._handwritten(card_id, source, rng, options, seed)
            else:
                assert row is not None
                item = self._tabular(card_id, source, row, proof, rng, options, seed)
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

    def _case(self, card_id: str, seed: int, options: int) -> Item:
        from trainer.isncsci import questions as isncsci_cases

        if not card_id.startswith(f"{self.deck.id}/"):
            raise CannotGenerate(card_id, "no such card in this deck")
        sources = tuple(source.title for source in self.deck.sources.values())
        last: CannotGenerate | None = None
        for attempt in range(ATTEMPTS):
            try:
                item = isncsci_cases.generate(card_id, seed * ATTEMPTS + attempt, options)
            except CannotGenerate as exc:
                last = exc
                continue
            item = replace(item, sources=sources or item.sources)
            problems = check_item(item)
            if not problems:
                return item
            last = CannotGenerate(card_id, problems[0])
        assert last is not None
        raise last

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
        proof: int,
        rng: random.Random,
        k: int,
        seed: int,
    ) -> Item | str:
        table = self.deck.tables[template.table]
        judge = self.judge(table)
        who: vignette.Person | None = None
        if template.vignette:
            drawn = vignette.state(template, table, row, judge, rng)
            if drawn is None:
                return "no coherent patient and separating findings for this row"
            stated, who = drawn
            stem = vignette.render(template, table, stated, who, rng, row)
        else:
            stated = rng.choice(self._proven_choices(template, table, row, proof))
            stem = _capitalise(
                fill(
                    rng.choice(template.stems),
                    {**{s.column: s.values for s in stated}, "cues": (_join_texts(stated),)},
                    {n: c.type for n, c in table.columns.items() if n != "cues"},
                )
            )
        answer_cell = row.cells[template.answer]
        column = table.columns[template.answer]
        if template.mode == "member":
            key_text = rng.choice(answer_cell.values)
            key = Option(key_text, frozenset({norm(key_text)}), row)
        else:
            key = Option(answer_cell.text, frozenset(norm(v) for v in answer_cell.values), row)
        accepted = judge.accepted(row, template)
        avoid: set[str] = set(accepted)
        for name in template.avoid:
            cell = row.cell(name)
            if cell is not None:
                avoid |= cell.accepted()
            fact = judge.fact(row, name)
            if fact is not None:
                avoid |= fact.atoms()
        subject = table.key in {s.column for s in stated}
        chosen: list[tuple[Option, Clash]] = []
        pool: list[tuple[Option, Clash]] = []  # every acceptable distractor met, in order
        seen = {key.atoms}
        answers = self._answers(table, template)
        candidates: Iterator[Option] | list[Option] = self._candidates(
            table, template, row, key, rng, subject, stated
        )
        echoed = content_words(key.text) & content_words(stem)
        if echoed and rng.random() < 0.5:
            # The key repeats a word of the stem ("thumb" in the history, "thumb abduction" as
            # the key): half the attempts offer first the options that repeat it too, so the
            # word is no cue.
            candidates = _echoing_first(list(candidates), echoed)
        bound = band(column.within, key.atoms)
        outside: list[Option] = []  # other rows' values beyond the key's band: tried last
        for candidate, late in _then(candidates, outside):
            if candidate.atoms in seen or avoid & candidate.atoms:
                continue
            if bound is not None and not late and not candidate.atoms <= bound:
                if candidate.row is not None:
                    outside.append(candidate)  # another reflex's segments, after the arm's own
                continue  # no "T2, T3" for the triceps jerk, no "S5, Co" for a toe movement
            if late and len(chosen) >= MIN_OPTIONS - 1:
                break  # beyond the band only to reach four options: no fifth from elsewhere
            if (
                column.type == "roots"
                and not (bound is not None and candidate.row is not None)
                and not regions(candidate.atoms) & regions(key.atoms)
            ):
                continue
            admitted = answers.admitted(candidate.atoms)
            if column.type != "roots" and not same_construct(row, candidate, admitted):
                continue  # root values keep to the key's body region (above), not to its group
            if self._part_of(candidate, key, row, accepted):
                continue
            if not self._plausible(who, template, table, candidate):
                continue  # no aortic aneurysm offered for a 24-year-old gymnast
            clash = judge.wrong(candidate, row, stated, template, admitted)
            if clash is None:
                continue
            seen.add(candidate.atoms)
            pool.append((candidate, clash))
            # no "L5" beside "L5, S1": one of two nested wrong options would be "more wrong";
            # likewise no whole beside its part ("finger flexion" and "flexion of the middle
            # fingertip"): ruling out one rules out the other
            others = [o for o, _ in chosen]
            if column.type == "roots":
                if not nests(candidate, others):
                    chosen.append((candidate, clash))
            elif not any(
                self.registry.parts.any_related(_names(candidate), _names(o)) for o in others
            ):
                chosen.append((candidate, clash))
            if len(chosen) == k - 1:
                break
        if len(chosen) < k - 1 and column.type == "roots":
            chosen = apart(pool, k - 1) or chosen  # a choice the greedy pass missed
        if len(chosen) < k - 1:
            n = len(chosen)
            return (
                f"only {plural(n, 'option')} {agree(n, 'is', 'are')} contradicted by the stem; "
                f"{k - 1} are needed"
            )
        explainer = Explainer(table, judge)
        why = {id(o): c for o, c in chosen}
        options = self._order([key, *(o for o, _ in chosen)], column, table, template, rng)
        answer = options.index(key)
        rationales = tuple(
            explainer.key(template, row, stated, chosen[0], key.text)
            if o is key
            else explainer.wrong(template, row, o, why[id(o)], stated)
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
            explanation=self._explain(
                template,
                table,
                row,
                (
                    explainer.contrast(template, row, stated, chosen[0]),
                    explainer.convention(row, template),
                ),
            )
            if template.explain
            else rationales[answer],
            rationales=rationales,
            topic=template.topic or table.topic or table.title,
            sources=tuple(self._source_name(s) for s in sources),
            facts=facts,
            seed=seed,
            fits=tuple(o is key for o in options),
            stated=tuple((s.column, s.values) for s in stated),
        )

    def _plausible(
        self, who: vignette.Person | None, template: Template, table: Table, option: Option
    ) -> bool:
        """A diagnosis offered to a vignette's patient is one the patient could have."""
        if who is None or option.row is None or template.answer != table.key:
            return True
        return who.fits(option.row)

    def _part_of(
        self, candidate: Option, key: Option, row: Row, accepted: frozenset[str] = frozenset()
    ) -> bool:
        """A whole and its part (median nerve and its AIN branch, from the deck's ``includes``)
        are never rival options, nor are values drawn from their rows; nor is a whole or a part
        of any value the key's record accepts (front of the thigh beside an L3 key that accepts
        the lower front of the thigh)."""
        parts = self.registry.parts
        mine = {key.text, row.key, *key.atoms, *accepted}
        theirs = {candidate.text, *candidate.atoms}
        if candidate.row is not None:
            theirs.add(candidate.row.key)
        return parts.any_related(theirs, mine)

    def _answers(self, table: Table, template: Template) -> Answers:
        """The table's answer values for ``template``: every value as an option in row order,
        the rows admitting each value, the options by text; built once per table and
        template (`working.Answers`; read-only for callers)."""
        return self._work.get(table).answers(template)

    def _candidates(
        self,
        table: Table,
        template: Template,
        row: Row,
        key: Option,
        rng: random.Random,
        subject: bool,
        stated: list[Stated],
    ) -> Iterator[Option]:
        """Distractor candidates, best first: neighbours failing on one finding, then the rest."""
        answers = self._answers(table, template)
        judge = self.judge(table)
        here = row.index
        near: list[tuple[float, Option]] = []
        for position, option in answers.domain:
            distance = abs(position - here)
            if 0 < distance <= 2 and option.row is not None:
                misses = len(judge.clashes(option.row, stated)) if template.vignette else 1
                near.append(((misses != 1) + distance * 0.4 + rng.random(), option))
        column = table.columns[template.answer]
        if subject and column.type == "roots":
            # a column bounded by `within` may shift further: the bound prunes what leaves it
            for offset in SHIFTS + ((-4, 4) if column.within else ()):
                moved = shifted(tuple(row.cells[template.answer].values), offset)
                if moved is not None:
                    atoms = frozenset(norm(r) for r in moved)
                    text = format_value(moved, "roots")
                    near.append((abs(offset) * 0.4 + rng.random(), Option(text, atoms, None)))
        by_text = answers.texts
        for group in self._confusions:
            if key.atoms & set(group) or norm(key.text) in group:
                for member in group:
                    option = by_text.get(member)
                    if option is not None:
                        near.append((0.5 + rng.random(), option))
        near.sort(key=lambda pair: pair[0])
        yield from (option for _, option in near)
        rest = list(answers.options)
        rng.shuffle(rest)
        yield from rest
        if subject and column.type == "roots" and not column.within:
            # last resort, reached only when nothing nearer fills the options: a shift of four
            # (S2-S4 -> L3-L5), so that refusing nested distractors does not starve a card
            yield from self._shifted(row, template, (-4, 4))

    def _shifted(self, row: Row, template: Template, offsets: tuple[int, ...]) -> Iterator[Option]:
        for offset in offsets:
            moved = shifted(tuple(row.cells[template.answer].values), offset)
            if moved is not None:
                atoms = frozenset(norm(r) for r in moved)
                yield Option(format_value(moved, "roots"), atoms, None)

    def _order(
        self,
        options: list[Option],
        column,
        table: Table,
        template: Template,
        rng: random.Random,
    ) -> list[Option]:
        if column.type == "roots":
            return sorted(options, key=lambda o: order_key(parse_roots(o.text)))
        if column.ordered:
            rank = {o.atoms: p for p, o in self._answers(table, template).domain}
            return sorted(options, key=lambda o: rank.get(o.atoms, len(rank)))
        key, rest = options[0], options[1:]
        rng.shuffle(rest)
        rest.insert(rng.randrange(len(options)), key)
        return rest

    def _explain(
        self, template: Template, table: Table, row: Row, extra: tuple[str | None, ...]
    ) -> str:
        """The author's teaching text for the row, then the finding that separates the key
        from the nearest distractor and the conventions' note, then the row's notes."""
        kinds = {name: c.type for name, c in table.columns.items()}
        slots = {name: cell.values for name, cell in row.cells.items()}
        text = fill(template.explain or "{" + template.answer + "}", slots, kinds)
        text = re.sub(r"\{[^{}]*\}", "", text)
        notes = [c.note for c in row.cells.values() if c.note]
        if row.note:
            notes.append(row.note)
        parts = [sentence(text), *(e for e in extra if e), *(sentence(n) for n in notes)]
        return " ".join(dict.fromkeys(parts))

    def _colliding(self, template: Template | Question, row: Row | None) -> tuple[str, ...]:
        """Rows that fit every cue the key row can state but give another answer."""
        if not isinstance(template, Template) or row is None:
            return ()
        table = self.deck.tables[template.table]
        stated = [
            Stated(name, cell.values, cell.text)
            for name in template.cues
            if (cell := row.cell(name)) is not None and not cell.unasked
        ]
        if template.vignette:
            stated = stated[:1]
        return tuple(r.key for r in self._rivals(template, table, row, stated))

    # -- hand-written items -------------------------------------------------------------
    def _handwritten(
        self, card_id: str, question: Question, rng: random.Random, k: int, seed: int
    ) -> Item:
        distractors = rng.sample(list(question.distractors), min(k - 1, len(question.distractors)))
        first = question.explanation.strip().split(". ")[0]
        entries = [(question.answer, sentence(first))]
        entries += [(d.text, sentence(d.why)) for d in distractors]
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
        return source.title if source is not None else key


_SHARED: dict[tuple[int, ...], tuple[tuple[Deck, ...], Registry]] = {}


def shared_registry(deck: Deck) -> Registry:
    """The registry of every deck loaded together with ``deck``, built once per load."""
    peers = deck.peers or (deck,)
    key = tuple(id(d) for d in peers)
    if key not in _SHARED:
        if len(_SHARED) > 16:
            _SHARED.clear()
        _SHARED[key] = (peers, Registry.build(peers))
    return _SHARED[key][1]


def _join_texts(stated: list[Stated]) -> str:
    from trainer.deck.patterns import join

    return join([s.text for s in stated])


def _echoing_first(options: list[Option], echoed: frozenset[str]) -> Iterator[Option]:
    """``options`` with those sharing a word with ``echoed`` first, each part in its order (a
    stable sort, made as it is read: a question needs a few options, and a long table's
    every option need not have its words read)."""
    others: list[Option] = []
    for option in options:
        if echoed & content_words(option.text):
            yield option
        else:
            others.append(option)
    yield from others


def _then(first: Iterable[Option], later: list[Option]) -> Iterator[tuple[Option, bool]]:
    """Every candidate of ``first``, then those ``later`` collects meanwhile (marked late)."""
    for option in first:
        yield option, False
    for option in later:
        yield option, True


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _natural(text: str) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in _NATURAL.split(text)]


def _keyed_on(row: Row, stated: list[Stated], key: str) -> bool:
    """Whether ``row``'s own values (not another convention's) hold everything stated, so that
    its own card could carry the same stem."""
    for s in stated:
        if s.column == key:
            return False
        cell = row.cell(s.column)
        if cell is None or not s.atoms <= {norm(v) for v in cell.values}:
            return False
    return True


def _names(option: Option) -> set[str]:
    """The names an option goes by: its text, its atoms and the row it was drawn from."""
    names = {option.text, *option.atoms}
    if option.row is not None:
        names.add(option.row.key)
    return names
