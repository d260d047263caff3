"""The SCP (PF-6, PF-7, RF-1): references confirmed or refused, promotions checked; unanswered ones expire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import certification, rows
from pel_tui.backend.commands import profile as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY
from pel_tui.backend.profile_rules import (
    REFERRAL_RULE_REFUSALS,
    REFUSAL_REASONS,
    next_reward_at,
    same_promotion,
)

# == references (PF-7) =====================================================================================


@dataclass(frozen=True)
class _Reference:
    provider_id: int
    client_name: str
    status: str


def _pending(ctx: Ctx, reference_id: int) -> _Reference:
    ref = rows.one(ctx.conn, _Reference, "SELECT provider_id, client_name, status FROM provider_references "
                   "WHERE id = ?", (reference_id,))
    if ref is None:
        raise NotFound("reference.not_found", reference_id=reference_id)
    if ref.status != "pending":
        raise NotAllowed("reference.not_pending", reference_id=reference_id, status=ref.status)
    return ref


def confirm_reference(ctx: Ctx, c: cmd.ConfirmReference) -> cmd.ReferenceConfirmed:
    """PF-7: the client confirmed the reference; PF-6 may make the provider certified."""
    ref = _pending(ctx, c.reference_id)
    ctx.conn.execute("UPDATE provider_references SET status = 'certified', resolved_at = ? WHERE id = ?",
                     (ctx.now, c.reference_id))
    ctx.notify(ref.provider_id, "reference_confirmed", dedup_key=f"ref-confirmed:{c.reference_id}",
               reference_id=c.reference_id, client=ref.client_name)
    certified = certification.notify_if_certified(ctx, ref.provider_id)
    return {"reference_id": c.reference_id, "status": "certified", "provider_certified": certified}


def refuse_reference(ctx: Ctx, c: cmd.RefuseReference) -> cmd.ReferenceRefused:
    """PF-7: the SCP refuses a reference with one of the rule's reasons."""
    if c.reason not in REFUSAL_REASONS:
        raise InvalidInput("reference.reason_unknown", reason=c.reason, reasons=list(REFUSAL_REASONS))
    ref = _pending(ctx, c.reference_id)
    ctx.conn.execute("UPDATE provider_references SET status = 'refused', refusal = ?, resolved_at = ? WHERE id = ?",
                     (c.reason, ctx.now, c.reference_id))
    ctx.notify(ref.provider_id, "reference_refused", dedup_key=f"ref-refused:{c.reference_id}",
               reference_id=c.reference_id, client=ref.client_name, reason=c.reason)
    return {"reference_id": c.reference_id, "status": "refused", "refusal": c.reason}


# == referrals (RF-1) ======================================================================================


@dataclass(frozen=True)
class _Referral:
    provider_id: int
    url: str
    status: str


def check_referral(ctx: Ctx, c: cmd.CheckReferral) -> cmd.ReferralChecked:
    """RF-1: a checked promotion earns 5 offer credits; 3 per 12 months; a URL once."""
    pol, conn, now = ctx.policy.profile, ctx.conn, ctx.now
    ref = rows.one(conn, _Referral, "SELECT provider_id, url, status FROM referrals WHERE id = ?", (c.referral_id,))
    if ref is None:
        raise NotFound("referral.not_found", referral_id=c.referral_id)
    if ref.status != "submitted":
        raise NotAllowed("referral.already_checked", referral_id=c.referral_id, status=ref.status)
    note: str | None = c.note or None
    reason: str | None = None
    nxt: int | None = None
    if not c.ok:
        reason = "not_verified"
    elif same_promotion(conn, ref.url, "rewarded", other_than=c.referral_id) is not None:  # RF-1: the same one
        reason, note = "already_rewarded", None
    else:
        nxt = next_reward_at(conn, ref.provider_id, now, pol)
        if nxt is not None:
            reason, note = "limit", None
    granted = 0 if reason else pol.referral_reward_offer_credits
    # The note column keeps the checker's words, or the rule that refused a promotion found good.
    conn.execute("UPDATE referrals SET status = ?, checked_at = ?, note = ? WHERE id = ?",
                 ("refused" if reason else "rewarded", now,
                  reason if reason in REFERRAL_RULE_REFUSALS else note, c.referral_id))
    if granted:
        credits.grant(conn, ref.provider_id, "offer", granted, source="referral", reason=f"referral {c.referral_id}",
                      at=now, validity_months=ctx.policy.credit_validity_months)
        ctx.notify(ref.provider_id, "referral_rewarded", dedup_key=f"referral:{c.referral_id}",
                   referral_id=c.referral_id, url=ref.url, credits=granted)
    else:
        ctx.notify(ref.provider_id, "referral_refused", dedup_key=f"referral:{c.referral_id}",
                   referral_id=c.referral_id, url=ref.url, reason=reason, note=note, next_at=nxt,
                   max_rewarded=pol.referral_max_rewarded, period_months=pol.referral_period_months)
    return {"referral_id": c.referral_id, "status": "refused" if reason else "rewarded", "offer_credits": granted,
            "reason": reason, "note": note, "next_at": nxt}


# == time-based rules ======================================================================================

_LAST_SEND = (
    "SELECT r.id, r.provider_id, r.client_name, s.n, s.sent_at FROM provider_references r "
    "JOIN reference_sends s ON s.reference_id = r.id "
    "AND s.n = (SELECT max(n) FROM reference_sends x WHERE x.reference_id = r.id) "
    "WHERE r.status = 'pending'"
)


def expiry_due(ctx: Ctx) -> int | None:
    """PF-7: a reference the client has not answered within 14 days of its last send expires."""
    t = rows.scalar(ctx.conn, f"SELECT min(sent_at) FROM ({_LAST_SEND})")
    return None if t is None else int(t) + ctx.policy.profile.reference_expiry_days * DAY


def expiry_apply(ctx: Ctx, upto: int) -> None:
    pol = ctx.policy.profile
    span = pol.reference_expiry_days * DAY
    for rid, prov, client, n, sent in ctx.conn.execute(
        f"SELECT * FROM ({_LAST_SEND}) WHERE sent_at <= ? ORDER BY sent_at, id", (upto - span,),
    ).fetchall():
        at = sent + span
        ctx.conn.execute("UPDATE provider_references SET status = 'expired', resolved_at = ? WHERE id = ?",
                         (at, rid))
        ctx.notify(prov, "reference_expired", at=at, dedup_key=f"ref-expired:{rid}:{n}", reference_id=rid,
                   client=client, expiry_days=pol.reference_expiry_days, sends_left=pol.reference_max_sends - n)


HANDLERS: dict[type[Any], Any] = {
    cmd.ConfirmReference: confirm_reference,
    cmd.RefuseReference: refuse_reference,
    cmd.CheckReferral: check_referral,
}
