"""The dermatome map drawn with half-blocks: front and back side by side, sized to the
terminal, with the key's regions and a wrong choice's regions in two colours."""

from __future__ import annotations

from functools import cache

from rich.text import Text
from textual.widgets import Static

from trainer.bodymap.map import BODY, BodyMap, load_body_map

KEY = "#2ecc40"  # the answer's region
WRONG = "#ff4136"  # the region of the option the student chose wrongly
SKIN = "grey30"
DIM = "grey42"
GROUPS = {  # two shades per spinal group, alternating with the root number
    "C": ("#5b7fb5", "#46689c"),
    "T": ("#5e9c76", "#4b8262"),
    "L": ("#c9a227", "#a8861c"),
    "S": ("#a8637f", "#8c4e69"),
}


def region_colour(label: str) -> str:
    group = GROUPS.get(label[:1])
    if group is None:
        return DIM
    digits = "".join(ch for ch in label[1:3] if ch.isdigit())
    return group[int(digits or 0) % 2]


def colour(label: str | None, key: set[str], wrong: set[str], highlight: bool) -> str | None:
    if label is None:
        return None
    if label in key:
        return KEY
    if label in wrong:
        return WRONG
    if label == BODY:
        return SKIN
    return DIM if highlight else region_colour(label)


def map_rows(width: int, height: int) -> int:
    """Pixel rows of each view / 2 = terminal rows, fitted to the space given."""
    return max(6, min(height - 3, (width - 3) // 2, 30))


def render_map(
    body_map: BodyMap,
    rows: int,
    key: set[str] | None = None,
    wrong: set[str] | None = None,
) -> Text:
    """The views side by side, each ``rows`` terminal rows tall, then captions and a legend."""
    key, wrong = key or set(), wrong or set()
    highlight = bool(key or wrong)
    rasters = [view.raster(rows * 2, frozenset(key | wrong)) for view in body_map.views]
    out = Text(no_wrap=True)
    for r in range(rows):
        for v, raster in enumerate(rasters):
            if v:
                out.append(" ")
            top_row, bottom_row = raster[2 * r], raster[2 * r + 1]
            for top, bottom in zip(top_row, bottom_row, strict=True):
                fg = colour(top, key, wrong, highlight)
                bg = colour(bottom, key, wrong, highlight)
                if fg is None and bg is None:
                    out.append(" ")
                elif fg is None:
                    out.append("▄", style=bg)
                else:
                    out.append("▀", style=f"{fg} on {bg}" if bg else fg)
        out.append("\n")
    widths = [len(raster[0]) for raster in rasters]
    captions = " ".join(v.name.center(w) for v, w in zip(body_map.views, widths, strict=True))
    out.append(captions.rstrip() + "\n", style="dim")
    if highlight:
        out.append("■", style=KEY)
        out.append(f" answer {', '.join(sorted(key))}")
        if wrong:
            out.append("  ")
            out.append("■", style=WRONG)
            out.append(f" your choice {', '.join(sorted(wrong))}")
    else:
        out.append(body_map.title, style="dim")
    return out


@cache
def bundled_body_map() -> BodyMap:
    """The bundled map, read once per process (its YAML took about 0.1 s on every drill
    screen's first paint when each screen read it)."""
    return load_body_map()


class BodyMapView(Static):
    """Shows the map (optionally highlighted); re-drawn to fit whenever it is resized.
    Without a map it shows the bundled one, read when first needed."""

    DEFAULT_CSS = """
    BodyMapView { width: auto; height: auto; padding: 0 1; }
    """

    def __init__(self, body_map: BodyMap | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._body_map = body_map
        self.key: set[str] = set()
        self.wrong: set[str] = set()
        self.rows = 12

    @property
    def body_map(self) -> BodyMap:
        if self._body_map is None:
            self._body_map = bundled_body_map()
        return self._body_map

    def show_regions(self, key: set[str], wrong: set[str], rows: int) -> None:
        self.key, self.wrong, self.rows = key, wrong, rows
        self.update(render_map(self.body_map, rows, key, wrong))
