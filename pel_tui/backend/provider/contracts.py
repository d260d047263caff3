"""The provider's selections and contracts (CT): what they hold, and the terms they say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.models import Contract


@dataclass(frozen=True)
class _ContractRow:
    id: int
    project_id: int
    title: str
    pseudo: str
    formula: str
    amount_cents: int
    delay_days: int
    status: str
    commission_payer: str
    commission_cents: int | None
    r0_fee_cents: int | None
    selected_at: int
    confirm_by: int
    confirmed_at: int | None
    commission_paid_at: int | None


def terms(formula: str, payer: str) -> list[str]:
    """What the terms page says besides the figures, as codes the edge puts into words.

    CT-6 (signed on the platform only), CT-7 (working around it is a breach), CT-3 (who pays the
    commission), CT-2 and CT-5 (what the formula means for payments).
    """
    return ["electronic_signature", "no_bypass", f"commission_paid_by_{payer}", f"formula_{formula}"]


def contracts(ctx: Ctx, where: str, params: tuple[object, ...]) -> list[Contract]:
    out = []
    for r in rows.all_(
        ctx.conn, _ContractRow,
        "SELECT k.id, k.project_id, p.title, pr.pseudo, k.formula, k.amount_cents, k.delay_days, "
        "k.status, k.commission_payer, k.commission_cents, k.r0_fee_cents, k.selected_at, "
        "k.confirm_by, k.confirmed_at, k.commission_paid_at FROM contracts k "
        "JOIN projects p ON p.id = k.project_id JOIN providers pr ON pr.id = k.provider_id "
        f"WHERE {where} ORDER BY k.id", params,
    ):
        pol = ctx.policy
        commission = r.commission_cents if r.commission_cents is not None else pol.commission_cents(r.amount_cents)
        if r.r0_fee_cents is not None:
            r0_fee = r.r0_fee_cents
        else:
            r0_fee = pol.r0_fee_cents(r.amount_cents) if r.formula == "r0" else 0
        out.append(Contract(
            id=r.id, project_id=r.project_id, project_title=r.title, provider=r.pseudo, formula=r.formula,
            amount_cents=r.amount_cents, delay_days=r.delay_days, status=r.status,
            commission_payer=r.commission_payer, commission_cents=commission, r0_fee_cents=r0_fee,
            selected_at=to_datetime(r.selected_at), confirm_by=to_datetime(r.confirm_by),
            confirmed_at=None if r.confirmed_at is None else to_datetime(r.confirmed_at),
            commission_paid_at=None if r.commission_paid_at is None else to_datetime(r.commission_paid_at),
            terms=terms(r.formula, r.commission_payer),
        ))
    return out


def mine(ctx: Ctx) -> list[Contract]:
    return contracts(ctx, "k.provider_id = ?", (ctx.me,))


HANDLERS: dict[type[Any], Any] = {}
