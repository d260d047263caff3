"""The SCP (PF-6, PF-7, RF-1): references confirmed or refused, promotions checked; unanswered ones expire."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.context import Ctx
from pel_tui.backend.policy import DAY

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


HANDLERS: dict[type[Any], Any] = {}
