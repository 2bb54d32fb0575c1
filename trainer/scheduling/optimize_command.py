"""`trainer optimize` (and the Settings action): fit, report, keep only what predicts better."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from trainer.humanize import plural
from trainer.scheduling.optimize import MIN_ITEMS, fit, store_reviews

if TYPE_CHECKING:
    from trainer.session import Trainer


def optimize(trainer: Trainer) -> str:
    """Fit the student's parameters; save them if they predict later reviews better. The
    returned text says what happened."""
    result = fit(store_reviews(trainer.store), trainer.scheduler().memory.parameters)
    if result.default_loss is None or result.fitted_loss is None:
        return (
            f"{plural(result.items, 'review')} on a later day than the card's previous one; "
            f"{MIN_ITEMS} are needed before a fit is worth trusting. Parameters unchanged."
        )
    change = result.fitted_loss - result.default_loss
    text = (
        f"{plural(result.items, 'review')}; log loss on the latest 20 %: current "
        f"{result.default_loss:.4f}, fitted {result.fitted_loss:.4f} ({change:+.4f})."
    )
    if not result.improved:
        return text + " The fit is not better: parameters unchanged."
    trainer.save_settings(replace(trainer.settings, parameters=result.parameters))
    return text + " Saved: scheduling now uses your own parameters."
