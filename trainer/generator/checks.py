"""Item-writing checks run on every generated item. An item failing any check is never shown."""

from __future__ import annotations

import re
from functools import lru_cache

from trainer.deck.model import norm
from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.generator.item import Item

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
_ROOT_TOKEN = re.compile(r"^(?:[CTLS]\d{1,2}|Co)$")
_OF_THE_ABOVE = re.compile(r"\b(all|none|both|neither)\b.*\babove\b", re.IGNORECASE)
_NEGATIVE_LEAD = re.compile(
    r"\b(EXCEPT|NOT)\b|\bexcept\b|\bwhich\b[^?]*\bnot\b[^?]*\?$", re.IGNORECASE
)
_CLOSED = re.compile(r"\b(which|what|where|why|how|when|who)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(always|never|all|none|only|usually|often|sometimes|frequently|rarely|"
    r"occasionally|generally|commonly|may|might|invariably)\b",
    re.IGNORECASE,
)
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "which",
        "with",
        "what",
        "where",
        "when",
        "who",
        "why",
        "how",
        "does",
        "do",
        "not",
        "most",
        "more",
        "less",
        "than",
        "their",
        "there",
        "these",
        "those",
        "your",
        "patient",
        "after",
        "side",
    ]
)
LENGTH_RATIO = 1.5
LENGTH_FLOOR = 20


def _stem_word(word: str) -> str:
    word = word.lower().removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


@lru_cache(maxsize=1 << 10)  # stems and options recur across a deck's variants
def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning: four letters or more and not a function word; root names too."""
    words = set()
    for match in _WORD.finditer(text):
        raw = match.group(0)
        if _ROOT_TOKEN.match(raw):
            words.add(raw.upper())
        elif len(raw) >= 4 and raw.lower() not in _STOPWORDS:
            words.add(_stem_word(raw))
    return frozenset(words)


def _is_roots(text: str) -> bool:
    try:
        parse_roots(text)
    except (RootSyntaxError, KeyError):
        return False
    return True


def check_item(item: Item) -> list[str]:
    """Every item-writing rule the item breaks (empty when it may be shown)."""
    failures: list[str] = []
    options = item.options
    if not 0 <= item.answer < len(options):
        return ["the key is not one of the options"]
    if item.fits and (sum(item.fits) != 1 or not item.fits[item.answer]):
        failures.append("not exactly one key: more than one option fits the stem")
    if len({norm(o) for o in options}) != len(options):
        failures.append("options repeat")
    if len({_is_roots(o) for o in options}) > 1:
        failures.append("options are not homogeneous (roots mixed with other answers)")
    if any(_OF_THE_ABOVE.search(o) for o in options):
        failures.append("an option is 'all/none of the above'")
    stem = item.stem.strip()
    if _NEGATIVE_LEAD.search(stem):
        failures.append("the lead-in is negative (NOT/EXCEPT)")
    lead_in = re.split(r"(?<=[.:])\s", stem)[-1]
    if not stem.endswith("?") or not _CLOSED.search(lead_in):
        failures.append("the lead-in is not a closed question")
    key = options[item.answer]
    distractors = [o for i, o in enumerate(options) if i != item.answer]
    others = set().union(*(content_words(d) for d in distractors))
    stem_words = content_words(stem)
    echoed = content_words(key) & stem_words
    # A root the key shares with the stem is a cue only if no distractor's root is echoed too
    # ("L4-L5 disc" -> L5 is fair when L4 is offered as well).
    roots_echoed_elsewhere = any(_ROOT_TOKEN.match(w) for w in others & stem_words)
    given = {w for w in echoed - others if not (_ROOT_TOKEN.match(w) and roots_echoed_elsewhere)}
    if given:
        failures.append(f"the stem gives away the key: {', '.join(sorted(given))}")
    longest = max(len(d) for d in distractors)
    if len(key) > LENGTH_FLOOR and len(key) > LENGTH_RATIO * longest:
        failures.append("the key is much longer than every other option")
    vague = sorted({m.group(0).lower() for o in options for m in _VAGUE.finditer(o)})
    if vague:
        failures.append(f"an option uses an absolute or vague frequency word: {', '.join(vague)}")
    return failures
