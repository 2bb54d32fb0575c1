"""Hostile deck files: every one ends in a located `DeckError` (exit 2), quickly, in bounded memory."""

from __future__ import annotations

import contextlib
import os
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tests.test_deck_format import GOOD
from trainer.deck import load_deck
from trainer.deck.reader import MAX_BYTES, MAX_DEPTH
from trainer.errors import DeckError


def located(path: Path, data: bytes | str) -> list[str]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(DeckError) as info:
        load_deck(path)
    return [str(p) for p in info.value.problems]


def test_deep_nesting_is_refused_with_its_location_d4(tmp_path):
    deck = tmp_path / "deep.yaml"
    deck.write_text("id: " + "[" * 500 + "]" * 500 + "\n")
    result = run_cli("deck", "check", str(deck))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{deck}:1:{4 + MAX_DEPTH}: the deck nests lists and mappings more than" in result.stderr


def test_deep_block_nesting_is_refused_too(tmp_path):
    text = "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "b\n"
    found = located(tmp_path / "deep.yaml", text)
    assert f":{MAX_DEPTH + 1}:" in found[0] and "nests" in found[0], found


def test_alias_amplification_is_bounded_d9(tmp_path):
    stem = "x" * 100_000
    templates = "".join(f"  - {{id: t{i}, stems: [*big]}}\n" for i in range(500))
    text = f"id: amp\nbig: &big {stem}\ntemplates:\n{templates}"
    tracemalloc.start()
    try:
        found = located(tmp_path / "amp.yaml", text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "characters of text with aliases expanded" in found[0], found
    assert peak < 40 * 1024 * 1024, peak  # the file is 150 KB; expanding it would be 50 MB


def test_billion_laughs_is_bounded(tmp_path):
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    found = located(tmp_path / "lol.yaml", "\n".join(lines) + "\n")
    assert "values with aliases expanded" in found[0], found


def test_recursive_alias_is_refused(tmp_path):
    found = located(tmp_path / "loop.yaml", "id: &a [1, *a]\n")
    assert ":1:12:" in found[0] and "refers to a value that holds it" in found[0], found


def test_oversized_file_is_refused_before_parsing_d10(tmp_path):
    row = "  - {root: L4, point: medial malleolus, source: LL}\n"
    text = "rows:\n" + row * (MAX_BYTES // len(row) + 10)
    found = located(tmp_path / "big.yaml", text)
    assert f"a deck file holds at most {MAX_BYTES:,} bytes" in found[0], found
    assert "alias" not in found[0]


def test_a_device_is_refused_without_reading_d11(tmp_path):
    link = tmp_path / "z.yaml"
    link.symlink_to("/dev/zero")
    result = run_cli("deck", "check", str(link))
    assert result.returncode == 2, result.stderr
    assert f"{link}:1:1: not a regular file" in result.stderr


def test_a_fifo_is_refused_at_once_d11(tmp_path):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    result = run_cli("deck", "check", str(fifo))  # hung forever before; run_cli has a timeout
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr


def test_a_directory_given_to_the_loader_is_refused(tmp_path):
    (tmp_path / "d.yaml").mkdir()
    with pytest.raises(DeckError, match="is a directory"):
        load_deck(tmp_path / "d.yaml")


def test_non_utf8_byte_is_located_on_its_line_d22(tmp_path):
    lines = GOOD.encode().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if b"Which" in line)
    lines[index] = lines[index].replace(b"Which", b"Wh\xffich")
    found = located(tmp_path / "deck.yaml", b"".join(lines))
    col = lines[index].index(b"\xff") + 1
    assert found == [
        f"{tmp_path / 'deck.yaml'}:{index + 1}:{col}: byte 0xff is not UTF-8 text (invalid start byte)"
    ]


@pytest.mark.parametrize(("char", "name"), [("\x00", "NUL"), ("\x1b", "ESC"), ("\x9b", "C1")])
def test_forbidden_characters_are_located_d22(tmp_path, char, name):
    text = GOOD.replace("title: Tiny deck", f"title: Tiny{char} deck")
    found = located(tmp_path / "deck.yaml", text)
    assert len(found) == 1 and ":2:12: character U+" in found[0] and name in found[0], found


def test_huge_integer_has_a_sensible_message_d23(tmp_path):
    text = GOOD.replace("version: 1", "version: " + "9" * 5000)
    found = located(tmp_path / "deck.yaml", text)
    assert found == [
        f"{tmp_path / 'deck.yaml'}:3:10: a number of 5,000 digits is too long "
        "(a number in a deck has at most 30 digits)"
    ]


def test_duplicate_anchor_and_undefined_alias_are_located(tmp_path):
    found = located(tmp_path / "a.yaml", "a: &x 1\nb: &x 2\n")
    assert ":2:4: duplicate anchor &x (first at line 1)" in found[0], found
    found = located(tmp_path / "b.yaml", "a: 1\nb: *nope\n")
    assert ":2:4: alias *nope names no anchor" in found[0], found


def test_second_document_and_empty_file_are_refused(tmp_path):
    assert "holds one YAML document" in located(tmp_path / "two.yaml", GOOD + "---\na: 1\n")[0]
    assert "the deck file is empty" in located(tmp_path / "empty.yaml", "# nothing\n")[0]


def test_small_aliases_still_work(tmp_path):
    text = GOOD.replace("title: Tiny deck", "title: &t Tiny deck").replace(
        "point: {label: key point}", "point: {label: *t}"
    )
    path = tmp_path / "deck.yaml"
    path.write_text(text)
    assert load_deck(path).tables["roots"].columns["point"].label == "Tiny deck"


@pytest.mark.parametrize("escape", ["\\UFFFFFFFF", "\\U00110000"])
def test_escape_beyond_unicode_is_a_located_deck_error(tmp_path, escape):
    path = tmp_path / "deck.yaml"
    path.write_text(f'id: x\ntitle: "{escape}"\n')
    with pytest.raises(DeckError, match=r"deck\.yaml:2:.*no Unicode character"):
        load_deck(path)


# -- fuzzing: nothing but DeckError, whatever the input -----------------------------------------

_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_deck_error(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with contextlib.suppress(DeckError):
        load_deck(path)


@_FUZZ
@given(data=st.binary(max_size=2000))
def test_fuzz_random_bytes_raise_only_deck_errors(tmp_path_factory, data):
    _only_deck_error(tmp_path_factory.mktemp("fuzz") / "deck.yaml", data)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["id", "title", "version", "sources", "tables", "templates", "questions"]),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from(["id", "rows"])), children, max_size=5
        ),
    ),
    max_leaves=40,
)


@_FUZZ
@given(tree=_trees, cut=st.integers(min_value=0, max_value=400), junk=st.binary(max_size=8))
def test_fuzz_random_yaml_raises_only_deck_errors(tmp_path_factory, tree, cut, junk):
    text = yaml.safe_dump(tree, allow_unicode=True).encode("utf-8")
    folder = tmp_path_factory.mktemp("fuzz")
    _only_deck_error(folder / "whole.yaml", text)
    _only_deck_error(folder / "spliced.yaml", text[:cut] + junk + text[cut:])


@_FUZZ
@given(cut=st.integers(min_value=0, max_value=len(GOOD)), junk=st.text(max_size=6))
def test_fuzz_mutated_good_deck_raises_only_deck_errors(tmp_path_factory, cut, junk):
    text = GOOD[:cut] + junk + GOOD[cut:]
    _only_deck_error(
        tmp_path_factory.mktemp("fuzz") / "deck.yaml", text.encode("utf-8", "surrogatepass")
    )
