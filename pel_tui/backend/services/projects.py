"""The clients' and moderation's side of projects (PR, OF): posting, reading offers, answering,
cancelling, removing, staleness; and the projects' time-based rules (expiry, unanswered staleness)."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.commands import projects as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound, ProjectNotOpen
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY


def _project(ctx: Ctx, project_id: int) -> tuple[str, str]:
    """(status, title) of a project."""
    row = ctx.conn.execute("SELECT status, title FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        raise NotFound("project.not_found", project_id=project_id)
    status, title = row
    return str(status), str(title)


# == what the engine does when a project ends ============================================================


def close_offers(ctx: Ctx, pid: int, title: str, at: int, reason: str) -> None:
    """OF-6: every live offer of a project that ended without its provider becomes `lost`."""
    for oid, prov in ctx.conn.execute(
        "SELECT id, provider_id FROM offers WHERE project_id = ? AND status IN ('submitted', 'read', 'selected')",
        (pid,),
    ).fetchall():
        ctx.conn.execute("UPDATE offers SET status = 'lost', updated_at = ? WHERE id = ?", (at, oid))
        ctx.notify(prov, "lost", at=at, project_id=pid, dedup_key=f"lost:{oid}", title=title, reason=reason)


def end_project(ctx: Ctx, pid: int, status: str, at: int) -> None:
    """A project ends `cancelled`, `removed` or `stale`: its offers are lost, CR-8's refunds are made
    (not of a withdrawn offer's credit: its provider gave it up first)."""
    title, before = ctx.conn.execute("SELECT title, status FROM projects WHERE id = ?", (pid,)).fetchone()
    c = ctx.conn
    withdrew = {int(p) for (p,) in c.execute(
        "SELECT provider_id FROM offers WHERE project_id = ? AND status = 'withdrawn'", (pid,))}
    c.execute("UPDATE projects SET status = ?, status_at = ? WHERE id = ?", (status, at, pid))
    c.execute(
        "UPDATE contracts SET status = 'cancelled', ended_at = ? WHERE project_id = ? AND status IN "
        "('awaiting_confirmation', 'awaiting_commission')", (at, pid),
    )
    close_offers(ctx, pid, title, at, status)
    c.execute("UPDATE stale_reports SET resolved_at = ?, outcome = 'moot' WHERE project_id = ? "
              "AND resolved_at IS NULL", (at, pid))
    if before not in ("open", "awarded"):
        return  # CR-8: a project that already ended (expired, lost tenders) or was won owes no refund.
    refunded: dict[int, list[str]] = {}
    for debit in credits.project_debits(c, pid, ("offer", "contact")):
        if debit.kind == "offer" and debit.provider_id in withdrew:
            continue  # CR-8: a withdrawn offer is not refunded, whatever becomes of the project
        if credits.refund(c, debit.id, reason=f"project {status}", at=at,
                          validity_months=ctx.policy.credit_validity_months) is not None:
            refunded.setdefault(debit.provider_id, []).append(debit.kind)
    for prov, kinds in refunded.items():
        ctx.notify(prov, "credits_refunded", at=at, project_id=pid, dedup_key=f"refund:{pid}:{prov}",
                   kinds=sorted(kinds), reason=status)


def resolve_stale(ctx: Ctx, report_id: int, pid: int, outcome: str, at: int) -> None:
    """PR-6: the client's answer (or silence); a confirmed staleness ends the project `stale`."""
    status = rows.scalar(ctx.conn, "SELECT status FROM projects WHERE id = ?", (pid,))
    if outcome in ("confirmed", "no_answer") and status != "open":
        outcome = "moot"
    ctx.conn.execute("UPDATE stale_reports SET resolved_at = ?, outcome = ? WHERE id = ?", (at, outcome, report_id))
    if outcome in ("confirmed", "no_answer"):
        end_project(ctx, pid, "stale", at)


# == commands ==============================================================================================


def post(ctx: Ctx, c: cmd.PostProject) -> cmd.Posted:
    """A client posts a project; its id follows the newest one (ids grow with time)."""
    if not c.title.strip() or not c.summary.strip():
        raise InvalidInput("project.title_missing")
    if c.budget_min_cents < 0 or c.budget_max_cents < c.budget_min_cents:
        raise InvalidInput("project.budget_invalid")
    conn = ctx.conn
    client_id = c.client_id
    if client_id is None:
        first = rows.scalar(conn, "SELECT id FROM clients ORDER BY id LIMIT 1")
        if first is None:
            first = conn.execute(
                "INSERT INTO clients(name, email, phone, country, city) VALUES "
                "('Client démo', 'client@example.fr', '+33 1 23 45 67 89', 'FR', 'Paris')"
            ).lastrowid
        client_id = int(first or 0)
    client = conn.execute("SELECT country, city FROM clients WHERE id = ?", (client_id,)).fetchone()
    if client is None:
        raise NotFound("client.not_found", client_id=client_id)
    at = max(ctx.now, int(rows.scalar(conn, "SELECT max(created_at) FROM projects", (), 0)))
    pid = conn.execute(
        "INSERT INTO projects(client_id, title, summary, description, specification, category, "
        "budget_min_cents, budget_max_cents, country, city, created_at, urgent, deadline, status, "
        "status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
        (client_id, c.title.strip(), c.summary.strip(), c.description, c.specification, c.category,
         c.budget_min_cents, c.budget_max_cents, client[0], client[1], at, int(c.urgent), c.deadline, at),
    ).lastrowid
    return {"project_id": int(pid or 0)}


def competitor_offer(ctx: Ctx, c: cmd.CompetitorOffer) -> cmd.CompetitorOffered:
    """Another provider's offer (their credits are their own store's business)."""
    status, _ = _project(ctx, c.project_id)
    if status != "open":
        raise ProjectNotOpen(c.project_id, status, "offer")
    prov, now, conn = ctx.provider_id(c.pseudo), ctx.now, ctx.conn
    row = conn.execute("SELECT id FROM offers WHERE project_id = ? AND provider_id = ?",
                       (c.project_id, prov)).fetchone()
    if row is None:
        oid = int(conn.execute(
            "INSERT INTO offers(project_id, provider_id, status, created_at, updated_at) "
            "VALUES (?, ?, 'submitted', ?, ?)", (c.project_id, prov, now, now),
        ).lastrowid or 0)
        conn.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (c.project_id,))
        version = 1
    else:
        oid = int(row[0])
        version = int(rows.scalar(conn, "SELECT max(version) + 1 FROM offer_versions WHERE offer_id = ?", (oid,)))
    conn.execute(
        "INSERT INTO offer_versions(offer_id, version, amount_cents, delay_days, message, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (oid, version, c.amount_cents, c.delay_days, c.message, now),
    )
    return {"offer_id": oid, "version": version}


def read_offers(ctx: Ctx, c: cmd.ReadOffers) -> cmd.OffersRead:
    """OF-3: the client reads the latest version of every offer (read receipts)."""
    _status, title = _project(ctx, c.project_id)
    conn, now = ctx.conn, ctx.now
    n = 0
    for oid, prov, vid, version in conn.execute(
        "SELECT o.id, o.provider_id, v.id, v.version FROM offers o JOIN offer_versions v ON "
        "v.offer_id = o.id AND v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
        "WHERE o.project_id = ? AND o.status NOT IN ('withdrawn', 'declined', 'revoked') AND v.read_at IS NULL",
        (c.project_id,),
    ).fetchall():
        conn.execute("UPDATE offer_versions SET read_at = ? WHERE id = ?", (now, vid))
        conn.execute("UPDATE offers SET status = 'read' WHERE id = ? AND status = 'submitted'", (oid,))
        ctx.notify(prov, "offer_read", project_id=c.project_id, dedup_key=f"read:{vid}", title=title,
                   version=version)
        n += 1
    return {"read": n}


def answer(ctx: Ctx, c: cmd.Answer) -> cmd.Answered:
    """OF-5: the client writes on the report, to one provider's thread or publicly."""
    _project(ctx, c.project_id)
    prov = ctx.provider_id(c.pseudo) if c.pseudo else None
    conn = ctx.conn
    mid = conn.execute(
        "INSERT INTO messages(project_id, provider_id, author, body, at) VALUES (?, ?, 'client', ?, ?)",
        (c.project_id, prov, c.text, ctx.now),
    ).lastrowid
    targets = [prov] if prov else [
        p for (p,) in conn.execute(
            "SELECT DISTINCT provider_id FROM credit_entries WHERE project_id = ? AND "
            "kind = 'consultation' AND entry_type = 'debit'", (c.project_id,),
        )
    ]
    for p in targets:
        ctx.notify(p, "message", project_id=c.project_id, dedup_key=f"msg:{mid}:{p}", excerpt=c.text[:200])
    return {"message_id": int(mid or 0)}


def cancel(ctx: Ctx, c: cmd.CancelProject) -> cmd.ProjectEnded:
    """PR-2: the client cancels before an award; CR-8 refunds offer and contact credits."""
    status, _ = _project(ctx, c.project_id)
    if status != "open":
        raise NotAllowed("project.cancel_not_open", project_id=c.project_id, status=status)
    end_project(ctx, c.project_id, "cancelled", ctx.now)
    return {"project_id": c.project_id, "status": "cancelled"}


def remove(ctx: Ctx, c: cmd.RemoveProject) -> cmd.ProjectEnded:
    """Moderation removes a project; CR-8 refunds offer and contact credits."""
    status, _ = _project(ctx, c.project_id)
    if status in ("removed", "finalized"):
        raise NotAllowed("project.remove_ended", project_id=c.project_id, status=status)
    end_project(ctx, c.project_id, "removed", ctx.now)
    return {"project_id": c.project_id, "status": "removed"}


def answer_stale(ctx: Ctx, c: cmd.AnswerStale) -> cmd.ProjectEnded:
    """PR-6: the client says whether the project is still current."""
    report_id = rows.scalar(
        ctx.conn, "SELECT id FROM stale_reports WHERE project_id = ? AND resolved_at IS NULL", (c.project_id,)
    )
    if report_id is None:
        raise NotAllowed("stale.none_pending", project_id=c.project_id)
    resolve_stale(ctx, int(report_id), c.project_id, "confirmed" if c.confirmed else "denied", ctx.now)
    return {"project_id": c.project_id, "status": _project(ctx, c.project_id)[0]}


HANDLERS: dict[type[Any], Any] = {
    cmd.PostProject: post,
    cmd.CompetitorOffer: competitor_offer,
    cmd.ReadOffers: read_offers,
    cmd.Answer: answer,
    cmd.CancelProject: cancel,
    cmd.RemoveProject: remove,
    cmd.AnswerStale: answer_stale,
}


# == time-based rules ======================================================================================


def expiry_due(ctx: Ctx) -> int | None:
    """PR-2: an open project with no award within 90 days expires."""
    t = rows.scalar(ctx.conn, "SELECT created_at FROM projects WHERE status = 'open' ORDER BY id LIMIT 1")
    return None if t is None else int(t) + ctx.policy.project_expiry_days * DAY


def expiry_apply(ctx: Ctx, upto: int) -> None:
    span = ctx.policy.project_expiry_days * DAY
    for pid, created, title in ctx.conn.execute(
        "SELECT id, created_at, title FROM projects INDEXED BY projects_open_created WHERE status = 'open' "
        "AND created_at <= ? ORDER BY created_at, id", (upto - span,),
    ).fetchall():
        at = created + span
        ctx.conn.execute("UPDATE projects SET status = 'expired', status_at = ? WHERE id = ?", (at, pid))
        close_offers(ctx, pid, title, at, "expired")
        ctx.conn.execute("UPDATE stale_reports SET resolved_at = ?, outcome = 'moot' "
                         "WHERE project_id = ? AND resolved_at IS NULL", (at, pid))


def stale_due(ctx: Ctx) -> int | None:
    """PR-6: a staleness question the client has not answered within 7 days."""
    t = rows.scalar(ctx.conn, "SELECT min(reported_at) FROM stale_reports WHERE resolved_at IS NULL")
    return None if t is None else int(t) + ctx.policy.stale_answer_days * DAY


def stale_apply(ctx: Ctx, upto: int) -> None:
    span = ctx.policy.stale_answer_days * DAY
    for rid, pid, reported in ctx.conn.execute(
        "SELECT id, project_id, reported_at FROM stale_reports WHERE resolved_at IS NULL "
        "AND reported_at <= ? ORDER BY reported_at", (upto - span,),
    ).fetchall():
        resolve_stale(ctx, rid, pid, "no_answer", reported + span)
