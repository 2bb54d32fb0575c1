"""ISNCSCI case grids drawn as tables in the drill and the exam block (Pilot, real store), the
grid read back from every case stem, and snapshots at 80x24."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.widgets import Static

from tests.pilot import settle
from trainer.clock import FixedClock
from trainer.generator.bank import Bank
from trainer.isncsci.worksheet import HEADER, split_worksheet
from trainer.store import open_store
from trainer.tui.app import make_app
from trainer.tui.screens import DrillScreen, ExamScreen
from trainer.tui.widgets.worksheet import stem_renderable

DECK = "isncsci-cases"


@pytest.fixture
def cases_app(tmp_path, decks):
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    chosen = [d for d in decks if d.id == DECK]
    yield make_app(store, FixedClock(datetime(2026, 11, 23, 9, tzinfo=UTC)), chosen)
    store.close()


def drawn(renderable, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


def test_every_case_stem_splits_into_text_grid_and_question(decks):
    bank = Bank(next(d for d in decks if d.id == DECK))
    for spec in bank.cards():
        for seed in range(3):
            stem = bank.generate_any(spec.card_id, seed, 4).stem
            lines = stem.split("\n")
            grid = lines[lines.index(HEADER) + 1 :]
            grid = grid[: next(i for i, g in enumerate(grid) if g.startswith("Deep anal"))]
            worksheet = split_worksheet(stem)
            assert worksheet is not None, spec.card_id
            assert len(worksheet.rows) == len(grid)
            assert worksheet.after.startswith("Deep anal pressure")
            assert worksheet.after.rstrip().endswith("?")
            for row, line in zip(worksheet.rows, grid, strict=True):
                assert line.startswith(row.level)
                if row.cells is None:  # a folded run keeps its words
                    assert row.note and line.endswith(row.note)
                else:  # each value where the text table had it
                    motor, touch, prick = line.split()[1:]
                    r_l = [f"{row.cells[i]}/{row.cells[i + 1]}" for i in (0, 2, 4)]
                    assert [touch, prick] == r_l[1:]
                    assert motor == ("–" if row.cells[0] == "–" else r_l[0])


def test_the_table_aligns_right_and_left_and_fits_80_columns():
    stem = (
        "ISNCSCI examination after a spinal cord injury.\n\n"
        f"{HEADER}\n"
        "C2–C4    normal both sides (sensation 2, key muscles 5)\n"
        "C5       4/5         2/2         2/2\n"
        "T2       –           1/0         0/0\n"
        "S4-5     –           1/1         0/1\n"
        "Deep anal pressure absent; voluntary anal contraction absent.\n\n"
        "What is the neurological level of injury?"
    )
    lines = drawn(stem_renderable(stem))
    assert max(len(line) for line in lines) <= 80
    head = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Level"))
    assert [c.strip() for c in lines[head].split("│")[1:]] == ["Motor", "Touch", "Prick"]
    assert lines[head + 1].split("│")[1].strip() == "R   L"
    c5 = next(line for line in lines if line.lstrip().startswith("C5"))
    assert [cell.split() for cell in c5.split("│")[1:]] == [["4", "5"], ["2", "2"], ["2", "2"]]
    t2 = next(line for line in lines if line.lstrip().startswith("T2"))
    assert [cell.split() for cell in t2.split("│")[1:]] == [["–", "–"], ["1", "0"], ["0", "0"]]
    columns = {line.index("│") for line in lines[head:] if "│" in line}
    assert len(columns) == 1  # every row's level column has one width
    assert " C2–C4   │ normal both sides (sensation 2, key muscles 5)" in "\n".join(lines)
    assert lines[-1] == "What is the neurological level of injury?"
    assert HEADER not in "\n".join(lines)


def test_a_stem_without_a_grid_is_shown_as_written():
    stem = "Which root supplies the biceps jerk?\n\n  (two spaces kept)"
    assert drawn(stem_renderable(stem)) == stem.split("\n")


async def test_drill_and_exam_draw_the_grid_and_it_scrolls_at_80x24(cases_app):
    async with cases_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = cases_app.screen
        assert isinstance(drill, DrillScreen)
        stem = drill.query_one("#stem", Static)
        text = "\n".join(drawn(stem.content, stem.size.width))
        assert "│  Motor  │" in text and HEADER not in text
        body = drill.query_one("#question", VerticalScroll)
        assert body.max_scroll_y > 0  # the grid is taller than the screen: it scrolls,
        assert body.scroll_y == 0  # and is read from the top
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        cases_app.screen.query_one("#custom-count").value = "2"
        await pilot.press("ctrl+r")
        await settle(pilot)
        exam = cases_app.screen
        assert isinstance(exam, ExamScreen)
        await pilot.press("f")
        stem = exam.query_one("#stem", Static)
        text = "\n".join(drawn(stem.content, stem.size.width))
        assert "│  Touch  │" in text and "⚑ flagged" in text and HEADER not in text
        assert exam.query_one("#exam-body", VerticalScroll).scroll_y == 0


def test_snapshot_drill_case_grid_80x24(snap_compare, cases_app):
    async def drill(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(cases_app, terminal_size=(80, 24), run_before=drill)


def test_snapshot_exam_case_grid_80x24(snap_compare, cases_app):
    async def exam(pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#custom-count").value = "2"
        await pilot.press("ctrl+r")
        await settle(pilot)

    assert snap_compare(cases_app, terminal_size=(80, 24), run_before=exam)
