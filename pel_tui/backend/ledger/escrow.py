"""The escrow ledger of an R0 contract (ES-1, ES-2, ES-4): entries only, every figure derived.

The account is the append-only table `escrow_entries`; the schema refuses an entry that would make
a term negative. Shared by the provider's side, the client's and the SMA's, and payment requests:
`figures`, `add_entry`, `tranches`, and the checks that find a contract under way (`contract`) and
an R0 one whose escrow is open (`r0_contract`).
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.errors import NotAllowed, NotFound
from pel_tui.backend.models_escrow import Figures, Tranche

#: The label of the one tranche of a contract whose client set none (stored data, as the platform writes it).
WHOLE_PROJECT = "Projet complet"


class _Sums(msgspec.Struct, frozen=True):
    deposit: int
    release: int
    refund: int
    request: int
    request_reversal: int
    payment: int


def figures(conn: sqlite3.Connection, contract_id: int) -> Figures:
    """ES-4's terms: deposited = held + released + refunded, released = available + requested + paid."""
    s = rows.one(
        conn, _Sums, "SELECT "
        "coalesce(sum(CASE kind WHEN 'deposit' THEN amount_cents END), 0) AS deposit, "
        "coalesce(sum(CASE kind WHEN 'release' THEN amount_cents END), 0) AS release, "
        "coalesce(sum(CASE kind WHEN 'refund' THEN amount_cents END), 0) AS refund, "
        "coalesce(sum(CASE kind WHEN 'request' THEN amount_cents END), 0) AS request, "
        "coalesce(sum(CASE kind WHEN 'request_reversal' THEN amount_cents END), 0) AS request_reversal, "
        "coalesce(sum(CASE kind WHEN 'payment' THEN amount_cents END), 0) AS payment "
        "FROM escrow_entries WHERE contract_id = ?", (contract_id,),
    )
    assert s is not None  # an aggregate always has its row
    requested = s.request - s.request_reversal - s.payment
    return Figures(
        deposited_cents=s.deposit, held_cents=s.deposit - s.release - s.refund, released_cents=s.release,
        refunded_cents=s.refund, available_cents=s.release - requested - s.payment, requested_cents=requested,
        paid_cents=s.payment,
    )


def add_entry(conn: sqlite3.Connection, contract_id: int, kind: str, amount: int, at: int, *,
              tranche: int | None = None, dispute_id: int | None = None, request_id: int | None = None,
              note: str = "") -> None:
    """One entry of the account (deposit, release, refund, request, request_reversal, payment)."""
    conn.execute(
        "INSERT INTO escrow_entries(contract_id, at, kind, amount_cents, tranche, dispute_id, request_id, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (contract_id, at, kind, amount, tranche, dispute_id, request_id, note),
    )


class _TrancheRow(msgspec.Struct, frozen=True):
    number: int
    label: str
    amount_cents: int
    started_at: int | None


def tranches(conn: sqlite3.Connection, contract_id: int, amount: int) -> list[Tranche]:
    """ES-2: each tranche funded or not. Deposits naming a tranche fund it; the others fill the
    tranches in order."""
    defined = rows.all_(
        conn, _TrancheRow, "SELECT number, label, amount_cents, started_at FROM escrow_tranches "
        "WHERE contract_id = ? ORDER BY number", (contract_id,),
    ) or [_TrancheRow(1, WHOLE_PROJECT, amount, None)]
    named: dict[int, int] = dict.fromkeys((t.number for t in defined), 0)
    free = 0
    for tranche, deposited in conn.execute(
        "SELECT tranche, sum(amount_cents) FROM escrow_entries WHERE contract_id = ? AND kind = 'deposit' "
        "GROUP BY tranche", (contract_id,),
    ):
        if tranche in named:
            named[tranche] += int(deposited)
        else:
            free += int(deposited)
    out = []
    for t in defined:
        funded = min(t.amount_cents, named[t.number])
        take = min(t.amount_cents - funded, free)
        funded += take
        free -= take
        delivery = rows.scalar(
            conn, "SELECT status FROM deliverables WHERE contract_id = ? AND tranche = ? ORDER BY id DESC LIMIT 1",
            (contract_id, t.number),
        )
        out.append(Tranche(t.number, t.label, t.amount_cents, funded, funded >= t.amount_cents,
                           None if t.started_at is None else to_datetime(t.started_at), delivery))
    return out


def open_dispute_id(conn: sqlite3.Connection, contract_id: int) -> int | None:
    """ES-6: the dispute that freezes the held funds, if one is open."""
    did = rows.scalar(
        conn, "SELECT id FROM disputes WHERE contract_id = ? AND status IN ('open', 'proposed')", (contract_id,)
    )
    return None if did is None else int(did)


# == the contract an escrow belongs to ===================================================================


class R0Contract(NamedTuple):
    """A contract under way or finished, with its project's title (`cid, *_ = r0_contract(...)` reads its id)."""

    id: int
    provider_id: int
    formula: str
    amount_cents: int
    status: str
    title: str
    finalize_declared_at: int | None
    finalized_at: int | None


def contract(conn: sqlite3.Connection, project_id: int, provider_id: int | None = None) -> R0Contract:
    """The project's contract awaiting its commission, in progress or finalized (the provider's, if given)."""
    sql = (
        "SELECT k.id, k.provider_id, k.formula, k.amount_cents, k.status, p.title, k.finalize_declared_at, "
        "k.finalized_at FROM contracts k JOIN projects p ON p.id = k.project_id WHERE k.project_id = ? "
        "AND k.status IN ('awaiting_commission', 'in_progress', 'finalized')"
    )
    params: tuple[object, ...] = (project_id,)
    if provider_id is not None:
        sql += " AND k.provider_id = ?"
        params = (project_id, provider_id)
    k = rows.one(conn, R0Contract, sql, params)
    if k is None:
        if rows.scalar(conn, "SELECT 1 FROM projects WHERE id = ?", (project_id,)) is None:
            raise NotFound("project.not_found", project_id=project_id)
        raise NotAllowed("escrow.no_contract", project_id=project_id, mine=provider_id is not None)
    return k


def r0_contract(conn: sqlite3.Connection, project_id: int, provider_id: int | None = None) -> R0Contract:
    """The project's R0 contract once its escrow is open (CT-5: the base formula has none)."""
    k = contract(conn, project_id, provider_id)
    if k.formula != "r0":
        raise NotAllowed("escrow.base_formula", project_id=project_id)
    if k.status == "awaiting_commission":
        raise NotAllowed("escrow.awaiting_commission", project_id=project_id)
    return k
