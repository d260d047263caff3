"""The provider's subscription (SU): what it is, and subscribing, cancelling, suspending, resuming, settling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.billing import card_declined, end_suspension, open_subscription, start_period
from pel_tui.backend.clock import add_months, to_datetime
from pel_tui.backend.commands import account as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.models import Subscription, Suspension
from pel_tui.backend.policy import DAY, Plan
from pel_tui.backend.provider.standing import SubscriptionRow, amount_due_cents, current_subscription


@dataclass(frozen=True)
class _SuspensionRow:
    started_at: int
    planned_end: int
    ended_at: int | None


# == queries ========================================================================================


def plan(ctx: Ctx, name: str) -> Plan:
    """SU-1: a plan of the policy by its name (any case)."""
    found = ctx.policy.plans.get(name.lower())
    if found is None:
        raise InvalidInput("subscription.unknown_plan", plan=name, plans=list(ctx.policy.plans))
    return found


def sentence(ctx: Ctx, name: str) -> str:
    """SU-2: the exact sentence to type to subscribe to a plan."""
    return ctx.policy.subscription_sentence(plan(ctx, name))


def last_suspension_at(ctx: Ctx) -> int | None:
    """When the provider's latest suspension began, over all their subscriptions (SU-5's once per 12 months)."""
    t = rows.scalar(
        ctx.conn, "SELECT max(s.started_at) FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
        "WHERE u.provider_id = ?", (ctx.me,),
    )
    return None if t is None else int(t)


def subscription(ctx: Ctx) -> Subscription | None:
    """The provider's latest subscription: plan, state, period, renewal, suspensions, what is due."""
    sub = current_subscription(ctx.conn, ctx.me)
    if sub is None:
        return None
    p = ctx.policy.plans[sub.plan]
    suspensions = [
        Suspension(to_datetime(s.started_at), to_datetime(s.planned_end),
                   None if s.ended_at is None else to_datetime(s.ended_at))
        for s in rows.all_(ctx.conn, _SuspensionRow, "SELECT started_at, planned_end, ended_at FROM suspensions "
                           "WHERE subscription_id = ? ORDER BY id", (sub.id,))
    ]
    last = last_suspension_at(ctx)
    can_from = None if last is None else add_months(last, ctx.policy.suspension_every_months)
    nxt = ctx.policy.plans.get(sub.next_plan) if sub.next_plan else None
    return Subscription(
        plan=p.name, plan_label=p.label, price_cents=p.price_cents, months=p.months, status=sub.status,
        started_at=to_datetime(sub.started_at), period_start=to_datetime(sub.period_start),
        period_end=to_datetime(sub.period_end),
        renews=sub.status in ("active", "suspended") and sub.cancel_requested_at is None,
        renewal_notice_at=to_datetime(sub.period_end - ctx.policy.renewal_notice_days(p) * DAY),
        cancel_requested_at=None if sub.cancel_requested_at is None else to_datetime(sub.cancel_requested_at),
        incident_since=None if sub.incident_since is None else to_datetime(sub.incident_since),
        suspensions=suspensions, can_suspend_from=None if can_from is None else to_datetime(can_from),
        amount_due_cents=amount_due_cents(ctx.conn, ctx.me), next_plan=nxt.name if nxt else None,
        next_plan_label=nxt.label if nxt else None, next_price_cents=nxt.price_cents if nxt else None,
    )


def _live(ctx: Ctx) -> SubscriptionRow:
    sub = current_subscription(ctx.conn, ctx.me)
    if sub is None or sub.status == "ended":
        raise NotAllowed("subscription.none_live")
    return sub


# == commands =======================================================================================


def subscribe(ctx: Ctx, c: cmd.Subscribe) -> cmd.Subscribed:
    """SU-2: subscribe by typing the exact confirmation sentence; the period's allotment comes."""
    p = plan(ctx, c.plan)
    expected = ctx.policy.subscription_sentence(p)
    if " ".join(c.confirmation.split()) != expected:
        raise InvalidInput("subscription.confirmation_mismatch", plan=p.name, sentence=expected)
    live = current_subscription(ctx.conn, ctx.me)
    if live is not None and live.status != "ended":
        raise NotAllowed("subscription.already_live", plan=live.plan, status=live.status)
    due = amount_due_cents(ctx.conn, ctx.me)
    if due:
        raise NotAllowed("subscription.amount_due", amount_cents=due)
    open_subscription(ctx, ctx.me, p, expected, ctx.now)
    return {"plan": p.name, "period_ends_at": add_months(ctx.now, p.months), "granted": p.allotment()}


def cancel(ctx: Ctx, c: cmd.CancelSubscription) -> cmd.SubscriptionCancelled:
    """SU-4: no renewal; active until the end of the paid period, no refund. A second time changes nothing."""
    sub = _live(ctx)
    if sub.cancel_requested_at is None:
        ctx.conn.execute("UPDATE subscriptions SET cancel_requested_at = ? WHERE id = ?", (ctx.now, sub.id))
    return {"active_until": sub.period_end, "refund_cents": 0}


def change_plan(ctx: Ctx, c: cmd.ChangePlan) -> cmd.PlanChanged:
    """SU-9: another plan for the next period, confirmed by its own sentence (SU-2). It takes effect at the
    renewal date, with its price and allotment from then; undone until then by `keep_plan`. The period
    under way is not shortened, prorated or refunded."""
    p = plan(ctx, c.plan)
    expected = ctx.policy.subscription_sentence(p)
    if " ".join(c.confirmation.split()) != expected:
        raise InvalidInput("subscription.confirmation_mismatch", plan=p.name, sentence=expected)
    sub = _live(ctx)
    if sub.status == "payment_incident":
        raise NotAllowed("subscription.plan_change_blocked", status=sub.status)
    if sub.cancel_requested_at is not None:
        raise NotAllowed("subscription.no_renewal", active_until=sub.period_end)
    if p.name == sub.plan:
        raise NotAllowed("subscription.same_plan", plan=p.name)
    ctx.conn.execute("UPDATE subscriptions SET next_plan = ?, next_plan_text = ?, next_plan_at = ? WHERE id = ?",
                     (p.name, expected, ctx.now, sub.id))
    return {"plan": p.name, "from_plan": sub.plan, "effective_at": sub.period_end, "price_cents": p.price_cents,
            "granted": p.allotment(), "refund_cents": 0}


def keep_plan(ctx: Ctx, c: cmd.KeepPlan) -> cmd.PlanKept:
    """SU-9: undo a plan change before the renewal date."""
    sub = _live(ctx)
    if sub.next_plan is None:
        raise NotAllowed("subscription.no_plan_change", plan=sub.plan)
    ctx.conn.execute("UPDATE subscriptions SET next_plan = NULL, next_plan_text = NULL, next_plan_at = NULL "
                     "WHERE id = ?", (sub.id,))
    return {"plan": sub.plan, "renews_at": sub.period_end}


def suspend(ctx: Ctx, c: cmd.Suspend) -> cmd.Suspended:
    """SU-5: suspend for 1 to 3 months, at most once per 12 months; credits are frozen."""
    pol = ctx.policy
    if isinstance(c.months, bool) or not isinstance(c.months, int) or not (
            pol.suspension_min_months <= c.months <= pol.suspension_max_months):
        raise InvalidInput("subscription.suspension_length", min_months=pol.suspension_min_months,
                           max_months=pol.suspension_max_months)
    sub = _live(ctx)
    if sub.status != "active":
        raise NotAllowed("subscription.not_active", status=sub.status)
    last = last_suspension_at(ctx)
    if last is not None and add_months(last, pol.suspension_every_months) > ctx.now:
        raise NotAllowed("subscription.suspension_too_soon", every_months=pol.suspension_every_months,
                         possible_at=add_months(last, pol.suspension_every_months))
    end = add_months(ctx.now, c.months)
    ctx.conn.execute("INSERT INTO suspensions(subscription_id, started_at, planned_end) VALUES (?, ?, ?)",
                     (sub.id, ctx.now, end))
    ctx.conn.execute("UPDATE subscriptions SET status = 'suspended' WHERE id = ?", (sub.id,))
    return {"suspended_until": end}


def resume(ctx: Ctx, c: cmd.Resume) -> cmd.Resumed:
    """SU-5: end a suspension early; expiries move out by the days actually suspended."""
    susp = rows.scalar(
        ctx.conn, "SELECT s.id FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
        "WHERE u.provider_id = ? AND s.ended_at IS NULL", (ctx.me,),
    )
    if susp is None:
        raise NotAllowed("subscription.not_suspended")
    end_suspension(ctx, int(susp), ctx.now)
    sub = current_subscription(ctx.conn, ctx.me)
    return {"period_ends_at": sub.period_end if sub else None}


def settle(ctx: Ctx, c: cmd.Settle) -> cmd.Settled:
    """SU-6: pay what is due; a subscription in payment incident starts its new period."""
    due = amount_due_cents(ctx.conn, ctx.me)
    if not due:
        raise NotAllowed("subscription.nothing_due")
    if card_declined(ctx, ctx.me):
        raise NotAllowed("subscription.card_declined")
    ctx.conn.execute("UPDATE provider_debts SET settled_at = ? WHERE provider_id = ? AND settled_at IS NULL",
                     (ctx.now, ctx.me))
    sub = current_subscription(ctx.conn, ctx.me)
    if sub is not None and sub.status == "payment_incident":
        ctx.conn.execute("DELETE FROM subscription_periods WHERE subscription_id = ? AND paid = 0", (sub.id,))
        start_period(ctx, sub.id, ctx.me, sub.plan, ctx.now)
    return {"paid_cents": due}


HANDLERS: dict[type[Any], Any] = {
    cmd.Subscribe: subscribe,
    cmd.CancelSubscription: cancel,
    cmd.ChangePlan: change_plan,
    cmd.KeepPlan: keep_plan,
    cmd.Suspend: suspend,
    cmd.Resume: resume,
    cmd.Settle: settle,
}
