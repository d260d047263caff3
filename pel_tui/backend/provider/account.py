"""The provider's account: who they are, their preferences (PF-1), their figures (ST-1), deleting it (SU-7)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotFound
from pel_tui.backend.models import Profile, Stats
from pel_tui.backend.provider.standing import current_subscription

if TYPE_CHECKING:  # at run time, imported by `HANDLERS` (PEP 562, below)
    from pel_tui.backend.commands import account as cmd


class _Account(msgspec.Struct, frozen=True):
    id: int
    pseudo: str
    display_name: str
    email: str | None
    country: str
    preferences: str
    digest: int


class _Figures(msgspec.Struct, frozen=True):
    consulted: int
    offers_made: int
    won: int
    decided: int
    spent: int
    competition: float | None


# == queries ========================================================================================


def whoami(ctx: Ctx) -> Profile:
    a = rows.one(
        ctx.conn, _Account, "SELECT id, pseudo, display_name, email, country, preferences, digest FROM providers "
        "WHERE id = ?", (ctx.me,),
    )
    if a is None:
        raise NotFound("store.no_account")
    return Profile(a.id, a.pseudo, a.display_name, a.email, a.country, json.loads(a.preferences), bool(a.digest))


def preferences(ctx: Ctx) -> dict[str, Any]:
    """PF-1: what the default project list and the digest filter on."""
    return whoami(ctx).preferences


def stats(ctx: Ctx) -> Stats:
    """ST-1: the provider's own figures beside the platform's reference line."""
    f = rows.one(
        ctx.conn, _Figures,
        "SELECT (SELECT count(*) FROM credit_entries WHERE provider_id = :me AND kind = 'consultation' "
        "AND entry_type = 'debit' AND duplicate_of IS NULL) AS consulted, "
        "(SELECT count(*) FROM offers WHERE provider_id = :me) AS offers_made, "
        "(SELECT count(*) FROM offers WHERE provider_id = :me AND status = 'won') AS won, "
        "(SELECT count(*) FROM offers WHERE provider_id = :me AND status IN ('won', 'lost')) AS decided, "
        "(SELECT -coalesce(sum(d.delta), 0) FROM credit_entries d WHERE d.provider_id = :me AND "
        "d.entry_type = 'debit' AND NOT EXISTS (SELECT 1 FROM credit_entries r WHERE r.refund_of = d.id)) AS spent, "
        "(SELECT avg(p.offers_count) FROM offers o JOIN projects p ON p.id = o.project_id "
        "WHERE o.provider_id = :me) AS competition",
        {"me": ctx.me},
    )
    assert f is not None
    return Stats(
        projects_consulted=f.consulted, offers_made=f.offers_made, won=f.won,
        win_rate=(f.won / f.decided) if f.decided else 0.0, credits_spent=f.spent,
        credits_spent_per_won=(f.spent / f.won) if f.won else None,
        average_competition=None if f.competition is None else round(float(f.competition), 2),
        platform_go_ahead_rate=ctx.policy.platform_go_ahead_rate,
        platform_win_rate=ctx.policy.platform_win_rate,
    )


# == commands =======================================================================================


def set_preferences(ctx: Ctx, c: cmd.SetPreferences) -> cmd.PreferencesSet:
    """PF-1: what the default project list and the digest filter on; what is not given is kept."""
    prefs = preferences(ctx)
    for key, value in (("categories", c.categories), ("keywords", c.keywords),
                       ("min_budget_cents", c.min_budget_cents), ("countries", c.countries)):
        if value is not None:
            prefs[key] = value
    ctx.conn.execute("UPDATE providers SET preferences = ? WHERE id = ?",
                     (json.dumps(prefs, ensure_ascii=False), ctx.me))
    if c.digest is not None:
        ctx.conn.execute("UPDATE providers SET digest = ? WHERE id = ?", (int(c.digest), ctx.me))
    return {"preferences": prefs, "digest": whoami(ctx).digest}


def delete_account(ctx: Ctx, c: cmd.DeleteAccount) -> cmd.AccountDeleted:
    """SU-7: personal data anonymised; ledgers, invoices and a period already due are kept (no renewal)."""
    if c.confirm_pseudo != ctx.actor.pseudo:
        raise InvalidInput("account.confirm_pseudo", pseudo=ctx.actor.pseudo)
    sub = current_subscription(ctx.conn, ctx.me)
    ctx.conn.execute(
        "UPDATE providers SET deleted_at = ?, display_name = 'compte supprimé', email = NULL, "
        "preferences = '{}', digest = 0, headline = '', description = '', skills = '[]', "
        "photo_sha256 = NULL, legal_name = NULL, siret = NULL, vat_number = NULL, address = NULL "
        "WHERE id = ?", (ctx.now, ctx.me),
    )
    live = sub is not None and sub.status != "ended"
    if sub is not None and live and sub.cancel_requested_at is None:
        ctx.conn.execute("UPDATE subscriptions SET cancel_requested_at = ? WHERE id = ?", (ctx.now, sub.id))
    return {"deleted": True, "paid_until": sub.period_end if sub is not None and live else None}


def __getattr__(name: str) -> Any:
    """`HANDLERS`, made when the registry first asks (PEP 562): the commands' types (msgspec) are not
    for the first screen to import, which only reads."""
    if name == "HANDLERS":
        from pel_tui.backend.commands import account as cmd

        return {
            cmd.SetPreferences: set_preferences,
            cmd.DeleteAccount: delete_account,
        }
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
