"""The bank-wide fact registry: every accepted value of every recorded fact, in one place."""

from trainer.facts.model import Fact, Place
from trainer.facts.registry import Registry

__all__ = ["Fact", "Place", "Registry"]
