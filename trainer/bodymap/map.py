"""The dermatome map: regions from `trainer/data/bodymap/dermatomes.yaml`, rasterised to a
grid of labels at any size, and which regions an item's answer and a student's choice name.

A region's label is a spinal root (``C6``), a range (``S4-S5``) or a non-root mark (``V``, the
face). Pixels are square: the figure's frame is 100 × 200 units, so a raster ``h`` pixels tall
is ``h // 2`` wide (one terminal cell holds two pixels stacked, one column wide)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from trainer.deck.roots import RootSyntaxError, parse_roots
from trainer.errors import TrainerError
from trainer.generator.item import Item

DATA = Path(__file__).resolve().parent.parent / "data" / "bodymap" / "dermatomes.yaml"
FRAME_W, FRAME_H = 100.0, 200.0
BODY = "body"  # a pixel of the body with no drawn region


@dataclass(frozen=True)
class Shape:
    kind: str  # "rect" or "ellipse"
    values: tuple[float, float, float, float]

    def contains(self, x: float, y: float) -> bool:
        a, b, c, d = self.values
        if self.kind == "rect":  # closed across, so a mirrored shape samples the same pixels
            return a <= x <= c and b <= y < d
        return ((x - a) / c) ** 2 + ((y - b) / d) ** 2 <= 1.0

    def centre(self) -> tuple[float, float]:
        a, b, c, d = self.values
        if self.kind == "rect":
            return (a + c) / 2, (b + d) / 2
        return a, b

    def mirrored(self) -> Shape:
        a, b, c, d = self.values
        if self.kind == "rect":
            return Shape("rect", (FRAME_W - c, b, FRAME_W - a, d))
        return Shape("ellipse", (FRAME_W - a, b, c, d))


@dataclass(frozen=True)
class Region:
    label: str
    roots: tuple[str, ...]  # empty for a non-root mark such as the face
    shapes: tuple[Shape, ...]
    note: str = ""


@dataclass(frozen=True)
class View:
    name: str
    body: tuple[Shape, ...]
    regions: tuple[Region, ...]

    def label_at(self, x: float, y: float) -> str | None:
        """The label painted at a point of the frame: the last region covering it, BODY
        for the rest of the body, None outside it."""
        for region in reversed(self.regions):
            if any(s.contains(x, y) for s in region.shapes):
                return region.label
        if any(s.contains(x, y) for s in self.body):
            return BODY
        return None

    def raster(self, height: int, keep: frozenset[str] = frozenset()) -> list[list[str | None]]:
        """``height`` rows of ``height // 2`` pixels, each sampled at its centre. A region
        smaller than a pixel (the perianal S4-S5) still gets the pixel at its centre and that
        pixel's mirror image; the labels in ``keep`` (the ones highlighted) are placed last,
        so no other small region takes their pixel."""
        width = max(1, height // 2)
        sx, sy = FRAME_W / width, FRAME_H / height
        pixels = [
            [self.label_at((i + 0.5) * sx, (j + 0.5) * sy) for i in range(width)]
            for j in range(height)
        ]
        drawn = {label for line in pixels for label in line}
        missing = [r for r in self.regions if r.label not in drawn]
        missing.sort(key=lambda r: r.label in keep)  # the highlighted ones win
        placed: set[str] = set()
        for region in missing:
            if region.label in placed:
                continue
            x, y = region.shapes[0].centre()
            i, j = min(width - 1, int(x / sx)), min(height - 1, int(y / sy))
            if pixels[j][i] in keep and region.label not in keep:
                continue  # never over a highlighted region
            pixels[j][i] = pixels[j][width - 1 - i] = region.label
            placed.add(region.label)
        return pixels


@dataclass(frozen=True)
class BodyMap:
    title: str
    topics: frozenset[str]
    views: tuple[View, ...]

    def labels_for(self, roots: tuple[str, ...]) -> set[str]:
        """The region labels that cover any of these roots."""
        wanted = set(roots)
        return {r.label for v in self.views for r in v.regions if wanted & set(r.roots)}

    def roots(self) -> set[str]:
        return {root for v in self.views for r in v.regions for root in r.roots}


def _shape(spec: dict, where: str) -> list[Shape]:
    kinds = [k for k in ("rect", "ellipse") if k in spec]
    if len(kinds) != 1:
        raise TrainerError(f"{where}: a shape needs exactly one of rect or ellipse")
    values = spec[kinds[0]]
    if not (isinstance(values, list) and len(values) == 4):
        raise TrainerError(f"{where}: {kinds[0]} needs four numbers")
    shape = Shape(kinds[0], tuple(float(v) for v in values))  # type: ignore[arg-type]
    return [shape, shape.mirrored()] if spec.get("mirror") else [shape]


def _region_roots(label: str, where: str) -> tuple[str, ...]:
    if label.upper() == "V":
        return ()
    try:
        return parse_roots(label)
    except RootSyntaxError as exc:
        raise TrainerError(f"{where}: region label {label!r}: {exc}") from None


def parse_body_map(data: dict, source: str) -> BodyMap:
    views = []
    for name, view in (data.get("views") or {}).items():
        body = tuple(
            s
            for i, spec in enumerate(view.get("body", []))
            for s in _shape(spec, f"{source}: {name} body shape {i + 1}")
        )
        by_label: dict[str, list[Shape]] = {}
        notes: dict[str, str] = {}
        order: list[tuple[str, list[Shape]]] = []
        for i, spec in enumerate(view.get("regions", [])):
            where = f"{source}: {name} region {i + 1}"
            label = str(spec.get("label", ""))
            shapes = _shape(spec, where)
            _region_roots(label, where)
            order.append((label, shapes))
            by_label.setdefault(label, []).extend(shapes)
            if spec.get("note"):
                notes[label] = str(spec["note"])
        # keep the painting order: each entry is its own region, sharing the label's roots
        regions = tuple(
            Region(label, _region_roots(label, source), tuple(shapes), notes.get(label, ""))
            for label, shapes in order
        )
        views.append(View(str(name), body, regions))
    return BodyMap(str(data.get("title", "")), frozenset(data.get("topics", [])), tuple(views))


@lru_cache(maxsize=4)
def load_body_map(path: Path = DATA) -> BodyMap:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return parse_body_map(data, str(path))


def _option_roots(text: str) -> tuple[str, ...] | None:
    """An option that names roots (``C6`` or ``C6, C7``); None for anything else, including
    disc levels (``L4-L5``), which name a space between vertebrae, not a root range."""
    if "-" in text or "–" in text:
        return None
    try:
        return parse_roots(text)
    except (RootSyntaxError, KeyError):
        return None


def highlight_for_item(
    body_map: BodyMap,
    item: Item,
    card_key: str,
    chosen: int | None = None,
    places: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[set[str], set[str]] | None:
    """(labels of the key's regions, labels of the wrongly chosen option's regions) for an
    item the map can show, else None. The key comes from the options when they are roots
    (a key point, a landmark or a vignette asking for the root), otherwise from the card's
    row when that is a root (a root asking for its key point). There a wrongly chosen place
    is drawn at the root whose row names it (``places``, see `trainer.bodymap.places`)."""
    if item.topic not in body_map.topics:
        return None
    options = [_option_roots(o) for o in item.options]
    if all(o is not None for o in options):
        key = options[item.answer] or ()
        wrong: tuple[str, ...] = ()
        if chosen is not None and chosen != item.answer:
            wrong = options[chosen] or ()
    else:
        row = _option_roots(card_key.rsplit("/", 1)[-1])
        if row is None:
            return None
        key, wrong = row, ()
        if chosen is not None and chosen != item.answer and places is not None:
            wrong = places.get(item.options[chosen].casefold(), ())
    key_labels = body_map.labels_for(key)
    if not key_labels:
        return None
    return key_labels, body_map.labels_for(wrong) - key_labels
