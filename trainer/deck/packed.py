"""A row's cells held packed: a large deck keeps a few hundred bytes a row, not a `Cell` each.

A row keeps the names of its columns (one tuple shared by every row with the same columns)
and, per column, two entries. A plain cell (no alternatives, note, sources, dispute, patient
rules, general wording, asked) is its value (the string itself when it has one, else the
tuple) and a small code: its column type and its line (0, or counted from the row's line).
Any other cell is kept as its `Cell`, beside ``None``. Reading a cell makes the same `Cell` again, equal field
for field to the one the row was given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from trainer.deck.cell import Cell

_TYPES = ("text", "roots")
_FAR = 127  # line offsets kept in the code: beyond, the cell stays whole
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct column list


def _plain(cell: Cell) -> bool:
    return (
        cell.asked
        and not cell.also
        and cell.note is None
        and not cell.sources
        and cell.disputed is None
        and not cell.rules
        and not cell.general
        and cell.column_type in _TYPES
    )


def _code(cell: Cell, line: int) -> int | None:
    """Column type and line as one small int (shared by the interpreter), or None."""
    if cell.line == 0:
        step = 0
    elif 0 <= cell.line - line < _FAR:
        step = cell.line - line + 1
    else:
        return None
    return step * 2 + _TYPES.index(cell.column_type)


def pack(cells: Mapping[str, Cell], line: int, key: str) -> tuple[tuple[str, ...], tuple]:
    """The names and packed entries of ``cells`` for a row at ``line`` keyed ``key``."""
    names = tuple(cells)
    names = _NAMES.setdefault(names, names)
    packed: list[object] = []
    for cell in cells.values():
        code = _code(cell, line) if _plain(cell) else None
        if code is None:
            packed += (cell, None)
            continue
        values = cell.values
        if len(values) == 1:
            value = values[0]
            packed += (key if value == key else value, code)
        else:
            packed += (values, code)
    return names, tuple(packed)


_NEW = object.__new__
# a plain cell made by setting its slots: twice as fast as the frozen dataclass's __init__
_FIELDS = ("values", "column_type", "also", "note", "sources", "line", "disputed", "rules")
_SET = tuple(getattr(Cell, name).__set__ for name in (*_FIELDS, "asked", "general"))


def _unpack(entry: object, code: int | None, line: int) -> Cell:
    if code is None:
        return entry  # type: ignore[return-value]
    step = code >> 1
    cell = _NEW(Cell)
    values, column_type, also, note, sources, at, disputed, rules, asked, general = _SET
    values(cell, (entry,) if isinstance(entry, str) else entry)
    column_type(cell, _TYPES[code & 1])
    also(cell, ())
    note(cell, None)
    sources(cell, ())
    at(cell, step and line + step - 1)
    disputed(cell, None)
    rules(cell, ())
    asked(cell, True)
    general(cell, ())
    return cell


# The cells of the rows read last, made once: a small deck is read from here whole. Keyed by
# the packed tuple's id, which cannot be reused while the entry holds the tuple itself.
_MADE: dict[int, tuple[tuple, tuple[Cell, ...]]] = {}
_KEEP = 1024  # rows


LINE_BITS = 32
LINES = 1 << LINE_BITS


def place(index: int, line: int) -> int | tuple[int, int]:
    """A row's index and line as one int (a tuple if the line does not fit)."""
    return index << LINE_BITS | line if 0 <= line < LINES else (index, line)


def line_of(at: int | tuple[int, int]) -> int:
    return at & (LINES - 1) if isinstance(at, int) else at[1]


def index_of(at: int | tuple[int, int]) -> int:
    return at >> LINE_BITS if isinstance(at, int) else at[0]


def cells_of(packed: tuple, at: int | tuple[int, int]) -> tuple[Cell, ...]:
    """Every cell of a row placed at ``at``, in column order."""
    made = _MADE.get(id(packed))
    if made is not None and made[0] is packed:
        return made[1]
    line = line_of(at)
    cells = tuple(_unpack(packed[i], packed[i + 1], line) for i in range(0, len(packed), 2))
    if len(_MADE) >= _KEEP:
        _MADE.clear()  # one step, safe beside a worker thread reading another deck
    _MADE[id(packed)] = (packed, cells)
    return cells


def cell_of(
    names: tuple[str, ...], packed: tuple, at: int | tuple[int, int], name: str
) -> Cell | None:
    """The cell of column ``name``, or None."""
    if name not in names:
        return None
    return cells_of(packed, at)[names.index(name)]


def one_cell(
    names: tuple[str, ...], packed: tuple, at: int | tuple[int, int], name: str
) -> Cell | None:
    """The cell of column ``name`` alone, or None: for a pass over many rows that reads one
    column (the row's other cells are not made, and the rows read last stay as they were)."""
    made = _MADE.get(id(packed))
    if made is not None and made[0] is packed:
        return cell_of(names, packed, at, name)
    if name not in names:
        return None
    i = 2 * names.index(name)
    return _unpack(packed[i], packed[i + 1], line_of(at))


class CellsView(Mapping[str, Cell]):
    """A row's cells by column name, made as they are read."""

    __slots__ = ("_at", "_names", "_packed")

    def __init__(self, names: tuple[str, ...], packed: tuple, at: int | tuple[int, int]) -> None:
        self._names = names
        self._packed = packed
        self._at = at

    def __getitem__(self, name: str) -> Cell:
        cell = cell_of(self._names, self._packed, self._at, name)
        if cell is None:
            raise KeyError(name)
        return cell

    def get(self, name: str, default: Cell | None = None) -> Cell | None:  # type: ignore[override]
        cell = cell_of(self._names, self._packed, self._at, name)
        return default if cell is None else cell

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def values(self) -> tuple[Cell, ...]:  # type: ignore[override]
        return cells_of(self._packed, self._at)

    def items(self) -> tuple[tuple[str, Cell], ...]:  # type: ignore[override]
        return tuple(zip(self._names, self.values(), strict=True))

    def __repr__(self) -> str:
        return repr(dict(self.items()))
