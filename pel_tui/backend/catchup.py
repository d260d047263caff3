"""The catch-up: every time-based rule, applied in time order, idempotently.

Each rule is a `Rule` with `next_due` (the earliest time one of its events is due, or None) and
`apply(upto)` (apply, at their own times, its events due by `upto`). `run` repeatedly takes the
rule whose next event is earliest and lets it apply its events up to the next other rule's due
time, so that running it once after a long pause gives the state of running it at every instant.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pel_tui.backend import credits
from pel_tui.backend.clock import add_months, day
from pel_tui.backend.policy import DAY

if TYPE_CHECKING:
    from pel_tui.backend.engine import Engine


@dataclass(frozen=True)
class Rule:
    name: str
    next_due: Callable[[Engine, sqlite3.Connection], int | None]
    apply: Callable[[Engine, sqlite3.Connection, int], None]


def _one(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> int | None:
    row = conn.execute(sql, params).fetchone()
    return None if row is None or row[0] is None else int(row[0])


# -- PR-2: no award within 90 days ----------------------------------------------------------------

def _expiry_due(e: Engine, c: sqlite3.Connection) -> int | None:
    t = _one(c, "SELECT created_at FROM projects WHERE status = 'open' ORDER BY id LIMIT 1")
    return None if t is None else t + e.policy.project_expiry_days * DAY


def _expiry_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    span = e.policy.project_expiry_days * DAY
    rows = c.execute(
        "SELECT id, created_at, title FROM projects INDEXED BY projects_open_created WHERE status = 'open' "
        "AND created_at <= ? ORDER BY created_at, id", (upto - span,),
    ).fetchall()
    for pid, created, title in rows:
        at = created + span
        c.execute("UPDATE projects SET status = 'expired', status_at = ? WHERE id = ?", (at, pid))
        _close_offers(e, c, pid, title, at, "the project expired without an award")
        c.execute(
            "UPDATE stale_reports SET resolved_at = ?, outcome = 'moot' "
            "WHERE project_id = ? AND resolved_at IS NULL", (at, pid),
        )


def _close_offers(e: Engine, c: sqlite3.Connection, pid: int, title: str, at: int, why: str) -> None:
    """OF-6: every live offer of a project that ended without its provider becomes `lost`."""
    for oid, prov in c.execute(
        "SELECT id, provider_id FROM offers WHERE project_id = ? AND status IN "
        "('submitted', 'read', 'selected')", (pid,),
    ).fetchall():
        c.execute("UPDATE offers SET status = 'lost', updated_at = ? WHERE id = ?", (at, oid))
        e.notify(c, prov, "lost", f"Offer lost on #{pid} {title}", body=why, project_id=pid, at=at,
                 dedup_key=f"lost:{oid}")


# -- CT-1: selection not confirmed within 7 days ----------------------------------------------------

def _revoke_due(e: Engine, c: sqlite3.Connection) -> int | None:
    return _one(c, "SELECT min(confirm_by) FROM contracts WHERE status = 'awaiting_confirmation'")


def _revoke_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for cid, pid, prov, oid, at in c.execute(
        "SELECT id, project_id, provider_id, offer_id, confirm_by FROM contracts "
        "WHERE status = 'awaiting_confirmation' AND confirm_by <= ? ORDER BY confirm_by", (upto,),
    ).fetchall():
        c.execute("UPDATE contracts SET status = 'revoked', ended_at = ? WHERE id = ?", (at, cid))
        c.execute("UPDATE offers SET status = 'withdrawn', updated_at = ? WHERE id = ?", (at, oid))
        c.execute(
            "UPDATE projects SET status = 'open', status_at = ?, offers_count = max(offers_count - 1, 0) "
            "WHERE id = ?", (at, pid),
        )
        e.notify(
            c, prov, "selection_revoked", f"Selection on #{pid} revoked",
            body=f"You did not confirm the terms within {e.policy.confirm_terms_days} days; "
            "the project is open to offers again.",
            project_id=pid, at=at, dedup_key=f"revoked:{cid}",
        )


# -- PR-6: the client did not answer a staleness report within 7 days -------------------------------

def _stale_due(e: Engine, c: sqlite3.Connection) -> int | None:
    t = _one(c, "SELECT min(reported_at) FROM stale_reports WHERE resolved_at IS NULL")
    return None if t is None else t + e.policy.stale_answer_days * DAY


def _stale_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    span = e.policy.stale_answer_days * DAY
    for rid, pid, reported in c.execute(
        "SELECT id, project_id, reported_at FROM stale_reports WHERE resolved_at IS NULL "
        "AND reported_at <= ? ORDER BY reported_at", (upto - span,),
    ).fetchall():
        resolve_stale(e, c, rid, pid, "no_answer", reported + span)


def resolve_stale(e: Engine, c: sqlite3.Connection, report_id: int, pid: int, outcome: str, at: int) -> None:
    status, _title = c.execute("SELECT status, title FROM projects WHERE id = ?", (pid,)).fetchone()
    if outcome in ("confirmed", "no_answer") and status != "open":
        outcome = "moot"
    c.execute("UPDATE stale_reports SET resolved_at = ?, outcome = ? WHERE id = ?",
              (at, outcome, report_id))
    if outcome in ("confirmed", "no_answer"):
        end_project(e, c, pid, "stale", at)


def end_project(e: Engine, c: sqlite3.Connection, pid: int, status: str, at: int) -> None:
    """A project ends `cancelled`, `removed` or `stale`: offers lost, CR-8 refunds."""
    title, before = c.execute("SELECT title, status FROM projects WHERE id = ?", (pid,)).fetchone()
    c.execute("UPDATE projects SET status = ?, status_at = ? WHERE id = ?", (status, at, pid))
    c.execute(
        "UPDATE contracts SET status = 'cancelled', ended_at = ? WHERE project_id = ? AND status IN "
        "('awaiting_confirmation', 'awaiting_commission')", (at, pid),
    )
    _close_offers(e, c, pid, title, at, f"the project was {status}")
    c.execute(
        "UPDATE stale_reports SET resolved_at = ?, outcome = 'moot' WHERE project_id = ? "
        "AND resolved_at IS NULL", (at, pid),
    )
    refunded: dict[int, list[str]] = {}
    if before not in ("open", "awarded"):
        # CR-8: a project that already ended (expired, lost tenders) or was won owes no refund.
        return
    for debit_id, prov, kind in credits.project_debits(c, pid, ("offer", "contact")):
        if credits.refund(c, debit_id, reason=f"project {status}", at=at,
                          validity_months=e.policy.credit_validity_months) is not None:
            refunded.setdefault(prov, []).append(kind)
    for prov, kinds in refunded.items():
        e.notify(
            c, prov, "credits_refunded", f"Credits refunded for #{pid}",
            body=f"The project was {status}: your {' and '.join(sorted(kinds))} credit(s) came back.",
            project_id=pid, at=at, data={"kinds": sorted(kinds)}, dedup_key=f"refund:{pid}:{prov}",
        )


# -- SU-3, SU-4, SU-6: period ends, renewals, incidents -------------------------------------------

def _renewal_due(e: Engine, c: sqlite3.Connection) -> int | None:
    return _one(c, "SELECT min(period_end) FROM subscriptions WHERE status = 'active'")


def _renewal_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for sid, prov, plan_name, end, cancel in c.execute(
        "SELECT id, provider_id, plan, period_end, cancel_requested_at FROM subscriptions "
        "WHERE status = 'active' AND period_end <= ? ORDER BY period_end", (upto,),
    ).fetchall():
        if cancel is not None:
            c.execute("UPDATE subscriptions SET status = 'ended', ended_at = ? WHERE id = ?", (end, sid))
            e.notify(c, prov, "subscription_ended", "Your subscription has ended",
                     body="It ended at the end of the paid period, as you asked.", at=end,
                     dedup_key=f"ended:{sid}")
            continue
        plan = e.policy.plans[plan_name]
        declined = e.store.get_meta(f"card_declined:{prov}") == "1"
        if declined:
            c.execute(
                "INSERT OR IGNORE INTO subscription_periods(subscription_id, period_start, period_end, "
                "amount_cents, charged_at, paid) VALUES (?, ?, ?, ?, ?, 0)",
                (sid, end, add_months(end, plan.months), plan.price_cents, end),
            )
            c.execute("UPDATE subscriptions SET status = 'payment_incident', incident_since = ? "
                      "WHERE id = ?", (end, sid))
            c.execute("INSERT INTO provider_debts(provider_id, amount_cents, reason, at) "
                      "VALUES (?, ?, ?, ?)", (prov, plan.price_cents, f"renewal of {plan.label}", end))
            e.notify(
                c, prov, "payment_incident", "Payment incident on your subscription",
                body=f"The renewal charge of {plan.price_cents / 100:.2f} € failed; credits are frozen "
                f"until it is settled (pel settle). After {e.policy.incident_grace_days} days the "
                "subscription ends and the amount stays due.",
                at=end, dedup_key=f"incident:{sid}:{end}",
            )
            continue
        start_period(e, c, sid, prov, plan_name, end)


def start_period(e: Engine, c: sqlite3.Connection, sid: int, prov: int, plan_name: str, start: int) -> None:
    """A paid period begins: its row, its invoice and its allotment (SU-2)."""
    from pel_tui.backend.invoices import issue_platform_invoice

    plan = e.policy.plans[plan_name]
    end = add_months(start, plan.months)
    c.execute(
        "INSERT INTO subscription_periods(subscription_id, period_start, period_end, amount_cents, "
        "charged_at, paid) VALUES (?, ?, ?, ?, ?, 1)", (sid, start, end, plan.price_cents, start),
    )
    c.execute("UPDATE subscriptions SET period_start = ?, period_end = ?, status = 'active', "
              "incident_since = NULL WHERE id = ?", (start, end, sid))
    for kind, qty in plan.allotment().items():
        credits.grant(c, prov, kind, qty, source="subscription", reason=f"{plan.label} {day(start)}",
                      at=start, validity_months=e.policy.credit_validity_months)
    issue_platform_invoice(e, c, prov, "subscription",
                           f"Abonnement {plan.label} du {day(start)} au {day(end)}", plan.price_cents, start)


def _incident_due(e: Engine, c: sqlite3.Connection) -> int | None:
    t = _one(c, "SELECT min(incident_since) FROM subscriptions WHERE status = 'payment_incident'")
    return None if t is None else t + e.policy.incident_grace_days * DAY


def _incident_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    span = e.policy.incident_grace_days * DAY
    for sid, prov, since in c.execute(
        "SELECT id, provider_id, incident_since FROM subscriptions WHERE status = 'payment_incident' "
        "AND incident_since <= ?", (upto - span,),
    ).fetchall():
        c.execute("UPDATE subscriptions SET status = 'ended', ended_at = ? WHERE id = ?", (since + span, sid))
        e.notify(c, prov, "subscription_ended", "Your subscription has ended after a payment incident",
                 body="The renewal was not settled within the grace period; the amount stays due.",
                 at=since + span, dedup_key=f"ended:{sid}")


def _notice_rows(e: Engine, c: sqlite3.Connection) -> list[tuple[int, int, int, str]]:
    out = []
    for sid, prov, end, plan_name in c.execute(
        "SELECT id, provider_id, period_end, plan FROM subscriptions WHERE status = 'active' "
        "AND cancel_requested_at IS NULL"
    ).fetchall():
        t = end - e.policy.renewal_notice_days(e.policy.plans[plan_name]) * DAY
        key = f"renewal-notice:{sid}:{end}"
        if not c.execute("SELECT 1 FROM notifications WHERE dedup_key = ?", (key,)).fetchone():
            out.append((t, sid, prov, plan_name))
    return out


def _notice_due(e: Engine, c: sqlite3.Connection) -> int | None:
    rows = _notice_rows(e, c)
    return min(r[0] for r in rows) if rows else None


def _notice_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for t, sid, prov, plan_name in _notice_rows(e, c):
        if t > upto:
            continue
        plan = e.policy.plans[plan_name]
        end = t + e.policy.renewal_notice_days(plan) * DAY
        e.notify(
            c, prov, "renewal_notice", f"Your {plan.label} subscription renews on {day(end)}",
            body=f"It renews tacitly for {plan.price_cents / 100:.2f} € HT. To stop it, cancel "
            "before that date (pel cancel).", at=t, dedup_key=f"renewal-notice:{sid}:{end}",
        )


# -- SU-5: a suspension reaches its planned end ----------------------------------------------------

def _suspension_due(e: Engine, c: sqlite3.Connection) -> int | None:
    return _one(c, "SELECT min(planned_end) FROM suspensions WHERE ended_at IS NULL")


def _suspension_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for (susp_id,) in c.execute(
        "SELECT id FROM suspensions WHERE ended_at IS NULL AND planned_end <= ? ORDER BY planned_end",
        (upto,),
    ).fetchall():
        end_suspension(e, c, susp_id, None)


def end_suspension(e: Engine, c: sqlite3.Connection, susp_id: int, at: int | None) -> None:
    """Resume: the period's end and every live credit expiry move out by the days suspended."""
    sid, started, planned = c.execute(
        "SELECT subscription_id, started_at, planned_end FROM suspensions WHERE id = ?", (susp_id,)
    ).fetchone()
    end = planned if at is None else min(at, planned)
    seconds = end - started
    c.execute("UPDATE suspensions SET ended_at = ? WHERE id = ?", (end, susp_id))
    prov = c.execute("SELECT provider_id FROM subscriptions WHERE id = ?", (sid,)).fetchone()[0]
    c.execute("UPDATE subscriptions SET status = 'active', period_end = period_end + ? WHERE id = ?",
              (seconds, sid))
    c.execute(
        "UPDATE subscription_periods SET period_end = period_end + ? WHERE subscription_id = ? "
        "AND period_end > ?", (seconds, sid, started),
    )
    for grant_id, *_rest in [
        r for r in credits.live_lots(c, prov) if r[4] > started
    ]:
        c.execute(
            "INSERT OR IGNORE INTO credit_grant_extensions(grant_id, suspension_id, seconds) "
            "VALUES (?, ?, ?)", (grant_id, susp_id, seconds),
        )
    e.notify(c, prov, "subscription_resumed", "Your subscription is active again",
             body=f"Your period and credit expiries moved out by {seconds // DAY} days.",
             at=end, dedup_key=f"resumed:{susp_id}")


# -- CR-4: lots expire; NO-1: 14 days' notice --------------------------------------------------------

_LOTS = (
    f"SELECT g.id, g.provider_id, g.kind, {credits.REMAINING} AS remaining, "
    f"{credits.EFFECTIVE_EXPIRY} AS exp FROM credit_grants g "
    "WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.provider_id = g.provider_id "
    "AND s.status = 'suspended') AND remaining > 0"
)


def _lots_expiry_due(e: Engine, c: sqlite3.Connection) -> int | None:
    return _one(c, f"SELECT min(exp) FROM ({_LOTS})")


def _lots_expiry_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for gid, prov, kind, remaining, exp in c.execute(
        f"SELECT * FROM ({_LOTS}) WHERE exp <= ? ORDER BY exp", (upto,)
    ).fetchall():
        c.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, reason, at) "
            "VALUES (?, ?, 'expiry', ?, ?, 'expired', ?)", (prov, kind, -remaining, gid, exp),
        )


def _notice_lots(e: Engine, c: sqlite3.Connection) -> list[tuple[int, int, str, int, int]]:
    lead = e.policy.credit_expiry_notice_days * DAY
    return [
        (int(exp) - lead, gid, kind, remaining, int(exp))
        for gid, _prov, kind, remaining, exp in c.execute(
            f"SELECT * FROM ({_LOTS}) l WHERE NOT EXISTS (SELECT 1 FROM notifications n "
            "WHERE n.dedup_key = 'credit-expiry:' || l.id || ':' || l.exp)"
        ).fetchall()
    ]


def _lots_notice_due(e: Engine, c: sqlite3.Connection) -> int | None:
    rows = _notice_lots(e, c)
    return min(r[0] for r in rows) if rows else None


def _lots_notice_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    for t, gid, kind, remaining, exp in _notice_lots(e, c):
        if t > upto:
            continue
        prov = c.execute("SELECT provider_id FROM credit_grants WHERE id = ?", (gid,)).fetchone()[0]
        e.notify(
            c, prov, "credits_expiring", f"{remaining} {kind} credit(s) expire on {day(exp)}",
            body="Credits are spent soonest-expiring first.", at=t,
            data={"kind": kind, "remaining": remaining, "grant_id": gid},
            dedup_key=f"credit-expiry:{gid}:{exp}",
        )


# -- PR-8: the daily digest -------------------------------------------------------------------------

def _digest_rows(e: Engine, c: sqlite3.Connection) -> list[tuple[int, int, int]]:
    """(next digest time, provider, last digest) for live subscribers with the digest on."""
    out = []
    for prov, created in c.execute(
        "SELECT p.id, p.created_at FROM providers p WHERE p.digest = 1 AND p.deleted_at IS NULL "
        "AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.provider_id = p.id AND s.status <> 'ended')"
    ).fetchall():
        last = int(e.store.get_meta(f"digest_last:{prov}", str(created)) or created)
        out.append((_next_digest_time(e, last), prov, last))
    return out


def _next_digest_time(e: Engine, after: int) -> int:
    h = e.policy.digest_hour_utc * 3600
    t = (after - h) // DAY * DAY + h
    return t + DAY if t <= after else t


def _digest_due(e: Engine, c: sqlite3.Connection) -> int | None:
    rows = _digest_rows(e, c)
    return min(r[0] for r in rows) if rows else None


def _digest_apply(e: Engine, c: sqlite3.Connection, upto: int) -> None:
    from local_store.search import ProjectQuery, search_projects

    for t, prov, last in _digest_rows(e, c):
        while t <= upto:
            prefs = json.loads(
                c.execute("SELECT preferences FROM providers WHERE id = ?", (prov,)).fetchone()[0]
            )
            q = ProjectQuery(
                provider_id=prov,
                words=" ".join(prefs.get("keywords", [])) or None,
                categories=tuple(prefs.get("categories", [])),
                countries=tuple(prefs.get("countries", [])),
                budget_min_cents=prefs.get("min_budget_cents"),
                posted_since=last + 1,
                posted_before=t,
                hidden=None,
                status=None,
                limit=20,
            )
            rows = search_projects(c, q)
            if rows:
                e.notify(
                    c, prov, "digest", f"Digest: {len(rows)} new project(s) for you",
                    body="\n".join(f"#{r['id']} {r['title']}" for r in rows[:10]), at=t,
                    data={"projects": [r["id"] for r in rows]}, dedup_key=f"digest:{prov}:{t}",
                )
            last = t
            e.store.set_meta(f"digest_last:{prov}", str(t))
            t += DAY


RULES: tuple[Rule, ...] = (
    Rule("project_expiry", _expiry_due, _expiry_apply),
    Rule("selection_revocation", _revoke_due, _revoke_apply),
    Rule("stale_no_answer", _stale_due, _stale_apply),
    Rule("suspension_end", _suspension_due, _suspension_apply),
    Rule("renewal_notice", _notice_due, _notice_apply),
    Rule("renewal", _renewal_due, _renewal_apply),
    Rule("payment_incident_end", _incident_due, _incident_apply),
    Rule("credit_expiry_notice", _lots_notice_due, _lots_notice_apply),
    Rule("credit_expiry", _lots_expiry_due, _lots_expiry_apply),
    Rule("digest", _digest_due, _digest_apply),
)

#: Later parts of the engine add their rules here (escrow reminders, payments, follow-up).
EXTRA_RULES: list[Rule] = []


def _rules() -> tuple[Rule, ...]:
    # The sections' modules register their rules when imported; make sure they are.
    import pel_tui.backend.escrow
    import pel_tui.backend.payments
    import pel_tui.backend.profile  # noqa: F401

    return RULES + tuple(EXTRA_RULES)


def anything_due(e: Engine, now: int) -> bool:
    c = e.conn
    return any((t := r.next_due(e, c)) is not None and t <= now for r in _rules())


def run(e: Engine, c: sqlite3.Connection, now: int) -> int:
    batches = 0
    while True:
        due = sorted(
            (t, i, r) for i, r in enumerate(_rules())
            if (t := r.next_due(e, c)) is not None and t <= now
        )
        if not due:
            return batches
        t0, _, rule = due[0]
        upto = min(now, due[1][0]) if len(due) > 1 else now
        rule.apply(e, c, max(t0, upto))
        batches += 1
        if batches > 1_000_000:  # a rule that never makes progress is a bug, not a hang
            raise RuntimeError(f"catch-up rule {rule.name} makes no progress")
