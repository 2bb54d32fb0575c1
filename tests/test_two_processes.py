"""Two processes on one store (D7): a card on screen in one is not shown in the other, and every
review is applied to the state the card really had: no update is lost."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import ROOT
from trainer.session import DrillSession, Trainer
from trainer.store import open_store
from trainer.store.db import StaleCard


@pytest.fixture
def two(db_url, decks, clock):
    """Two trainers on one SQLite file, each with its own engine (as two processes have)."""
    stores = [open_store(db_url), open_store(db_url)]
    trainers = [Trainer(decks, store, clock) for store in stores]
    trainers[0].save_settings(replace(trainers[0].settings, new_per_day=1000))
    trainers[1].settings = trainers[0].settings
    yield trainers
    for store in stores:
        store.close()


def test_a_card_on_screen_in_one_process_is_not_shown_in_the_other_d7(two):
    first, second = DrillSession(two[0]), DrillSession(two[1])
    shown_first = first.next()
    shown_second = second.next()
    assert shown_first is not None and shown_second is not None
    assert shown_first.card.id != shown_second.card.id
    # once answered, the lease is gone: the card is free again
    first.answer(shown_first, shown_first.item.answer, 4000)
    again = DrillSession(two[1])
    assert again.next() is not None


def test_a_review_is_reapplied_to_the_state_another_process_wrote_d7(two, clock):
    mine, theirs = two
    shown = DrillSession(mine).next()
    assert shown is not None
    # the other process answers the same card (its lease ran out, say) and commits first
    other = replace(shown, card=theirs.store.card(shown.card.id))
    their_feedback = theirs.answer(other, other.item.answer, 3000)
    feedback = mine.answer(shown, shown.item.answer, 5000)
    card = mine.store.card(shown.card.id)
    assert card.state.reps == 2  # both answers counted: neither overwrote the other
    assert feedback.presented.card.state == their_feedback.after
    assert card.state == feedback.after
    with sqlite3.connect(mine.store.engine.url.database) as db:
        rows = db.execute(
            "select state_before, state_after from reviews where card_id = ? order by id",
            (shown.card.id,),
        ).fetchall()
    assert len(rows) == 2 and rows[1][0] == rows[0][1]


def test_undo_never_overwrites_a_later_answer_from_elsewhere_d7(two):
    mine, theirs = two
    session = DrillSession(mine)
    shown = session.next()
    assert shown is not None
    session.answer(shown, shown.item.answer, 4000)
    current = theirs.store.card(shown.card.id)
    theirs.answer(replace(shown, card=current), shown.item.answer, 4000)
    after_theirs = theirs.store.card(shown.card.id)
    with pytest.raises(StaleCard, match="nothing was changed"):
        session.undo()
    assert mine.store.card(shown.card.id) == after_theirs
    assert mine.store.review_count(shown.card.id) == 2


def test_two_drill_processes_lose_no_update_d7(tmp_path, two, db_url):
    answers = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "trainer", "--db", db_url, "drill", "--max", str(answers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outs = [p.communicate("a\nb\nc\nd\n" * answers, timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    acknowledged = sum(int(re.search(r"Answered (\d+)", out).group(1)) for out, _ in outs)
    assert acknowledged == 2 * answers
    path = Path(db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "select card_id, state_before, state_after from reviews order by id"
        ).fetchall()
    assert len(rows) == acknowledged
    last_after: dict[int, str] = {}
    for card_id, before, after in rows:
        if card_id in last_after:  # every review starts from the state the previous one left
            assert json.loads(before) == json.loads(last_after[card_id]), card_id
        else:
            assert json.loads(before)["reps"] == 0, card_id
        last_after[card_id] = after
