"""Where the provider stands: the current subscription, as CR-6 and CR-5 read it before a spend."""

from __future__ import annotations

import sqlite3

import msgspec

from pel_tui.backend import rows


class SubscriptionRow(msgspec.Struct, frozen=True):
    id: int
    plan: str
    status: str  # active, suspended, payment_incident, ended
    started_at: int
    period_start: int
    period_end: int
    cancel_requested_at: int | None
    incident_since: int | None
    next_plan: str | None  # SU-9: the plan chosen for the next period


def current_subscription(conn: sqlite3.Connection, provider_id: int) -> SubscriptionRow | None:
    """The provider's latest subscription, whatever its state."""
    return rows.one(
        conn, SubscriptionRow,
        "SELECT id, plan, status, started_at, period_start, period_end, cancel_requested_at, incident_since, "
        "next_plan FROM subscriptions WHERE provider_id = ? ORDER BY id DESC LIMIT 1", (provider_id,),
    )


def frozen_reason(conn: sqlite3.Connection, provider_id: int) -> str | None:
    """CR-6: why credits cannot be spent now (suspended, payment_incident, ended, none), or None."""
    sub = current_subscription(conn, provider_id)
    if sub is None:
        return "none"
    return None if sub.status == "active" else sub.status


def next_allotment_at(conn: sqlite3.Connection, provider_id: int) -> int | None:
    """When the next period grants its allotment: the end of an active period that renews."""
    sub = current_subscription(conn, provider_id)
    if sub is not None and sub.status == "active" and sub.cancel_requested_at is None:
        return sub.period_end
    return None


def amount_due_cents(conn: sqlite3.Connection, provider_id: int) -> int:
    """SU-6: what payment incidents left unpaid."""
    return int(rows.scalar(
        conn, "SELECT coalesce(sum(amount_cents), 0) FROM provider_debts WHERE provider_id = ? AND settled_at IS NULL",
        (provider_id,), 0,
    ))
