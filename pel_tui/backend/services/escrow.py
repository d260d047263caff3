"""The clients', the SMA's and Suivi Projet's side of R0 projects (ES) and of their end (FO).

Commands: the client sets the tranches, deposits, releases, asks for changes, disputes and answers
the provider's declared end; the SMA proposes and decides; the client rates the provider.
Time-based rules: Suivi Projet reminds a silent client (ES-3), asks the provider for progress
(FO-1), and a declared end nobody objects to is confirmed (FO-2).
"""

from __future__ import annotations

from typing import Any

from pel_tui.backend import escrow_rules, rows
from pel_tui.backend.commands import escrow as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.ledger.escrow import add_entry, contract, figures, open_dispute_id, r0_contract, tranches
from pel_tui.backend.models_escrow import Figures
from pel_tui.backend.policy import DAY


def finalize(ctx: Ctx, cid: int, project_id: int, prov: int, at: int) -> None:
    """FO-2: the project is finalized (confirmed, or deemed confirmed); FO-3's rating window opens."""
    ctx.conn.execute("UPDATE contracts SET status = 'finalized', finalized_at = ?, ended_at = ?, "
                     "next_progress_at = NULL WHERE id = ?", (at, at, cid))
    ctx.conn.execute("UPDATE projects SET status = 'finalized', status_at = ? WHERE id = ?", (at, project_id))
    ctx.notify(prov, "finalized", at=at, project_id=project_id, dedup_key=f"finalized:{cid}",
               rating_days=ctx.policy.rating_window_days)


def _account(project_id: int, f: Figures) -> cmd.Account:
    return {"project_id": project_id, "deposited_cents": f.deposited_cents, "held_cents": f.held_cents,
            "released_cents": f.released_cents, "refunded_cents": f.refunded_cents,
            "available_cents": f.available_cents, "requested_cents": f.requested_cents, "paid_cents": f.paid_cents}


# == commands ================================================================================================


def set_tranches(ctx: Ctx, c: cmd.SetTranches) -> cmd.TranchesSet:
    """ES-1: the contract's milestones; they add up to its amount."""
    k = r0_contract(ctx.conn, c.project_id)
    if not c.amounts_cents or any(a <= 0 for a in c.amounts_cents) or sum(c.amounts_cents) != k.amount_cents:
        raise InvalidInput("escrow.tranches_invalid", amount_cents=k.amount_cents)
    if rows.scalar(ctx.conn, "SELECT 1 FROM escrow_entries WHERE contract_id = ?", (k.id,)) is not None:
        raise NotAllowed("escrow.tranches_after_deposit")
    ctx.conn.execute("DELETE FROM escrow_tranches WHERE contract_id = ?", (k.id,))
    for i, a in enumerate(c.amounts_cents, 1):
        label = c.labels[i - 1] if c.labels and i <= len(c.labels) else f"Tranche {i}"
        ctx.conn.execute("INSERT INTO escrow_tranches(contract_id, number, label, amount_cents) VALUES (?, ?, ?, ?)",
                         (k.id, i, label, a))
    return {"project_id": c.project_id, "tranches": len(c.amounts_cents)}


def deposit(ctx: Ctx, c: cmd.Deposit) -> cmd.Account:
    """ES-1: the client funds the account, in full or by tranches, never above the amount; ES-6: not while frozen."""
    conn = ctx.conn
    k = r0_contract(conn, c.project_id)
    if open_dispute_id(conn, k.id) is not None:
        raise NotAllowed("escrow.frozen", project_id=c.project_id, action="deposit")
    deposited = figures(conn, k.id).deposited_cents
    if c.amount_cents <= 0 or deposited + c.amount_cents > k.amount_cents:
        raise InvalidInput("escrow.deposit_above_amount", remaining_cents=k.amount_cents - deposited)
    if c.tranche is not None and c.tranche not in {t.number for t in tranches(conn, k.id, k.amount_cents)}:
        raise InvalidInput("escrow.no_tranche", tranche=c.tranche)
    add_entry(conn, k.id, "deposit", c.amount_cents, ctx.now, tranche=c.tranche)
    f = figures(conn, k.id)
    ctx.notify(k.provider_id, "escrow_deposit", project_id=c.project_id,
               dedup_key=f"deposit:{k.id}:{deposited + c.amount_cents}", amount_cents=c.amount_cents,
               held_cents=f.held_cents, tranche=c.tranche)
    return _account(c.project_id, f)


def release(ctx: Ctx, c: cmd.Release) -> cmd.Account:
    """ES-3: only the client releases, all or part of what is held; ES-6: not while frozen."""
    conn = ctx.conn
    k = r0_contract(conn, c.project_id)
    if open_dispute_id(conn, k.id) is not None:
        raise NotAllowed("escrow.frozen", project_id=c.project_id, action="release")
    held = figures(conn, k.id).held_cents
    if c.amount_cents <= 0 or c.amount_cents > held:
        raise InvalidInput("escrow.release_invalid", held_cents=held)
    add_entry(conn, k.id, "release", c.amount_cents, ctx.now, tranche=c.tranche)
    if c.tranche:
        conn.execute("UPDATE deliverables SET status = 'accepted', answered_at = ? WHERE contract_id = ? AND "
                     "status = 'submitted' AND tranche = ?", (ctx.now, k.id, c.tranche))
    else:
        conn.execute("UPDATE deliverables SET status = 'accepted', answered_at = ? WHERE contract_id = ? AND "
                     "status = 'submitted'", (ctx.now, k.id))
    f = figures(conn, k.id)
    ctx.notify(k.provider_id, "escrow_release", project_id=c.project_id, dedup_key=f"release:{k.id}:{f.released_cents}",
               amount_cents=c.amount_cents, available_cents=f.available_cents)
    return _account(c.project_id, f)


def request_changes(ctx: Ctx, c: cmd.RequestChanges) -> cmd.ChangesRequested:
    """ES-3: the client asks for changes on the latest deliverable."""
    k = r0_contract(ctx.conn, c.project_id)
    did = rows.scalar(ctx.conn, "SELECT id FROM deliverables WHERE contract_id = ? AND status = 'submitted' "
                      "ORDER BY id DESC LIMIT 1", (k.id,))
    if did is None:
        raise NotAllowed("escrow.no_deliverable_pending", project_id=c.project_id)
    ctx.conn.execute("UPDATE deliverables SET status = 'changes_requested', answered_at = ? WHERE id = ?",
                     (ctx.now, did))
    ctx.notify(k.provider_id, "changes_requested", project_id=c.project_id, dedup_key=f"changes:{did}", note=c.note)
    return {"project_id": c.project_id, "deliverable_id": int(did)}


def client_dispute(ctx: Ctx, c: cmd.ClientDispute) -> cmd.DisputeOpened:
    return escrow_rules.open_dispute(ctx, c.project_id, "client", c.reason, None)


def client_withdraw_dispute(ctx: Ctx, c: cmd.ClientWithdrawDispute) -> cmd.DisputeWithdrawn:
    return escrow_rules.withdraw_dispute(ctx, c.project_id, "client", None)


def client_accept_settlement(ctx: Ctx, c: cmd.ClientAcceptSettlement) -> cmd.SettlementAccepted:
    return escrow_rules.accept_settlement(ctx, c.project_id, "client", None)


def sma_propose(ctx: Ctx, c: cmd.SmaPropose) -> cmd.Proposed:
    """ES-6: the SMA proposes a split of at most the cap."""
    k = r0_contract(ctx.conn, c.project_id)
    did = open_dispute_id(ctx.conn, k.id)
    if did is None:
        raise NotAllowed("escrow.no_open_dispute", project_id=c.project_id)
    cap = int(rows.scalar(ctx.conn, "SELECT cap_cents FROM disputes WHERE id = ?", (did,)))
    if c.to_provider_cents < 0 or c.to_client_cents < 0 or c.to_provider_cents + c.to_client_cents > cap:
        raise InvalidInput("escrow.proposal_above_cap", cap_cents=cap)
    ctx.conn.execute(
        "UPDATE disputes SET status = 'proposed', proposal_provider_cents = ?, proposal_client_cents = ?, "
        "provider_accepted = 0, client_accepted = 0 WHERE id = ?", (c.to_provider_cents, c.to_client_cents, did),
    )
    ctx.notify(k.provider_id, "dispute", project_id=c.project_id,
               dedup_key=f"dispute-proposal:{did}:{c.to_provider_cents}:{c.to_client_cents}", step="proposed",
               to_provider_cents=c.to_provider_cents, to_client_cents=c.to_client_cents)
    return {"project_id": c.project_id, "dispute_id": did}


def sma_decide(ctx: Ctx, c: cmd.SmaDecide) -> cmd.Decided:
    """ES-6: without agreement the SMA decides; never more than the cap."""
    k = r0_contract(ctx.conn, c.project_id)
    did = open_dispute_id(ctx.conn, k.id)
    if did is None:
        raise NotAllowed("escrow.no_open_dispute", project_id=c.project_id)
    escrow_rules.apply_outcome(ctx, did, k.id, k.provider_id, c.to_provider_cents, c.to_client_cents, "decided",
                               c.project_id)
    return {**_account(c.project_id, figures(ctx.conn, k.id)), "dispute_id": did}


def confirm_finalized(ctx: Ctx, c: cmd.ConfirmFinalized) -> cmd.FinalizeAnswered:
    """FO-2: the client confirms the provider's declaration."""
    k = contract(ctx.conn, c.project_id)
    if k.status != "in_progress" or k.finalize_declared_at is None:
        raise NotAllowed("finalize.not_declared", project_id=c.project_id)
    finalize(ctx, k.id, c.project_id, k.provider_id, ctx.now)
    return {"project_id": c.project_id, "status": "finalized"}


def object_finalized(ctx: Ctx, c: cmd.ObjectFinalized) -> cmd.FinalizeAnswered:
    """FO-2: the client objects; the project stays in progress and progress requests start again."""
    k = contract(ctx.conn, c.project_id)
    if k.status != "in_progress" or k.finalize_declared_at is None:
        raise NotAllowed("finalize.not_declared", project_id=c.project_id)
    step = ctx.policy.progress_report_days * DAY
    ctx.conn.execute(
        "UPDATE contracts SET finalize_declared_at = NULL, next_progress_at = max(?, commission_paid_at + "
        "(progress_requests_sent + 1) * ?) WHERE id = ?", (ctx.now, step, k.id),
    )
    ctx.notify(k.provider_id, "finalize_objection", project_id=c.project_id,
               dedup_key=f"objection:{k.id}:{k.finalize_declared_at}", reason=c.reason)
    return {"project_id": c.project_id, "status": "in_progress"}


def rate_provider(ctx: Ctx, c: cmd.RateProvider) -> cmd.Rated:
    """FO-3: the client rates the provider."""
    return escrow_rules.rate(ctx, c.project_id, "client", c.stars, c.comment, None)


# == time-based rules ======================================================================================


#: ES-6: a dispute settled or decided after a deliverable was submitted answered it: no more reminders.
_NOT_SETTLED = ("NOT EXISTS (SELECT 1 FROM disputes x WHERE x.contract_id = d.contract_id AND x.status IN "
                "('settled', 'decided') AND x.resolved_at >= d.submitted_at)")


def reminder_due(ctx: Ctx) -> int | None:
    """ES-3: Suivi Projet reminds a client who leaves a deliverable unanswered, every 7 days."""
    step = ctx.policy.client_reminder_days * DAY
    t = rows.scalar(
        ctx.conn, "SELECT min(d.submitted_at + (d.reminders_sent + 1) * ?) FROM deliverables d JOIN contracts k "
        f"ON k.id = d.contract_id WHERE d.status = 'submitted' AND k.status = 'in_progress' AND {_NOT_SETTLED}",
        (step,),
    )
    return None if t is None else int(t)


def reminder_apply(ctx: Ctx, upto: int) -> None:
    step = ctx.policy.client_reminder_days * DAY
    for did, sent, submitted, prov, pid in ctx.conn.execute(
        "SELECT d.id, d.reminders_sent, d.submitted_at, k.provider_id, k.project_id FROM deliverables d "
        "JOIN contracts k ON k.id = d.contract_id WHERE d.status = 'submitted' AND k.status = 'in_progress' "
        f"AND {_NOT_SETTLED} AND d.submitted_at + (d.reminders_sent + 1) * ? <= ?", (step, upto),
    ).fetchall():
        n = sent
        while submitted + (n + 1) * step <= upto:
            n += 1
            ctx.notify(prov, "client_reminded", at=submitted + n * step, project_id=pid,
                       dedup_key=f"remind:{did}:{n}", waited_days=n * ctx.policy.client_reminder_days)
        ctx.conn.execute("UPDATE deliverables SET reminders_sent = ? WHERE id = ?", (n, did))


def progress_due(ctx: Ctx) -> int | None:
    """FO-1: Suivi Projet asks for a progress report every 7 days until the provider declares the end (FO-2)
    or a dispute's outcome ends the contract (ES-6)."""
    t = rows.scalar(ctx.conn, "SELECT min(next_progress_at) FROM contracts WHERE next_progress_at IS NOT NULL")
    return None if t is None else int(t)


def progress_apply(ctx: Ctx, upto: int) -> None:
    """Each request at its time, every 7 days from the last request or the provider's last report."""
    step = ctx.policy.progress_report_days * DAY
    for cid, sent, at, prov, pid, status, declared in ctx.conn.execute(
        "SELECT id, progress_requests_sent, next_progress_at, provider_id, project_id, status, "
        "finalize_declared_at FROM contracts WHERE next_progress_at IS NOT NULL AND next_progress_at <= ?",
        (upto,),
    ).fetchall():
        if status != "in_progress" or declared is not None:
            ctx.conn.execute("UPDATE contracts SET next_progress_at = NULL WHERE id = ?", (cid,))
            continue
        n = sent
        while at <= upto:
            n += 1
            last = rows.scalar(ctx.conn, "SELECT max(at) FROM progress_reports WHERE contract_id = ? AND at <= ?",
                               (cid, at))
            answered = {} if last is None else {"last_report_at": int(last)}
            ctx.notify(prov, "progress_request", at=at, project_id=pid, dedup_key=f"progress:{cid}:{n}", number=n,
                       **answered)
            at += step
        ctx.conn.execute("UPDATE contracts SET progress_requests_sent = ?, next_progress_at = ? WHERE id = ?",
                         (n, at, cid))


def deemed_due(ctx: Ctx) -> int | None:
    """FO-2: no objection within 7 days of the provider's declaration counts as confirmation."""
    # `+status`: read the few declared contracts from their partial index, not every contract in
    # progress from the status index (2 ms on each command of a 1M-project store).
    t = rows.scalar(ctx.conn, "SELECT min(finalize_declared_at) FROM contracts WHERE finalize_declared_at "
                    "IS NOT NULL AND +status = 'in_progress'")
    return None if t is None else int(t) + ctx.policy.finalize_deemed_days * DAY


def deemed_apply(ctx: Ctx, upto: int) -> None:
    span = ctx.policy.finalize_deemed_days * DAY
    for cid, pid, prov, declared in ctx.conn.execute(
        "SELECT id, project_id, provider_id, finalize_declared_at FROM contracts WHERE +status = 'in_progress' "
        "AND finalize_declared_at IS NOT NULL AND finalize_declared_at <= ?", (upto - span,),
    ).fetchall():
        finalize(ctx, cid, pid, prov, declared + span)


HANDLERS: dict[type[Any], Any] = {
    cmd.SetTranches: set_tranches,
    cmd.Deposit: deposit,
    cmd.Release: release,
    cmd.RequestChanges: request_changes,
    cmd.ClientDispute: client_dispute,
    cmd.ClientWithdrawDispute: client_withdraw_dispute,
    cmd.ClientAcceptSettlement: client_accept_settlement,
    cmd.SmaPropose: sma_propose,
    cmd.SmaDecide: sma_decide,
    cmd.ConfirmFinalized: confirm_finalized,
    cmd.ObjectFinalized: object_finalized,
    cmd.RateProvider: rate_provider,
}
