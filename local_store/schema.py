"""The store's schema: the migrations (`local_store.migrations`) and the version they reach."""

from __future__ import annotations

from local_store.migrations import MIGRATIONS, SCHEMA_VERSION

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]
