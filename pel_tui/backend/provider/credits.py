"""The provider's credits (CR): what a spend checks, what it costs, the balances and the ledger."""

from __future__ import annotations

from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import ConsultFirst, CreditsFrozen, InvalidInput, NoCreditsLeft
from pel_tui.backend.ledger import credits
from pel_tui.backend.models import CreditLot, Credits, LedgerEntry, Quote
from pel_tui.backend.provider import standing


def paid(ctx: Ctx, project_id: int, kind: str) -> bool:
    """CR-2: whether the provider already spent a credit of `kind` on the project."""
    return credits.existing_debit(ctx.conn, ctx.me, project_id, kind) is not None


def spend(ctx: Ctx, project_id: int, kind: str, reason: str) -> bool:
    """Spend one credit of `kind` on a project unless already spent (CR-2). True if spent.

    CR-3: the consultation comes first; CR-6: not while the subscription freezes credits;
    CR-5: the soonest-expiring lot, never below zero.
    """
    if paid(ctx, project_id, kind):
        return False
    if kind != "consultation" and not paid(ctx, project_id, "consultation"):
        raise ConsultFirst(project_id)
    frozen = standing.frozen_reason(ctx.conn, ctx.me)
    if frozen is not None:
        raise CreditsFrozen(frozen)
    if credits.debit(ctx.conn, ctx.me, project_id, kind, reason=reason, at=ctx.now) is None:
        raise NoCreditsLeft(kind, standing.next_allotment_at(ctx.conn, ctx.me))
    return True


def balances(ctx: Ctx) -> dict[str, int]:
    return credits.balances(ctx.conn, ctx.me)


def unlocked(ctx: Ctx, project_id: int) -> dict[str, bool]:
    """CR-1: which parts of a project the provider's credits unlock."""
    return {k: paid(ctx, project_id, k) for k in credits.KINDS}


def quote(ctx: Ctx, project_id: int, kind: str) -> Quote:
    """What an action costs before it is done: which credit, the balance before and after."""
    if kind not in credits.KINDS:
        raise InvalidInput("credits.unknown_kind", kind=kind, kinds=list(credits.KINDS))
    already = paid(ctx, project_id, kind)
    before = balances(ctx)[kind]
    return Quote(
        kind=kind, already_paid=already, balance_before=before, balance_after=before if already else before - 1,
        needs_consultation=kind != "consultation" and not paid(ctx, project_id, "consultation"),
        frozen=standing.frozen_reason(ctx.conn, ctx.me),
    )


def view(ctx: Ctx, ledger_limit: int | None = None) -> Credits:
    """CR-7: balances per kind, the next expiries and the ledger, newest first."""
    sql = (
        "SELECT id, at, kind, entry_type, delta, project_id, reason, grant_id FROM credit_entries "
        "WHERE provider_id = ? ORDER BY at DESC, id DESC"
    )
    params: tuple[object, ...] = (ctx.me,)
    if ledger_limit is not None:
        sql += " LIMIT ?"
        params = (ctx.me, ledger_limit)
    ledger = [
        LedgerEntry(id=i, at=to_datetime(at), kind=k, entry_type=t, delta=d, project_id=p, reason=r, grant_id=g)
        for i, at, k, t, d, p, r, g in ctx.conn.execute(sql, params)
    ]
    lots = [
        CreditLot(lot.grant_id, lot.kind, lot.source, lot.remaining, to_datetime(lot.expires_at))
        for lot in credits.live_lots(ctx.conn, ctx.me)
    ]
    frozen = standing.frozen_reason(ctx.conn, ctx.me)
    return Credits(balances(ctx), frozen is None, frozen, lots, ledger)
