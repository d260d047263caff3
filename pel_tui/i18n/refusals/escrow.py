"""Refusals on the escrow of R0 contracts (ES) and on the project's end and ratings (FO)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n.say import Params, Say, form
from pel_tui.i18n.voice import Voice


def side(s: str) -> str:
    """A side of a contract in words."""
    return {"provider": pgettext("side of a contract", "provider"),
            "client": pgettext("side of a contract", "client")}.get(s, s)


def _unfunded(p: Params, v: Voice) -> str:
    action = {"start": "escrow.start_unfunded"}.get(p.verb, "escrow.deliver_unfunded")
    return _(
        "tranche {tranche} ({label}) is funded {funded} of {amount}: work only on the funded part. The SMA "
        "never pays for work on an unfunded part. Confirm anyway with {action}."
    ).format(tranche=p.tranche, label=p.label, funded=v.money(p.funded_cents), amount=v.money(p.amount_cents),
             action=v.do(action, project_id=p.project_id, tranche=p.tranche))


def _no_contract(p: Params, v: Voice) -> str:
    if p.mine:
        return _("no contract of yours is under way on {project}").format(project=v.project(p.project_id))
    return _("no contract is under way on {project}").format(project=v.project(p.project_id))


def _no_tranche(p: Params, v: Voice) -> str:
    if p.tranches:
        return _("no tranche {tranche}; tranches: {tranches}").format(
            tranche=p.tranche, tranches=", ".join(str(t) for t in p.tranches))
    return _("no tranche {tranche}").format(tranche=p.tranche)


def _frozen(p: Params, v: Voice) -> str:
    if p.action == "deposit":
        return _("a dispute is open: no deposit until it ends")
    if p.action == "release":
        return _("a dispute is open: held funds are frozen")
    return _("a dispute is open: held funds are frozen until it ends")


SAYS: dict[str, Say] = {
    "escrow.tranche_unfunded": _unfunded,
    "escrow.no_contract": _no_contract,
    "escrow.base_formula": lambda p, v: _(
        "{project} is under the base formula: the platform is out of the project after the commission, so "
        "there is no escrow account and no payment request; payment is agreed directly with the client"
    ).format(project=v.project(p.project_id)),
    "escrow.awaiting_commission": lambda p, v: _(
        "{project} starts once the commission is paid; the escrow opens then").format(project=v.project(p.project_id)),
    "escrow.no_tranche": _no_tranche,
    "escrow.not_in_progress": lambda p, v: _("the contract on {project} is {status}").format(
        project=v.project(p.project_id), status=v.status(p.status, "contract")),
    "escrow.frozen": _frozen,
    "escrow.reason_missing": lambda p, v: _("say why the dispute is opened"),
    "escrow.dispute_already_open": lambda p, v: _("a dispute is already open on {project}").format(
        project=v.project(p.project_id)),
    "escrow.no_open_dispute": lambda p, v: _("no open dispute on {project}").format(project=v.project(p.project_id)),
    "escrow.not_the_filer": lambda p, v: _("only the {side}, who opened the dispute, can withdraw it").format(
        side=side(p.opened_by)),
    "escrow.no_proposal": lambda p, v: _("no settlement proposal awaits an answer on {project}").format(
        project=v.project(p.project_id)),
    "escrow.refund_invalid": lambda p, v: _("a refund is between {min} and what is held ({held})").format(
        min=v.money(1), held=v.money(p.held_cents)),
    "escrow.release_invalid": lambda p, v: _("a release is between {min} and what is held ({held})").format(
        min=v.money(1), held=v.money(p.held_cents)),
    "escrow.deposit_above_amount": lambda p, v: _(
        "deposits never exceed the contract amount: {remaining} can still be deposited").format(
        remaining=v.money(p.remaining_cents)),
    "escrow.tranches_invalid": lambda p, v: _(
        "tranches are positive amounts adding up to the contract's {amount}").format(amount=v.money(p.amount_cents)),
    "escrow.tranches_after_deposit": lambda p, v: _("tranches are set before the first deposit"),
    "escrow.no_deliverable_pending": lambda p, v: _("no deliverable awaits the client's answer on {project}").format(
        project=v.project(p.project_id)),
    "escrow.proposal_above_cap": lambda p, v: _("a proposal splits at most the cap of {cap}").format(
        cap=v.money(p.cap_cents)),
    "escrow.outcome_above_cap": lambda p, v: _(
        "an outcome splits at most the cap of {cap} (held when the dispute opened)").format(cap=v.money(p.cap_cents)),
    "finalize.not_in_progress": lambda p, v: _(
        "the contract on {project} is {status}; only a contract in progress can be declared finalized").format(
        project=v.project(p.project_id), status=v.status(p.status, "contract")),
    "finalize.not_declared": lambda p, v: _("the provider has not declared {project} finalized").format(
        project=v.project(p.project_id)),
    "rating.not_finalized": lambda p, v: _("{project} is not finalized yet: ratings come after the end").format(
        project=v.project(p.project_id)),
    "rating.window_closed": lambda p, v: ngettext(
        "the {days}-day rating window closed on {date}", "the {days}-day rating window closed on {date}",
        form(p.window_days)).format(days=v.number(p.window_days), date=v.date(p.closed_at)),
    "rating.stars_invalid": lambda p, v: _("a rating is 1 to 5 stars"),
    "rating.already_given": lambda p, v: _("you already rated this project; a rating is given once"),
    "progress.not_in_progress": lambda p, v: _(
        "the contract on {project} is {status}; progress is reported while a contract is in progress").format(
        project=v.project(p.project_id), status=v.status(p.status, "contract")),
    "progress.end_declared": lambda p, v: _(
        "you declared {project} finalized on {date}: Suivi Projet asks for no more progress reports").format(
        project=v.project(p.project_id), date=v.date(p.declared_at)),
    "progress.text_missing": lambda p, v: _("say how the project is going"),
}
