"""`trainer drill`: today's drill on plain stdin/stdout, one question at a time.

Only an answer the student typed is recorded: anything that is not one of this question's
options is said to be so and asked again; `q` (or end of input) stops without recording."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from trainer.session import DrillSession

LETTERS = "abcde"
QUIT = ("q", "quit", "exit")


def parse_choice(text: str, options: int) -> int | None:
    """The option index a typed answer names (a-e / A-E or 1-5), or None if it names none."""
    choice = text.strip().lower()
    if len(choice) == 1 and choice in LETTERS[:options]:
        return LETTERS.index(choice)
    # ASCII digits only: int() also reads '²' and '٣'
    if len(choice) <= 2 and choice.isascii() and choice.isdigit() and 1 <= int(choice) <= options:
        return int(choice) - 1
    return None


def run_drill(
    session: DrillSession,
    stdin: TextIO,
    stdout: TextIO,
    max_answers: int | None = None,
    monotonic: Callable[[], float] = time.monotonic,
) -> int:
    def say(text: str = "", end: str = "\n") -> None:
        stdout.write(text + end)
        stdout.flush()

    while max_answers is None or session.answered < max_answers:
        presented = session.next()
        if presented is None:
            say("Nothing more due today.")
            break
        item = presented.item
        n = len(item.options)
        say(f"\n{item.stem}")
        for i, option in enumerate(item.options):
            say(f"  {LETTERS[i]}) {option}")
        prompt = f"Your answer (a-{LETTERS[n - 1]} or 1-{n}; q to stop): "
        started = monotonic()
        index = None
        while index is None:
            say(prompt, end="")
            line = stdin.readline()
            if not line:  # end of input: stop, nothing recorded
                say()
                return _summary(say, session)
            typed = line.strip()
            if typed.lower() in QUIT:
                return _summary(say, session)
            index = parse_choice(typed, n)
            if index is None:
                shown = repr(typed) if typed else "an empty line"
                say(f"{shown} is not an option: type one of a-{LETTERS[n - 1]} or 1-{n}, or q.")
        feedback = session.answer(presented, index, int((monotonic() - started) * 1000))
        say(f"You chose {LETTERS[index]}) {item.options[index]}.")
        if feedback.correct:
            say(f"Right: {LETTERS[item.answer]}) {item.key}. Rated {feedback.rating_name}.")
        else:
            say(
                f"Wrong: the answer is {LETTERS[item.answer]}) {item.key}. "
                f"Rated {feedback.rating_name}."
            )
            say(f"  Why not {LETTERS[index]}: {item.rationales[index]}")
        say(f"  {item.explanation}")
    return _summary(say, session)


def _summary(say: Callable[..., None], session: DrillSession) -> int:
    say(f"\nAnswered {session.answered}, right {session.right}.")
    return 0
