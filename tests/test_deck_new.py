"""`trainer deck new` writes a commented deck that `trainer deck check` accepts."""

from __future__ import annotations

from tests.conftest import run_cli


def test_new_deck_passes_deck_check_and_generates_items(tmp_path):
    result = run_cli("deck", "new", "Upper limb reflexes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "upper-limb-reflexes.yaml"
    text = path.read_text()
    assert "id: upper-limb-reflexes" in text and text.count("#") >= 10
    check = run_cli("deck", "check", str(path))
    assert check.returncode == 0, check.stderr
    assert "ok" in check.stdout and "upper-limb-reflexes" in check.stdout
    show = run_cli("deck", "show", str(path))
    assert show.returncode == 0 and "mediated by which spinal segments?" in show.stdout
    assert "cannot generate" not in show.stdout


def test_new_deck_never_overwrites(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("keep me")
    result = run_cli("deck", "new", "x", "--out", str(target))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert target.read_text() == "keep me"
    assert run_cli("deck", "new", "!!!", cwd=tmp_path).returncode == 2
