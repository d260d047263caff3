"""The clients' side of selections and contracts (CT): selecting an offer, paying the commission, amending
the amount; and CT-1's rule: a selection not confirmed in time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.commands import account as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.invoices import issue_platform_invoice
from pel_tui.backend.policy import DAY

FORMULAS = ("base", "r0")
PAYERS = ("client", "provider")


@dataclass(frozen=True)
class _LiveOffer:
    id: int
    amount_cents: int
    delay_days: int


@dataclass(frozen=True)
class _Due:
    id: int
    provider_id: int
    commission_payer: str
    commission_cents: int
    r0_fee_cents: int | None
    formula: str


@dataclass(frozen=True)
class _Confirmed:
    id: int
    amount_cents: int
    formula: str
    commission_cents: int
    r0_fee_cents: int | None


@dataclass(frozen=True)
class _Project:
    status: str
    title: str


# == commands ==============================================================================================


def select(ctx: Ctx, c: cmd.Select) -> cmd.Selected:
    """CT-1: the client selects one offer; the provider has 7 days to confirm the terms (CT-2: the formula)."""
    if c.formula not in FORMULAS:
        raise InvalidInput("selection.formula_invalid", formula=c.formula, formulas=list(FORMULAS))
    if c.commission_payer not in PAYERS:
        raise InvalidInput("selection.payer_invalid", commission_payer=c.commission_payer)
    p = rows.one(ctx.conn, _Project, "SELECT status, title FROM projects WHERE id = ?", (c.project_id,))
    if p is None:
        raise NotFound("project.not_found", project_id=c.project_id)
    if p.status != "open":
        raise NotAllowed("selection.project_not_open", project_id=c.project_id, status=p.status)
    prov, conn, now = ctx.provider_id(c.pseudo), ctx.conn, ctx.now
    o = rows.one(
        conn, _LiveOffer, "SELECT o.id, v.amount_cents, v.delay_days FROM offers o JOIN offer_versions v ON "
        "v.offer_id = o.id AND v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
        "WHERE o.project_id = ? AND o.provider_id = ? AND o.status IN ('submitted', 'read')", (c.project_id, prov),
    )
    if o is None:
        raise NotAllowed("selection.no_live_offer", project_id=c.project_id, provider=c.pseudo)
    confirm_by = now + ctx.policy.confirm_terms_days * DAY
    cid = int(conn.execute(
        "INSERT INTO contracts(project_id, provider_id, offer_id, formula, amount_cents, delay_days, "
        "commission_payer, status, selected_at, confirm_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "'awaiting_confirmation', ?, ?)",
        (c.project_id, prov, o.id, c.formula, o.amount_cents, o.delay_days, c.commission_payer, now, confirm_by),
    ).lastrowid or 0)
    conn.execute("UPDATE offers SET status = 'selected', updated_at = ? WHERE id = ?", (now, o.id))
    conn.execute("UPDATE projects SET status = 'awarded', status_at = ? WHERE id = ?", (now, c.project_id))
    ctx.notify(prov, "selected", project_id=c.project_id, dedup_key=f"selected:{cid}", title=p.title,
               formula=c.formula, amount_cents=o.amount_cents, delay_days=o.delay_days,
               commission_payer=c.commission_payer, confirm_by=confirm_by)
    ctx.notify(prov, "terms_to_confirm", project_id=c.project_id, dedup_key=f"terms:{cid}", confirm_by=confirm_by)
    return {"contract_id": cid, "confirm_by": confirm_by}


def pay_commission(ctx: Ctx, c: cmd.PayCommission) -> cmd.CommissionPaid:
    """CT-3: the commission (and the R0 fee) paid: the project is in progress; SU-8: the provider who paid
    the commission gets the platform's invoice."""
    conn, now = ctx.conn, ctx.now
    k = rows.one(
        conn, _Due, "SELECT id, provider_id, commission_payer, commission_cents, r0_fee_cents, formula "
        "FROM contracts WHERE project_id = ? AND status = 'awaiting_commission'", (c.project_id,),
    )
    if k is None:
        raise NotAllowed("contract.no_commission_due", project_id=c.project_id)
    conn.execute("UPDATE contracts SET status = 'in_progress', commission_paid_at = ?, next_progress_at = ? "
                 "WHERE id = ?", (now, now + ctx.policy.progress_report_days * DAY, k.id))
    conn.execute("UPDATE projects SET status = 'in_progress', status_at = ? WHERE id = ?", (now, c.project_id))
    if k.commission_payer == "provider":
        issue_platform_invoice(ctx, k.provider_id, "commission",
                               f"Commission de mise en relation, projet #{c.project_id}", k.commission_cents, now,
                               c.project_id)
    ctx.notify(k.provider_id, "project_started", project_id=c.project_id, dedup_key=f"started:{k.id}",
               formula=k.formula)
    return {"contract_id": k.id, "commission_cents": k.commission_cents, "r0_fee_cents": k.r0_fee_cents or 0,
            "formula": k.formula}


def amend(ctx: Ctx, c: cmd.Amend) -> cmd.Amended:
    """CT-4: an agreed amount change; commission and R0 fee only grow, on the difference (ES-1: never
    below what the client deposited)."""
    if c.amount_cents <= 0:
        raise InvalidInput("contract.amount_invalid")
    conn, pol = ctx.conn, ctx.policy
    k = rows.one(
        conn, _Confirmed, "SELECT id, amount_cents, formula, commission_cents, r0_fee_cents FROM contracts "
        "WHERE project_id = ? AND status IN ('awaiting_commission', 'in_progress')", (c.project_id,),
    )
    if k is None:
        raise NotAllowed("contract.not_confirmed", project_id=c.project_id)
    deposited = int(rows.scalar(
        conn, "SELECT coalesce(sum(amount_cents), 0) FROM escrow_entries WHERE contract_id = ? AND kind = 'deposit'",
        (k.id,), 0,
    ))
    if c.amount_cents < deposited:
        raise NotAllowed("contract.below_deposits", project_id=c.project_id, deposited_cents=deposited)
    extra_c = extra_r = 0
    if c.amount_cents > k.amount_cents:
        diff = c.amount_cents - k.amount_cents
        extra_c = (diff * pol.commission_rate_bp + 5_000) // 10_000
        extra_r = (diff * pol.r0_fee_rate_bp + 5_000) // 10_000 if k.formula == "r0" else 0
    conn.execute(
        "INSERT INTO contract_amendments(contract_id, at, old_amount_cents, new_amount_cents, "
        "extra_commission_cents, extra_r0_fee_cents) VALUES (?, ?, ?, ?, ?, ?)",
        (k.id, ctx.now, k.amount_cents, c.amount_cents, extra_c, extra_r),
    )
    conn.execute(
        "UPDATE contracts SET amount_cents = ?, commission_cents = commission_cents + ?, "
        "r0_fee_cents = r0_fee_cents + ? WHERE id = ?", (c.amount_cents, extra_c, extra_r, k.id),
    )
    return {"contract_id": k.id, "amount_cents": c.amount_cents, "commission_cents": k.commission_cents + extra_c,
            "r0_fee_cents": (k.r0_fee_cents or 0) + extra_r}


HANDLERS: dict[type[Any], Any] = {
    cmd.Select: select,
    cmd.PayCommission: pay_commission,
    cmd.Amend: amend,
}


# == time-based rules ======================================================================================


def revoke_due(ctx: Ctx) -> int | None:
    """CT-1: a selection the provider has not confirmed within 7 days is revoked (OF-6: so is the offer)."""
    t = rows.scalar(ctx.conn, "SELECT min(confirm_by) FROM contracts WHERE status = 'awaiting_confirmation'")
    return None if t is None else int(t)


def revoke_apply(ctx: Ctx, upto: int) -> None:
    c = ctx.conn
    for cid, pid, prov, oid, at in c.execute(
        "SELECT id, project_id, provider_id, offer_id, confirm_by FROM contracts "
        "WHERE status = 'awaiting_confirmation' AND confirm_by <= ? ORDER BY confirm_by", (upto,),
    ).fetchall():
        c.execute("UPDATE contracts SET status = 'revoked', ended_at = ? WHERE id = ?", (at, cid))
        c.execute("UPDATE offers SET status = 'revoked', updated_at = ? WHERE id = ?", (at, oid))  # OF-6
        c.execute("UPDATE projects SET status = 'open', status_at = ?, offers_count = max(offers_count - 1, 0) "
                  "WHERE id = ?", (at, pid))
        ctx.notify(prov, "selection_revoked", at=at, project_id=pid, dedup_key=f"revoked:{cid}",
                   confirm_days=ctx.policy.confirm_terms_days)
