"""The command line's verbs of the escrow (ES) and the project's end (FO), and the client's and the SMA's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    day,
    emit,
    euros_to_cents,
    money,
    positive_int,
    project_id,
    table,
    when,
)


def _escrow_text(v: Any) -> str:
    f = v.figures
    out = [
        f"#{v.project_id} {v.project_title} · formula R0 · contract {money(v.amount_cents)} · {v.contract_status}"
        + ("  ⚠ dispute open: funds frozen" if v.frozen else ""),
        f"deposited {money(f.deposited_cents)} = held {money(f.held_cents)} + released {money(f.released_cents)}"
        f" + refunded {money(f.refunded_cents)}",
        f"released {money(f.released_cents)} = available {money(f.available_cents)} + requested "
        f"{money(f.requested_cents)} + paid {money(f.paid_cents)}",
        "",
        "Tranches:",
    ]
    for t in v.tranches:
        state = "funded" if t.funded else f"NOT FUNDED ({money(t.funded_cents)} of {money(t.amount_cents)})"
        out.append(f"  {t.number}. {t.label}: {money(t.amount_cents)}, {state}"
                   + (f", delivery {t.delivery}" if t.delivery else ""))
    if v.deliverables:
        out.append("Deliverables:")
        for d in v.deliverables:
            out.append(f"  tranche {d.tranche} on {when(d.submitted_at)}: {d.status}"
                       + (" (unfunded when delivered)" if d.unfunded else ""))
    for d in v.disputes:
        out.append(f"Dispute by the {d.opened_by} on {when(d.opened_at)}: {d.status}, cap {money(d.cap_cents)}"
                   f" — {d.reason}")
        if d.proposal_provider_cents is not None:
            out.append(f"  proposal: {money(d.proposal_provider_cents)} to you, {money(d.proposal_client_cents)}"
                       " to the client")
        if d.outcome_provider_cents is not None:
            out.append(f"  outcome: {money(d.outcome_provider_cents)} to you, {money(d.outcome_client_cents)}"
                       " to the client")
    if v.finalize_declared_at and not v.finalized_at:
        out.append(f"Declared finalized on {when(v.finalize_declared_at)}; awaiting the client")
    for r in v.ratings:
        out.append(f"Rating by the {r.by_side}: {'★' * r.stars}{'☆' * (5 - r.stars)} {r.comment}")
    return "\n".join(out)


def cmd_escrow(s: Session, a: argparse.Namespace) -> None:
    if a.id is None:
        views = s.mp.escrows()
        if a.json:
            emit(a, views)
            return
        rows = [[f"#{v.project_id}", _cut(v.project_title, 40), money(v.amount_cents),
                 money(v.figures.held_cents), money(v.figures.available_cents), money(v.figures.paid_cents),
                 "frozen" if v.frozen else v.contract_status] for v in views]
        print(table(rows, ["project", "title", "amount", "held", "available", "paid", "state"]))
        return
    v = s.mp.escrow(a.id)
    if a.json:
        # ES-4's terms at the top level, as `*_cents` fields.
        emit(a, {"project_id": v.project_id, **v.figures.__dict__, "view": v})
        return
    print(_escrow_text(v))


def add_commands(reg: Registry) -> None:
    sp = reg.cmd("escrow", cmd_escrow, "the escrow account of an R0 project (every ES-4 term), or all of them")
    sp.add_argument("id", type=project_id, nargs="?")

    sp = reg.cmd("start", lambda s, a: emit(a, s.mp.start_tranche(a.id, a.tranche, a.unfunded_ok)),
                 "mark work on a tranche as started (warned when it is not funded)")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--tranche", type=positive_int, default=1)
    sp.add_argument("--unfunded-ok", action="store_true", help="go ahead on an unfunded tranche (ES-2)")

    sp = reg.cmd("deliver", lambda s, a: emit(a, s.mp.deliver(a.id, a.tranche, a.note or "", a.unfunded_ok),
                                              lambda r: f"Deliverable for tranche {r['tranche']} submitted"),
                 "submit a deliverable for a tranche")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--tranche", type=positive_int, default=1)
    sp.add_argument("--note")
    sp.add_argument("--unfunded-ok", action="store_true", help="deliver on an unfunded tranche anyway (ES-2)")

    sp = reg.cmd("dispute", lambda s, a: emit(a, s.mp.open_dispute(a.id, a.reason), lambda r: (
        f"Dispute opened; the SMA's liability is capped at {money(r['cap_cents'])}, held now")),
        "open a dispute with the SMA")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--reason", required=True)
    sp = reg.cmd("dispute-withdraw", lambda s, a: emit(a, s.mp.withdraw_dispute(a.id)), "withdraw your dispute")
    sp.add_argument("id", type=project_id)
    sp = reg.cmd("dispute-accept", lambda s, a: emit(a, s.mp.accept_settlement(a.id)),
                 "accept the SMA's settlement proposal")
    sp.add_argument("id", type=project_id)
    sp = reg.cmd("refund", lambda s, a: emit(a, s.mp.agree_refund(a.id, a.amount)),
                 "agree to refund the client (mutual cancellation)")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    sp = reg.cmd("finalize", lambda s, a: emit(a, s.mp.declare_finalized(a.id), lambda r: (
        f"Declared finalized; the client confirms or is deemed to by {day(r['client_answer_by'])}")),
        "declare the project finalized")
    sp.add_argument("id", type=project_id)
    sp = reg.cmd("progress", lambda s, a: emit(a, s.mp.report_progress(a.id, " ".join(a.text)), lambda r: (
        f"Progress report sent on #{r['project_id']}; Suivi Projet asks again on {day(r['next_request_at'])}"
        if r["next_request_at"] else f"Progress report sent on #{r['project_id']}")),
        "answer Suivi Projet's progress request on a project in progress")
    sp.add_argument("id", type=project_id)
    sp.add_argument("text", nargs="+")
    sp = reg.cmd("rate", lambda s, a: emit(a, s.mp.rate_client(a.id, a.stars, a.comment or "")),
                 "rate the client, 1 to 5 stars, once")
    sp.add_argument("id", type=project_id)
    sp.add_argument("stars", type=int, choices=range(1, 6))
    sp.add_argument("--comment")

    # -- the client, the SMA and accounting --
    x = reg.pcmd("deposit", lambda pl, a, who: pl.deposit(a.id, a.amount, a.tranche), "the client deposits")
    x.add_argument("amount", type=euros_to_cents, metavar="EUR")
    x.add_argument("--tranche", type=positive_int)
    x = reg.pcmd("release", lambda pl, a, who: pl.release(a.id, a.amount, a.tranche), "the client releases funds")
    x.add_argument("amount", type=euros_to_cents, metavar="EUR")
    x.add_argument("--tranche", type=positive_int)
    x = reg.pcmd("tranches", lambda pl, a, who: pl.set_tranches(a.id, a.amounts),
                 "the contract's tranches (they add up to its amount)")
    x.add_argument("amounts", type=euros_to_cents, nargs="+", metavar="EUR")
    x = reg.pcmd("request-changes", lambda pl, a, who: pl.request_changes(a.id, a.note or ""),
                 "the client asks for changes on the latest deliverable")
    x.add_argument("--note")
    x = reg.pcmd("dispute", lambda pl, a, who: pl.client_dispute(a.id, a.reason), "the client opens a dispute")
    x.add_argument("--reason", required=True)
    reg.pcmd("dispute-withdraw", lambda pl, a, who: pl.client_withdraw_dispute(a.id),
             "the client withdraws its dispute")
    reg.pcmd("dispute-accept", lambda pl, a, who: pl.client_accept_settlement(a.id),
             "the client accepts the SMA's proposal")
    x = reg.pcmd("sma-propose", lambda pl, a, who: pl.sma_propose(a.id, a.to_provider, a.to_client),
                 "the SMA proposes a settlement")
    x.add_argument("to_provider", type=euros_to_cents, metavar="PROVIDER_EUR")
    x.add_argument("to_client", type=euros_to_cents, metavar="CLIENT_EUR")
    x = reg.pcmd("sma-decide", lambda pl, a, who: pl.sma_decide(a.id, a.to_provider, a.to_client),
                 "the SMA decides the dispute")
    x.add_argument("to_provider", type=euros_to_cents, metavar="PROVIDER_EUR")
    x.add_argument("to_client", type=euros_to_cents, metavar="CLIENT_EUR")
    reg.pcmd("confirm-final", lambda pl, a, who: pl.confirm_finalized(a.id), "the client confirms the end")
    x = reg.pcmd("object-final", lambda pl, a, who: pl.object_finalized(a.id, a.reason or ""),
                 "the client objects to the end")
    x.add_argument("--reason")
    x = reg.pcmd("rate", lambda pl, a, who: pl.rate_provider(a.id, a.stars, a.comment or ""),
                 "the client rates the provider")
    x.add_argument("stars", type=int, choices=range(1, 6))
    x.add_argument("--comment")
