"""Notifications (NO-1) as a kind and its data, never as prose.

A rule or a command calls `notify(conn, provider_id, kind, at=..., **data)` with a kind declared
in `EVENTS` and the values that make the notice; the title and the body a person reads are made
at the edge (`pel_tui.i18n.notices`), in the user's language. The same naming conventions as
refusals apply to the data (`*_cents`, `*_at`, `project_id`, `kind`, `status`).

Rows written before the store's version 4 hold an English title and body (`rendered = 1`); they
are shown as they are.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def notify(
    conn: sqlite3.Connection,
    provider_id: int,
    kind: str,
    /,
    *,
    at: int,
    project_id: int | None = None,
    dedup_key: str | None = None,
    **data: Any,
) -> None:
    """Record one notification; a `dedup_key` already recorded makes it a no-op (idempotent rules)."""
    names = EVENTS.get(kind)
    assert names is not None, f"undeclared notification kind {kind!r} (declare it in EVENTS)"
    required = {n for n in names if not n.endswith("?")}
    allowed = {n.rstrip("?") for n in names}
    assert required <= data.keys() <= allowed, f"{kind!r} takes {sorted(names)}, given {sorted(data)}"
    conn.execute(
        "INSERT OR IGNORE INTO notifications(provider_id, at, kind, project_id, title, body, data, "
        "dedup_key, rendered) VALUES (?, ?, ?, ?, '', '', ?, ?, 0)",
        (provider_id, at, kind, project_id, json.dumps(data, ensure_ascii=False, sort_keys=True), dedup_key),
    )


#: Every notification kind: kind → the names of its data (a trailing `?` marks an optional one).
#: `project_id` is a column of its own, not part of the data. The edge renders each kind; a test
#: enumerates them, and another reads the sources so that every kind notified is declared here.
EVENTS: dict[str, tuple[str, ...]] = {
    # -- projects, offers, credits (PR, OF, CR) ---------------------------------------------------
    "lost": ("title", "reason", "recommendations?"),
    "offer_read": ("title", "version"),
    "message": ("excerpt",),
    "credits_refunded": ("kinds", "reason"),
    "credits_expiring": ("kind", "remaining", "expires_at", "grant_id"),
    "digest": ("projects", "titles"),
    # -- selections, contracts, subscription, account (CT, SU) -------------------------------------------
    "selected": ("title", "formula", "amount_cents", "delay_days", "commission_payer", "confirm_by"),
    "terms_to_confirm": ("confirm_by",),
    "project_started": ("formula",),
    "selection_revoked": ("confirm_days",),
    "subscription_resumed": ("days",),
    "subscription_ended": ("reason",),
    "payment_incident": ("amount_cents", "grace_days"),
    "renewal_notice": ("plan", "renews_at", "price_cents"),
    "plan_changed": ("plan", "from_plan", "price_cents"),  # SU-9: at the renewal date
    # -- escrow and follow-up (ES, FO) -------------------------------------------------------------------
    "escrow_deposit": ("amount_cents", "held_cents", "tranche?"),
    "escrow_release": ("amount_cents", "available_cents"),
    "changes_requested": ("note",),
    # step: opened (opened_by, reason, cap_cents), withdrawn (opened_by), proposed, settled or decided
    # (to_provider_cents, to_client_cents)
    "dispute": ("step", "opened_by?", "reason?", "cap_cents?", "to_provider_cents?", "to_client_cents?"),
    "finalize_objection": ("reason",),
    "finalized": ("rating_days",),
    "client_reminded": ("waited_days",),
    "progress_request": ("number", "last_report_at?"),  # FO-1: the provider's last report before it
    # -- payment requests and invoices (PA) ---------------------------------------------------------------
    "payment_paid": ("invoice_number", "amount_cents", "paid_at"),
    "payment_validated": ("request_id", "invoice_number", "amount_cents", "pay_on"),
    "payment_rejected": ("request_id", "invoice_number", "amount_cents", "reason"),
    # -- profile, certification, referral (PF, RF) ------------------------------------------------------
    "reference_sent": ("reference_id", "client", "email", "send", "max_sends", "expires_at"),
    "reference_confirmed": ("reference_id", "client"),
    "reference_refused": ("reference_id", "client", "reason", "domain?"),
    "certified": ("path",),
    "referral_rewarded": ("referral_id", "url", "credits"),
    "referral_refused": ("referral_id", "url", "reason", "note?", "next_at?", "max_rewarded?", "period_months?"),
    "reference_expired": ("reference_id", "client", "expiry_days", "sends_left"),
}
