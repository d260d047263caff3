"""The command line's verbs of the escrow (ES) and the project's end (FO), and the client's and the SMA's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.cli import words
from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    emit,
    euros_to_cents,
    positive_int,
    project_id,
    record,
    stars,
    table,
)
from pel_tui.cli.projects import rating
from pel_tui.i18n import _, pgettext
from pel_tui.i18n import formats as fmt


def _escrow_text(v: Any) -> str:
    f = v.figures
    m = fmt.money
    out = [
        _("#{project} {title} · formula R0 · contract {amount} · {state}").format(
            project=v.project_id, title=v.project_title, amount=m(v.amount_cents),
            state=words.contract_state(v.contract_status))
        + ("  ⚠ " + _("dispute open: funds frozen") if v.frozen else ""),
        _("deposited {deposited} = held {held} + released {released} + refunded {refunded}").format(
            deposited=m(f.deposited_cents), held=m(f.held_cents), released=m(f.released_cents),
            refunded=m(f.refunded_cents)),
        _("released {released} = available {available} + requested {requested} + paid {paid}").format(
            released=m(f.released_cents), available=m(f.available_cents), requested=m(f.requested_cents),
            paid=m(f.paid_cents)),
        "",
        _("Tranches:"),
    ]
    for t in v.tranches:
        state = (pgettext("tranche", "funded") if t.funded else
                 _("NOT FUNDED ({funded} of {amount})").format(funded=m(t.funded_cents), amount=m(t.amount_cents)))
        out.append("  " + _("{number}. {label}: {amount}, {state}").format(
            number=t.number, label=t.label, amount=m(t.amount_cents), state=state)
            + (", " + _("delivery {state}").format(state=words.deliverable_state(t.delivery)) if t.delivery else ""))
    if v.deliverables:
        out.append(_("Deliverables:"))
        for d in v.deliverables:
            out.append("  " + _("tranche {number} on {date}: {state}").format(
                number=d.tranche, date=fmt.when(d.submitted_at), state=words.deliverable_state(d.status))
                + (" " + _("(unfunded when delivered)") if d.unfunded else ""))
    for d in v.disputes:
        opened = (_("Dispute opened by the client on {date}: {state}, cap {cap} — {reason}") if d.opened_by == "client"
                  else _("Dispute opened by you on {date}: {state}, cap {cap} — {reason}"))
        out.append(opened.format(date=fmt.when(d.opened_at), state=words.dispute_state(d.status), cap=m(d.cap_cents),
                                 reason=d.reason))
        if d.proposal_provider_cents is not None:
            out.append("  " + _("proposal: {provider} to you, {client} to the client").format(
                provider=m(d.proposal_provider_cents), client=m(d.proposal_client_cents)))
        if d.outcome_provider_cents is not None:
            out.append("  " + _("outcome: {provider} to you, {client} to the client").format(
                provider=m(d.outcome_provider_cents), client=m(d.outcome_client_cents)))
    if v.finalize_declared_at and not v.finalized_at:
        out.append(_("Declared finalized on {date}; awaiting the client").format(date=fmt.when(v.finalize_declared_at)))
    for r in v.ratings:
        out.append(rating(r))
    return "\n".join(out)


def cmd_escrow(s: Session, a: argparse.Namespace) -> None:
    if a.id is None:
        views = s.mp.escrows()
        if a.json:
            emit(a, views)
            return
        rows = [[f"#{v.project_id}", _cut(v.project_title, 40), fmt.money(v.amount_cents),
                 fmt.money(v.figures.held_cents), fmt.money(v.figures.available_cents), fmt.money(v.figures.paid_cents),
                 _("frozen (dispute)") if v.frozen else words.contract_state(v.contract_status)] for v in views]
        print(table(rows, [pgettext("column", "project"), pgettext("column", "title"), pgettext("column", "amount"),
                           pgettext("column", "held"), pgettext("column", "available"), pgettext("column", "paid"),
                           pgettext("column", "state")]))
        return
    v = s.mp.escrow(a.id)
    if a.json:
        # ES-4's terms at the top level, as `*_cents` fields.
        emit(a, {"project_id": v.project_id, **(record(v.figures) or {}), "view": v})
        return
    print(_escrow_text(v))


def _started(r: dict[str, Any]) -> str:
    return (_("Work on tranche {number} of #{project} started, though it is not funded") if r["unfunded"]
            else _("Work on tranche {number} of #{project} started")).format(number=r["tranche"], project=r["project_id"])


def _settlement(r: dict[str, Any]) -> str:
    if r["applied"]:
        return _("Settlement accepted on #{project}: both sides agreed, it is applied").format(project=r["project_id"])
    return _("Settlement accepted on #{project}; it applies once the client accepts it too").format(
        project=r["project_id"])


def add_commands(reg: Registry) -> None:
    sp = reg.cmd("escrow", cmd_escrow, _("the internal account of an R0 project (every figure), or all of them"))
    sp.add_argument("id", type=project_id, nargs="?", metavar=_("ID"), help=_("project id (48213 or #48213)"))

    sp = reg.cmd("start", lambda s, a: emit(a, s.mp.start_tranche(a.id, a.tranche, a.unfunded_ok), _started),
                 _("mark work on a tranche as started (warned when it is not funded)"))
    reg.with_id(sp)
    sp.add_argument("--tranche", type=positive_int, default=1, metavar="N", help=_("the tranche (default: 1)"))
    sp.add_argument("--unfunded-ok", action="store_true", help=_("go ahead on an unfunded tranche"))

    sp = reg.cmd("deliver", lambda s, a: emit(a, s.mp.deliver(a.id, a.tranche, a.note or "", a.unfunded_ok),
                                              lambda r: _("Deliverable for tranche {number} submitted").format(
                                                  number=r["tranche"])),
                 _("submit a deliverable for a tranche"))
    reg.with_id(sp)
    sp.add_argument("--tranche", type=positive_int, default=1, metavar="N", help=_("the tranche (default: 1)"))
    sp.add_argument("--note", metavar=_("TEXT"), help=_("a note for the client"))
    sp.add_argument("--unfunded-ok", action="store_true", help=_("deliver on an unfunded tranche anyway"))

    sp = reg.cmd("dispute", lambda s, a: emit(a, s.mp.open_dispute(a.id, a.reason), lambda r: (
        _("Dispute opened; the SMA's liability is capped at {cap}, held now").format(cap=fmt.money(r["cap_cents"])))),
        _("open a dispute with the SMA (mediation)"))
    reg.with_id(sp)
    sp.add_argument("--reason", required=True, metavar=_("TEXT"), help=_("what goes wrong"))
    sp = reg.cmd("dispute-withdraw", lambda s, a: emit(a, s.mp.withdraw_dispute(a.id), lambda r: (
        _("Dispute on #{project} withdrawn").format(project=r["project_id"]))), _("withdraw your dispute"))
    reg.with_id(sp)
    sp = reg.cmd("dispute-accept", lambda s, a: emit(a, s.mp.accept_settlement(a.id), _settlement),
                 _("accept the SMA's settlement proposal"))
    reg.with_id(sp)
    sp = reg.cmd("refund", lambda s, a: emit(a, s.mp.agree_refund(a.id, a.amount), lambda r: (
        _("{amount} refunded to the client on #{project}").format(
            amount=fmt.money(r["refunded_cents"]), project=r["project_id"]))),
        _("agree to refund the client (mutual cancellation)"))
    reg.with_id(sp)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    sp = reg.cmd("finalize", lambda s, a: emit(a, s.mp.declare_finalized(a.id), lambda r: (
        _("Declared finalized; the client confirms or is deemed to by {date}").format(
            date=fmt.day(r["client_answer_by"])))),
        _("declare the project finalized"))
    reg.with_id(sp)
    sp = reg.cmd("progress", lambda s, a: emit(a, s.mp.report_progress(a.id, " ".join(a.text)), lambda r: (
        _("Progress report sent on #{project}; Suivi Projet asks again on {date}").format(
            project=r["project_id"], date=fmt.day(r["next_request_at"]))
        if r["next_request_at"] else _("Progress report sent on #{project}").format(project=r["project_id"]))),
        _("answer Suivi Projet's progress request on a project in progress"))
    reg.with_id(sp)
    sp.add_argument("text", nargs="+", metavar=_("TEXT"))
    sp = reg.cmd("rate", lambda s, a: emit(a, s.mp.rate_client(a.id, a.stars, a.comment or ""), lambda r: (
        _("You rated the client of #{project}: {stars}").format(
            project=r["project_id"], stars="★" * r["stars"] + "☆" * (5 - r["stars"])))),
        _("rate the client, 1 to 5 stars, once"))
    reg.with_id(sp)
    sp.add_argument("stars", type=stars, metavar=_("STARS"), help=_("1 to 5"))
    sp.add_argument("--comment", metavar=_("TEXT"))

    # -- the client, the SMA and accounting --
    x = reg.pcmd("deposit", lambda pl, a, who: pl.deposit(a.id, a.amount, a.tranche), _("the client deposits"))
    x.add_argument("amount", type=euros_to_cents, metavar="EUR")
    x.add_argument("--tranche", type=positive_int, metavar="N")
    x = reg.pcmd("release", lambda pl, a, who: pl.release(a.id, a.amount, a.tranche), _("the client releases funds"))
    x.add_argument("amount", type=euros_to_cents, metavar="EUR")
    x.add_argument("--tranche", type=positive_int, metavar="N")
    x = reg.pcmd("tranches", lambda pl, a, who: pl.set_tranches(a.id, a.amounts),
                 _("the contract's tranches (they add up to its amount)"))
    x.add_argument("amounts", type=euros_to_cents, nargs="+", metavar="EUR")
    x = reg.pcmd("request-changes", lambda pl, a, who: pl.request_changes(a.id, a.note or ""),
                 _("the client asks for changes on the latest deliverable"))
    x.add_argument("--note", metavar=_("TEXT"))
    x = reg.pcmd("dispute", lambda pl, a, who: pl.client_dispute(a.id, a.reason), _("the client opens a dispute"))
    x.add_argument("--reason", required=True, metavar=_("TEXT"))
    reg.pcmd("dispute-withdraw", lambda pl, a, who: pl.client_withdraw_dispute(a.id),
             _("the client withdraws its dispute"))
    reg.pcmd("dispute-accept", lambda pl, a, who: pl.client_accept_settlement(a.id),
             _("the client accepts the SMA's proposal"))
    x = reg.pcmd("sma-propose", lambda pl, a, who: pl.sma_propose(a.id, a.to_provider, a.to_client),
                 _("the SMA proposes a settlement"))
    x.add_argument("to_provider", type=euros_to_cents, metavar=_("PROVIDER_EUR"))
    x.add_argument("to_client", type=euros_to_cents, metavar=_("CLIENT_EUR"))
    x = reg.pcmd("sma-decide", lambda pl, a, who: pl.sma_decide(a.id, a.to_provider, a.to_client),
                 _("the SMA decides the dispute"))
    x.add_argument("to_provider", type=euros_to_cents, metavar=_("PROVIDER_EUR"))
    x.add_argument("to_client", type=euros_to_cents, metavar=_("CLIENT_EUR"))
    reg.pcmd("confirm-final", lambda pl, a, who: pl.confirm_finalized(a.id), _("the client confirms the end"))
    x = reg.pcmd("object-final", lambda pl, a, who: pl.object_finalized(a.id, a.reason or ""),
                 _("the client objects to the end"))
    x.add_argument("--reason", metavar=_("TEXT"))
    x = reg.pcmd("rate", lambda pl, a, who: pl.rate_provider(a.id, a.stars, a.comment or ""),
                 _("the client rates the provider"))
    x.add_argument("stars", type=stars, metavar=_("STARS"), help=_("1 to 5"))
    x.add_argument("--comment", metavar=_("TEXT"))
