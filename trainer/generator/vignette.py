"""Patients and findings for vignettes: coherent people, separating findings, natural order.

The patient is drawn after the history, within what every constraint allows: the template's
ages and sexes, the row's (the condition's age range), and the history's own (``late in
pregnancy`` only for a woman of plausible age). Findings are sampled and then completed until
every other row that would give a different answer is contradicted by something stated, and
at least one stated finding is a positive one (not only "normal power of ...").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from trainer.deck.model import PatientRule, Row, Table, Template
from trainer.deck.patterns import join
from trainer.generator.distractors import Judge, Stated


@dataclass(frozen=True)
class Person:
    age: int
    sex: str
    setting: str
    duration: str
    side: str

    @property
    def he(self) -> str:
        return "she" if self.sex == "woman" else "he"

    @property
    def his(self) -> str:
        return "her" if self.sex == "woman" else "his"

    def fits(self, row: Row) -> bool:
        """Whether the row's condition is plausible for this patient (its ages and sexes): a
        distractor the patient could not have is no distractor."""
        rule = row.patient
        if rule is None:
            return True
        if rule.ages is not None and not rule.ages[0] <= self.age <= rule.ages[1]:
            return False
        return rule.sexes is None or self.sex in rule.sexes


def _intersect(rules: list[PatientRule | None], ages: tuple[int, int], sexes: tuple[str, ...]):
    low, high = ages
    allowed = list(sexes)
    for rule in rules:
        if rule is None:
            continue
        if rule.ages is not None:
            low, high = max(low, rule.ages[0]), min(high, rule.ages[1])
        if rule.sexes is not None:
            allowed = [s for s in allowed if s in rule.sexes]
    if low > high or not allowed:
        return None
    return (low, high), tuple(allowed)


def person(
    template: Template, row: Row, history_rule: PatientRule | None, rng: random.Random
) -> Person | None:
    """A patient every constraint allows, or None when they cannot all hold."""
    assert template.patient is not None
    patient = template.patient
    found = _intersect([row.patient, history_rule], patient.ages, patient.sexes)
    if found is None:
        return None
    (low, high), sexes = found
    return Person(
        age=rng.randint(low, high),
        sex=rng.choice(sexes),
        setting=rng.choice(patient.settings),
        duration=rng.choice(patient.durations) if patient.durations else "",
        side=rng.choice(patient.sides) if patient.sides else "",
    )


def state(
    template: Template, table: Table, row: Row, judge: Judge, rng: random.Random
) -> tuple[list[Stated], Person | None] | None:
    """History first, then findings that separate the key from every other answer."""
    history: list[tuple[Stated, PatientRule | None]] = []
    findings: list[Stated] = []
    for name in template.cues:
        cell = row.cell(name)
        if cell is None or cell.unasked:
            continue
        column = table.columns[name]
        for value in cell.values:
            stated = Stated(name, (value,), column.render(value, phrase=row.phrases.get(name)))
            if column.role == "history":
                history.append((stated, cell.rule(value)))
            else:
                findings.append(stated)
    rng.shuffle(history)
    history_columns = {s.column for s, _ in history}
    chosen: list[Stated] = []
    who = None
    for stated, rule in history:
        who = person(template, row, rule, rng)
        if who is not None:
            chosen.append(stated)
            break
    if history and who is None:
        return None
    if who is None:
        who = person(template, row, None, rng)
        if who is None:
            return None
    low, high = template.findings
    total = rng.randint(low, high)
    need = min(total - len(chosen), len(findings))
    if need < 1 or len(chosen) + need < low:
        return None
    pool = list(findings)
    rng.shuffle(pool)
    for name in template.require:  # the finding the key explains is always stated
        first = next((f for f in pool if f.column == name), None)
        if first is None:
            return None
        pool.remove(first)
        pool.insert(0, first)
    chosen += pool[:need]
    rest = pool[need:]
    key_answer = _answer_atoms(row, template)
    # Findings first: a rival the examination alone leaves open is separated by a further
    # finding where one exists (the history may not be the only discriminator); only then
    # may the history count, as before.
    for by_findings in (True, False):
        while True:
            shown = [s for s in chosen if not by_findings or s.column not in history_columns]
            rivals = [
                r
                for r in judge.consistent(shown)
                if r is not row and not (_answer_atoms(r, template) <= key_answer)
            ]
            if not rivals:
                break
            best = max(
                rest,
                key=lambda s: (sum(judge.clash(r, s) is not None for r in rivals), rng.random()),
                default=None,
            )
            if best is None or not any(judge.clash(r, best) for r in rivals):
                if by_findings:
                    break  # no finding separates them: the history may
                return None
            chosen.append(best)
            rest.remove(best)
        if not rivals:
            break
    positive = [s for s in chosen if table.columns[s.column].role == "finding"]
    if not any(table.columns[s.column].opposes is None for s in positive):
        extra = [s for s in rest if table.columns[s.column].opposes is None]
        if not extra:
            return None
        chosen.append(rng.choice(extra))
    return chosen, who


def _answer_atoms(row: Row, template: Template) -> frozenset[str]:
    cell = row.cell(template.answer)
    return cell.accepted() if cell is not None else frozenset()


def list_of(parts: list[str]) -> str:
    """Findings in one sentence: "a, b and c", with a comma before the last "and" when a
    finding has an "and" of its own, so that no two findings run together."""
    if len(parts) > 2 and any(" and " in p for p in parts):
        return ", ".join(parts[:-1]) + ", and " + parts[-1]
    if len(parts) == 2 and any(" and " in p for p in parts):
        return parts[0] + ", and " + parts[1]
    return join(parts)


def render(
    template: Template,
    table: Table,
    stated: list[Stated],
    who: Person,
    rng: random.Random,
    row: Row | None = None,
) -> str:
    """The stem: patient, history, then findings grouped by column in the template's order."""
    stem = rng.choice(template.stems)
    roles = {name: table.columns[name].role for name in template.cues}
    history = [s.text for s in stated if roles[s.column] == "history"]
    grouped: dict[str, list[str]] = {}
    for name in template.cues:
        for s in stated:
            if s.column == name and roles[name] != "history":
                grouped.setdefault(name, []).extend(s.values)
    findings: list[str] = []
    for c, values in grouped.items():
        column = table.columns[c]
        phrase = row.phrases.get(c) if row is not None else None  # the row's own grade
        whole = (phrase or column.phrase).strip() == "{value}"  # each value a finding in itself
        if whole or any(" and " in v for v in values):  # "pain and temperature": one each
            findings += [column.render(v, side=who.side, phrase=phrase) for v in values]
        else:
            findings.append(column.render(join(values), side=who.side, phrase=phrase))
    values = {
        "patient": f"A {who.age}-year-old {who.sex} {who.setting}".rstrip(),
        "history": join(history) or "a painful leg",
        "findings": list_of(findings),
        "age": str(who.age),
        "sex": who.sex,
        "setting": who.setting,
        "duration": who.duration,
        "side": who.side,
        "he": who.he,
        "his": who.his,
    }
    text = stem
    for name, value in values.items():  # the slots of trainer.deck.schema.STEM_SLOTS
        text = text.replace("{" + name + "}", value)
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]
