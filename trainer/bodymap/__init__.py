"""A schematic body map of dermatomes: the data and its raster, no Textual here."""

from trainer.bodymap.map import BodyMap, Shape, highlight_for_item, load_body_map
from trainer.bodymap.places import place_roots

__all__ = ["BodyMap", "Shape", "highlight_for_item", "load_body_map", "place_roots"]
