"""The store's schema, as an ordered list of migrations.

Migration N (1-based) brings a store from `PRAGMA user_version = N-1` to N. A migration is never
edited once released: a change is a new migration appended to the list.

Times are INTEGER unix seconds (UTC); money is INTEGER cents; credits are whole numbers.
Ledgers (`credit_entries`, `escrow_entries`, `journal`) are append-only: triggers refuse UPDATE
and DELETE.
"""

from __future__ import annotations

from local_store.migrations.v1 import V1
from local_store.migrations.v2 import V2
from local_store.migrations.v3 import V3
from local_store.migrations.v4 import V4
from local_store.migrations.v5 import V5
from local_store.migrations.v6 import V6

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6)
SCHEMA_VERSION = len(MIGRATIONS)
