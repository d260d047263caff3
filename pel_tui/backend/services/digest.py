"""PR-8: the daily digest, the projects posted since the last one that match the provider's preferences."""

from __future__ import annotations

import json

from local_store.search import ProjectQuery, search_projects
from pel_tui.backend import rows
from pel_tui.backend.context import Ctx
from pel_tui.backend.policy import DAY

DIGEST_MAX = 20


def set_last(ctx: Ctx, provider_id: int, at: int) -> None:
    ctx.conn.execute(
        "INSERT INTO digest_runs(provider_id, last_at) VALUES (?, ?) "
        "ON CONFLICT(provider_id) DO UPDATE SET last_at = excluded.last_at", (provider_id, at),
    )


def _rows(ctx: Ctx) -> list[tuple[int, int, int]]:
    """(next digest time, provider, last digest) of live subscribers with the digest on."""
    out = []
    for prov, created, last in ctx.conn.execute(
        "SELECT p.id, p.created_at, d.last_at FROM providers p LEFT JOIN digest_runs d ON d.provider_id = p.id "
        "WHERE p.digest = 1 AND p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM subscriptions s "
        "WHERE s.provider_id = p.id AND s.status <> 'ended')"
    ).fetchall():
        since = int(created if last is None else last)
        out.append((_next_time(ctx, since), prov, since))
    return out


def _next_time(ctx: Ctx, after: int) -> int:
    h = ctx.policy.digest_hour_utc * 3600
    t = (after - h) // DAY * DAY + h
    return t + DAY if t <= after else t


def due(ctx: Ctx) -> int | None:
    found = _rows(ctx)
    return min(r[0] for r in found) if found else None


def apply(ctx: Ctx, upto: int) -> None:
    for t, prov, last in _rows(ctx):
        while t <= upto:
            prefs = json.loads(rows.scalar(ctx.conn, "SELECT preferences FROM providers WHERE id = ?", (prov,)))
            q = ProjectQuery(
                provider_id=prov,
                words=" ".join(prefs.get("keywords", [])) or None,
                categories=tuple(prefs.get("categories", [])),
                countries=tuple(prefs.get("countries", [])),
                budget_min_cents=prefs.get("min_budget_cents"),
                posted_since=last + 1,
                posted_before=t,
                hidden=None,
                status=None,
                limit=DIGEST_MAX,
            )
            found = search_projects(ctx.conn, q)
            if found:
                ctx.notify(prov, "digest", at=t, dedup_key=f"digest:{prov}:{t}",
                           projects=[int(r["id"]) for r in found], titles=[str(r["title"]) for r in found[:10]])
            last = t
            set_last(ctx, prov, t)
            t += DAY
