"""The SQLite store of pel-tui: schema, migrations, transactions and queries. Knows no rules."""

from local_store.connection import Store, StoreBusy, StoreError, StoreTooNew
from local_store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "StoreBusy", "StoreError", "StoreTooNew"]
