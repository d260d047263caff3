"""Accounting (PA): validating and rejecting payment requests; the transfer comes by the clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.commands import payments as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.ledger.escrow import add_entry
from pel_tui.backend.policy import DAY


def add_business_days(ts: int, n: int) -> int:
    """PA-4: `n` business days (Monday to Friday) after `ts`, same time of day."""
    t = ts
    while n > 0:
        t += DAY
        if to_datetime(t).weekday() < 5:
            n -= 1
    return t


@dataclass(frozen=True)
class _Request:
    id: int
    contract_id: int
    provider_id: int
    amount_cents: int
    state: str
    project_id: int
    invoice_number: str


def _request(ctx: Ctx, request_id: int) -> _Request:
    r = rows.one(
        ctx.conn, _Request,
        "SELECT r.id, r.contract_id, r.provider_id, r.amount_cents, r.state, k.project_id, r.invoice_number "
        "FROM payment_requests r JOIN contracts k ON k.id = r.contract_id WHERE r.id = ?", (request_id,),
    )
    if r is None:
        raise NotFound("payment.not_found", request_id=request_id)
    return r


# == commands ========================================================================================


def validate(ctx: Ctx, c: cmd.ValidatePayment) -> cmd.PaymentValidated:
    """PA-4: validated; paid by transfer some business days later (the policy says how many)."""
    r = _request(ctx, c.request_id)
    if r.state != "submitted":
        raise NotAllowed("payment.wrong_state", request_id=r.id, status=r.state)
    pay_on = add_business_days(ctx.now, ctx.policy.payment_business_days)
    ctx.conn.execute("UPDATE payment_requests SET state = 'validated', validated_at = ?, pay_on = ? WHERE id = ?",
                     (ctx.now, pay_on, r.id))
    ctx.notify(r.provider_id, "payment_validated", project_id=r.project_id, dedup_key=f"pay-valid:{r.id}",
               request_id=r.id, invoice_number=r.invoice_number, amount_cents=r.amount_cents, pay_on=pay_on)
    return {"request_id": r.id, "state": "validated", "pay_on": pay_on}


def reject(ctx: Ctx, c: cmd.RejectPayment) -> cmd.PaymentRejected:
    """PA-4: rejected with a reason; the amount is available again; the invoice is never edited."""
    r = _request(ctx, c.request_id)
    if r.state not in ("submitted", "validated"):
        raise NotAllowed("payment.wrong_state", request_id=r.id, status=r.state)
    reason = c.reason.strip()
    if not reason:
        raise InvalidInput("payment.reason_missing")
    ctx.conn.execute("UPDATE payment_requests SET state = 'rejected', rejected_at = ?, reject_reason = ? "
                     "WHERE id = ?", (ctx.now, reason, r.id))
    add_entry(ctx.conn, r.contract_id, "request_reversal", r.amount_cents, ctx.now, request_id=r.id, note=reason)
    ctx.notify(r.provider_id, "payment_rejected", project_id=r.project_id, dedup_key=f"pay-reject:{r.id}",
               request_id=r.id, invoice_number=r.invoice_number, amount_cents=r.amount_cents, reason=reason)
    return {"request_id": r.id, "state": "rejected"}


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


HANDLERS: dict[type[Any], Any] = {
    cmd.ValidatePayment: validate,
    cmd.RejectPayment: reject,
}
