"""The exam-day projection (study/projection): the drill run forward on a copy of a real
store's cards, shown by `trainer stats` and the Stats screen, and checked in the simulator."""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from textual.widgets import Static

from tests.conftest import run_cli
from tests.pilot import settle
from trainer.clock import FixedClock
from trainer.session import DrillSession, Trainer
from trainer.sim.simulate import Config, run_trainer
from trainer.stats import compute_stats
from trainer.study.habit import WINDOW_DAYS, study_habit
from trainer.study.projection import (
    MAX_ANSWERS,
    MAX_CARD_DAYS,
    MAX_CARDS,
    MIN_CARDS,
    Stopped,
    project,
    sample_size,
    split_times,
)
from trainer.study.queue import DEFAULT_RIGHT_MS, DEFAULT_WRONG_MS
from trainer.tui.app import make_app
from trainer.tui.screens import DrillScreen, HomeScreen, StatsScreen

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
EXAM = date(2027, 1, 22)  # 60 days after the first study day


def studied_trainer(store, decks, days: int = 3, answers: int = 12) -> Trainer:
    """A real store after ``days`` days of ``answers`` answers each (every other one right,
    8 s each), with an exam date set on the first day; the clock at 09:00 the next day."""
    clock = FixedClock(START)
    trainer = Trainer(decks, store, clock)
    trainer.save_settings(replace(trainer.settings, exam_date=EXAM))
    for day in range(days):
        clock.set(START + timedelta(days=day))
        drill = DrillSession(trainer)
        for n in range(answers):
            presented = drill.next()
            if presented is None:  # the day's cards are done: "study more"
                drill.study_more()
                presented = drill.next()
            assert presented is not None
            key = presented.item.answer
            clock.advance(timedelta(seconds=8))
            drill.answer(presented, key if n % 2 == 0 else (key + 1) % 4, 8_000)
    clock.set(START + timedelta(days=days))
    return trainer


def test_the_habit_is_the_students_own_minutes_per_day():
    now = datetime(2027, 1, 10, 12, tzinfo=UTC)
    first = datetime(2027, 1, 6, 8, tzinfo=UTC)
    answers = [
        (datetime(2027, 1, 6, 8, tzinfo=UTC), 600_000),  # 10 min on the 6th
        (datetime(2027, 1, 8, 10, tzinfo=UTC), 1_200_000),  # 20 min on the 8th
        (datetime(2027, 1, 10, 11, tzinfo=UTC), 60_000),  # today: not a whole day yet
    ]
    habit = study_habit(answers, first, now)
    assert habit is not None
    # four whole days (6th-9th), days without study included: 30 min / 4
    assert habit.days == 4 and habit.minutes_per_day == pytest.approx(7.5)
    assert habit.spent_today_ms == 60_000
    assert habit.start_of_day == timedelta(hours=10)  # median of 08:00, 10:00, 11:00
    # a long history: only the last WINDOW_DAYS whole days count
    old = datetime(2026, 10, 1, tzinfo=UTC)
    assert study_habit(answers, old, now).days == WINDOW_DAYS  # type: ignore[union-attr]
    assert study_habit([], None, now) is None


def test_projection_on_a_real_store_covers_every_card_and_grows_with_minutes(store, decks):
    trainer = studied_trainer(store, decks)
    stats = compute_stats(trainer)
    assert stats.new > 0 and stats.predicted_exam_recall is not None

    none = project(trainer, 0.0)
    assert none is not None and none.cards == stats.cards
    # no more study: exactly the "if study stopped now" figure over every card
    assert none.recall == pytest.approx(stats.predicted_exam_recall, abs=1e-9)
    assert none.stopped == none.recall and none.answers == 0
    assert none.unseen_left == stats.new

    some, more = project(trainer, 5.0), project(trainer, 30.0)
    assert some is not None and more is not None
    assert none.recall < some.recall < more.recall
    # unseen cards are introduced by the new-card pacing: all of them by the exam at 30 min
    assert some.unseen_left < stats.new and more.unseen_left == 0
    assert more.answers > some.answers > 0
    # the same collection, the same figure (seeded); the store itself is unchanged
    assert project(trainer, 30.0) == more
    assert compute_stats(trainer) == stats

    # by default the student's own minutes: 12 answers of 8 s on 3 days = 1.6 min a day
    own = project(trainer)
    assert own is not None and own.habit is not None
    assert own.minutes_per_day == pytest.approx(1.6) and own.habit.days == 3
    assert none.recall < own.recall < some.recall


def test_a_sample_of_the_cards_gives_nearly_the_same_figure(store, decks):
    trainer = studied_trainer(store, decks)
    whole = project(trainer, 15.0)
    sample = project(trainer, 15.0, max_cards=300)
    assert whole is not None and sample is not None
    assert sample.projected == 300 and whole.projected == whole.cards == sample.cards
    assert sample.recall == pytest.approx(whole.recall, abs=0.06)
    assert project(trainer, 15.0, max_cards=300) == sample


def test_the_band_brackets_the_forecast(store, decks):
    trainer = studied_trainer(store, decks, days=10, answers=40)
    banded = project(trainer, 15.0, band=True)
    assert banded is not None and banded.low is not None and banded.high is not None
    assert banded.stopped < banded.low  # 15 minutes a day add recall at either end
    # the band's ends are the runs at a faster and a slower pace of forgetting
    assert banded.low < banded.recall < banded.high
    assert project(trainer, 15.0) == replace(banded, low=None, high=None)


def test_the_sample_is_bounded_by_cards_and_by_answers():
    times = ([10_000], [10_000])  # 10 s an answer
    month = timedelta(days=30)
    assert sample_size(686, MAX_CARDS, 15, month, times) == 686  # 2,700 answers: all cards
    assert sample_size(100_000, MAX_CARDS, 15, month, times) == MAX_CARDS
    # 6 hours a day on 1,000 cards: 64,800 answers; a sample serves about MAX_ANSWERS
    assert sample_size(1_000, MAX_CARDS, 360, month, times) == 1_000 * MAX_ANSWERS // 64_800
    assert sample_size(1_000, MAX_CARDS, 100_000, month, times) == MIN_CARDS
    assert sample_size(1_000, MAX_CARDS, 15, month, ([], [])) == 1_000  # no times yet
    # an exam a year off: each day's drill ranks every card, so fewer cards are run forward
    year = timedelta(days=365)
    assert sample_size(686, MAX_CARDS, 2, year, times) == MAX_CARD_DAYS // 366 < 686
    assert sample_size(686, MAX_CARDS, 2, 3 * year, times) == MIN_CARDS


def test_a_projection_asked_to_stop_ends_before_its_next_day(store, decks):
    trainer = studied_trainer(store, decks)
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3  # three simulated days, then stop

    with pytest.raises(Stopped):
        project(trainer, stop=stop)
    assert len(asked) == 4


def test_no_projection_without_an_exam_date(store, decks):
    trainer = Trainer(decks, store, FixedClock(START))
    assert project(trainer) is None


def test_trainer_stats_prints_the_forecast(db_url):
    assert run_cli("--db", db_url, "drill", "--max", "3", stdin="1\n2\n1\n").returncode == 0
    exam = (date.today() + timedelta(days=30)).isoformat()
    assert run_cli("--db", db_url, "exam-date", exam).returncode == 0
    out = run_cli("--db", db_url, "stats").stdout
    assert re.search(
        r"^Forecast:\s+\d+% on exam day if you keep answering questions "
        r"(\d+ minutes?|less than a minute) a day \(your answering time today\)$",
        out,
        re.M,
    ), out
    data = json.loads(run_cli("--db", db_url, "stats", "--json").stdout)
    projection = data["projection"]
    assert projection["cards"] == data["cards"] == projection["cards_projected"]
    assert projection["if_study_stopped"] == pytest.approx(data["predicted_exam_recall"], abs=1e-3)
    assert projection["exam_recall"] >= projection["if_study_stopped"]
    assert projection["band"] is None  # three answers: no pace of forgetting fitted yet


async def test_stats_screen_shows_the_forecast(store, decks):
    trainer = studied_trainer(store, decks)
    app = make_app(store, trainer.clock, decks)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await settle(pilot)  # the forecast's worker starts once the figures are shown
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        said = str(screen.query_one("#projection", Static).render())
        expected = project(trainer, band=True)
        assert expected is not None and expected.low is None  # no scale fitted yet: no range
        assert re.search(
            rf"Forecast:\s+{round(expected.recall * 100)}% on exam day if you keep answering "
            r"questions 2 minutes a day \(your average answering time over the last 3 days\)",
            said,
        ), said


async def test_home_shows_the_forecast_and_works_it_out_again_after_an_answer(store, decks):
    trainer = studied_trainer(store, decks)
    app = make_app(store, trainer.clock, decks)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)

        def said() -> str:
            return str(home.query_one("#summary", Static).render())

        before = project(trainer)
        assert before is not None
        cards = len(trainer.store.cards())
        assert re.search(
            rf"you would recall \d+% of all {cards} cards if you stopped studying now, \d+% if "
            r"you stopped after today's cards \(new and due\)\.",
            said(),
        )
        assert re.search(
            rf"Forecast: {round(before.recall * 100)}% on exam day if you keep answering "
            r"questions 2 minutes a day \(your average answering time over the last 3 days\)\.",
            said(),
        ), said()
        first = home._forecast
        home.refresh_counts()  # as Home's timer does: nothing changed, nothing worked out again
        await settle(pilot)
        assert home._forecast is first and "Forecast:" in said()

        await pilot.press("enter")  # a drill: one answer, then back to Home
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is home
        assert home._forecast is not first
        after = project(trainer)
        assert after is not None and after.habit is not None
        assert re.search(
            rf"Forecast: {round(after.recall * 100)}% on exam day if you keep answering "
            rf"questions {round(after.minutes_per_day)} minutes? a day",
            said(),
        ), said()


def test_simulated_students_projection_is_near_their_true_exam_day_recall():
    """At each checkpoint, the projection from the student's own log against their true
    exam-day recall at the end; the "if study stopped" figure is far below it."""
    config = Config(students=1, days=30, minutes=15, cards=400, projection=True)
    outcomes = [run_trainer(config, i, True) for i in range(3)]
    shares = sorted({p.share for o in outcomes for p in o.probes})
    assert len(shares) == 4
    gaps, stopped = [], []
    for share in shares:
        pairs = [(p, o.exam_recall) for o in outcomes for p in o.probes if p.share == share]
        gaps.append(statistics.fmean(p.projected - true for p, true in pairs))
        stopped.append(statistics.fmean(p.now - true for p, true in pairs))
    assert statistics.fmean(abs(g) for g in gaps) < 0.04, gaps
    assert stopped[0] < -0.5  # at a quarter of the plan "now" is no forecast at all


def test_the_slowest_right_answers_count_as_guesses():
    # 6 wrong answers among 4 options: about 6 / 3 = 2 of the right answers were guesses
    recalled, missed = split_times(([5, 6, 7, 8, 30, 40], [20, 21, 22, 23, 24, 25]), 4)
    assert recalled == [5, 6, 7, 8]
    assert sorted(missed) == [20, 21, 22, 23, 24, 25, 30, 40]
    assert split_times(([], []), 4) == ([DEFAULT_RIGHT_MS], [DEFAULT_WRONG_MS])
