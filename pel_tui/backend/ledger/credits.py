"""The credit ledger (CR): lots with expiries, append-only entries, balances derived."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from pel_tui.backend.clock import add_months

KINDS = ("consultation", "offer", "contact")

# A lot's expiry, pushed out by the suspensions it lived through (SU-5).
EFFECTIVE_EXPIRY = (
    "(g.expires_at + coalesce((SELECT sum(x.seconds) FROM credit_grant_extensions x "
    "WHERE x.grant_id = g.id), 0))"
)
REMAINING = "(SELECT coalesce(sum(e.delta), 0) FROM credit_entries e WHERE e.grant_id = g.id)"


def grant(
    conn: sqlite3.Connection,
    provider_id: int,
    kind: str,
    quantity: int,
    *,
    source: str,
    reason: str,
    at: int,
    validity_months: int,
    project_id: int | None = None,
    refund_of: int | None = None,
) -> int:
    """A new lot of `quantity` credits of `kind`, expiring `validity_months` later (CR-4)."""
    cur = conn.execute(
        "INSERT INTO credit_grants(provider_id, kind, quantity, source, granted_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (provider_id, kind, quantity, source, at, add_months(at, validity_months)),
    )
    grant_id = int(cur.lastrowid or 0)
    conn.execute(
        "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, project_id, "
        "reason, at, refund_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            provider_id, kind, "refund" if source == "refund" else "grant", quantity, grant_id,
            project_id, reason, at, refund_of,
        ),
    )
    return grant_id


class Lot(NamedTuple):
    """A grant with credits left: what spending takes from, soonest expiry first (CR-5)."""

    grant_id: int
    kind: str
    source: str
    remaining: int
    expires_at: int  # pushed out by the suspensions it lived through (SU-5)


class Debit(NamedTuple):
    id: int
    provider_id: int
    kind: str


def balances(conn: sqlite3.Connection, provider_id: int) -> dict[str, int]:
    out = dict.fromkeys(KINDS, 0)
    for kind, total in conn.execute(
        "SELECT kind, sum(delta) FROM credit_entries WHERE provider_id = ? GROUP BY kind",
        (provider_id,),
    ):
        out[kind] = int(total)
    return out


def live_lots(conn: sqlite3.Connection, provider_id: int, kind: str | None = None) -> list[Lot]:
    """The lots with credits left, soonest expiry first."""
    sql = (
        f"SELECT g.id, g.kind, g.source, {REMAINING} AS remaining, {EFFECTIVE_EXPIRY} AS exp "
        "FROM credit_grants g WHERE g.provider_id = ?"
    )
    params: list[object] = [provider_id]
    if kind is not None:
        sql += " AND g.kind = ?"
        params.append(kind)
    sql += " AND remaining > 0 ORDER BY exp, g.id"
    return [Lot(int(a), b, c, int(d), int(e)) for a, b, c, d, e in conn.execute(sql, params)]


def existing_debit(
    conn: sqlite3.Connection, provider_id: int, project_id: int, kind: str
) -> int | None:
    row = conn.execute(
        "SELECT id FROM credit_entries WHERE provider_id = ? AND project_id = ? AND kind = ? "
        "AND entry_type = 'debit' AND duplicate_of IS NULL",
        (provider_id, project_id, kind),
    ).fetchone()
    return int(row[0]) if row else None


def debit(
    conn: sqlite3.Connection,
    provider_id: int,
    project_id: int,
    kind: str,
    *,
    reason: str,
    at: int,
    duplicate_of: int | None = None,
) -> int | None:
    """Take one credit of `kind` from the lot that expires soonest (CR-5).

    Returns the entry id, or None when no lot has a credit left (the caller refuses).
    """
    lots = live_lots(conn, provider_id, kind)
    if not lots:
        return None
    cur = conn.execute(
        "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, project_id, "
        "reason, at, duplicate_of) VALUES (?, ?, 'debit', -1, ?, ?, ?, ?, ?)",
        (provider_id, kind, lots[0].grant_id, project_id, reason, at, duplicate_of),
    )
    return int(cur.lastrowid or 0)


def refund(
    conn: sqlite3.Connection, debit_id: int, *, reason: str, at: int, validity_months: int
) -> int | None:
    """CR-8: give back a debit as a new credit of the same kind; once per debit."""
    row = conn.execute(
        "SELECT provider_id, kind, project_id FROM credit_entries WHERE id = ? "
        "AND entry_type = 'debit'",
        (debit_id,),
    ).fetchone()
    if row is None:
        return None
    if conn.execute("SELECT 1 FROM credit_entries WHERE refund_of = ?", (debit_id,)).fetchone():
        return None
    provider_id, kind, project_id = row
    return grant(
        conn, provider_id, kind, 1, source="refund", reason=reason, at=at,
        validity_months=validity_months, project_id=project_id, refund_of=debit_id,
    )


def project_debits(conn: sqlite3.Connection, project_id: int, kinds: tuple[str, ...]) -> list[Debit]:
    """Every not-yet-refunded debit of `kinds` on a project."""
    marks = ", ".join("?" for _ in kinds)
    return [
        Debit(int(a), int(b), c)
        for a, b, c in conn.execute(
            f"SELECT d.id, d.provider_id, d.kind FROM credit_entries d WHERE d.project_id = ? "
            f"AND d.entry_type = 'debit' AND d.kind IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM credit_entries r WHERE r.refund_of = d.id)",
            (project_id, *kinds),
        )
    ]
