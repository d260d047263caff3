"""Projects as the provider sees them (PR): the list, the report, and the verbs on a project."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from local_store.search import ProjectQuery, count_projects, search_projects
from pel_tui.backend import escrow_rules, rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import ConsultFirst, InvalidInput, NotFound, ProjectNotOpen
from pel_tui.backend.models import (
    ClientContact,
    Message,
    ProjectFile,
    ProjectPage,
    ProjectReport,
)
from pel_tui.backend.policy import DAY
from pel_tui.backend.provider import contracts, credits, offers
from pel_tui.backend.provider.project_rows import exists, open_project, project_row, summary

if TYPE_CHECKING:  # at run time, imported by `HANDLERS` (PEP 562, below)
    from pel_tui.backend.commands import projects as cmd

MAX_PAGE = 500

# == queries ========================================================================================


def min_open_id(ctx: Ctx) -> int:
    """The lowest project id that can still be open (PR-2's window): bounds the ranking."""
    since = ctx.now - ctx.policy.project_expiry_days * DAY
    return int(rows.scalar(
        ctx.conn, "SELECT id FROM projects WHERE created_at >= ? ORDER BY created_at LIMIT 1", (since,), 0,
    ))


def page(ctx: Ctx, q: ProjectQuery, *, with_total: bool = True) -> ProjectPage:
    """One page of projects (PR-3, PR-4), filtered and paged in SQL."""
    if q.limit < 1 or q.limit > MAX_PAGE or q.offset < 0:
        raise InvalidInput("page.out_of_range", max_limit=MAX_PAGE)
    sink_before = ctx.now - ctx.policy.sink_after_days * DAY
    q = dataclasses.replace(q, provider_id=ctx.me, sink_before=sink_before, min_open_id=min_open_id(ctx))
    found = search_projects(ctx.conn, q)
    total = count_projects(ctx.conn, q) if with_total else -1
    return ProjectPage([summary(r, sink_before) for r in found], total, q.offset, q.limit)


def report(ctx: Ctx, project_id: int) -> ProjectReport:
    """PR-5: any project by id; the report's parts only as far as credits unlock them (CR-1)."""
    r = project_row(ctx, project_id)
    c = ctx.conn
    unlocked = credits.unlocked(ctx, project_id)
    consulted = unlocked["consultation"]
    other_offers = messages = files = None
    if consulted:
        other_offers = [
            o for o in offers.offers(ctx, "o.project_id = ?", (project_id,), versions=False)
            if o.provider != ctx.actor.pseudo and o.status not in offers.GIVEN_UP
        ]
        messages = [
            Message(i, author, pseudo, body, to_datetime(at))
            for i, author, pseudo, body, at in c.execute(
                "SELECT m.id, m.author, pr.pseudo, m.body, m.at FROM messages m "
                "LEFT JOIN providers pr ON pr.id = m.provider_id WHERE m.project_id = ? "
                "AND (m.provider_id IS NULL OR m.provider_id = ?) ORDER BY m.at, m.id",
                (project_id, ctx.me),
            )
        ]
        files = [
            ProjectFile(name, size, to_datetime(at))
            for name, size, at in c.execute(
                "SELECT name, size_bytes, posted_at FROM project_files WHERE project_id = ? ORDER BY posted_at",
                (project_id,),
            )
        ]
    contact = None
    if unlocked["contact"]:
        contact = rows.one(c, ClientContact, "SELECT name, email, phone FROM clients WHERE id = ?",
                           (r["client_id"],))
    mine = offers.offers(ctx, "o.project_id = ? AND o.provider_id = ?", (project_id, ctx.me))
    mine_contracts = contracts.contracts(ctx, "k.project_id = ? AND k.provider_id = ?", (project_id, ctx.me))
    stale = rows.scalar(
        c, "SELECT CASE WHEN resolved_at IS NULL THEN 'pending' ELSE outcome END FROM stale_reports "
        "WHERE project_id = ? ORDER BY id DESC LIMIT 1", (project_id,),
    )
    contract = mine_contracts[-1] if mine_contracts else None
    finished = rows.scalar(c, "SELECT finalized_at FROM contracts WHERE id = ? AND status = 'finalized'",
                           (contract.id,)) if contract else None
    ratings = [] if finished is None or contract is None else escrow_rules.visible_ratings(
        c, contract.id, int(finished), ctx.now, ctx.policy.rating_window_days)
    return ProjectReport(
        project=summary(r, ctx.now - ctx.policy.sink_after_days * DAY), client_city=r["city"], unlocked=unlocked,
        description=r["description"] if consulted else None,
        specification=r["specification"] if consulted else None,
        other_offers=other_offers, messages=messages, files=files, contact=contact,
        my_offer=mine[0] if mine else None, contract=contract, stale_report=stale, ratings=ratings,
    )


def last_seen_project(ctx: Ctx) -> int:
    """The newest project id the provider's list showed last time (0: never)."""
    return int(rows.scalar(
        ctx.conn, "SELECT last_seen_project FROM list_marks WHERE provider_id = ?", (ctx.me,), 0,
    ))


def mark_seen(ctx: Ctx, project_id: int) -> None:
    """Remember the newest project shown (the list's own state on this device, not a command)."""
    ctx.conn.execute(
        "INSERT INTO list_marks(provider_id, last_seen_project) VALUES (?, ?) ON CONFLICT(provider_id) "
        "DO UPDATE SET last_seen_project = excluded.last_seen_project "
        "WHERE excluded.last_seen_project > last_seen_project",
        (ctx.me, project_id),
    )


def consult(ctx: Ctx, c: cmd.Consult) -> cmd.Spent:
    """CR-1: unlock a project's report with a consultation credit; free the second time (CR-2)."""
    if not credits.paid(ctx, c.project_id, "consultation"):
        open_project(ctx, c.project_id, "consult")
    spent = credits.spend(ctx, c.project_id, "consultation", "consultation")
    return {"project_id": c.project_id, "spent": spent, "balances": credits.balances(ctx)}


def ask(ctx: Ctx, c: cmd.Ask) -> cmd.Asked:
    """OF-5: write to the client on the report; needs the offer credit (spent once)."""
    text = c.text.strip()
    if not text:
        raise InvalidInput("message.empty")
    limit = ctx.policy.question_max_chars
    if len(text) > limit:
        raise InvalidInput("message.too_long", length=len(text), max_chars=limit)
    open_project(ctx, c.project_id, "ask")
    spent = credits.spend(ctx, c.project_id, "offer", "question")
    mid = int(ctx.conn.execute(
        "INSERT INTO messages(project_id, provider_id, author, body, at) VALUES (?, ?, 'provider', ?, ?)",
        (c.project_id, ctx.me, text, ctx.now),
    ).lastrowid or 0)
    return {"project_id": c.project_id, "message_id": mid, "spent": spent, "balances": credits.balances(ctx)}


def reveal_contact(ctx: Ctx, c: cmd.RevealContact) -> cmd.ContactRevealed:
    """CR-1: reveal the client's direct details with a contact credit (spent once).

    On an open project, or on one where the provider was chosen (selected, won, finished).
    """
    status = rows.scalar(ctx.conn, "SELECT status FROM projects WHERE id = ?", (c.project_id,))
    if status is None:
        raise NotFound("project.not_found", project_id=c.project_id)
    chosen = ctx.conn.execute(
        "SELECT 1 FROM contracts WHERE project_id = ? AND provider_id = ? AND status IN "
        "('awaiting_confirmation', 'awaiting_commission', 'in_progress', 'finalized')",
        (c.project_id, ctx.me),
    ).fetchone()
    if not credits.paid(ctx, c.project_id, "contact") and status != "open" and not chosen:
        raise ProjectNotOpen(c.project_id, status, "contact")
    spent = credits.spend(ctx, c.project_id, "contact", "contact")
    who = rows.one(
        ctx.conn, ClientContact, "SELECT c.name, c.email, c.phone FROM clients c JOIN projects p ON "
        "p.client_id = c.id WHERE p.id = ?", (c.project_id,),
    )
    assert who is not None
    return {"project_id": c.project_id, "spent": spent, "name": who.name, "email": who.email,
            "phone": who.phone, "balances": credits.balances(ctx)}


def hide(ctx: Ctx, c: cmd.Hide) -> cmd.Hidden:
    """PR-7: take a project out of my list; nothing changes for anyone else."""
    exists(ctx, c.project_id)
    ctx.conn.execute(
        "INSERT OR IGNORE INTO hidden_projects(provider_id, project_id, hidden_at) VALUES (?, ?, ?)",
        (ctx.me, c.project_id, ctx.now),
    )
    return {"project_id": c.project_id, "hidden": True}


def unhide(ctx: Ctx, c: cmd.Unhide) -> cmd.Hidden:
    exists(ctx, c.project_id)
    ctx.conn.execute("DELETE FROM hidden_projects WHERE provider_id = ? AND project_id = ?",
                     (ctx.me, c.project_id))
    return {"project_id": c.project_id, "hidden": False}


def report_stale(ctx: Ctx, c: cmd.ReportStale) -> cmd.StaleReported:
    """PR-6: ask the client whether the project is still current (from its report: CR-3)."""
    open_project(ctx, c.project_id, "stale")
    if not credits.paid(ctx, c.project_id, "consultation"):
        raise ConsultFirst(c.project_id)  # CR-3: every action on a project starts from its report
    pending = ctx.conn.execute(
        "SELECT id FROM stale_reports WHERE project_id = ? AND resolved_at IS NULL", (c.project_id,)
    ).fetchone()
    if pending is None:
        ctx.conn.execute(
            "INSERT INTO stale_reports(project_id, provider_id, reported_at) VALUES (?, ?, ?)",
            (c.project_id, ctx.me, ctx.now),
        )
    return {"project_id": c.project_id, "already_reported": pending is not None,
            "client_answer_by": ctx.now + ctx.policy.stale_answer_days * DAY}


def __getattr__(name: str) -> Any:
    """`HANDLERS`, made when the registry first asks (PEP 562): the commands' types (msgspec) are not
    for the first screen to import, which only reads."""
    if name == "HANDLERS":
        from pel_tui.backend.commands import projects as cmd

        return {
            cmd.Consult: consult,
            cmd.Ask: ask,
            cmd.RevealContact: reveal_contact,
            cmd.Hide: hide,
            cmd.Unhide: unhide,
            cmd.ReportStale: report_stale,
        }
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
