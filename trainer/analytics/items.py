"""Item analysis: difficulty, discrimination, distractor use and answer time, per card,
template and deck, with flags an instructor should look at.

Every figure comes with its count, and no item is flagged on fewer answers than
`Thresholds.min_answers` (or a distractor judged on fewer showings than
`Thresholds.min_shown`): a small sample is reported, never judged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from trainer.analytics.responses import Response
from trainer.analytics.stats import median_or_none, point_biserial, upper_lower

TOO_EASY = "too easy"
TOO_HARD = "too hard"
NEGATIVE = "negatively discriminating"
NON_FUNCTIONAL = "non-functional distractors"


@dataclass(frozen=True)
class Thresholds:
    min_answers: int = 20  # answers before an item is judged at all
    min_students: int = 10  # ... from at least this many students
    min_shown: int = 20  # showings before a distractor is judged
    min_rest: int = 5  # a student's other answers needed for their score to count
    too_easy: float = 0.90  # share right above which an item is too easy
    too_hard: float = 0.30  # share right below which an item is too hard
    negative: float = -0.10  # point-biserial at or below which discrimination is negative
    functional: float = 0.05  # share of those shown it who must choose a distractor


@dataclass(frozen=True)
class Distractor:
    text: str
    shown: int  # answers (students, for one card) that were shown this option
    chosen: int  # ... and chose it
    functions: bool | None  # None: shown too rarely to judge

    @property
    def share(self) -> float | None:
        return self.chosen / self.shown if self.shown else None


@dataclass(frozen=True)
class ItemStats:
    level: str  # "card", "template" or "deck"
    id: str  # card key, "deck/template", or deck id
    deck_id: str
    answers: int
    students: int
    right: int
    discriminated: int  # answers whose student had a score to correlate with
    r_pb: float | None  # point-biserial of right/wrong with the student's rest score
    d_27: float | None  # upper-lower 27 % index on the same scores
    median_ms: float | None
    cards: int = 1
    flagged_cards: int = 0
    distractors: tuple[Distractor, ...] = ()
    flags: tuple[str, ...] = ()
    blank: int = 0  # answers with no option chosen

    @property
    def p(self) -> float | None:
        return self.right / self.answers if self.answers else None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["p"] = self.p
        data["flags"] = list(self.flags)
        data["distractors"] = [{**asdict(d), "share": d.share} for d in self.distractors]
        return data


@dataclass
class _Scores:
    """Each student's first answers: (answered, right) overall."""

    totals: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, responses: Iterable[Response]) -> _Scores:
        scores = cls()
        for r in responses:
            entry = scores.totals.setdefault(r.student, [0, 0])
            entry[0] += 1
            entry[1] += int(r.correct)
        return scores

    def rest(self, student: str, answered: int, right: int, minimum: int) -> float | None:
        """The student's share right on everything but the answers being judged."""
        total, total_right = self.totals[student]
        others = total - answered
        return (total_right - right) / others if others >= minimum else None


def analyse(
    responses: Sequence[Response],
    deck_id: str | None = None,
    thresholds: Thresholds | None = None,
) -> list[ItemStats]:
    """Deck, template and card statistics, in that order, for ``deck_id`` or every deck.

    Students' scores use all their first answers, whatever deck is reported."""
    t = thresholds or Thresholds()
    scores = _Scores.of(responses)
    chosen = [r for r in responses if deck_id is None or r.deck_id == deck_id]
    by_card: dict[str, list[Response]] = defaultdict(list)
    by_template: dict[tuple[str, str], list[Response]] = defaultdict(list)
    by_deck: dict[str, list[Response]] = defaultdict(list)
    for r in chosen:
        by_card[r.card_key].append(r)
        by_deck[r.deck_id].append(r)
        if r.template_id is not None:
            by_template[(r.deck_id, r.template_id)].append(r)

    cards = {key: _item("card", key, group, scores, t) for key, group in by_card.items()}
    templates = []
    for (deck, template), group in by_template.items():
        keys = {r.card_key for r in group}
        flagged = sum(1 for k in keys if cards[k].flags)
        templates.append(
            _item("template", f"{deck}/{template}", group, scores, t, len(keys), flagged)
        )
    decks = []
    for deck, group in by_deck.items():
        keys = {r.card_key for r in group}
        flagged = sum(1 for k in keys if cards[k].flags)
        decks.append(_deck(deck, group, len(keys), flagged))
    order = sorted(decks, key=lambda s: s.id)
    order += sorted(templates, key=lambda s: s.id)
    order += sorted(cards.values(), key=lambda s: s.id)
    return order


def _item(
    level: str,
    ident: str,
    group: list[Response],
    scores: _Scores,
    t: Thresholds,
    n_cards: int = 1,
    flagged_cards: int = 0,
) -> ItemStats:
    right = sum(1 for r in group if r.correct)
    # each answer against its student's score on everything outside this card or template
    own: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in group:
        own[r.student][0] += 1
        own[r.student][1] += int(r.correct)
    correct: list[bool] = []
    rest: list[float] = []
    for r in group:
        score = scores.rest(r.student, *own[r.student], t.min_rest)
        if score is not None:
            correct.append(r.correct)
            rest.append(score)
    r_pb = point_biserial(correct, rest)
    d_27 = upper_lower(correct, rest)
    distractors = _distractors(group, t)
    stats = ItemStats(
        level=level,
        id=ident,
        deck_id=group[0].deck_id,
        answers=len(group),
        students=len(own),
        right=right,
        discriminated=len(correct),
        r_pb=r_pb,
        d_27=d_27,
        median_ms=median_or_none([r.response_ms for r in group]),
        cards=n_cards,
        flagged_cards=flagged_cards,
        distractors=distractors,
        blank=sum(1 for r in group if r.chosen_text is None),
    )
    return _flag(stats, t)


def _distractors(group: list[Response], t: Thresholds) -> tuple[Distractor, ...]:
    """Each wrong option: how often shown, how often chosen. Answers stored without the
    options as shown count only towards 'chosen' never-judged rows."""
    shown: dict[str, int] = defaultdict(int)
    picked: dict[str, int] = defaultdict(int)
    for r in group:
        if r.shown is not None:
            for option in r.shown:
                if option != r.key_text:
                    shown[option] += 1
        if r.chosen_text is not None and not r.correct:
            picked[r.chosen_text] += 1
    rows = []
    for text in sorted(set(shown) | set(picked)):
        n = shown.get(text, 0)
        k = picked.get(text, 0)
        judged = n >= t.min_shown
        rows.append(Distractor(text, n, k, (k / n >= t.functional) if judged else None))
    rows.sort(key=lambda d: (-d.chosen, d.text))
    return tuple(rows)


def _flag(stats: ItemStats, t: Thresholds) -> ItemStats:
    if stats.students < t.min_students:
        return stats
    flags = []
    p = stats.p
    if stats.answers >= t.min_answers and p is not None:
        if p > t.too_easy:
            flags.append(TOO_EASY)
        elif p < t.too_hard:
            flags.append(TOO_HARD)
    if stats.discriminated >= t.min_answers and stats.r_pb is not None and stats.r_pb <= t.negative:
        flags.append(NEGATIVE)
    if any(d.functions is False for d in stats.distractors):
        flags.append(NON_FUNCTIONAL)
    return ItemStats(**{**stats.__dict__, "flags": tuple(flags)})


def _deck(deck: str, group: list[Response], n_cards: int, flagged: int) -> ItemStats:
    return ItemStats(
        level="deck",
        id=deck,
        deck_id=deck,
        answers=len(group),
        students=len({r.student for r in group}),
        right=sum(1 for r in group if r.correct),
        discriminated=0,
        r_pb=None,
        d_27=None,
        median_ms=median_or_none([r.response_ms for r in group]),
        cards=n_cards,
        flagged_cards=flagged,
        blank=sum(1 for r in group if r.chosen_text is None),
    )
