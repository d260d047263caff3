"""The clients', the SMA's and Suivi Projet's side of R0 projects (ES) and of their end (FO).

Time-based rules: Suivi Projet reminds a silent client (ES-3), asks the provider for progress
(FO-1), and a declared end nobody objects to is confirmed (FO-2).
"""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.context import Ctx
from pel_tui.backend.policy import DAY


def finalize(ctx: Ctx, cid: int, project_id: int, prov: int, at: int) -> None:
    """FO-2: the project is finalized (confirmed, or deemed confirmed); FO-3's rating window opens."""
    ctx.conn.execute("UPDATE contracts SET status = 'finalized', finalized_at = ?, ended_at = ?, "
                     "next_progress_at = NULL WHERE id = ?", (at, at, cid))
    ctx.conn.execute("UPDATE projects SET status = 'finalized', status_at = ? WHERE id = ?", (at, project_id))
    ctx.notify(prov, "finalized", at=at, project_id=project_id, dedup_key=f"finalized:{cid}",
               rating_days=ctx.policy.rating_window_days)


# == time-based rules ======================================================================================


def reminder_due(ctx: Ctx) -> int | None:
    """ES-3: Suivi Projet reminds a client who leaves a deliverable unanswered, every 7 days."""
    step = ctx.policy.client_reminder_days * DAY
    t = rows.scalar(
        ctx.conn, "SELECT min(d.submitted_at + (d.reminders_sent + 1) * ?) FROM deliverables d JOIN contracts k "
        "ON k.id = d.contract_id WHERE d.status = 'submitted' AND k.status = 'in_progress'", (step,),
    )
    return None if t is None else int(t)


def reminder_apply(ctx: Ctx, upto: int) -> None:
    step = ctx.policy.client_reminder_days * DAY
    for did, sent, submitted, prov, pid in ctx.conn.execute(
        "SELECT d.id, d.reminders_sent, d.submitted_at, k.provider_id, k.project_id FROM deliverables d "
        "JOIN contracts k ON k.id = d.contract_id WHERE d.status = 'submitted' AND k.status = 'in_progress' "
        "AND d.submitted_at + (d.reminders_sent + 1) * ? <= ?", (step, upto),
    ).fetchall():
        n = sent
        while submitted + (n + 1) * step <= upto:
            n += 1
            ctx.notify(prov, "client_reminded", at=submitted + n * step, project_id=pid,
                       dedup_key=f"remind:{did}:{n}", waited_days=n * ctx.policy.client_reminder_days)
        ctx.conn.execute("UPDATE deliverables SET reminders_sent = ? WHERE id = ?", (n, did))


def progress_due(ctx: Ctx) -> int | None:
    """FO-1: Suivi Projet asks for a progress report every 7 days until the provider declares the end."""
    t = rows.scalar(ctx.conn, "SELECT min(next_progress_at) FROM contracts WHERE next_progress_at IS NOT NULL")
    return None if t is None else int(t)


def progress_apply(ctx: Ctx, upto: int) -> None:
    step = ctx.policy.progress_report_days * DAY
    for cid, sent, paid, prov, pid, status, declared in ctx.conn.execute(
        "SELECT id, progress_requests_sent, commission_paid_at, provider_id, project_id, status, "
        "finalize_declared_at FROM contracts WHERE next_progress_at IS NOT NULL AND next_progress_at <= ?",
        (upto,),
    ).fetchall():
        if status != "in_progress" or declared is not None:
            ctx.conn.execute("UPDATE contracts SET next_progress_at = NULL WHERE id = ?", (cid,))
            continue
        n = sent
        while paid + (n + 1) * step <= upto:
            n += 1
            ctx.notify(prov, "progress_request", at=paid + n * step, project_id=pid,
                       dedup_key=f"progress:{cid}:{n}", number=n)
        ctx.conn.execute("UPDATE contracts SET progress_requests_sent = ?, next_progress_at = ? WHERE id = ?",
                         (n, paid + (n + 1) * step, cid))


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


HANDLERS: dict[type[Any], Any] = {}
