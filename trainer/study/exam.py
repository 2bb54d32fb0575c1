"""A timed exam block: questions, answers, flags, sections and their clocks.

Every action is written to the store as it happens (`trainer.store.exams`), so a block
survives a quit or a crash and resumes with the same questions, answers, flags and time left.
The clock runs only while the block is open on screen: time away from a suspended block is not
counted. Marking and the reviews a block records are in `trainer.study.exam_marking`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from trainer.errors import TrainerError
from trainer.generator.item import CannotGenerate, Item
from trainer.session import Presented, Trainer
from trainer.store.db import StoredCard
from trainer.store.exams import ExamStore, Progress, SittingData, SlotData
from trainer.study.exam_plan import BlockPlan, plan_block
from trainer.study.exam_presets import Preset

WARN_MINUTES = (5, 1)  # warnings before a section's (or the block's) time runs out
SAVE_EVERY = 5.0  # seconds: the most of the clock a crash can lose


@dataclass
class Slot:
    presented: Presented
    chosen: int | None = None
    flagged: bool = False
    seen: bool = False
    seconds: float = 0.0

    @property
    def item(self) -> Item:
        return self.presented.item

    @property
    def answered(self) -> bool:
        return self.chosen is not None


@dataclass(frozen=True)
class Tally:
    questions: int
    answered: int
    flagged: int
    unseen: int

    @property
    def unanswered(self) -> int:
        return self.questions - self.answered


@dataclass(frozen=True)
class ClockEvent:
    """What the clock did at a tick: 'warning' (minutes left), 'section-closed', 'time-up'."""

    kind: str
    section: int
    minutes: int = 0


class ExamBlock:
    def __init__(
        self,
        trainer: Trainer,
        preset: Preset,
        slots: list[Slot],
        started: datetime,
        *,
        pool: str = "any",
        deck_ids: tuple[str, ...] | None = None,
        current: int = 0,
        section: int = 0,
        used: list[float] | None = None,
        warned: list[list[int]] | None = None,
        sitting_id: int | None = None,
    ) -> None:
        self.trainer = trainer
        self.preset = preset
        self.slots = slots
        self.started = started
        self.pool = pool
        self.deck_ids = deck_ids
        self.sections = preset.sections_for(len(slots))
        self.current = current
        self.section = section
        self.used = used or [0.0] * len(self.sections)
        self.warned = warned or [[] for _ in self.sections]
        self.sitting_id = sitting_id
        self.submitted: Any = None  # the ExamResult once submitted
        self._store = ExamStore(trainer.store)
        self._mark: datetime | None = trainer.clock.now()  # None while suspended
        self._saved_at = self._mark

    # -- making and resuming ----------------------------------------------------------------
    @classmethod
    def start(
        cls,
        trainer: Trainer,
        preset: Preset,
        pool: str = "any",
        deck_ids: tuple[str, ...] | None = None,
        seed: int | None = None,
        repeats: bool = False,
    ) -> ExamBlock:
        return cls.from_plan(trainer, plan_block(trainer, preset, pool, deck_ids, seed), repeats)

    @classmethod
    def from_plan(cls, trainer: Trainer, plan: BlockPlan, repeats: bool = False) -> ExamBlock:
        """A new block from ``plan``; with ``repeats`` a small pool asks some facts twice."""
        now = trainer.clock.now()
        cards = plan.cards if repeats else plan.cards[: plan.facts]
        seeds = ExamStore(trainer.store).review_counts()  # as `Trainer.next_seed`, one query
        slots: list[Slot] = []
        for card in cards:
            if len(slots) == plan.preset.questions:
                break
            try:
                item = trainer.item_for(card, seeds.get(card.id, 0), plan.preset.options)
            except CannotGenerate:
                continue
            slots.append(Slot(Presented(card, item, now)))
        if not slots:
            raise TrainerError(f"no card in the {plan.pool!r} pool can make a question")
        slots[0].seen = True
        block = cls(trainer, plan.preset, slots, now, pool=plan.pool, deck_ids=plan.deck_ids)
        block.sitting_id = block._store.create(block._data(), now)
        return block

    @classmethod
    def resume(cls, trainer: Trainer) -> ExamBlock | None:
        """The block left open by a quit or a crash, as it was, or None. A block whose stored
        rows cannot be read (edited by hand) is a `StoreError` naming it, for `trainer check`
        lists it and `--repair` discards it."""
        try:
            sitting = ExamStore(trainer.store).open_sitting()
            if sitting is None:
                return None
            block = cls.from_sitting(trainer, sitting)
            sections = len(block.sections)
            if not 0 <= block.section < max(1, sections):
                raise ValueError(f"section {block.section} of {sections}")
            if len(block.used) != sections or len(block.warned) != sections:
                raise ValueError(f"clocks for {len(block.used)} sections of {sections}")
            for slot in block.slots:
                if slot.chosen is not None and not 0 <= slot.chosen < len(
                    slot.presented.item.options
                ):
                    raise ValueError(f"answer {slot.chosen} of {len(slot.presented.item.options)}")
            return block
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise TrainerError(
                f"the unfinished exam block cannot be read ({type(exc).__name__}: {exc}); "
                "`trainer check` lists it and `trainer check --repair` discards it"
            ) from None

    @classmethod
    def from_sitting(cls, trainer: Trainer, sitting: SittingData) -> ExamBlock:
        cards = {c.id: c for c in trainer.store.cards(include_retired=True)}
        now = trainer.clock.now()
        slots = []
        for data in sitting.slots:
            card = cards[data.card_id]
            item = _item(trainer, card, data)
            slots.append(
                Slot(Presented(card, item, now), data.chosen, data.flagged, data.seen, data.seconds)
            )
        block = cls(
            trainer,
            Preset.from_dict(sitting.preset),
            slots,
            sitting.started_at,
            pool=sitting.pool,
            deck_ids=sitting.deck_ids,
            current=sitting.current,
            section=sitting.section,
            used=sitting.used,
            warned=sitting.warned,
            sitting_id=sitting.id,
        )
        block.slots[block.current].seen = True
        return block

    def discard(self) -> None:
        """Throw the block away; nothing from it is recorded."""
        if self.sitting_id is not None:
            self._store.discard(self.sitting_id, self.trainer.clock.now())

    # -- time -------------------------------------------------------------------------------
    @property
    def section_limit(self) -> float:
        return self.preset.section_seconds()

    @property
    def sectioned(self) -> bool:
        return len(self.sections) > 1

    def _account(self) -> None:
        """Add the time since the last action to the current section and question."""
        now = self.trainer.clock.now()
        if self._mark is not None and self.submitted is None:
            spent = max(0.0, (now - self._mark).total_seconds())
            spent = min(spent, max(0.0, self.section_limit - self.used[self.section]))
            self.used[self.section] += spent
            self.slots[self.current].seconds += spent
        self._mark = now

    def remaining(self) -> timedelta:
        """Time left on the current section's clock (the block's, without sections)."""
        used = self.used[self.section]
        if self._mark is not None and self.submitted is None:
            used += max(0.0, (self.trainer.clock.now() - self._mark).total_seconds())
        return timedelta(seconds=max(0.0, self.section_limit - used))

    def remaining_total(self) -> timedelta:
        later = len(self.sections) - self.section - 1
        return self.remaining() + timedelta(seconds=self.section_limit * later)

    def expired(self) -> bool:
        return self.remaining() <= timedelta(0)

    def tick(self) -> list[ClockEvent]:
        """Advance the clock: warnings, a section closed by its clock, or the block's time up."""
        if self.submitted is not None:
            return []
        self._account()
        events: list[ClockEvent] = []
        left = self.remaining().total_seconds()
        given = self.warned[self.section]
        due = [m for m in WARN_MINUTES if left <= m * 60 < self.section_limit and m not in given]
        if due and left > 0:
            given.extend(due)
            events.append(ClockEvent("warning", self.section, min(due)))
        if left <= 0:
            if self.section + 1 < len(self.sections):
                self._open_section(self.section + 1)
                events.append(ClockEvent("section-closed", self.section - 1))
            else:
                events.append(ClockEvent("time-up", self.section))
        now = self.trainer.clock.now()
        if events or self._saved_at is None or (now - self._saved_at).total_seconds() >= SAVE_EVERY:
            self._save()
        return events

    def suspend(self) -> None:
        """Stop the clock and write everything; `resume` picks up from here."""
        if self.submitted is None:
            self._account()
            self._save(self.current)
        self._mark = None

    def carry_on(self) -> None:
        """Restart the clock after `suspend` without reloading."""
        if self._mark is None:
            self._mark = self.trainer.clock.now()

    # -- places -----------------------------------------------------------------------------
    def section_of(self, index: int) -> int:
        size = self.preset.section_size
        return index // size if size and self.sectioned else 0

    def can_go(self, index: int) -> bool:
        return 0 <= index < len(self.slots) and self.section_of(index) == self.section

    @property
    def reachable(self) -> range:
        return self.sections[self.section]

    def go(self, index: int) -> bool:
        if not self.can_go(index) or self.submitted is not None:
            return False
        self._account()
        left = self.current
        self.current = index
        self.slots[index].seen = True
        self._save(left, index)
        return True

    def _next_where(self, wanted: Any) -> int | None:
        span = list(self.reachable)
        at = span.index(self.current)
        for index in span[at + 1 :] + span[: at + 1]:
            if index != self.current and wanted(self.slots[index]):
                return index
        return None

    def next_unanswered(self) -> int | None:
        return self._next_where(lambda s: not s.answered)

    def next_flagged(self) -> int | None:
        return self._next_where(lambda s: s.flagged)

    def flagged(self) -> list[int]:
        return [i for i, s in enumerate(self.slots) if s.flagged]

    def tally(self, span: range | None = None) -> Tally:
        chosen = [self.slots[i] for i in (span if span is not None else range(len(self.slots)))]
        return Tally(
            len(chosen),
            sum(s.answered for s in chosen),
            sum(s.flagged for s in chosen),
            sum(not s.seen for s in chosen),
        )

    def _open_section(self, section: int) -> None:
        left = self.current
        self.section = section
        self.current = self.sections[section].start
        self.slots[self.current].seen = True
        self._mark = self.trainer.clock.now()
        self._save(left, self.current)

    def close_section(self) -> bool:
        """Close the current section for good and open the next; False if it is the last."""
        if not self.sectioned or self.section + 1 >= len(self.sections) or self.submitted:
            return False
        self._account()
        self._open_section(self.section + 1)
        return True

    # -- answers ----------------------------------------------------------------------------
    def choose(self, option: int | None) -> None:
        if self.submitted is not None:
            raise TrainerError("this block has been submitted")
        slot = self.slots[self.current]
        if option is not None and not 0 <= option < len(slot.item.options):
            raise TrainerError(f"option {option + 1} does not exist")
        self._account()
        slot.chosen = option
        self._save(self.current)

    def toggle_flag(self) -> bool:
        if self.submitted is not None:
            raise TrainerError("this block has been submitted")
        self._account()
        slot = self.slots[self.current]
        slot.flagged = not slot.flagged
        self._save(self.current)
        return slot.flagged

    def navigator(self) -> list[str]:
        """Per question: 'flagged', 'answered' or 'blank' (flagged wins; see `Slot` for both)."""
        return [
            "flagged" if s.flagged else ("answered" if s.answered else "blank") for s in self.slots
        ]

    def submit(self) -> Any:
        from trainer.study.exam_marking import submit  # marking needs the scheduler

        return submit(self)

    # -- persistence ------------------------------------------------------------------------
    def progress(self) -> Progress:
        now = self.trainer.clock.now()
        return Progress(self.current, self.section, list(self.used), self.warned, now)

    def _save(self, *positions: int) -> None:
        if self.sitting_id is None:
            return
        progress = self.progress()
        self._store.save(self.sitting_id, progress, [self._slot_data(i) for i in positions])
        self._saved_at = progress.at

    def _slot_data(self, position: int) -> SlotData:
        slot = self.slots[position]
        return SlotData(
            position=position,
            card_id=slot.presented.card.id,
            seed=slot.item.seed,
            options=len(slot.item.options),
            item=slot.item.to_dict(),
            chosen=slot.chosen,
            flagged=slot.flagged,
            seen=slot.seen,
            seconds=slot.seconds,
        )

    def _data(self) -> SittingData:
        return SittingData(
            id=self.sitting_id or 0,
            preset=self.preset.to_dict(),
            pool=self.pool,
            deck_ids=self.deck_ids,
            started_at=self.started,
            current=self.current,
            section=self.section,
            used=list(self.used),
            warned=self.warned,
            slots=[self._slot_data(i) for i in range(len(self.slots))],
        )


def _item(trainer: Trainer, card: StoredCard, data: SlotData) -> Item:
    """The question exactly as it was shown; regenerated from its seed if it cannot be read."""
    names = {f.name for f in fields(Item)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.item.items()}
    try:
        return Item(**{k: v for k, v in values.items() if k in names})
    except TypeError:
        return trainer.item_for(card, data.seed, data.options)
