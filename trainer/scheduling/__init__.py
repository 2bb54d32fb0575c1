"""Scheduling: the fsrs wrapper, the rating policy and the exam date."""

from trainer.scheduling.policy import RatingDecision, RatingPolicy
from trainer.scheduling.scheduler import CardState, Settings, TrainerScheduler

__all__ = ["CardState", "RatingDecision", "RatingPolicy", "Settings", "TrainerScheduler"]
