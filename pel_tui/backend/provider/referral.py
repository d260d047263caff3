"""The provider's promotions of the platform (RF-1): submitted as a URL, checked by the platform
(`services.scp.check_referral`), rewarded with offer credits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.commands import profile as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import NotAllowed
from pel_tui.backend.profile_rules import (
    REFERRAL_RULE_REFUSALS,
    next_reward_at,
    normalize_url,
    same_promotion,
)


@dataclass(frozen=True)
class Referral:
    id: int
    url: str
    submitted_at: datetime
    status: str  # submitted, rewarded, refused
    checked_at: datetime | None
    #: A refusal's reason: not_verified (by the checker), already_rewarded, limit; None otherwise.
    reason: str | None
    #: The checker's own words, if any.
    note: str | None
    #: `limit`: when the next promotion could be rewarded, and the limit (so many per so many months).
    next_at: datetime | None
    max_rewarded: int
    period_months: int


@dataclass(frozen=True)
class _Row:
    id: int
    url: str
    submitted_at: int
    status: str
    checked_at: int | None
    note: str | None


def referrals(ctx: Ctx) -> list[Referral]:
    """RF-1: the provider's promotions, newest first."""
    pol = ctx.policy.profile
    out = []
    for r in rows.all_(ctx.conn, _Row, "SELECT id, url, submitted_at, status, checked_at, note FROM referrals "
                       "WHERE provider_id = ? ORDER BY id DESC", (ctx.me,)):
        reason, note, nxt = None, r.note, None
        if r.status == "refused":
            if r.note in REFERRAL_RULE_REFUSALS:
                reason, note = r.note, None
            else:
                reason = "not_verified"
            if reason == "limit" and r.checked_at is not None:
                at = next_reward_at(ctx.conn, ctx.me, r.checked_at, pol)
                nxt = to_datetime(at) if at is not None else None
        out.append(Referral(r.id, r.url, to_datetime(r.submitted_at), r.status,
                            to_datetime(r.checked_at) if r.checked_at else None, reason, note, nxt,
                            pol.referral_max_rewarded, pol.referral_period_months))
    return out


def submit_referral(ctx: Ctx, c: cmd.SubmitReferral) -> cmd.ReferralSubmitted:
    """RF-1: the URL of an article or a link that promotes the platform, for the platform to check."""
    clean = normalize_url(c.url)
    # RF-1: the same promotion, however its URL is written (scheme, www., trailing slash, utm_*...).
    if same_promotion(ctx.conn, clean, "rewarded") is not None:
        raise NotAllowed("referral.already_rewarded", url=clean)
    mine = same_promotion(ctx.conn, clean, "submitted", provider_id=ctx.me)
    if mine is not None:
        raise NotAllowed("referral.already_submitted", url=clean, referral_id=int(mine))
    rid = int(ctx.conn.execute(
        "INSERT INTO referrals(provider_id, url, submitted_at) VALUES (?, ?, ?)", (ctx.me, clean, ctx.now),
    ).lastrowid or 0)
    return {"referral_id": rid, "url": clean, "status": "submitted"}


HANDLERS: dict[type[Any], Any] = {cmd.SubmitReferral: submit_referral}
