"""What both sides of an R0 contract do alike: disputes (ES-6), and the ratings after the end (FO-3).

The provider's verbs (`provider/escrow.py`) and the client's and the SMA's (`services/escrow.py`)
call these with the side that acts: `provider` or `client`.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.ledger.escrow import add_entry, contract, figures, open_dispute_id, r0_contract
from pel_tui.backend.models_escrow import ProjectRating, Rating
from pel_tui.backend.policy import DAY

if TYPE_CHECKING:  # the commands' types (msgspec): for the type checker; the first screen does not import them
    from pel_tui.backend.commands import escrow as cmd

#: The column each side's acceptance of a settlement is kept in.
_ACCEPTED = {"provider": "provider_accepted", "client": "client_accepted"}


def open_dispute(ctx: Ctx, project_id: int, side: str, reason: str, provider_id: int | None) -> cmd.DisputeOpened:
    """ES-6: the cap is what the account holds now; held funds freeze."""
    k = r0_contract(ctx.conn, project_id, provider_id)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("escrow.reason_missing")
    if open_dispute_id(ctx.conn, k.id) is not None:
        raise NotAllowed("escrow.dispute_already_open", project_id=project_id)
    cap = figures(ctx.conn, k.id).held_cents
    did = int(ctx.conn.execute(
        "INSERT INTO disputes(contract_id, opened_by, reason, opened_at, cap_cents) VALUES (?, ?, ?, ?, ?)",
        (k.id, side, reason, ctx.now, cap),
    ).lastrowid or 0)
    ctx.notify(k.provider_id, "dispute", project_id=project_id, dedup_key=f"dispute-open:{did}", step="opened",
               opened_by=side, reason=reason, cap_cents=cap)
    return {"project_id": project_id, "dispute_id": did, "cap_cents": cap}


def withdraw_dispute(ctx: Ctx, project_id: int, side: str, provider_id: int | None) -> cmd.DisputeWithdrawn:
    """ES-6: only the filer withdraws a dispute; the held funds are no longer frozen."""
    k = r0_contract(ctx.conn, project_id, provider_id)
    did = open_dispute_id(ctx.conn, k.id)
    if did is None:
        raise NotAllowed("escrow.no_open_dispute", project_id=project_id)
    by = str(rows.scalar(ctx.conn, "SELECT opened_by FROM disputes WHERE id = ?", (did,)))
    if by != side:
        raise NotAllowed("escrow.not_the_filer", opened_by=by)
    ctx.conn.execute("UPDATE disputes SET status = 'withdrawn', resolved_at = ? WHERE id = ?", (ctx.now, did))
    ctx.notify(k.provider_id, "dispute", project_id=project_id, dedup_key=f"dispute-end:{did}", step="withdrawn",
               opened_by=by)
    return {"project_id": project_id, "dispute_id": did, "status": "withdrawn"}


class _Proposal(msgspec.Struct, frozen=True):
    status: str
    proposal_provider_cents: int | None
    proposal_client_cents: int | None
    provider_accepted: int
    client_accepted: int


def accept_settlement(ctx: Ctx, project_id: int, side: str, provider_id: int | None) -> cmd.SettlementAccepted:
    """ES-6: one side accepts the SMA's proposal; it applies once both have."""
    k = r0_contract(ctx.conn, project_id, provider_id)
    did = open_dispute_id(ctx.conn, k.id)
    d = None if did is None else rows.one(
        ctx.conn, _Proposal, "SELECT status, proposal_provider_cents, proposal_client_cents, provider_accepted, "
        "client_accepted FROM disputes WHERE id = ?", (did,),
    )
    if did is None or d is None or d.status != "proposed":
        raise NotAllowed("escrow.no_proposal", project_id=project_id)
    ctx.conn.execute(f"UPDATE disputes SET {_ACCEPTED[side]} = 1 WHERE id = ?", (did,))
    both = bool((d.provider_accepted or side == "provider") and (d.client_accepted or side == "client"))
    if both:
        apply_outcome(ctx, did, k.id, k.provider_id, d.proposal_provider_cents or 0, d.proposal_client_cents or 0,
                      "settled", project_id)
    return {"project_id": project_id, "dispute_id": did, "applied": both}


def apply_outcome(ctx: Ctx, dispute_id: int, cid: int, prov: int, to_provider: int, to_client: int, status: str,
                  project_id: int) -> None:
    """ES-6: split at most the cap between provider (released) and client (refunded); `settled` or `decided`."""
    cap = int(rows.scalar(ctx.conn, "SELECT cap_cents FROM disputes WHERE id = ?", (dispute_id,)))
    if to_provider < 0 or to_client < 0 or to_provider + to_client > cap:
        raise InvalidInput("escrow.outcome_above_cap", cap_cents=cap)
    ctx.conn.execute(
        "UPDATE disputes SET status = ?, resolved_at = ?, outcome_provider_cents = ?, "
        "outcome_client_cents = ? WHERE id = ?", (status, ctx.now, to_provider, to_client, dispute_id),
    )
    if to_provider:
        add_entry(ctx.conn, cid, "release", to_provider, ctx.now, dispute_id=dispute_id, note="dispute outcome")
    if to_client:
        add_entry(ctx.conn, cid, "refund", to_client, ctx.now, dispute_id=dispute_id, note="dispute outcome")
    ctx.notify(prov, "dispute", project_id=project_id, dedup_key=f"dispute-end:{dispute_id}", step=status,
               to_provider_cents=to_provider, to_client_cents=to_client)
    f = figures(ctx.conn, cid)
    amount = int(rows.scalar(ctx.conn, "SELECT amount_cents FROM contracts WHERE id = ?", (cid,)))
    if f.held_cents == 0 and f.deposited_cents >= amount:
        # The outcome ended the contract: every euro of it is released or refunded, nothing is left to
        # fund or to work on, so Suivi Projet asks for no more progress (FO-1).
        ctx.conn.execute("UPDATE contracts SET next_progress_at = NULL WHERE id = ?", (cid,))


# == ratings (FO-3) ========================================================================================


def rate(ctx: Ctx, project_id: int, side: str, stars: int, comment: str, provider_id: int | None) -> cmd.Rated:
    """FO-3: once per side, 1 to 5 stars, within the window after the end (both formulas)."""
    k = contract(ctx.conn, project_id, provider_id)
    if k.status != "finalized" or k.finalized_at is None:
        raise NotAllowed("rating.not_finalized", project_id=project_id)
    window = ctx.policy.rating_window_days
    if ctx.now > k.finalized_at + window * DAY:
        raise NotAllowed("rating.window_closed", window_days=window, closed_at=k.finalized_at + window * DAY)
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput("rating.stars_invalid")
    if rows.scalar(ctx.conn, "SELECT 1 FROM ratings WHERE contract_id = ? AND by_side = ?", (k.id, side)):
        raise NotAllowed("rating.already_given")
    ctx.conn.execute("INSERT INTO ratings(contract_id, by_side, stars, comment, at) VALUES (?, ?, ?, ?, ?)",
                     (k.id, side, stars, comment.strip(), ctx.now))
    return {"project_id": project_id, "stars": stars}


class _RatingRow(msgspec.Struct, frozen=True):
    by_side: str
    stars: int
    comment: str
    at: int


def visible(rating: str, contract: str, now: int, window_days: int) -> tuple[str, tuple[int, int]]:
    """FO-3 in SQL: whether rating `rating` of contract `contract` (their aliases) shows at `now`: both sides
    rated, or the window closed. A rating not yet visible counts nowhere: every query of ratings uses this."""
    return (f"((SELECT count(*) FROM ratings both_ WHERE both_.contract_id = {rating}.contract_id) = 2 OR "
            f"({contract}.finalized_at IS NOT NULL AND {contract}.finalized_at + ? <= ?))", (window_days * DAY, now))


class _ReceivedRow(msgspec.Struct, frozen=True):
    project_id: int
    title: str
    stars: int
    comment: str
    at: int


def received_ratings(conn: sqlite3.Connection, provider_id: int, now: int, window_days: int) -> list[ProjectRating]:
    """FO-3: the visible ratings the clients gave the provider, newest first, both formulas."""
    shows, params = visible("r", "k", now, window_days)
    return [
        ProjectRating(r.project_id, r.title, r.stars, r.comment, to_datetime(r.at))
        for r in rows.all_(
            conn, _ReceivedRow, "SELECT k.project_id, p.title, r.stars, r.comment, r.at FROM ratings r JOIN contracts k "
            "ON k.id = r.contract_id JOIN projects p ON p.id = k.project_id WHERE k.provider_id = ? AND "
            f"r.by_side = 'client' AND {shows} ORDER BY r.at DESC, k.id DESC", (provider_id, *params),
        )
    ]


def visible_ratings(conn: sqlite3.Connection, contract_id: int, finalized_at: int | None, now: int,
                    window_days: int) -> list[Rating]:
    """FO-3: both ratings show when both are given or the window has closed; until then, none."""
    given = rows.all_(conn, _RatingRow, "SELECT by_side, stars, comment, at FROM ratings WHERE contract_id = ? "
                      "ORDER BY by_side", (contract_id,))
    closed = finalized_at is not None and now >= finalized_at + window_days * DAY
    if len(given) == 2 or closed:
        return [Rating(r.by_side, r.stars, r.comment, to_datetime(r.at)) for r in given]
    return []
