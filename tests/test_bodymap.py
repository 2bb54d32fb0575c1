"""The dermatome map: its data, its raster, and which items it is shown for."""

from __future__ import annotations

import pytest

from trainer.bodymap import highlight_for_item, load_body_map
from trainer.bodymap.map import BODY, parse_body_map
from trainer.errors import TrainerError
from trainer.generator import Bank


@pytest.fixture(scope="module")
def body_map():
    return load_body_map()


def test_every_root_from_c2_to_s5_has_a_region_in_some_view(body_map):
    wanted = {f"C{i}" for i in range(2, 9)} | {f"T{i}" for i in range(1, 13)}
    wanted |= {f"L{i}" for i in range(1, 6)} | {f"S{i}" for i in range(1, 6)}
    assert wanted <= body_map.roots()
    assert [v.name for v in body_map.views] == ["front", "back"]


@pytest.mark.parametrize("rows", [12, 24, 40])
def test_raster_is_sized_to_the_request_and_mirror_symmetric(body_map, rows):
    for view in body_map.views:
        raster = view.raster(rows)
        assert len(raster) == rows and {len(r) for r in raster} == {rows // 2}
        for line in raster:
            assert line == line[::-1]  # a dermatome map of both sides is symmetric
        painted = {label for line in raster for label in line}
        assert BODY in painted or len(painted) > 5


def test_landmarks_lie_in_their_dermatomes(body_map):
    front = next(v for v in body_map.views if v.name == "front")
    back = next(v for v in body_map.views if v.name == "back")
    assert front.label_at(40, 47) == "T4"  # nipple line
    assert front.label_at(45, 71) == "T10"  # umbilicus
    assert front.label_at(16, 95) == "C6"  # thumb side of the hand
    assert front.label_at(21, 95) == "C7"  # middle finger
    assert front.label_at(26, 95) == "C8"  # little-finger side
    assert back.label_at(50, 107) == "S4-S5"  # perianal
    assert back.label_at(50, 10) == "C2"  # occiput


def test_bad_map_data_is_refused_with_where():
    with pytest.raises(TrainerError, match="front region 1: region label 'X9'"):
        parse_body_map(
            {"views": {"front": {"regions": [{"label": "X9", "rect": [0, 0, 1, 1]}]}}}, "m.yaml"
        )
    with pytest.raises(TrainerError, match="exactly one of rect or ellipse"):
        parse_body_map({"views": {"front": {"body": [{"circle": [1, 2, 3]}]}}}, "m.yaml")


def test_highlights_dermatome_and_root_items_only(body_map, decks):
    by_id = {d.id: Bank(d) for d in decks}
    shown = {}
    for deck_id, bank in by_id.items():
        for card in bank.cards():
            item = bank.generate_any(card.card_id, 0, 4)
            wrong = (item.answer + 1) % len(item.options)
            regions = highlight_for_item(body_map, item, card.card_id, wrong)
            if regions is not None:
                key, chosen = regions
                assert key and not key & chosen
                shown.setdefault(deck_id, []).append(card.card_id)
    assert "myotomes" not in shown and "reflexes" not in shown  # a myotome is not a region
    assert len(shown["dermatomes"]) > 40
    # a disc-level item shows the root its row names (the disc's options are not roots)
    disc = next(c for c in shown["lumbar-localisation"] if "vignette-disc" in c)
    item = by_id["lumbar-localisation"].generate_any(disc, 0, 4)
    assert highlight_for_item(body_map, item, disc, 0) == ({disc.rsplit("/", 1)[1]}, set())
    # a key-point item: the key's region and the wrong choice's region
    bank = by_id["dermatomes"]
    card = next(c for c in bank.cards() if c.card_id.endswith("key-point-to-root/C6"))
    item = bank.generate_any(card.card_id, 0, 4)
    wrong = next(i for i, o in enumerate(item.options) if o != "C6")
    key, chosen = highlight_for_item(body_map, item, card.card_id, wrong)
    assert key == {"C6"} and chosen == {item.options[wrong]}


def test_every_root_a_map_item_can_show_has_a_region_drawn_at_every_size(body_map, decks):
    """Every root any dermatome, key-point or root item can give as key or option, and every
    place a root-to-key-point item offers, has a region, and that region is drawn (a region
    smaller than a pixel, such as the perianal S4-S5, still gets its pixel)."""
    from trainer.bodymap import place_roots
    from trainer.bodymap.map import _option_roots

    places = place_roots(decks)
    asked: set[str] = set()
    for deck in decks:
        bank = Bank(deck)
        for card in bank.cards():
            for seed in range(4):
                item = bank.generate_any(card.card_id, seed, 4)
                if item.topic not in body_map.topics:
                    continue
                roots = [_option_roots(o) for o in item.options]
                if all(r is not None for r in roots):
                    asked.update(root for r in roots for root in r or ())
                    continue
                row = _option_roots(card.card_id.rsplit("/", 1)[-1])
                if row is None:
                    continue
                asked.update(row)
                if item.topic != "dermatomes":  # a disc level is a space, not a place
                    continue
                for option in item.options:  # each place offered names one root
                    assert option.casefold() in places, (card.card_id, option)
                    asked.update(places[option.casefold()])
    assert {"S4", "S5", "L2", "C2"} <= asked
    assert asked <= body_map.roots(), sorted(asked - body_map.roots())
    for rows in (12, 20, 26, 40, 60):
        for label in body_map.labels_for(tuple(asked)):
            keep = frozenset({label})
            drawn = {x for v in body_map.views for line in v.raster(rows, keep) for x in line}
            assert label in drawn, (rows, label)


def test_a_wrongly_chosen_key_point_is_drawn_at_its_root(body_map, decks):
    from trainer.bodymap import place_roots

    bank = Bank(next(d for d in decks if d.id == "dermatomes"))
    card = next(c for c in bank.cards() if c.card_id.endswith("root-to-key-point/S4, S5"))
    places = place_roots(decks)
    for seed in range(8):
        item = bank.generate_any(card.card_id, seed, 4)
        if item.options[item.answer].casefold() in places:
            break
    wrong = (item.answer + 1) % len(item.options)
    key, chosen = highlight_for_item(body_map, item, card.card_id, wrong, places)
    assert key == {"S4-S5"}
    assert chosen == body_map.labels_for(places[item.options[wrong].casefold()]) - key
    assert chosen
