"""The command line's output streams: terminal-safe, and a failing stdout is a clear error.

While a command runs, stdout and stderr are wrapped so that every character they print passes
through `trainer.text.printable` (deck text can never send an escape sequence to the terminal),
and a write that fails (a full disk, an I/O error) becomes an `OutputError`: a message and exit
status 2 instead of a traceback. A closed pipe (``trainer bank export | head``) stays silent.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from trainer.errors import TrainerError
from trainer.text import printable


class OutputError(TrainerError):
    """The command's output could not be written."""


class GuardedStream:
    """Wraps a text stream: writes are made terminal-safe, and write errors are reported once."""

    def __init__(self, stream: IO[str], name: str) -> None:
        self.stream = stream
        self.name = name
        self.failed = False

    def _guard(self, action: Any, *args: Any) -> Any:
        if self.failed:
            return None
        try:
            return action(*args)
        except BrokenPipeError:
            self.failed = True
            raise
        except OSError as exc:
            self.failed = True
            reason = exc.strerror or str(exc)
            raise OutputError(f"cannot write to {self.name}: {reason}") from None

    def write(self, text: str) -> int:
        self._guard(self.stream.write, printable(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guard(self.stream.flush)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def guarded_output() -> Iterator[None]:
    """Install terminal-safe, guarded stdout and stderr for the duration of one command."""
    out, err = sys.stdout, sys.stderr
    guarded_out, guarded_err = GuardedStream(out, "stdout"), GuardedStream(err, "stderr")
    sys.stdout, sys.stderr = guarded_out, guarded_err  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
        if guarded_out.failed:
            _discard(out)


def _discard(stream: IO[str]) -> None:
    """Point a failed stream at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass
