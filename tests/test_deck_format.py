"""The deck format: every class of error is reported with its line, and nothing half-loads."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_cli
from trainer.deck import load_deck
from trainer.errors import DeckError

GOOD = """\
id: tiny
title: Tiny deck
version: 1
sources:
  LL: {title: Revision notes, file: 001.txt}
tables:
  roots:
    title: Roots
    key: root
    columns:
      root: {type: roots}
      point: {label: key point}
    rows:
      - {root: L3, point: medial knee, source: LL}
      - {root: L4, point: medial malleolus, source: LL}
      - {root: L5, point: dorsum of the foot, source: LL}
      - {root: S1, point: lateral heel, source: LL}
      - {root: S2, point: popliteal fossa, source: LL}
templates:
  - id: point-to-root
    table: roots
    kind: forward
    cues: [point]
    answer: root
    stems: ["Which dermatome includes the {point}?"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deck.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_deck(write(tmp_path, text))
    return [str(p) for p in info.value.problems]


def test_good_deck_loads(tmp_path):
    deck = load_deck(write(tmp_path, GOOD))
    assert deck.id == "tiny"
    assert [r.key for r in deck.tables["roots"].rows] == ["L3", "L4", "L5", "S1", "S2"]


@pytest.mark.parametrize(
    ("mutate", "marker", "fragment"),
    [
        (
            lambda t: t.replace("title: Roots\n", "title: Roots\n    colour: red\n"),
            "colour: red",
            "unknown key 'colour'",
        ),
        (
            lambda t: t.replace("version: 1", "version: one"),
            "version: one",
            "version must be a whole number",
        ),
        (
            lambda t: t.replace("title: Roots\n", "title: Roots\n    title: Again\n"),
            "title: Again",
            "duplicate key 'title'",
        ),
        (
            lambda t: t.replace("{root: L4, point", "{root: L3, point"),
            "{root: L3, point: medial malleolus",
            "duplicate row 'L3'",
        ),
        (
            lambda t: t.replace("table: roots\n", "table: nerves\n"),
            "table: nerves",
            "missing table 'nerves'",
        ),
        (
            lambda t: t.replace("cues: [point]", "cues: [landmark]"),
            "cues: [landmark]",
            "cue column 'landmark' is not in table",
        ),
        (
            lambda t: t.replace(
                "dorsum of the foot, source: LL}", "dorsum of the foot, source: XX}"
            ),
            "source: XX",
            "'XX' is not a source",
        ),
        (lambda t: t.replace("{root: L5,", "{root: L9,"), "{root: L9", "'L9' is not a spinal root"),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "duplicate-key",
        "duplicate-row",
        "missing-table",
        "missing-column",
        "missing-source",
        "bad-root",
    ],
)
def test_each_error_is_located(tmp_path, mutate, marker, fragment):
    text = mutate(GOOD)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    found = problems(tmp_path, text)
    assert any(fragment in p and f":{line}:" in p for p in found), found


def test_malformed_yaml_is_located(tmp_path):
    found = problems(tmp_path, GOOD.replace("key: root\n", "key: [root\n"))
    assert len(found) == 1
    assert "malformed YAML" in found[0]
    assert found[0].startswith(str(tmp_path / "deck.yaml") + ":")


def test_empty_table_is_reported(tmp_path):
    text = GOOD[: GOOD.index("    rows:")] + "    rows: []\n" + GOOD[GOOD.index("templates:") :]
    found = problems(tmp_path, text)
    assert any("is empty" in p and ":13:" in p for p in found), found


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    text = GOOD.replace(
        "title: Tiny deck", f"title: !!python/object/apply:os.system ['touch {marker}']"
    )
    found = problems(tmp_path, text)
    assert any("is not allowed" in p and ":2:" in p for p in found), found
    assert not marker.exists()


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("version: 1", "version: one").replace("cues: [point]", "cues: [landmark]")
    found = problems(tmp_path, text)
    assert any(":3:" in p for p in found) and any("landmark" in p for p in found), found


def test_deck_check_cli_exit_codes(tmp_path):
    good = write(tmp_path, GOOD)
    result = run_cli("deck", "check", str(good))
    assert result.returncode == 0, result.stderr
    assert "ok — tiny v1" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("version: 1", "version: one"))
    result = run_cli("deck", "check", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr


def test_bundled_decks_pass_the_check():
    result = run_cli("deck", "check", "decks")
    assert result.returncode == 0, result.stderr
    bundled = sorted((Path(__file__).resolve().parent.parent / "decks").glob("*.yaml"))
    assert result.stdout.count(": ok —") == len(bundled) >= 5


def test_ambiguous_deck_is_rejected_naming_the_colliding_rows(tmp_path):
    # knee extension is L3, L4 here: asked as a single root, L3 cannot be keyed against L4
    ambiguous = """\
    id: ambiguous
    title: Ambiguous
    version: 1
    sources:
      LL: {title: notes}
    tables:
      moves:
        title: Movements
        key: movement
        columns:
          movement: {label: movement}
          root: {type: roots}
        rows:
          - {movement: knee extension, root: "L3, L4", source: LL}
          - {movement: quadriceps contraction, root: "L3, L4", source: LL}
    templates:
      - id: root-to-movement
        table: moves
        kind: reverse
        cues: [root]
        answer: movement
        stems: ["Which movement has the root value {root}?"]
    """
    path = write(tmp_path, ambiguous)
    result = run_cli("deck", "check", str(path))
    assert result.returncode == 2
    assert "template 'root-to-movement': the proof rejects every item" in result.stderr
    assert "colliding rows: knee extension, quadriceps contraction" in result.stderr


def test_duplicate_template_id_is_located(tmp_path):
    text = GOOD + (
        "  - id: point-to-root\n    table: roots\n    kind: forward\n    cues: [point]\n"
        "    answer: root\n    stems: ['Which root supplies the {point}?']\n"
    )
    second = [i for i, row in enumerate(text.splitlines(), 1) if "id: point-to-root" in row][1]
    found = problems(tmp_path, text)
    assert any(f":{second}:" in p and "duplicate template id 'point-to-root'" in p for p in found)


def test_the_documented_example_is_a_valid_deck(tmp_path):
    doc = (Path(__file__).resolve().parent.parent / "docs" / "deck-format.md").read_text()
    section = doc[doc.index("## A complete small example") :]
    example = section[
        section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)
    ]
    result = run_cli("deck", "check", str(write(tmp_path, example)))
    assert result.returncode == 0, result.stderr
    assert "ankle-jerk-demo v1" in result.stdout
    show = run_cli("deck", "show", str(tmp_path / "deck.yaml"))
    assert "The knee jerk is mediated by which spinal segments?" in show.stdout
    assert "L2–L4" not in show.stdout.split("knee jerk is mediated")[1].split("##")[0]
