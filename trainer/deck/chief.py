"""A chief root lies among its row's segments: ``chief: C5`` beside ``roots: C7, C8`` is refused.

A roots column recorded as the ``chief root`` fact names the root that carries most of an arc;
it is one of the segments the row records (its ``segments`` or ``roots`` column, with that
cell's ``also`` values). Anything else is a typing slip that would teach a wrong root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from trainer.deck.model import Cell, Column, norm

if TYPE_CHECKING:
    from trainer.deck.loader import _Reader

CHIEF = "chief root"
WHOLE = ("segments", "roots")


def _value_node(node: yaml.Node) -> yaml.Node:
    """The node holding a cell's value: the cell itself, or its ``value:`` entry."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "value":
                return value
    return node


def check_chief(
    reader: _Reader,
    row_key: str,
    nodes: dict[str, yaml.Node],
    cells: dict[str, Cell],
    columns: dict[str, Column],
) -> None:
    """Report each chief root of a row that is not among the row's segments, at its value."""
    whole = next(
        (
            name
            for name, column in columns.items()
            if column.type == "roots" and column.fact in WHOLE and name in cells
        ),
        None,
    )
    if whole is None:
        return
    segments = cells[whole]
    allowed = {norm(v) for v in segments.values + segments.also}
    for name, column in columns.items():
        if column.type != "roots" or column.fact != CHIEF or name not in cells:
            continue
        outside = [v for v in cells[name].values if norm(v) not in allowed]
        if outside:
            reader.error(
                _value_node(nodes[name]),
                f"column {name!r}: chief root {', '.join(outside)} of {row_key!r} is not among "
                f"its {whole} ({segments.text}); a chief root is one of the row's segments",
            )
