"""Accounting (PA): validating and rejecting payment requests; the transfer comes by the clock."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.context import Ctx

# == time-based rules ======================================================================================


def transfer_due(ctx: Ctx) -> int | None:
    """PA-4: a validated request is paid by transfer 3 business days after its validation."""
    t = rows.scalar(ctx.conn, "SELECT min(pay_on) FROM payment_requests WHERE state = 'validated'")
    return None if t is None else int(t)


def transfer_apply(ctx: Ctx, upto: int) -> None:
    for rid, cid, prov, amount, pay_on, number, pid in ctx.conn.execute(
        "SELECT r.id, r.contract_id, r.provider_id, r.amount_cents, r.pay_on, r.invoice_number, k.project_id "
        "FROM payment_requests r JOIN contracts k ON k.id = r.contract_id WHERE r.state = 'validated' "
        "AND r.pay_on <= ? ORDER BY r.pay_on", (upto,),
    ).fetchall():
        ctx.conn.execute("UPDATE payment_requests SET state = 'paid', paid_at = ? WHERE id = ?", (pay_on, rid))
        ctx.conn.execute(
            "INSERT INTO escrow_entries(contract_id, at, kind, amount_cents, request_id, note) "
            "VALUES (?, ?, 'payment', ?, ?, ?)", (cid, pay_on, amount, rid, f"transfer, invoice {number}"),
        )
        ctx.notify(prov, "payment_paid", at=pay_on, project_id=pid, dedup_key=f"pay-paid:{rid}",
                   invoice_number=number, amount_cents=amount, paid_at=pay_on)


HANDLERS: dict[type[Any], Any] = {}
