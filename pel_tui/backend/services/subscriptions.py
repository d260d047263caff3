"""The platform's side of subscriptions (SU): renewals, notices, incidents, suspensions' ends."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.billing import card_declined, end_suspension, start_period
from pel_tui.backend.clock import add_months
from pel_tui.backend.context import Ctx
from pel_tui.backend.policy import DAY

# == time-based rules ======================================================================================


def renewal_due(ctx: Ctx) -> int | None:
    """SU-3: tacit renewal at the end of each period (SU-4: unless cancelled; SU-6: a failed charge)."""
    t = rows.scalar(ctx.conn, "SELECT min(period_end) FROM subscriptions WHERE status = 'active'")  # SU-9 too
    return None if t is None else int(t)


def renewal_apply(ctx: Ctx, upto: int) -> None:
    c = ctx.conn
    for sid, prov, plan_name, end, cancel, next_plan in c.execute(
        "SELECT id, provider_id, plan, period_end, cancel_requested_at, next_plan FROM subscriptions "
        "WHERE status = 'active' AND period_end <= ? ORDER BY period_end", (upto,),
    ).fetchall():
        if cancel is not None:
            c.execute("UPDATE subscriptions SET status = 'ended', ended_at = ? WHERE id = ?", (end, sid))
            ctx.notify(prov, "subscription_ended", at=end, dedup_key=f"ended:{sid}", reason="cancelled")
            continue
        if next_plan is not None and next_plan in ctx.policy.plans:
            # SU-9: the plan chosen for the next period begins with it: its price, its allotment.
            c.execute("UPDATE subscriptions SET plan = next_plan, confirmation_text = next_plan_text, "
                      "next_plan = NULL, next_plan_text = NULL, next_plan_at = NULL WHERE id = ?", (sid,))
            ctx.notify(prov, "plan_changed", at=end, dedup_key=f"plan:{sid}:{end}", plan=next_plan,
                       from_plan=plan_name, price_cents=ctx.policy.plans[next_plan].price_cents)
            plan_name = next_plan
        plan = ctx.policy.plans[plan_name]
        if card_declined(ctx, prov):
            c.execute(
                "INSERT OR IGNORE INTO subscription_periods(subscription_id, period_start, period_end, "
                "amount_cents, charged_at, paid) VALUES (?, ?, ?, ?, ?, 0)",
                (sid, end, add_months(end, plan.months), plan.price_cents, end),
            )
            c.execute("UPDATE subscriptions SET status = 'payment_incident', incident_since = ? WHERE id = ?",
                      (end, sid))
            c.execute("INSERT INTO provider_debts(provider_id, amount_cents, reason, at) VALUES (?, ?, ?, ?)",
                      (prov, plan.price_cents, f"renewal of {plan.label}", end))
            ctx.notify(prov, "payment_incident", at=end, dedup_key=f"incident:{sid}:{end}",
                       amount_cents=plan.price_cents, grace_days=ctx.policy.incident_grace_days)
            continue
        start_period(ctx, sid, prov, plan_name, end)


def incident_due(ctx: Ctx) -> int | None:
    """SU-6: after 30 days unsettled the subscription ends; the amount stays due."""
    t = rows.scalar(ctx.conn, "SELECT min(incident_since) FROM subscriptions WHERE status = 'payment_incident'")
    return None if t is None else int(t) + ctx.policy.incident_grace_days * DAY


def incident_apply(ctx: Ctx, upto: int) -> None:
    span = ctx.policy.incident_grace_days * DAY
    for sid, prov, since in ctx.conn.execute(
        "SELECT id, provider_id, incident_since FROM subscriptions WHERE status = 'payment_incident' "
        "AND incident_since <= ?", (upto - span,),
    ).fetchall():
        ctx.conn.execute("UPDATE subscriptions SET status = 'ended', ended_at = ? WHERE id = ?",
                         (since + span, sid))
        ctx.notify(prov, "subscription_ended", at=since + span, dedup_key=f"ended:{sid}", reason="incident")


def _notice_rows(ctx: Ctx) -> list[tuple[int, int, int, str, str]]:
    """(notice time, subscription, provider, plan, the next period's plan) of the renewals whose notice is not
    out yet; the notice's time is the period's, its plan and price the next period's (SU-9)."""
    out = []
    for sid, prov, end, plan_name, next_plan in ctx.conn.execute(
        "SELECT id, provider_id, period_end, plan, coalesce(next_plan, plan) FROM subscriptions "
        "WHERE status = 'active' AND cancel_requested_at IS NULL"
    ).fetchall():
        t = end - ctx.policy.renewal_notice_days(ctx.policy.plans[plan_name]) * DAY
        key = f"renewal-notice:{sid}:{end}"
        if not ctx.conn.execute("SELECT 1 FROM notifications WHERE dedup_key = ?", (key,)).fetchone():
            out.append((t, sid, prov, plan_name, next_plan))
    return out


def notice_due(ctx: Ctx) -> int | None:
    """SU-3: a renewal notice 30 days before a quarterly or yearly renewal, 7 before a monthly one."""
    found = _notice_rows(ctx)
    return min(t for t, *_ in found) if found else None


def notice_apply(ctx: Ctx, upto: int) -> None:
    for t, sid, prov, plan_name, next_name in _notice_rows(ctx):
        if t > upto:
            continue
        end = t + ctx.policy.renewal_notice_days(ctx.policy.plans[plan_name]) * DAY
        renews = ctx.policy.plans.get(next_name) or ctx.policy.plans[plan_name]
        ctx.notify(prov, "renewal_notice", at=t, dedup_key=f"renewal-notice:{sid}:{end}", plan=renews.name,
                   renews_at=end, price_cents=renews.price_cents)


def suspension_due(ctx: Ctx) -> int | None:
    """SU-5: a suspension reaches its planned end."""
    t = rows.scalar(ctx.conn, "SELECT min(planned_end) FROM suspensions WHERE ended_at IS NULL")
    return None if t is None else int(t)


def suspension_apply(ctx: Ctx, upto: int) -> None:
    for (susp_id,) in ctx.conn.execute(
        "SELECT id FROM suspensions WHERE ended_at IS NULL AND planned_end <= ? ORDER BY planned_end", (upto,),
    ).fetchall():
        end_suspension(ctx, susp_id, None)


HANDLERS: dict[type[Any], Any] = {}
