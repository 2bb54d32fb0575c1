"""Taking decks and review histories out of the trainer, and histories back in."""
