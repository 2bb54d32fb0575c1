"""The progress store: SQLAlchemy models, Alembic migrations, and the trainer's queries."""

from trainer.store.db import ReviewRecord, Store, StoredCard, open_store

__all__ = ["ReviewRecord", "Store", "StoredCard", "open_store"]
