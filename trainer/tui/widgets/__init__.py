"""Widgets and renderers the screens share."""

from trainer.tui.widgets.charts import bars, heatmap
from trainer.tui.widgets.text import literal, percent

__all__ = ["bars", "heatmap", "literal", "percent"]
