"""The first question made ahead (`DrillSession.prefetch`, while Home is read): the drill
serves the same card and item it would have made, writes nothing ahead, and makes the item
again when the card or the options changed meanwhile."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from trainer.session import DrillSession, Trainer
from trainer.store import open_store
from trainer.store.models import CardLeaseRow


def leases_held(store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(CardLeaseRow)))


def test_the_prefetched_item_is_served_and_nothing_is_written_ahead(store, decks, clock):
    trainer = Trainer(decks, store, clock)
    plain = DrillSession(trainer).next()  # what the drill serves without making it ahead
    DrillSession(trainer).close()
    ahead = DrillSession(trainer)
    ahead.prefetch()
    assert leases_held(store) == 0 and store.review_count() == 0  # nothing taken or recorded
    made = ahead._ready[2]
    served = ahead.next()
    assert served.card == plain.card and served.item == plain.item
    assert served.item is made  # not made twice


def test_a_card_answered_elsewhere_or_new_options_make_the_item_again(db_url, decks, clock):
    store, other = open_store(db_url), open_store(db_url)
    try:
        trainer = Trainer(decks, store, clock)
        ahead = DrillSession(trainer)
        ahead.prefetch()
        first = ahead._ready[0]
        elsewhere = DrillSession(Trainer(decks, other, clock))
        shown = elsewhere.next()
        assert shown.card.id == first.id
        elsewhere.answer(shown, shown.item.answer, 4000)
        elsewhere.close()
        served = ahead.next()  # the queue is rebuilt: that card is a learning step now
        assert served.card.id != first.id
        ahead.close()
        again = DrillSession(trainer)
        again.prefetch()
        made = again._ready[2]
        assert len(made.options) == 4
        trainer.save_settings(replace(trainer.settings, options=5))
        served = again.next()
        assert served.item is not made
        assert served.item == trainer.item_for(served.card, trainer.next_seed(served.card), 5)
    finally:
        other.close()
        store.close()
