"""A row keeps its cells packed and gives back, field for field, the cells it was given."""

from __future__ import annotations

from trainer.deck import load_decks
from trainer.deck.model import Cell, PatientRule, Row
from trainer.paths import bundled_deck_paths


def _cells() -> dict[str, Cell]:
    return {
        "key": Cell(("C5",), "roots", line=12),
        "many": Cell(("weak deltoid", "weak biceps"), line=13),
        "empty": Cell((), line=14),
        "noted": Cell(("x",), note="a note", line=15),
        "also": Cell(("C5", "C6"), "roots", also=("C7",), line=16),
        "sourced": Cell(("y",), sources=("S",), line=17),
        "disputed": Cell(("z",), disputed="contested", line=18),
        "ruled": Cell(("w",), rules=(("w", PatientRule(sexes=("man",))),), line=19),
        "unasked": Cell(("v",), asked=False, line=20),
        "worded": Cell(("38.9 °C",), general=(("38.9 °c", "fever"),), line=21),
        "far": Cell(("far",), line=12 + 500),
        "before": Cell(("before",), line=3),
        "unplaced": Cell(("unplaced",)),
        "same": Cell(("C5",), line=21),
    }


def test_a_row_gives_back_every_kind_of_cell_it_was_given() -> None:
    cells = _cells()
    row = Row("C5", 0, cells, ("S",), 12, "note", None, ("g",), {"many": "{value}"})
    assert dict(row.cells) == cells
    assert list(row.cells) == list(cells)
    assert len(row.cells) == len(cells)
    for name, cell in cells.items():
        assert row.cell(name) == cell
        assert row.cells[name] == cell
        assert row.cells.get(name) == cell
        assert name in row.cells
        assert type(row.cell(name)) is Cell
    assert row.cell("missing") is None
    assert row.cells.get("missing") is None
    assert "missing" not in row.cells
    assert row.cells.items() == tuple(cells.items())
    assert row.cells.values() == tuple(cells.values())
    assert (row.key, row.index, row.sources, row.line, row.note) == ("C5", 0, ("S",), 12, "note")
    assert row.groups == ("g",) and dict(row.phrases) == {"many": "{value}"}
    assert row == Row("C5", 0, dict(cells), ("S",), 12, "note", None, ("g",), {"many": "{value}"})
    assert row != Row("C5", 0, {**cells, "many": Cell(("weak deltoid",), line=13)}, ("S",), 12)


def test_plain_cells_are_not_held_as_cells() -> None:
    cells = _cells()
    row = Row("C5", 0, cells, (), 12)
    held = [entry for entry in row._packed if isinstance(entry, Cell)]
    kept_whole = (
        "noted",
        "also",
        "sourced",
        "disputed",
        "ruled",
        "unasked",
        "worded",
        "far",
        "before",
    )
    assert held == [cells[name] for name in kept_whole]
    assert row._packed[0] is row.key  # the key's value is the row's own key string


def test_rows_with_the_same_columns_share_one_names_tuple() -> None:
    first = Row("a", 0, {"k": Cell(("a",)), "v": Cell(("1",))}, (), 1)
    second = Row("b", 1, {"k": Cell(("b",)), "v": Cell(("2",))}, (), 2)
    assert first._names is second._names


def test_every_bundled_row_reads_back_the_cells_a_fresh_row_keeps() -> None:
    for deck in load_decks(bundled_deck_paths()):
        for table in deck.tables.values():
            for row in table.rows:
                cells = dict(row.cells)
                again = Row(row.key, row.index, cells, row.sources, row.line, row.note)
                assert dict(again.cells) == cells
                assert all(cell.line > 0 for cell in cells.values())


def test_index_line_and_the_rarer_fields_read_back_at_any_size() -> None:
    for index, line in ((0, 1), (999, 300_001), (5, 2**33), (2**40, 7)):
        row = Row("k", index, {"k": Cell(("k",), line=line)}, (), line)
        assert (row.index, row.line, row.cell("k")) == (index, line, Cell(("k",), line=line))
    rule = PatientRule(ages=(20, 40))
    row = Row("k", 1, {}, ("S",), 3, None, rule, (), None)
    assert (row.note, row.patient, row.groups, dict(row.phrases)) == (None, rule, (), {})
    row = Row("k", 1, {}, (), 3)
    assert (row.note, row.patient, row.groups, dict(row.phrases)) == (None, None, (), {})
