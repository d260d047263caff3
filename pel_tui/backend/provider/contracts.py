"""The provider's selections and contracts (CT): what they hold, the terms they say, and confirming or
declining a selection (CT-1), which makes every other offer lost, with recommendations (OF-7)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import NotAllowed
from pel_tui.backend.models import Contract
from pel_tui.backend.profile_rules import completeness

if TYPE_CHECKING:  # at run time, imported by `HANDLERS` (PEP 562, below)
    from pel_tui.backend.commands import account as cmd


class _ContractRow(msgspec.Struct, frozen=True):
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


# == confirming or declining a selection (CT-1) =========================================================


class _Awaiting(msgspec.Struct, frozen=True):
    id: int
    offer_id: int
    formula: str
    amount_cents: int
    commission_payer: str


class _Project(msgspec.Struct, frozen=True):
    title: str
    created_at: int


class _Loser(msgspec.Struct, frozen=True):
    id: int
    provider_id: int
    created_at: int
    read_at: int | None


def _awaiting(ctx: Ctx, project_id: int) -> _Awaiting:
    k = rows.one(
        ctx.conn, _Awaiting, "SELECT id, offer_id, formula, amount_cents, commission_payer FROM contracts "
        "WHERE project_id = ? AND provider_id = ? AND status = 'awaiting_confirmation'", (project_id, ctx.me),
    )
    if k is None:
        raise NotAllowed("contract.none_awaiting", project_id=project_id)
    return k


def confirm(ctx: Ctx, c: cmd.ConfirmTerms) -> cmd.TermsConfirmed:
    """CT-1: confirm the final terms (CT-3: paying the commission only with explicit agreement); OF-7."""
    k = _awaiting(ctx, c.project_id)
    commission = ctx.policy.commission_cents(k.amount_cents)
    if k.commission_payer == "provider" and not c.accept_commission:
        raise NotAllowed("contract.commission_needs_agreement", project_id=c.project_id,
                         commission_cents=commission)
    r0_fee = ctx.policy.r0_fee_cents(k.amount_cents) if k.formula == "r0" else 0
    ctx.conn.execute(
        "UPDATE contracts SET status = 'awaiting_commission', confirmed_at = ?, commission_cents = ?, "
        "r0_fee_cents = ? WHERE id = ?", (ctx.now, commission, r0_fee, k.id),
    )
    ctx.conn.execute("UPDATE offers SET status = 'won', updated_at = ? WHERE id = ?", (ctx.now, k.offer_id))
    notify_losers(ctx, c.project_id, k.offer_id, k.amount_cents)
    return {"project_id": c.project_id, "contract_id": k.id, "formula": k.formula, "amount_cents": k.amount_cents,
            "commission_cents": commission, "r0_fee_cents": r0_fee, "commission_payer": k.commission_payer}


def notify_losers(ctx: Ctx, project_id: int, winner_offer: int, amount_cents: int) -> None:
    """OF-7: every other live offer is lost, and its provider told why, with figures to act on."""
    c = ctx.conn
    p = rows.one(c, _Project, "SELECT title, created_at FROM projects WHERE id = ?", (project_id,))
    assert p is not None
    amounts = [
        int(a) for (a,) in c.execute(
            "SELECT v.amount_cents FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND "
            "v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
            "WHERE o.project_id = ? AND o.status NOT IN ('withdrawn', 'declined', 'revoked')", (project_id,),
        )
    ]
    winner_waited = int(rows.scalar(c, "SELECT created_at FROM offers WHERE id = ?", (winner_offer,))) - p.created_at
    for o in rows.all_(
        c, _Loser,
        "SELECT o.id, o.provider_id, o.created_at, (SELECT read_at FROM offer_versions WHERE offer_id = o.id "
        "ORDER BY version DESC LIMIT 1) AS read_at FROM offers o WHERE o.project_id = ? AND o.id <> ? "
        "AND o.status IN ('submitted', 'read', 'selected')", (project_id, winner_offer),
    ):
        c.execute("UPDATE offers SET status = 'lost', updated_at = ? WHERE id = ?", (ctx.now, o.id))
        recommendations = {
            "price_range_cents": [min(amounts), max(amounts)] if amounts else None,
            "winning_amount_cents": amount_cents,
            "your_offer_was_read": o.read_at is not None,
            "profile_completeness": completeness(c, o.provider_id, ctx.policy.profile),
            "your_answer_hours": round((o.created_at - p.created_at) / 3600, 1),
            "winner_answer_hours": round(winner_waited / 3600, 1),
        }
        ctx.notify(o.provider_id, "lost", project_id=project_id, dedup_key=f"lost:{o.id}", title=p.title,
                   reason="another_won", recommendations=recommendations)


def decline(ctx: Ctx, c: cmd.DeclineSelection) -> cmd.SelectionDeclined:
    """CT-1: decline a selection; the offer is `declined` (OF-6) and the project open again."""
    k = _awaiting(ctx, c.project_id)
    ctx.conn.execute("UPDATE contracts SET status = 'declined', ended_at = ? WHERE id = ?", (ctx.now, k.id))
    ctx.conn.execute("UPDATE offers SET status = 'declined', updated_at = ? WHERE id = ?", (ctx.now, k.offer_id))
    ctx.conn.execute(
        "UPDATE projects SET status = 'open', status_at = ?, offers_count = max(offers_count - 1, 0) WHERE id = ?",
        (ctx.now, c.project_id),
    )
    return {"project_id": c.project_id, "contract_id": k.id, "status": "declined"}


def __getattr__(name: str) -> Any:
    """`HANDLERS`, made when the registry first asks (PEP 562): the commands' types (msgspec) are not
    for the first screen to import, which only reads."""
    if name == "HANDLERS":
        from pel_tui.backend.commands import account as cmd

        return {
            cmd.ConfirmTerms: confirm,
            cmd.DeclineSelection: decline,
        }
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
