"""PF-6: the "Prestataire Certifié" status, by client references or by reputation, and what each path lacks.

Read by the provider (their profile, the badge) and by the SCP (a confirmed reference may certify).
"""

from __future__ import annotations

from typing import TypedDict

from pel_tui.backend import rows
from pel_tui.backend.clock import add_months
from pel_tui.backend.commands.profile import Lack
from pel_tui.backend.context import Ctx
from pel_tui.backend.escrow_rules import visible


class ReferencesPath(TypedDict):
    """(a) at least 3 client references certified by the SCP."""

    ok: bool
    certified: int
    pending: int
    needed: int
    missing: list[Lack]


class ReputationPath(TypedDict):
    """(b) at least 5 finalized projects, an average rating of 4.5, no dispute lost in 12 months."""

    ok: bool
    finalized_projects: int
    needed_projects: int
    average_rating: float | None
    ratings: int
    min_rating: float
    disputes_lost: int
    dispute_months: int
    missing: list[Lack]


class Certification(TypedDict):
    certified: bool
    path: str | None  # references, reputation, or None
    references: ReferencesPath
    reputation: ReputationPath


def _count(ctx: Ctx, sql: str, *params: object) -> int:
    return int(rows.scalar(ctx.conn, sql, params, 0))


def status(ctx: Ctx, provider_id: int) -> Certification:
    """PF-6: which path holds, and what each path lacks."""
    pol = ctx.policy.profile
    certified = _count(ctx, "SELECT count(*) FROM provider_references WHERE provider_id = ? AND status = 'certified'",
                       provider_id)
    pending = _count(ctx, "SELECT count(*) FROM provider_references WHERE provider_id = ? AND status = 'pending'",
                     provider_id)
    ref_missing: list[Lack] = []
    if certified < pol.certification_references:
        ref_missing.append({"what": "references", "have": certified, "needed": pol.certification_references,
                            "pending": pending})
    finalized = _count(ctx, "SELECT count(*) FROM contracts WHERE provider_id = ? AND status = 'finalized' "
                       "AND finalized_at IS NOT NULL", provider_id)
    shows, params = visible("r", "k", ctx.now, ctx.policy.rating_window_days)  # FO-3: the visible ones only
    avg, n_ratings = ctx.conn.execute(
        "SELECT avg(r.stars), count(*) FROM ratings r JOIN contracts k ON k.id = r.contract_id "
        f"WHERE k.provider_id = ? AND r.by_side = 'client' AND {shows}", (provider_id, *params),
    ).fetchone()
    since = add_months(ctx.now, -pol.certification_dispute_months)
    lost = _count(
        ctx, "SELECT count(*) FROM disputes d JOIN contracts k ON k.id = d.contract_id WHERE k.provider_id = ? "
        "AND d.status = 'decided' AND d.outcome_provider_cents < d.outcome_client_cents "
        "AND d.resolved_at > ? AND d.resolved_at <= ?", provider_id, since, ctx.now,
    )
    rep_missing: list[Lack] = []
    if finalized < pol.certification_projects:
        rep_missing.append({"what": "projects", "have": finalized, "needed": pol.certification_projects})
    average = None if avg is None else round(float(avg), 2)
    if avg is None or float(avg) < pol.certification_min_rating:
        rep_missing.append({"what": "rating", "have": average, "needed": pol.certification_min_rating})
    if lost:
        rep_missing.append({"what": "disputes", "have": lost, "needed": 0,
                            "months": pol.certification_dispute_months})
    path = "references" if not ref_missing else "reputation" if not rep_missing else None
    return {
        "certified": path is not None,
        "path": path,
        "references": {
            "ok": not ref_missing, "certified": certified, "pending": pending,
            "needed": pol.certification_references, "missing": ref_missing,
        },
        "reputation": {
            "ok": not rep_missing, "finalized_projects": finalized, "needed_projects": pol.certification_projects,
            "average_rating": average, "ratings": int(n_ratings), "min_rating": pol.certification_min_rating,
            "disputes_lost": lost, "dispute_months": pol.certification_dispute_months,
            "missing": rep_missing,
        },
    }


def notify_if_certified(ctx: Ctx, provider_id: int) -> bool:
    """NO-1: tell the provider, once per path, that they are a "Prestataire Certifié". Whether they are.

    Called by the SCP's confirmations; the end of a project and ratings should call it too.
    """
    cert = status(ctx, provider_id)
    if cert["certified"]:
        ctx.notify(provider_id, "certified", dedup_key=f"certified:{provider_id}:{cert['path']}",
                   path=cert["path"])
    return cert["certified"]
