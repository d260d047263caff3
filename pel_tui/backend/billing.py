"""Subscription periods (SU-2, SU-5, SU-6), shared by the provider's verbs and the platform's rules.

A subscription opens with its first period; a paid period begins with its row, its invoice and its
allotment; a suspension's end moves the period's end and every live credit expiry out by the days
actually suspended; a charge fails while the provider's payment method is declined.
"""

from __future__ import annotations

from dataclasses import dataclass

from pel_tui.backend import rows
from pel_tui.backend.clock import add_months, day
from pel_tui.backend.context import Ctx
from pel_tui.backend.invoices import issue_platform_invoice
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY, Plan
from pel_tui.backend.services.digest import set_last


@dataclass(frozen=True)
class _Suspension:
    subscription_id: int
    provider_id: int
    started_at: int
    planned_end: int


def card_declined(ctx: Ctx, provider_id: int) -> bool:
    """SU-6: whether the provider's payment method is refused (the simulation sets it)."""
    return bool(rows.scalar(ctx.conn, "SELECT declined FROM payment_methods WHERE provider_id = ?",
                            (provider_id,), 0))


def open_subscription(ctx: Ctx, prov: int, plan: Plan, sentence: str, at: int) -> int:
    """SU-2: a subscription and its first paid period; the digest counts from now on (PR-8)."""
    sid = int(ctx.conn.execute(
        "INSERT INTO subscriptions(provider_id, plan, status, started_at, period_start, period_end, "
        "confirmation_text) VALUES (?, ?, 'active', ?, ?, ?, ?)",
        (prov, plan.name, at, at, add_months(at, plan.months), sentence),
    ).lastrowid or 0)
    start_period(ctx, sid, prov, plan.name, at)
    set_last(ctx, prov, at)
    return sid


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
    s = rows.one(
        c, _Suspension, "SELECT s.subscription_id, u.provider_id, s.started_at, s.planned_end FROM suspensions s "
        "JOIN subscriptions u ON u.id = s.subscription_id WHERE s.id = ?", (susp_id,),
    )
    assert s is not None, f"no suspension {susp_id}"
    sid, prov, started = s.subscription_id, s.provider_id, s.started_at
    end = s.planned_end if at is None else min(at, s.planned_end)
    seconds = end - started
    c.execute("UPDATE suspensions SET ended_at = ? WHERE id = ?", (end, susp_id))
    c.execute("UPDATE subscriptions SET status = 'active', period_end = period_end + ? WHERE id = ?",
              (seconds, sid))
    c.execute("UPDATE subscription_periods SET period_end = period_end + ? WHERE subscription_id = ? "
              "AND period_end > ?", (seconds, sid, started))
    for lot in credits.live_lots(c, prov):
        if lot.expires_at > started:
            c.execute("INSERT OR IGNORE INTO credit_grant_extensions(grant_id, suspension_id, seconds) "
                      "VALUES (?, ?, ?)", (lot.grant_id, susp_id, seconds))
    ctx.notify(prov, "subscription_resumed", at=end, dedup_key=f"resumed:{susp_id}", days=seconds // DAY)
