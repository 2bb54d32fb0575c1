"""The domain core never imports Textual, and importing does no work."""

import subprocess
import sys

CORE = [
    "trainer",
    "trainer.deck",
    "trainer.generator",
    "trainer.facts",
    "trainer.scheduling",
    "trainer.store",
    "trainer.session",
    "trainer.study.exam",
    "trainer.study.exam_marking",
    "trainer.study.exam_plan",
    "trainer.store.exams",
    "trainer.stats",
    "trainer.sim.simulate",
    "trainer.study.projection",
    "trainer.study.habit",
    "trainer.study.fewer_new",
    "trainer.cli",
]


def test_core_modules_never_import_textual(tmp_path):
    code = (
        "import sys\n"
        f"for name in {CORE!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_importing_creates_no_directories_or_engines(tmp_path):
    home = tmp_path / "home"
    code = "import trainer.store, trainer.session, trainer.tui.app, sqlalchemy.pool\n"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PATH": ""}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert not home.exists()


def test_screens_never_import_the_app():
    """Each screen is given the Trainer; importing every screen loads no app module."""
    code = (
        "import sys, pkgutil, importlib, trainer.tui.screens as s\n"
        "for m in pkgutil.iter_modules(s.__path__):\n"
        "    importlib.import_module('trainer.tui.screens.' + m.name)\n"
        "print('trainer.tui.app' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
