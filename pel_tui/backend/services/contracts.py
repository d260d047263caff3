"""The clients' side of selections and contracts (CT); and CT-1's rule: a selection not confirmed in time."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.context import Ctx

# == time-based rules ======================================================================================


def revoke_due(ctx: Ctx) -> int | None:
    """CT-1: a selection the provider has not confirmed within 7 days is revoked."""
    t = rows.scalar(ctx.conn, "SELECT min(confirm_by) FROM contracts WHERE status = 'awaiting_confirmation'")
    return None if t is None else int(t)


def revoke_apply(ctx: Ctx, upto: int) -> None:
    c = ctx.conn
    for cid, pid, prov, oid, at in c.execute(
        "SELECT id, project_id, provider_id, offer_id, confirm_by FROM contracts "
        "WHERE status = 'awaiting_confirmation' AND confirm_by <= ? ORDER BY confirm_by", (upto,),
    ).fetchall():
        c.execute("UPDATE contracts SET status = 'revoked', ended_at = ? WHERE id = ?", (at, cid))
        c.execute("UPDATE offers SET status = 'withdrawn', updated_at = ? WHERE id = ?", (at, oid))
        c.execute("UPDATE projects SET status = 'open', status_at = ?, offers_count = max(offers_count - 1, 0) "
                  "WHERE id = ?", (at, pid))
        ctx.notify(prov, "selection_revoked", at=at, project_id=pid, dedup_key=f"revoked:{cid}",
                   confirm_days=ctx.policy.confirm_terms_days)


HANDLERS: dict[type[Any], Any] = {}
