"""Which student profile a command acts for: ``--student``, else ``TRAINER_STUDENT``, else the
name remembered by ``trainer student use NAME``, else the ``default`` profile."""

from __future__ import annotations

import os
from pathlib import Path

from trainer.errors import TrainerError, unreadable
from trainer.paths import data_dir
from trainer.store.db import DEFAULT_STUDENT, check_student_name

STUDENT_ENV = "TRAINER_STUDENT"


def remembered_path() -> Path:
    return data_dir() / "student"


def current_student(given: str | None = None) -> str:
    if given is not None:
        return check_student_name(given)
    env = os.environ.get(STUDENT_ENV)
    if env:
        return check_student_name(env)
    path = remembered_path()
    try:
        name = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return DEFAULT_STUDENT
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainerError(
            f"{path}: cannot read the remembered student: {unreadable(exc)}"
        ) from None
    return check_student_name(name) if name else DEFAULT_STUDENT


def remember_student(name: str) -> Path:
    """Make ``name`` the profile used when neither ``--student`` nor the variable is given."""
    check_student_name(name)
    path = remembered_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(name + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise TrainerError(f"{path}: cannot remember the student: {exc.strerror}") from None
    return path
