"""Escrow, formula R0 (ES), and the project's follow-up and end (FO).

The escrow account of an R0 contract is the ledger `escrow_entries`; every figure is derived
from it (ES-4), and the schema refuses an entry that would make a term negative.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pel_tui.backend.base import PlatformBase, ProviderBase
from pel_tui.backend.clock import day, to_datetime
from pel_tui.backend.legacy import command, legacy_notify

if TYPE_CHECKING:
    from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.money import euros
from pel_tui.backend.policy import DAY


@dataclass(frozen=True)
class Figures:
    """ES-4's terms, in cents."""

    deposited_cents: int
    held_cents: int
    released_cents: int
    refunded_cents: int
    available_cents: int
    requested_cents: int
    paid_cents: int


@dataclass(frozen=True)
class Tranche:
    number: int
    label: str
    amount_cents: int
    funded_cents: int
    funded: bool
    started_at: datetime | None
    delivery: str | None  # the latest deliverable's status


@dataclass(frozen=True)
class EscrowEntry:
    id: int
    at: datetime
    kind: str
    amount_cents: int
    tranche: int | None
    note: str


@dataclass(frozen=True)
class Deliverable:
    id: int
    tranche: int
    note: str
    submitted_at: datetime
    status: str
    answered_at: datetime | None
    unfunded: bool
    reminders_sent: int


@dataclass(frozen=True)
class Dispute:
    id: int
    opened_by: str
    reason: str
    opened_at: datetime
    cap_cents: int
    status: str
    proposal_provider_cents: int | None
    proposal_client_cents: int | None
    provider_accepted: bool
    client_accepted: bool
    resolved_at: datetime | None
    outcome_provider_cents: int | None
    outcome_client_cents: int | None


@dataclass(frozen=True)
class Rating:
    by_side: str
    stars: int
    comment: str
    at: datetime


@dataclass(frozen=True)
class EscrowView:
    project_id: int
    project_title: str
    contract_id: int
    contract_status: str
    amount_cents: int
    figures: Figures
    tranches: list[Tranche]
    deliverables: list[Deliverable]
    disputes: list[Dispute]
    entries: list[EscrowEntry]
    frozen: bool  # ES-6: an open dispute freezes the held funds
    finalize_declared_at: datetime | None
    finalized_at: datetime | None
    ratings: list[Rating] = field(default_factory=list)  # FO-3: only those visible


def figures(conn: sqlite3.Connection, contract_id: int) -> Figures:
    row = conn.execute(
        "SELECT "
        "coalesce(sum(CASE kind WHEN 'deposit' THEN amount_cents END), 0), "
        "coalesce(sum(CASE kind WHEN 'release' THEN amount_cents END), 0), "
        "coalesce(sum(CASE kind WHEN 'refund' THEN amount_cents END), 0), "
        "coalesce(sum(CASE kind WHEN 'request' THEN amount_cents END), 0), "
        "coalesce(sum(CASE kind WHEN 'request_reversal' THEN amount_cents END), 0), "
        "coalesce(sum(CASE kind WHEN 'payment' THEN amount_cents END), 0) "
        "FROM escrow_entries WHERE contract_id = ?", (contract_id,),
    ).fetchone()
    dep, rel, ref, req, rev, pay = (int(x) for x in row)
    requested = req - rev - pay
    return Figures(
        deposited_cents=dep, held_cents=dep - rel - ref, released_cents=rel, refunded_cents=ref,
        available_cents=rel - requested - pay, requested_cents=requested, paid_cents=pay,
    )


def _dt(ts: int | None) -> datetime | None:
    return None if ts is None else to_datetime(ts)


def tranches(conn: sqlite3.Connection, contract_id: int, amount: int) -> list[Tranche]:
    """ES-2: each tranche funded or not. Deposits naming a tranche fund it; the others fill the
    tranches in order."""
    rows = conn.execute(
        "SELECT number, label, amount_cents, started_at FROM escrow_tranches WHERE contract_id = ? "
        "ORDER BY number", (contract_id,),
    ).fetchall()
    if not rows:
        rows = [(1, "Projet complet", amount, None)]
    named: dict[int, int] = dict.fromkeys((r[0] for r in rows), 0)
    free = 0
    for tranche, amt in conn.execute(
        "SELECT tranche, sum(amount_cents) FROM escrow_entries WHERE contract_id = ? AND kind = 'deposit' "
        "GROUP BY tranche", (contract_id,),
    ):
        if tranche in named:
            named[tranche] += int(amt)
        else:
            free += int(amt)
    out = []
    for number, label, amt, started in rows:
        funded = min(amt, named[number])
        take = min(amt - funded, free)
        funded += take
        free -= take
        delivery = conn.execute(
            "SELECT status FROM deliverables WHERE contract_id = ? AND tranche = ? ORDER BY id DESC LIMIT 1",
            (contract_id, number),
        ).fetchone()
        out.append(Tranche(number, label, amt, funded, funded >= amt, _dt(started),
                           delivery[0] if delivery else None))
    return out


def open_dispute_id(conn: sqlite3.Connection, contract_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM disputes WHERE contract_id = ? AND status IN ('open', 'proposed')", (contract_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def add_entry(conn: sqlite3.Connection, contract_id: int, kind: str, amount: int, at: int, *,
              tranche: int | None = None, dispute_id: int | None = None, request_id: int | None = None,
              note: str = "") -> None:
    conn.execute(
        "INSERT INTO escrow_entries(contract_id, at, kind, amount_cents, tranche, dispute_id, request_id, "
        "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (contract_id, at, kind, amount, tranche, dispute_id, request_id, note),
    )


class UnfundedTranche(NotAllowed):
    """ES-2: work on a tranche the client has not funded."""


def _contract(conn: sqlite3.Connection, project_id: int, provider_id: int | None = None) -> tuple[Any, ...]:
    """(id, provider_id, formula, amount, status, title, finalize_declared_at, finalized_at)."""
    sql = (
        "SELECT k.id, k.provider_id, k.formula, k.amount_cents, k.status, p.title, k.finalize_declared_at, "
        "k.finalized_at FROM contracts k JOIN projects p ON p.id = k.project_id WHERE k.project_id = ? "
        "AND k.status IN ('awaiting_commission', 'in_progress', 'finalized')"
    )
    params: tuple[object, ...] = (project_id,)
    if provider_id is not None:
        sql += " AND k.provider_id = ?"
        params = (project_id, provider_id)
    row = conn.execute(sql, params).fetchone()
    if row is None:
        if conn.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone() is None:
            raise NotFound(f"no project #{project_id}")
        raise NotAllowed(f"no contract {'of yours ' if provider_id else ''}is under way on #{project_id}")
    return tuple(row)


def _r0(conn: sqlite3.Connection, project_id: int, provider_id: int | None = None) -> tuple[Any, ...]:
    row = _contract(conn, project_id, provider_id)
    if row[2] != "r0":
        raise NotAllowed(
            f"#{project_id} is under the base formula: the platform is out of the project after the "
            "commission, so there is no escrow account and no payment request; payment is agreed "
            "directly with the client (CT-5)"
        )
    if row[4] == "awaiting_commission":
        raise NotAllowed(f"#{project_id} starts once the commission is paid; the escrow opens then")
    return row


def visible_ratings(conn: sqlite3.Connection, contract_id: int, finalized_at: int | None, now: int,
                    window_days: int) -> list[Rating]:
    """FO-3: both ratings show when both are given or the window has closed."""
    rows = conn.execute(
        "SELECT by_side, stars, comment, at FROM ratings WHERE contract_id = ? ORDER BY by_side",
        (contract_id,),
    ).fetchall()
    closed = finalized_at is not None and now >= finalized_at + window_days * DAY
    if len(rows) == 2 or closed:
        return [Rating(r[0], r[1], r[2], to_datetime(r[3])) for r in rows]
    return []


def view(e: Engine, conn: sqlite3.Connection, project_id: int, provider_id: int | None) -> EscrowView:
    cid, _prov, _f, amount, status, title, declared, finalized = _r0(conn, project_id, provider_id)
    entries = [
        EscrowEntry(r[0], to_datetime(r[1]), r[2], r[3], r[4], r[5])
        for r in conn.execute(
            "SELECT id, at, kind, amount_cents, tranche, note FROM escrow_entries WHERE contract_id = ? "
            "ORDER BY at, id", (cid,),
        )
    ]
    deliverables = [
        Deliverable(r[0], r[1], r[2], to_datetime(r[3]), r[4], _dt(r[5]), bool(r[6]), r[7])
        for r in conn.execute(
            "SELECT id, tranche, note, submitted_at, status, answered_at, unfunded_ack, reminders_sent "
            "FROM deliverables WHERE contract_id = ? ORDER BY id", (cid,),
        )
    ]
    disputes = [
        Dispute(r[0], r[1], r[2], to_datetime(r[3]), r[4], r[5], r[6], r[7], bool(r[8]), bool(r[9]),
                _dt(r[10]), r[11], r[12])
        for r in conn.execute(
            "SELECT id, opened_by, reason, opened_at, cap_cents, status, proposal_provider_cents, "
            "proposal_client_cents, provider_accepted, client_accepted, resolved_at, "
            "outcome_provider_cents, outcome_client_cents FROM disputes WHERE contract_id = ? ORDER BY id",
            (cid,),
        )
    ]
    return EscrowView(
        project_id=project_id, project_title=title, contract_id=cid, contract_status=status,
        amount_cents=amount, figures=figures(conn, cid), tranches=tranches(conn, cid, amount),
        deliverables=deliverables, disputes=disputes, entries=entries,
        frozen=open_dispute_id(conn, cid) is not None, finalize_declared_at=_dt(declared),
        finalized_at=_dt(finalized),
        ratings=visible_ratings(conn, cid, finalized, e.now(), e.policy.rating_window_days),
    )


def _apply_outcome(e: Engine, c: sqlite3.Connection, dispute_id: int, cid: int, prov: int, to_provider: int,
                   to_client: int, status: str, at: int, project_id: int) -> None:
    """ES-6: split at most the cap between provider (released) and client (refunded)."""
    cap = c.execute("SELECT cap_cents FROM disputes WHERE id = ?", (dispute_id,)).fetchone()[0]
    if to_provider < 0 or to_client < 0 or to_provider + to_client > cap:
        raise InvalidInput(f"an outcome splits at most the cap of {euros(cap)} (held when the dispute opened)")
    c.execute(
        "UPDATE disputes SET status = ?, resolved_at = ?, outcome_provider_cents = ?, "
        "outcome_client_cents = ? WHERE id = ?", (status, at, to_provider, to_client, dispute_id),
    )
    if to_provider:
        add_entry(c, cid, "release", to_provider, at, dispute_id=dispute_id, note="dispute outcome")
    if to_client:
        add_entry(c, cid, "refund", to_client, at, dispute_id=dispute_id, note="dispute outcome")
    word = "settled by agreement" if status == "settled" else "decided by the SMA"
    legacy_notify(e, c, prov, "dispute", f"Dispute on #{project_id} {word}",
             body=f"{euros(to_provider)} released to you, {euros(to_client)} refunded to the client.",
             project_id=project_id, dedup_key=f"dispute-end:{dispute_id}")


class EscrowActions(ProviderBase):
    """The provider's side of the escrow and of the project's end."""

    def escrow(self, project_id: int) -> EscrowView:
        """ES-4's figures, tranches (ES-2), deliverables, disputes with their cap (ES-6)."""
        return view(self.engine, self.conn, project_id, self.provider_id)

    def escrows(self) -> list[EscrowView]:
        """Every R0 contract of mine under way or finished."""
        return [
            self.escrow(pid) for (pid,) in self.conn.execute(
                "SELECT project_id FROM contracts WHERE provider_id = ? AND formula = 'r0' AND status IN "
                "('in_progress', 'finalized') ORDER BY id", (self.provider_id,),
            ).fetchall()
        ]

    def _tranche_check(self, cid: int, amount: int, tranche: int, acknowledge_unfunded: bool) -> bool:
        ts = {t.number: t for t in tranches(self.conn, cid, amount)}
        if tranche not in ts:
            raise InvalidInput(f"no tranche {tranche}; tranches: {', '.join(map(str, ts))}")
        t = ts[tranche]
        if not t.funded and not acknowledge_unfunded:
            raise UnfundedTranche(
                f"tranche {tranche} ({t.label}) is funded {euros(t.funded_cents)} of {euros(t.amount_cents)}: "
                "work only on the funded part. The SMA never pays for work on an unfunded part. "
                "Confirm anyway with --unfunded-ok."
            )
        return not t.funded

    @command
    def start_tranche(self, project_id: int, tranche: int = 1, acknowledge_unfunded: bool = False) -> dict[str, Any]:
        """ES-2: mark work on a tranche as started, warned when it is not funded."""
        cid, _p, _f, amount, _status, *_ = _r0(self.conn, project_id, self.provider_id)
        unfunded = self._tranche_check(cid, amount, tranche, acknowledge_unfunded)
        if not self.conn.execute("SELECT 1 FROM escrow_tranches WHERE contract_id = ?", (cid,)).fetchone():
            self.conn.execute("INSERT INTO escrow_tranches(contract_id, number, label, amount_cents) "
                              "VALUES (?, 1, 'Projet complet', ?)", (cid, amount))
        self.conn.execute("UPDATE escrow_tranches SET started_at = coalesce(started_at, ?) WHERE "
                          "contract_id = ? AND number = ?", (self.now(), cid, tranche))
        return {"project_id": project_id, "tranche": tranche, "unfunded": unfunded}

    @command
    def deliver(self, project_id: int, tranche: int = 1, note: str = "",
                acknowledge_unfunded: bool = False) -> dict[str, Any]:
        """ES-3: submit a deliverable for a tranche; ES-2: warned when the tranche is not funded."""
        cid, _p, _f, amount, status, _title, _declared, _ = _r0(self.conn, project_id, self.provider_id)
        if status != "in_progress":
            raise NotAllowed(f"#{project_id} is {status}")
        unfunded = self._tranche_check(cid, amount, tranche, acknowledge_unfunded)
        did = self.conn.execute(
            "INSERT INTO deliverables(contract_id, tranche, note, submitted_at, unfunded_ack) VALUES (?, ?, ?, ?, ?)",
            (cid, tranche, note, self.now(), int(unfunded)),
        ).lastrowid
        return {"project_id": project_id, "deliverable_id": did, "tranche": tranche, "unfunded": unfunded}

    @command
    def open_dispute(self, project_id: int, reason: str) -> dict[str, Any]:
        """ES-6: the cap is what the account holds now; held funds freeze."""
        return _open_dispute(self.engine, self.conn, project_id, "provider", reason, self.provider_id)

    @command
    def withdraw_dispute(self, project_id: int) -> dict[str, Any]:
        return _withdraw_dispute(self.engine, self.conn, project_id, "provider", self.provider_id)

    @command
    def accept_settlement(self, project_id: int) -> dict[str, Any]:
        """ES-6: accept the SMA's proposal; applied once both sides accept."""
        return _accept(self.engine, self.conn, project_id, "provider", self.provider_id)

    @command
    def agree_refund(self, project_id: int, amount_cents: int) -> dict[str, Any]:
        """ES-5: a refund to the client by the provider's agreement (mutual cancellation)."""
        cid, _prov, _f, _a, _s, *_ = _r0(self.conn, project_id, self.provider_id)
        if open_dispute_id(self.conn, cid) is not None:
            raise NotAllowed("a dispute is open: held funds are frozen until it ends")
        held = figures(self.conn, cid).held_cents
        if amount_cents <= 0 or amount_cents > held:
            raise InvalidInput(f"a refund is between 0,01 € and what is held ({euros(held)})")
        add_entry(self.conn, cid, "refund", amount_cents, self.now(), note="agreed by the provider")
        return {"project_id": project_id, "refunded_cents": amount_cents}

    @command
    def declare_finalized(self, project_id: int) -> dict[str, Any]:
        """FO-2: progress requests stop; the client confirms or is deemed to within 7 days."""
        cid, _p, _f, _a, status, _t, declared, _ = _contract(self.conn, project_id, self.provider_id)
        if status != "in_progress":
            raise NotAllowed(f"#{project_id} is {status}; only a project in progress can be declared finalized")
        if declared is None:
            self.conn.execute("UPDATE contracts SET finalize_declared_at = ?, next_progress_at = NULL WHERE id = ?",
                              (self.now(), cid))
        deadline = (declared or self.now()) + self.policy.finalize_deemed_days * DAY
        return {"project_id": project_id, "client_answer_by": day(deadline)}

    @command
    def rate_client(self, project_id: int, stars: int, comment: str = "") -> dict[str, Any]:
        """FO-3: once, 1 to 5 stars, within 30 days of the end."""
        return _rate(self.engine, self.conn, project_id, "provider", stars, comment, self.provider_id)


def _open_dispute(e: Engine, c: sqlite3.Connection, project_id: int, side: str, reason: str,
                  provider_id: int | None) -> dict[str, Any]:
    cid, prov, *_ = _r0(c, project_id, provider_id)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("say why the dispute is opened")
    if open_dispute_id(c, cid) is not None:
        raise NotAllowed(f"a dispute is already open on #{project_id}")
    cap = figures(c, cid).held_cents
    did = c.execute(
        "INSERT INTO disputes(contract_id, opened_by, reason, opened_at, cap_cents) VALUES (?, ?, ?, ?, ?)",
        (cid, side, reason, e.now(), cap),
    ).lastrowid
    legacy_notify(e, c, prov, "dispute", f"Dispute opened on #{project_id} by the {side}",
             body=f"{reason}\nThe SMA's liability is capped at {euros(cap)}, held now; funds are frozen.",
             project_id=project_id, dedup_key=f"dispute-open:{did}")
    return {"project_id": project_id, "dispute_id": did, "cap_cents": cap}


def _withdraw_dispute(e: Engine, c: sqlite3.Connection, project_id: int, side: str,
                      provider_id: int | None) -> dict[str, Any]:
    cid, prov, *_ = _r0(c, project_id, provider_id)
    did = open_dispute_id(c, cid)
    if did is None:
        raise NotAllowed(f"no open dispute on #{project_id}")
    by = c.execute("SELECT opened_by FROM disputes WHERE id = ?", (did,)).fetchone()[0]
    if by != side:
        raise NotAllowed(f"only the {by}, who opened the dispute, can withdraw it")
    c.execute("UPDATE disputes SET status = 'withdrawn', resolved_at = ? WHERE id = ?", (e.now(), did))
    legacy_notify(e, c, prov, "dispute", f"Dispute on #{project_id} withdrawn", project_id=project_id,
             dedup_key=f"dispute-end:{did}")
    return {"project_id": project_id, "dispute_id": did, "status": "withdrawn"}


def _accept(e: Engine, c: sqlite3.Connection, project_id: int, side: str, provider_id: int | None) -> dict[str, Any]:
    cid, prov, *_ = _r0(c, project_id, provider_id)
    did = open_dispute_id(c, cid)
    row = None if did is None else c.execute(
        "SELECT status, proposal_provider_cents, proposal_client_cents, provider_accepted, client_accepted "
        "FROM disputes WHERE id = ?", (did,),
    ).fetchone()
    if did is None or row is None or row[0] != "proposed":
        raise NotAllowed(f"no settlement proposal awaits an answer on #{project_id}")
    c.execute(f"UPDATE disputes SET {side}_accepted = 1 WHERE id = ?", (did,))
    both = (row[3] or side == "provider") and (row[4] or side == "client")
    if both:
        _apply_outcome(e, c, did, cid, prov, row[1], row[2], "settled", e.now(), project_id)
    return {"project_id": project_id, "dispute_id": did, "applied": bool(both)}


def _rate(e: Engine, c: sqlite3.Connection, project_id: int, side: str, stars: int, comment: str,
          provider_id: int | None) -> dict[str, Any]:
    cid, *_rest = _contract(c, project_id, provider_id)
    status, finalized = c.execute("SELECT status, finalized_at FROM contracts WHERE id = ?", (cid,)).fetchone()
    if status != "finalized" or finalized is None:
        raise NotAllowed(f"#{project_id} is not finalized yet: ratings come after the end")
    if e.now() > finalized + e.policy.rating_window_days * DAY:
        raise NotAllowed(f"the {e.policy.rating_window_days}-day rating window closed on "
                         f"{day(finalized + e.policy.rating_window_days * DAY)}")
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidInput("a rating is 1 to 5 stars")
    if c.execute("SELECT 1 FROM ratings WHERE contract_id = ? AND by_side = ?", (cid, side)).fetchone():
        raise NotAllowed("you already rated this project; a rating is given once")
    c.execute("INSERT INTO ratings(contract_id, by_side, stars, comment, at) VALUES (?, ?, ?, ?, ?)",
              (cid, side, stars, comment.strip(), e.now()))
    return {"project_id": project_id, "stars": stars}


class EscrowServices(PlatformBase):
    """The client's and the SMA's side of the escrow; the client's side of the project's end."""

    def _notify_provider(self, prov: int, project_id: int, kind: str, title: str, body: str, key: str) -> None:
        legacy_notify(self.engine, self.conn, prov, kind, title, body=body, project_id=project_id, dedup_key=key)

    @command
    def set_tranches(self, project_id: int, amounts_cents: list[int], labels: list[str] | None = None) -> dict[str, Any]:
        """ES-1: the contract's milestones; they add up to its amount."""
        cid, _p, _f, amount, *_ = _r0(self.conn, project_id)
        if not amounts_cents or any(a <= 0 for a in amounts_cents) or sum(amounts_cents) != amount:
            raise InvalidInput(f"tranches are positive amounts adding up to the contract's {euros(amount)}")
        if self.conn.execute("SELECT 1 FROM escrow_entries WHERE contract_id = ?", (cid,)).fetchone():
            raise NotAllowed("tranches are set before the first deposit")
        self.conn.execute("DELETE FROM escrow_tranches WHERE contract_id = ?", (cid,))
        for i, a in enumerate(amounts_cents, 1):
            label = labels[i - 1] if labels and i <= len(labels) else f"Tranche {i}"
            self.conn.execute("INSERT INTO escrow_tranches(contract_id, number, label, amount_cents) "
                              "VALUES (?, ?, ?, ?)", (cid, i, label, a))
        return {"project_id": project_id, "tranches": len(amounts_cents)}

    @command
    def deposit(self, project_id: int, amount_cents: int, tranche: int | None = None) -> dict[str, Any]:
        """ES-1: the client funds the account, in full or by tranches, never above the amount."""
        c = self.conn
        cid, prov, _f, amount, _status, *_ = _r0(c, project_id)
        if open_dispute_id(c, cid) is not None:
            raise NotAllowed("a dispute is open: no deposit until it ends (ES-6)")
        deposited = figures(c, cid).deposited_cents
        if amount_cents <= 0 or deposited + amount_cents > amount:
            raise InvalidInput(
                f"deposits never exceed the contract amount: {euros(amount - deposited)} can still be deposited"
            )
        if tranche is not None and tranche not in {t.number for t in tranches(c, cid, amount)}:
            raise InvalidInput(f"no tranche {tranche}")
        add_entry(c, cid, "deposit", amount_cents, self.now(), tranche=tranche)
        self._notify_provider(prov, project_id, "escrow_deposit", f"Deposit of {euros(amount_cents)} on #{project_id}",
                              f"The escrow account now holds {euros(figures(c, cid).held_cents)}"
                              + (f"; tranche {tranche} funded." if tranche else "."),
                              f"deposit:{cid}:{deposited + amount_cents}")
        return {"project_id": project_id, **figures(c, cid).__dict__}

    @command
    def release(self, project_id: int, amount_cents: int, tranche: int | None = None) -> dict[str, Any]:
        """ES-3: only the client releases, all or part of what is held."""
        c = self.conn
        cid, prov, *_ = _r0(c, project_id)
        if open_dispute_id(c, cid) is not None:
            raise NotAllowed("a dispute is open: held funds are frozen (ES-6)")
        held = figures(c, cid).held_cents
        if amount_cents <= 0 or amount_cents > held:
            raise InvalidInput(f"a release is between 0,01 € and what is held ({euros(held)})")
        now = self.now()
        add_entry(c, cid, "release", amount_cents, now, tranche=tranche)
        c.execute(
            "UPDATE deliverables SET status = 'accepted', answered_at = ? WHERE contract_id = ? AND "
            "status = 'submitted'" + (" AND tranche = ?" if tranche else ""),
            (now, cid, tranche) if tranche else (now, cid),
        )
        f = figures(c, cid)
        self._notify_provider(prov, project_id, "escrow_release", f"{euros(amount_cents)} released on #{project_id}",
                              f"Available for a payment request: {euros(f.available_cents)} (pel pay {project_id}).",
                              f"release:{cid}:{f.released_cents}")
        return {"project_id": project_id, **f.__dict__}

    @command
    def request_changes(self, project_id: int, note: str = "") -> dict[str, Any]:
        """ES-3: the client asks for changes on the latest deliverable."""
        c = self.conn
        cid, prov, *_ = _r0(c, project_id)
        row = c.execute("SELECT id FROM deliverables WHERE contract_id = ? AND status = 'submitted' "
                        "ORDER BY id DESC LIMIT 1", (cid,)).fetchone()
        if row is None:
            raise NotAllowed(f"no deliverable awaits the client's answer on #{project_id}")
        c.execute("UPDATE deliverables SET status = 'changes_requested', answered_at = ? WHERE id = ?",
                  (self.now(), row[0]))
        self._notify_provider(prov, project_id, "changes_requested", f"Changes requested on #{project_id}",
                              note or "The client asks for changes to your deliverable.", f"changes:{row[0]}")
        return {"project_id": project_id, "deliverable_id": row[0]}

    @command
    def client_dispute(self, project_id: int, reason: str) -> dict[str, Any]:
        return _open_dispute(self.engine, self.conn, project_id, "client", reason, None)

    @command
    def client_withdraw_dispute(self, project_id: int) -> dict[str, Any]:
        return _withdraw_dispute(self.engine, self.conn, project_id, "client", None)

    @command
    def client_accept_settlement(self, project_id: int) -> dict[str, Any]:
        return _accept(self.engine, self.conn, project_id, "client", None)

    @command
    def sma_propose(self, project_id: int, to_provider_cents: int, to_client_cents: int) -> dict[str, Any]:
        """ES-6: the SMA proposes a split of at most the cap."""
        c = self.conn
        cid, prov, *_ = _r0(c, project_id)
        did = open_dispute_id(c, cid)
        if did is None:
            raise NotAllowed(f"no open dispute on #{project_id}")
        cap = c.execute("SELECT cap_cents FROM disputes WHERE id = ?", (did,)).fetchone()[0]
        if to_provider_cents < 0 or to_client_cents < 0 or to_provider_cents + to_client_cents > cap:
            raise InvalidInput(f"a proposal splits at most the cap of {euros(cap)}")
        c.execute(
            "UPDATE disputes SET status = 'proposed', proposal_provider_cents = ?, proposal_client_cents = ?, "
            "provider_accepted = 0, client_accepted = 0 WHERE id = ?", (to_provider_cents, to_client_cents, did),
        )
        self._notify_provider(prov, project_id, "dispute", f"The SMA proposes a settlement on #{project_id}",
                              f"{euros(to_provider_cents)} to you, {euros(to_client_cents)} to the client. "
                              f"Accept with pel dispute-accept {project_id}.",
                              f"dispute-proposal:{did}:{to_provider_cents}:{to_client_cents}")
        return {"project_id": project_id, "dispute_id": did}

    @command
    def sma_decide(self, project_id: int, to_provider_cents: int, to_client_cents: int) -> dict[str, Any]:
        """ES-6: without agreement the SMA decides; never more than the cap."""
        c = self.conn
        cid, prov, *_ = _r0(c, project_id)
        did = open_dispute_id(c, cid)
        if did is None:
            raise NotAllowed(f"no open dispute on #{project_id}")
        _apply_outcome(self.engine, c, did, cid, prov, to_provider_cents, to_client_cents, "decided",
                       self.now(), project_id)
        return {"project_id": project_id, "dispute_id": did, **figures(c, cid).__dict__}

    @command
    def confirm_finalized(self, project_id: int) -> dict[str, Any]:
        """FO-2: the client confirms the provider's declaration."""
        cid, prov, _f, _a, status, _t, declared, _ = _contract(self.conn, project_id)
        if status != "in_progress" or declared is None:
            raise NotAllowed(f"the provider has not declared #{project_id} finalized")
        finalize(self.engine, self.conn, cid, project_id, prov, self.now())
        return {"project_id": project_id, "status": "finalized"}

    @command
    def object_finalized(self, project_id: int, reason: str = "") -> dict[str, Any]:
        """FO-2: the client objects; the project stays in progress."""
        cid, prov, _f, _a, status, _t, declared, _ = _contract(self.conn, project_id)
        if status != "in_progress" or declared is None:
            raise NotAllowed(f"the provider has not declared #{project_id} finalized")
        step = self.policy.progress_report_days * DAY
        self.conn.execute(
            "UPDATE contracts SET finalize_declared_at = NULL, next_progress_at = max(?, commission_paid_at + "
            "(progress_requests_sent + 1) * ?) WHERE id = ?", (self.now(), step, cid),
        )
        self._notify_provider(prov, project_id, "finalize_objection", f"The client objects: #{project_id} is not finished",
                              reason or "The client does not confirm the end.", f"objection:{cid}:{declared}")
        return {"project_id": project_id, "status": "in_progress"}

    @command
    def rate_provider(self, project_id: int, stars: int, comment: str = "") -> dict[str, Any]:
        """FO-3: the client rates the provider."""
        return _rate(self.engine, self.conn, project_id, "client", stars, comment, None)


def finalize(e: Engine, c: sqlite3.Connection, cid: int, project_id: int, prov: int, at: int) -> None:
    c.execute("UPDATE contracts SET status = 'finalized', finalized_at = ?, ended_at = ?, next_progress_at = NULL "
              "WHERE id = ?", (at, at, cid))
    c.execute("UPDATE projects SET status = 'finalized', status_at = ? WHERE id = ?", (at, project_id))
    legacy_notify(e, c, prov, "finalized", f"#{project_id} is finalized",
             body=f"Rate the client within {e.policy.rating_window_days} days (pel rate {project_id} STARS).",
             project_id=project_id, at=at, dedup_key=f"finalized:{cid}")


# -- time-based rules ---------------------------------------------------------------------------------------







