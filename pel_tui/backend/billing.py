"""Subscription periods (SU-2, SU-5), shared by the provider's verbs and the platform's rules.

A paid period begins with its row, its invoice and its allotment; a suspension's end moves the
period's end and every live credit expiry out by the days actually suspended.
"""

from __future__ import annotations

from pel_tui.backend.clock import add_months, day
from pel_tui.backend.context import Ctx
from pel_tui.backend.invoices import issue_platform_invoice
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY


def start_period(ctx: Ctx, sid: int, prov: int, plan_name: str, start: int) -> None:
    """A paid period begins: its row, its invoice and its allotment (SU-2)."""
    plan = ctx.policy.plans[plan_name]
    end = add_months(start, plan.months)
    c = ctx.conn
    c.execute(
        "INSERT INTO subscription_periods(subscription_id, period_start, period_end, amount_cents, "
        "charged_at, paid) VALUES (?, ?, ?, ?, ?, 1)", (sid, start, end, plan.price_cents, start),
    )
    c.execute("UPDATE subscriptions SET period_start = ?, period_end = ?, status = 'active', "
              "incident_since = NULL WHERE id = ?", (start, end, sid))
    for kind, qty in plan.allotment().items():
        credits.grant(c, prov, kind, qty, source="subscription", reason=f"{plan.label} {day(start)}",
                      at=start, validity_months=ctx.policy.credit_validity_months)
    issue_platform_invoice(ctx, prov, "subscription", f"Abonnement {plan.label} du {day(start)} au {day(end)}",
                           plan.price_cents, start)


def end_suspension(ctx: Ctx, susp_id: int, at: int | None) -> None:
    """SU-5: resume (at `at`, or at the planned end); the period's end and live expiries move out."""
    c = ctx.conn
    sid, started, planned = c.execute(
        "SELECT subscription_id, started_at, planned_end FROM suspensions WHERE id = ?", (susp_id,)
    ).fetchone()
    end = planned if at is None else min(at, planned)
    seconds = end - started
    c.execute("UPDATE suspensions SET ended_at = ? WHERE id = ?", (end, susp_id))
    prov = c.execute("SELECT provider_id FROM subscriptions WHERE id = ?", (sid,)).fetchone()[0]
    c.execute("UPDATE subscriptions SET status = 'active', period_end = period_end + ? WHERE id = ?",
              (seconds, sid))
    c.execute("UPDATE subscription_periods SET period_end = period_end + ? WHERE subscription_id = ? "
              "AND period_end > ?", (seconds, sid, started))
    for lot in credits.live_lots(c, prov):
        if lot.expires_at > started:
            c.execute("INSERT OR IGNORE INTO credit_grant_extensions(grant_id, suspension_id, seconds) "
                      "VALUES (?, ?, ?)", (lot.grant_id, susp_id, seconds))
    ctx.notify(prov, "subscription_resumed", at=end, dedup_key=f"resumed:{susp_id}", days=seconds // DAY)
