"""A fresh demo is dated as its own clock says: nothing in it happened after its "now".

The demo's story runs the user's account through the engine on a clock that ends at the demo's
now; the generated market is written as it stands at that now. A row dated later would be shown
first in every "newest first" list (NO-1) and would give a selection more than its 7 days to
confirm (CT-1).
"""

from __future__ import annotations

from pathlib import Path

from local_store import Store
from pel_tui.backend import Engine, FixedClock, Marketplace
from pel_tui.backend.demo import build_demo
from pel_tui.backend.policy import DAY, DEFAULT_POLICY

T = 1_795_000_000

#: Columns that hold a time to come, not a time something happened: expiries, deadlines, what is due.
DEADLINES = {
    ("credit_grants", "expires_at"),  # CR-4
    ("contracts", "confirm_by"),  # CT-1
    ("contracts", "next_progress_at"),  # FO-1
    ("subscriptions", "period_end"),  # SU-3
    ("subscription_periods", "period_end"),
    ("suspensions", "planned_end"),  # SU-5
    ("payment_requests", "pay_on"),  # PA-4
}
TIME_SUFFIXES = ("_at", "_on", "_by", "_until", "_since", "_start", "_end")


def time_columns(store: Store) -> list[tuple[str, str]]:
    """Every (table, column) of the store that holds a time, by the schema's naming."""
    out = []
    for (table,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'%fts%' AND name NOT LIKE 'sqlite%'").fetchall():
        for _cid, column, kind, *_ in store.conn.execute(f"PRAGMA table_info({table})"):
            if kind.upper().startswith("INT") and (column == "at" or column.endswith(TIME_SUFFIXES)):
                out.append((table, column))
    return out


def test_ct_1_no_1_nothing_in_a_fresh_demo_is_dated_after_its_now(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite")
    build_demo(store, projects=300, seed=7, clock=FixedClock(T))
    columns = time_columns(store)
    assert {("notifications", "at"), ("credit_entries", "at"), ("offer_versions", "created_at"),
            ("contracts", "selected_at"), ("journal", "at")} <= set(columns)
    later = {}
    for table, column in columns:
        if (table, column) in DEADLINES:
            continue
        n, top = store.conn.execute(f"SELECT count(*), max({column}) FROM {table} WHERE {column} > ?",
                                    (T,)).fetchone()
        if n:
            later[f"{table}.{column}"] = (n, f"up to {(top - T) / DAY:.1f} days after now")
    assert later == {}
    # The selection awaiting the user's answer leaves at most CT-1's 7 days to confirm.
    mp = Marketplace.for_user(Engine(store, FixedClock(T)))
    waiting = [k for k in mp.contracts() if k.status == "awaiting_confirmation"]
    assert waiting and all(
        0 < k.confirm_by.timestamp() - T <= DEFAULT_POLICY.confirm_terms_days * DAY for k in waiting)
    store.close()
