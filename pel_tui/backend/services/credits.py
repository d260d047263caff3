"""The platform's side of credits (CR): packs and adjustments, imported debits, expiries and their notice."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.commands import credits as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotFound
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY


def grant_credits(ctx: Ctx, c: cmd.GrantCredits) -> cmd.Granted:
    """CR-4: a pack bought, or an adjustment by the platform."""
    if c.kind not in credits.KINDS:
        raise InvalidInput("credits.unknown_kind", kind=c.kind, kinds=list(credits.KINDS))
    if c.quantity <= 0:
        raise InvalidInput("credits.quantity_invalid")
    prov = ctx.provider_id(c.pseudo)
    source = "pack" if c.reason == "pack" else "adjustment"
    gid = credits.grant(ctx.conn, prov, c.kind, c.quantity, source=source, reason=c.reason, at=ctx.now,
                        validity_months=ctx.policy.credit_validity_months)
    return {"grant_id": gid, "balances": credits.balances(ctx.conn, prov)}


def import_debit(ctx: Ctx, c: cmd.ImportDebit) -> cmd.DebitImported:
    """CR-2: a debit arriving from elsewhere; a duplicate is refunded at once, with reason `duplicate`."""
    prov = ctx.provider_id(c.pseudo)
    if ctx.conn.execute("SELECT 1 FROM projects WHERE id = ?", (c.project_id,)).fetchone() is None:
        raise NotFound("project.not_found", project_id=c.project_id)
    if c.kind not in credits.KINDS:
        raise InvalidInput("credits.unknown_kind", kind=c.kind, kinds=list(credits.KINDS))
    existing = credits.existing_debit(ctx.conn, prov, c.project_id, c.kind)
    entry = credits.debit(ctx.conn, prov, c.project_id, c.kind, reason=c.reason, at=ctx.now,
                          duplicate_of=existing)
    if entry is None:
        return {"recorded": False, "duplicate": existing is not None}
    if existing is not None:
        credits.refund(ctx.conn, entry, reason="duplicate", at=ctx.now,
                       validity_months=ctx.policy.credit_validity_months)
        ctx.notify(prov, "credits_refunded", project_id=c.project_id, dedup_key=f"dup:{entry}",
                   kinds=[c.kind], reason="duplicate")
    return {"recorded": True, "duplicate": existing is not None}


HANDLERS: dict[type[Any], Any] = {cmd.GrantCredits: grant_credits, cmd.ImportDebit: import_debit}


# == time-based rules ======================================================================================

_LOTS = (
    f"SELECT g.id, g.provider_id, g.kind, {credits.REMAINING} AS remaining, "
    f"{credits.EFFECTIVE_EXPIRY} AS exp FROM credit_grants g "
    "WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.provider_id = g.provider_id "
    "AND s.status = 'suspended') AND remaining > 0"
)


def expiry_due(ctx: Ctx) -> int | None:
    """CR-4: a lot expires 12 months after its grant (later by the suspensions it lived through)."""
    t = rows.scalar(ctx.conn, f"SELECT min(exp) FROM ({_LOTS})")
    return None if t is None else int(t)


def expiry_apply(ctx: Ctx, upto: int) -> None:
    for gid, prov, kind, remaining, exp in ctx.conn.execute(
        f"SELECT * FROM ({_LOTS}) WHERE exp <= ? ORDER BY exp", (upto,)
    ).fetchall():
        ctx.conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, reason, at) "
            "VALUES (?, ?, 'expiry', ?, ?, 'expired', ?)", (prov, kind, -remaining, gid, exp),
        )


def _notice_lots(ctx: Ctx) -> list[tuple[int, int, int, str, int, int]]:
    """(notice time, lot, provider, kind, remaining, expiry) of the lots whose notice is not out yet."""
    lead = ctx.policy.credit_expiry_notice_days * DAY
    return [
        (int(exp) - lead, gid, prov, kind, remaining, int(exp))
        for gid, prov, kind, remaining, exp in ctx.conn.execute(
            f"SELECT * FROM ({_LOTS}) l WHERE NOT EXISTS (SELECT 1 FROM notifications n "
            "WHERE n.dedup_key = 'credit-expiry:' || l.id || ':' || l.exp)"
        ).fetchall()
    ]


def notice_due(ctx: Ctx) -> int | None:
    """NO-1: credits about to expire are announced 14 days before."""
    found = _notice_lots(ctx)
    return min(r[0] for r in found) if found else None


def notice_apply(ctx: Ctx, upto: int) -> None:
    for t, gid, prov, kind, remaining, exp in _notice_lots(ctx):
        if t <= upto:
            ctx.notify(prov, "credits_expiring", at=t, dedup_key=f"credit-expiry:{gid}:{exp}", kind=kind,
                       remaining=remaining, expires_at=exp, grant_id=gid)
