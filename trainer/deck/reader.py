"""Read a deck file into a YAML node tree, within fixed bounds, or raise a located `DeckError`.

This is the only place that touches a deck's bytes. It promises, for any input whatsoever:

* a path that is not a regular file (a device, a FIFO, a socket, a directory) is refused at
  once, without reading from it, and a file above `MAX_BYTES` is refused before it is parsed;
* bytes that are not UTF-8, and characters YAML forbids (NUL, raw ESC, other C0/C1 controls),
  are reported at their own ``line:col``;
* the tree is composed *iteratively* from PyYAML's event stream (the parser is a state machine;
  PyYAML's own composer recurses and overflows the stack on deep nesting), with the nesting
  depth, the number of aliases and the size of the tree *with aliases expanded* (nodes and
  characters) checked at every event, so a hostile file stops as soon as it passes a bound;
* nothing is *constructed*: only the core scalar, list and mapping tags are accepted, so no tag
  can build a Python object and nothing in a deck can run code.

Every failure is a `DeckError` whose problems carry ``file:line:col``.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from trainer.errors import DeckError, Problem
from trainer.sync_stamp import content_digest

MAX_BYTES = 1 << 20  # 1 MiB: about 35 times the largest bundled deck
MAX_DEPTH = 64  # a deck needs about 8 levels
MAX_NODES = 200_000  # nodes in the tree with aliases expanded
MAX_CHARS = 4 * MAX_BYTES  # scalar characters with aliases expanded
MAX_ALIASES = 10_000
MAX_INT_DIGITS = 30

_CORE = "tag:yaml.org,2002:"
CORE_TAGS = frozenset(f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq"))
# The characters YAML does not allow in a stream (the same set as PyYAML's reader).
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_text(path: Path) -> str:
    """The file's text, refusing non-regular files, oversized files and non-UTF-8 bytes."""
    return _text(path, _read_bytes(path))


def _text(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _byte_location(data, exc.start)
        byte = data[exc.start]
        raise DeckError(
            [Problem(str(path), line, col, f"byte 0x{byte:02x} is not UTF-8 text ({exc.reason})")]
        ) from None
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _char_location(text, bad.start())
        char = bad.group()
        raise DeckError(
            [
                Problem(
                    str(path),
                    line,
                    col,
                    f"character U+{ord(char):04X} ({_control_name(char)}) is not allowed in a "
                    "YAML file; to put it in a text, write it as an escape in double quotes",
                )
            ]
        )
    return text


def compose_file(path: Path) -> tuple[yaml.Node, str]:
    """Parse ``path`` to a YAML node tree, or raise `DeckError` with the located problem;
    with the `content_digest` of the very bytes parsed (a file may change while it is read:
    a stamp taken from them describes what was parsed)."""
    path = Path(path)
    data = _read_bytes(path)
    return _compose(path, _text(path, data)), content_digest(data)


def _compose(path: Path, text: str) -> yaml.Node:
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        # libyaml's parser, about five times faster; any problem is parsed again below
        # with PyYAML's own parser, whose messages and locations the deck errors use
        try:
            return _Composer(path, text, fast).document()
        except (DeckError, yaml.YAMLError, ValueError, OverflowError):
            pass
    composer = _Composer(path, text)
    try:
        return composer.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise DeckError([Problem(str(path), line, col, f"malformed YAML: {message}")]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _char_location(text, exc.position)
        raise DeckError([Problem(str(path), line, col, f"malformed YAML: {exc.reason}")]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(str(path), 1, 1, f"malformed YAML: {exc}")]) from None
    except (ValueError, OverflowError):  # PyYAML's scanner on an escape such as \UFFFFFFFF
        mark = composer.loader.get_mark()
        message = "malformed YAML: an escape sequence names no Unicode character"
        raise DeckError([Problem(str(path), mark.line + 1, mark.column + 1, message)]) from None


# -- reading bytes ---------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    def refuse(message: str) -> DeckError:
        return DeckError([Problem(str(path), 1, 1, message)])

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: opening a FIFO must not wait for a writer
    except FileNotFoundError:
        raise refuse("no such deck file") from None
    except OSError as exc:
        raise refuse(f"cannot read deck: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("this is a directory, not a deck file")
        if not stat.S_ISREG(info.st_mode):
            raise refuse("not a regular file (a device, pipe or socket): refused without reading")
        if info.st_size > MAX_BYTES:
            raise refuse(_too_big(info.st_size))
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_BYTES:  # the file grew after fstat
            raise refuse(_too_big(size))
        return b"".join(chunks)
    except OSError as exc:
        raise refuse(f"cannot read deck: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(size: int) -> str:
    return f"the deck file is {size:,} bytes; a deck file holds at most {MAX_BYTES:,} bytes"


def _byte_location(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


def _char_location(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _control_name(char: str) -> str:
    code = ord(char)
    names = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL"}
    if code in names:
        return names[code]
    if code < 0x20:
        return "a C0 control character"
    if 0x80 <= code < 0xA0:
        return "a C1 control character"
    return "a non-printable character"


# -- composing -------------------------------------------------------------------------------


@dataclass
class _Open:
    """A list or mapping whose end event has not arrived yet."""

    node: yaml.CollectionNode
    anchor: str | None
    nodes_at_start: int
    chars_at_start: int
    pending_key: yaml.Node | None = None


class _Composer:
    """PyYAML's composer, rewritten as a loop with bounds checked at every event."""

    def __init__(self, path: Path, text: str, loader: type | None = None) -> None:
        self.path = path
        self.loader = (loader or yaml.SafeLoader)(text)
        self.anchors: dict[str, yaml.Node] = {}
        self.weights: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, chars) expanded
        self.nodes = 0
        self.chars = 0
        self.aliases = 0
        self.problems: list[Problem] = []

    def fail(self, mark: yaml.Mark | None, message: str) -> DeckError:
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return DeckError([*self.problems, Problem(str(self.path), line, col, message)])

    def document(self) -> yaml.Node:
        loader = self.loader
        try:
            loader.get_event()  # StreamStart
            if loader.check_event(yaml.StreamEndEvent):
                raise self.fail(None, "the deck file is empty")
            loader.get_event()  # DocumentStart
            root = self.node()
            loader.get_event()  # DocumentEnd
            if not loader.check_event(yaml.StreamEndEvent):
                extra = loader.peek_event()
                raise self.fail(extra.start_mark, "a deck file holds one YAML document")
        finally:
            loader.dispose()
        if self.problems:
            raise DeckError(self.problems)
        return root

    def node(self) -> yaml.Node:
        """Compose one node (the document's root) without recursion."""
        loader = self.loader
        stack: list[_Open] = []
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                done = self.alias(event, stack)
            elif isinstance(event, yaml.ScalarEvent):
                done = self.scalar(event)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                stack.append(self.start(event, len(stack)))
                continue
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                done = self.end(stack.pop(), event)
            else:  # pragma: no cover - the parser emits nothing else inside a document
                raise self.fail(event.start_mark, f"unexpected YAML event {event!r}")
            if not stack:
                return done
            self.attach(stack[-1], done)

    def check_bounds(self, mark: yaml.Mark) -> None:
        if self.nodes > MAX_NODES:
            raise self.fail(
                mark, f"the deck is too large: more than {MAX_NODES:,} values with aliases expanded"
            )
        if self.chars > MAX_CHARS:
            raise self.fail(
                mark,
                f"the deck is too large: more than {MAX_CHARS:,} characters of text "
                "with aliases expanded",
            )

    def check_tag(self, node: yaml.Node) -> None:
        if node.tag not in CORE_TAGS:
            mark = node.start_mark
            self.problems.append(
                Problem(
                    str(self.path),
                    mark.line + 1,
                    mark.column + 1,
                    f"tag {node.tag!r} is not allowed in a deck (plain values only)",
                )
            )

    def register(self, anchor: str | None, node: yaml.Node, mark: yaml.Mark) -> None:
        if anchor is None:
            return
        if anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise self.fail(mark, f"duplicate anchor &{anchor} (first at line {first})")
        self.anchors[anchor] = node

    def alias(self, event: yaml.AliasEvent, stack: list[_Open]) -> yaml.Node:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise self.fail(event.start_mark, f"alias *{anchor} names no anchor defined before it")
        if anchor not in self.weights:
            raise self.fail(event.start_mark, f"alias *{anchor} refers to a value that holds it")
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.fail(event.start_mark, f"the deck uses more than {MAX_ALIASES:,} aliases")
        nodes, chars = self.weights[anchor]
        self.nodes += nodes
        self.chars += chars
        self.check_bounds(event.start_mark)
        return self.anchors[anchor]

    def scalar(self, event: yaml.ScalarEvent) -> yaml.Node:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        self.register(event.anchor, node, event.start_mark)
        self.nodes += 1
        self.chars += len(event.value)
        self.check_bounds(event.start_mark)
        self.check_tag(node)
        if tag == f"{_CORE}int":
            digits = sum(ch.isdigit() for ch in event.value)
            if digits > MAX_INT_DIGITS:
                raise self.fail(
                    event.start_mark,
                    f"a number of {digits:,} digits is too long "
                    f"(a number in a deck has at most {MAX_INT_DIGITS} digits)",
                )
        if event.anchor is not None:
            self.weights[event.anchor] = (1, len(event.value))
        return node

    def start(self, event: yaml.CollectionStartEvent, depth: int) -> _Open:
        if depth + 1 > MAX_DEPTH:
            raise self.fail(
                event.start_mark, f"the deck nests lists and mappings more than {MAX_DEPTH} deep"
            )
        sequence = isinstance(event, yaml.SequenceStartEvent)
        kind = yaml.SequenceNode if sequence else yaml.MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(kind, None, event.implicit)
        node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        self.register(event.anchor, node, event.start_mark)
        self.nodes += 1
        self.check_bounds(event.start_mark)
        self.check_tag(node)
        return _Open(node, event.anchor, self.nodes - 1, self.chars)

    def end(self, frame: _Open, event: yaml.CollectionEndEvent) -> yaml.Node:
        frame.node.end_mark = event.end_mark
        if frame.anchor is not None:
            self.weights[frame.anchor] = (
                self.nodes - frame.nodes_at_start,
                self.chars - frame.chars_at_start,
            )
        return frame.node

    @staticmethod
    def attach(parent: _Open, child: yaml.Node) -> None:
        if isinstance(parent.node, yaml.SequenceNode):
            parent.node.value.append(child)
        elif parent.pending_key is None:
            parent.pending_key = child
        else:
            parent.node.value.append((parent.pending_key, child))
            parent.pending_key = None
