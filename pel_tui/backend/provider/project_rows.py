"""A project as one row, with what the provider did on it; and the checks every verb on a project makes."""

from __future__ import annotations

import sqlite3

from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import NotFound, ProjectNotOpen
from pel_tui.backend.models import ProjectSummary


def summary(r: sqlite3.Row, sink_before: int) -> ProjectSummary:
    return ProjectSummary(
        id=r["id"], title=r["title"], summary=r["summary"], category=r["category"],
        budget_min_cents=r["budget_min_cents"], budget_max_cents=r["budget_max_cents"],
        country=r["country"], city=r["city"], created_at=to_datetime(r["created_at"]),
        urgent=bool(r["urgent"]), deadline=r["deadline"], status=r["status"],
        offers=r["offers_count"], consulted=bool(r["consulted"]), hidden=bool(r["hidden"]),
        my_offer=r["my_offer"], old=r["created_at"] < sink_before,
    )


def project_row(ctx: Ctx, project_id: int) -> sqlite3.Row:
    """A project with what the provider did on it (consulted, hidden, their offer's state)."""
    cur = ctx.conn.cursor()
    cur.row_factory = sqlite3.Row
    row = cur.execute(
        "SELECT p.*, p.offers_count, "
        "EXISTS (SELECT 1 FROM credit_entries ce WHERE ce.provider_id = :me AND "
        "ce.project_id = p.id AND ce.kind = 'consultation' AND ce.entry_type = 'debit') "
        "AS consulted, EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = :me "
        "AND h.project_id = p.id) AS hidden, (SELECT o.status FROM offers o WHERE "
        "o.project_id = p.id AND o.provider_id = :me) AS my_offer "
        "FROM projects p WHERE p.id = :id",
        {"me": ctx.me, "id": project_id},
    ).fetchone()
    if row is None:
        raise NotFound("project.not_found", project_id=project_id)
    return row  # type: ignore[no-any-return]


def open_project(ctx: Ctx, project_id: int, action: str) -> str:
    """The project's title; refused unless it is open (`action` says what needed it open)."""
    row = ctx.conn.execute("SELECT status, title FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        raise NotFound("project.not_found", project_id=project_id)
    status, title = row
    if status != "open":
        raise ProjectNotOpen(project_id, status, action)
    return str(title)


def exists(ctx: Ctx, project_id: int) -> None:
    if ctx.conn.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone() is None:
        raise NotFound("project.not_found", project_id=project_id)


# == commands =========================================================================================
