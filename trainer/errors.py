"""Errors that end a command with a clear message and exit status 2."""

from __future__ import annotations

from dataclasses import dataclass


class TrainerError(Exception):
    """A problem the user can fix: bad input, a bad database, a bad argument.

    The CLI prints ``str(error)`` and exits with status 2; nothing stored is touched.
    """

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file: printed as ``file:line:col: message``."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DeckError(TrainerError):
    """A deck failed validation; carries every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class StoreError(TrainerError):
    """The progress database cannot be opened, read or written."""


def unreadable(exc: OSError | UnicodeDecodeError) -> str:
    """Why a file could not be read, in a few plain words and without the path (the message
    names it once): "no such file or directory", "byte 0xff at position 3 is not UTF-8 text"."""
    if isinstance(exc, UnicodeDecodeError):
        return f"byte 0x{exc.object[exc.start]:02x} at position {exc.start} is not UTF-8 text"
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]
