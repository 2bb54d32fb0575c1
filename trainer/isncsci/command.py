"""`trainer isncsci classify EXAM.json`: the classification as JSON on stdout."""

from __future__ import annotations

import json
import sys

from trainer.isncsci.classify import classify
from trainer.isncsci.exam import read_exam


def classify_file(path: str) -> int:
    result = classify(read_exam(path))
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0
