"""The provider's side of an R0 contract's escrow (ES) and of the project's end (FO).

Queries: the escrow view of one project (ES-4's figures, ES-2's tranches, deliverables, disputes
with their cap, the ratings FO-3 lets show) and of all of them. Verbs: starting and delivering a
tranche (warned on an unfunded one), disputes, an agreed refund, declaring the end, rating the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pel_tui.backend import escrow_rules, rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.commands import escrow as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, UnfundedTranche
from pel_tui.backend.ledger.escrow import (
    WHOLE_PROJECT,
    R0Contract,
    add_entry,
    contract,
    figures,
    open_dispute_id,
    r0_contract,
    tranches,
)
from pel_tui.backend.models_escrow import Deliverable, Dispute, EscrowEntry, EscrowView
from pel_tui.backend.policy import DAY


def _dt(ts: int | None) -> Any:
    return None if ts is None else to_datetime(ts)


@dataclass(frozen=True)
class _DeliverableRow:
    id: int
    tranche: int
    note: str
    submitted_at: int
    status: str
    answered_at: int | None
    unfunded_ack: int
    reminders_sent: int


@dataclass(frozen=True)
class _DisputeRow:
    id: int
    opened_by: str
    reason: str
    opened_at: int
    cap_cents: int
    status: str
    proposal_provider_cents: int | None
    proposal_client_cents: int | None
    provider_accepted: int
    client_accepted: int
    resolved_at: int | None
    outcome_provider_cents: int | None
    outcome_client_cents: int | None


def escrow(ctx: Ctx, project_id: int) -> EscrowView:
    """ES-4's figures, tranches (ES-2), deliverables, disputes with their cap (ES-6), visible ratings (FO-3)."""
    c = ctx.conn
    k = r0_contract(c, project_id, ctx.me)
    entries = [  # built once each, from the columns by name (an account holds thousands of entries)
        EscrowEntry(entry_id, to_datetime(at), kind, amount_cents, tranche, note)
        for entry_id, at, kind, amount_cents, tranche, note in c.execute(
            "SELECT id, at, kind, amount_cents, tranche, note FROM escrow_entries WHERE contract_id = ? "
            "ORDER BY at, id", (k.id,))
    ]
    deliverables = [
        Deliverable(d.id, d.tranche, d.note, to_datetime(d.submitted_at), d.status, _dt(d.answered_at),
                    bool(d.unfunded_ack), d.reminders_sent)
        for d in rows.all_(c, _DeliverableRow, "SELECT id, tranche, note, submitted_at, status, answered_at, "
                           "unfunded_ack, reminders_sent FROM deliverables WHERE contract_id = ? ORDER BY id", (k.id,))
    ]
    disputes = [
        Dispute(d.id, d.opened_by, d.reason, to_datetime(d.opened_at), d.cap_cents, d.status,
                d.proposal_provider_cents, d.proposal_client_cents, bool(d.provider_accepted),
                bool(d.client_accepted), _dt(d.resolved_at), d.outcome_provider_cents, d.outcome_client_cents)
        for d in rows.all_(
            c, _DisputeRow, "SELECT id, opened_by, reason, opened_at, cap_cents, status, proposal_provider_cents, "
            "proposal_client_cents, provider_accepted, client_accepted, resolved_at, outcome_provider_cents, "
            "outcome_client_cents FROM disputes WHERE contract_id = ? ORDER BY id", (k.id,),
        )
    ]
    return EscrowView(
        project_id=project_id, project_title=k.title, contract_id=k.id, contract_status=k.status,
        amount_cents=k.amount_cents, figures=figures(c, k.id), tranches=tranches(c, k.id, k.amount_cents),
        deliverables=deliverables, disputes=disputes, entries=entries,
        frozen=open_dispute_id(c, k.id) is not None, finalize_declared_at=_dt(k.finalize_declared_at),
        finalized_at=_dt(k.finalized_at),
        ratings=escrow_rules.visible_ratings(c, k.id, k.finalized_at, ctx.now, ctx.policy.rating_window_days),
    )


def escrows(ctx: Ctx) -> list[EscrowView]:
    """Every R0 contract of mine under way or finished."""
    return [
        escrow(ctx, int(pid)) for (pid,) in ctx.conn.execute(
            "SELECT project_id FROM contracts WHERE provider_id = ? AND formula = 'r0' AND status IN "
            "('in_progress', 'finalized') ORDER BY id", (ctx.me,),
        ).fetchall()
    ]


# == verbs ===================================================================================================


def _tranche_check(ctx: Ctx, k: R0Contract, project_id: int, tranche: int, acknowledge_unfunded: bool,
                   verb: str) -> bool:
    """ES-2: whether the tranche is unfunded; refused unless the provider says it is understood."""
    ts = {t.number: t for t in tranches(ctx.conn, k.id, k.amount_cents)}
    if tranche not in ts:
        raise InvalidInput("escrow.no_tranche", tranche=tranche, tranches=list(ts))
    t = ts[tranche]
    if not t.funded and not acknowledge_unfunded:
        raise UnfundedTranche(project_id, tranche, t.label, t.funded_cents, t.amount_cents, verb)
    return not t.funded


def start_tranche(ctx: Ctx, c: cmd.StartTranche) -> cmd.TrancheStarted:
    """ES-2: mark work on a tranche as started, warned when it is not funded."""
    k = r0_contract(ctx.conn, c.project_id, ctx.me)
    unfunded = _tranche_check(ctx, k, c.project_id, c.tranche, c.acknowledge_unfunded, "start")
    if rows.scalar(ctx.conn, "SELECT 1 FROM escrow_tranches WHERE contract_id = ?", (k.id,)) is None:
        ctx.conn.execute("INSERT INTO escrow_tranches(contract_id, number, label, amount_cents) VALUES (?, 1, ?, ?)",
                         (k.id, WHOLE_PROJECT, k.amount_cents))
    ctx.conn.execute("UPDATE escrow_tranches SET started_at = coalesce(started_at, ?) WHERE contract_id = ? "
                     "AND number = ?", (ctx.now, k.id, c.tranche))
    return {"project_id": c.project_id, "tranche": c.tranche, "unfunded": unfunded}


def deliver(ctx: Ctx, c: cmd.Deliver) -> cmd.Delivered:
    """ES-3: submit a deliverable for a tranche; ES-2: warned when the tranche is not funded."""
    k = r0_contract(ctx.conn, c.project_id, ctx.me)
    if k.status != "in_progress":
        raise NotAllowed("escrow.not_in_progress", project_id=c.project_id, status=k.status)
    unfunded = _tranche_check(ctx, k, c.project_id, c.tranche, c.acknowledge_unfunded, "deliver")
    did = ctx.conn.execute(
        "INSERT INTO deliverables(contract_id, tranche, note, submitted_at, unfunded_ack) VALUES (?, ?, ?, ?, ?)",
        (k.id, c.tranche, c.note, ctx.now, int(unfunded)),
    ).lastrowid
    return {"project_id": c.project_id, "deliverable_id": int(did or 0), "tranche": c.tranche, "unfunded": unfunded}


def open_dispute(ctx: Ctx, c: cmd.OpenDispute) -> cmd.DisputeOpened:
    """ES-6: the cap is what the account holds now; held funds freeze."""
    return escrow_rules.open_dispute(ctx, c.project_id, "provider", c.reason, ctx.me)


def withdraw_dispute(ctx: Ctx, c: cmd.WithdrawDispute) -> cmd.DisputeWithdrawn:
    return escrow_rules.withdraw_dispute(ctx, c.project_id, "provider", ctx.me)


def accept_settlement(ctx: Ctx, c: cmd.AcceptSettlement) -> cmd.SettlementAccepted:
    """ES-6: accept the SMA's proposal; applied once both sides accept."""
    return escrow_rules.accept_settlement(ctx, c.project_id, "provider", ctx.me)


def agree_refund(ctx: Ctx, c: cmd.AgreeRefund) -> cmd.Refunded:
    """ES-5: a refund to the client by the provider's agreement (mutual cancellation)."""
    k = r0_contract(ctx.conn, c.project_id, ctx.me)
    if open_dispute_id(ctx.conn, k.id) is not None:
        raise NotAllowed("escrow.frozen", project_id=c.project_id, action="refund")
    held = figures(ctx.conn, k.id).held_cents
    if c.amount_cents <= 0 or c.amount_cents > held:
        raise InvalidInput("escrow.refund_invalid", held_cents=held)
    add_entry(ctx.conn, k.id, "refund", c.amount_cents, ctx.now, note="agreed by the provider")
    return {"project_id": c.project_id, "refunded_cents": c.amount_cents}


def declare_finalized(ctx: Ctx, c: cmd.DeclareFinalized) -> cmd.FinalizeDeclared:
    """FO-2: progress requests stop; the client confirms or is deemed to within 7 days."""
    k = contract(ctx.conn, c.project_id, ctx.me)
    if k.status != "in_progress":
        raise NotAllowed("finalize.not_in_progress", project_id=c.project_id, status=k.status)
    if k.finalize_declared_at is None:
        ctx.conn.execute("UPDATE contracts SET finalize_declared_at = ?, next_progress_at = NULL WHERE id = ?",
                         (ctx.now, k.id))
    declared = ctx.now if k.finalize_declared_at is None else k.finalize_declared_at
    return {"project_id": c.project_id, "client_answer_by": declared + ctx.policy.finalize_deemed_days * DAY}


@dataclass(frozen=True)
class _Progress:
    progress_requests_sent: int
    next_progress_at: int | None


def report_progress(ctx: Ctx, c: cmd.ReportProgress) -> cmd.ProgressReported:
    """FO-1: answer Suivi Projet while the project is in progress (either formula); its next request comes
    a full period after this report, and says when the last report was made."""
    k = contract(ctx.conn, c.project_id, ctx.me)
    if k.status != "in_progress":
        raise NotAllowed("progress.not_in_progress", project_id=c.project_id, status=k.status)
    if k.finalize_declared_at is not None:  # FO-2: the requests stopped at the declaration
        raise NotAllowed("progress.end_declared", project_id=c.project_id, declared_at=k.finalize_declared_at)
    text = c.text.strip()
    if not text:
        raise InvalidInput("progress.text_missing")
    limit = ctx.policy.question_max_chars
    if len(text) > limit:
        raise InvalidInput("message.too_long", length=len(text), max_chars=limit)
    p = rows.one(ctx.conn, _Progress, "SELECT progress_requests_sent, next_progress_at FROM contracts WHERE id = ?",
                 (k.id,))
    assert p is not None
    rid = int(ctx.conn.execute(
        "INSERT INTO progress_reports(contract_id, at, body, request_number) VALUES (?, ?, ?, ?)",
        (k.id, ctx.now, text, p.progress_requests_sent),
    ).lastrowid or 0)
    following = None
    if p.next_progress_at is not None:
        following = ctx.now + ctx.policy.progress_report_days * DAY
        ctx.conn.execute("UPDATE contracts SET next_progress_at = ? WHERE id = ?", (following, k.id))
    return {"project_id": c.project_id, "report_id": rid, "next_request_at": following}


def rate_client(ctx: Ctx, c: cmd.RateClient) -> cmd.Rated:
    """FO-3: once, 1 to 5 stars, within 30 days of the end."""
    return escrow_rules.rate(ctx, c.project_id, "provider", c.stars, c.comment, ctx.me)


HANDLERS: dict[type[Any], Any] = {
    cmd.StartTranche: start_tranche,
    cmd.Deliver: deliver,
    cmd.OpenDispute: open_dispute,
    cmd.WithdrawDispute: withdraw_dispute,
    cmd.AcceptSettlement: accept_settlement,
    cmd.AgreeRefund: agree_refund,
    cmd.DeclareFinalized: declare_finalized,
    cmd.RateClient: rate_client,
    cmd.ReportProgress: report_progress,
}
