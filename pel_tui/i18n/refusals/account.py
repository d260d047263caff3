"""Refusals on selections, contracts, the subscription and the account (CT, SU, PF-1, PF-2, PF-4)."""

from __future__ import annotations

from typing import Any

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.say import Params, Say, form
from pel_tui.i18n.voice import Voice


def _months(n: Any, v: Voice) -> str:
    return ngettext("{n} month", "{n} months", form(n)).format(n=v.number(n))


def _commission(p: Params, v: Voice) -> str:
    return _(
        "the client asks you to pay the connection commission of {amount}; confirm with your explicit agreement "
        "({action}) or decline"
    ).format(amount=v.money(p.commission_cents), action=v.do("offers.confirm_commission", project_id=p.project_id))


def _suspension_length(p: Params, v: Voice) -> str:
    return _("a suspension lasts {min} to {max}").format(
        min=v.number(p.min_months), max=_months(p.max_months, v))


def _too_soon(p: Params, v: Voice) -> str:
    return _("one suspension per {period}; the next one is possible from {date}").format(
        period=_months(p.every_months, v), date=v.date(p.possible_at))


SAYS: dict[str, Say] = {
    # -- selections and contracts (CT) --
    "contract.none_awaiting": lambda p, v: _("no selection of yours awaits confirmation on {project}").format(
        project=v.project(p.project_id)),
    "contract.commission_needs_agreement": _commission,
    "contract.no_commission_due": lambda p, v: _("no confirmed contract awaits its commission on {project}").format(
        project=v.project(p.project_id)),
    "contract.amount_invalid": lambda p, v: _("the amount must be positive"),
    "contract.not_confirmed": lambda p, v: _("no confirmed contract on {project}").format(
        project=v.project(p.project_id)),
    "contract.below_deposits": lambda p, v: _(
        "{amount} is already deposited; the amount cannot go below it").format(amount=v.money(p.deposited_cents)),
    "selection.formula_invalid": lambda p, v: _("the formula is {formulas}").format(
        formulas=_(" or ").join(p.formulas or [])),
    "selection.payer_invalid": lambda p, v: _("the commission is paid by the client or the provider"),
    "selection.project_not_open": lambda p, v: _(
        "project {project} is {status}; only a project open to offers can be awarded").format(
        project=v.project(p.project_id), status=v.status(p.status)),
    "selection.no_live_offer": lambda p, v: _("{provider} has no live offer on {project}").format(
        provider=p.provider, project=v.project(p.project_id)),
    # -- the subscription (SU) --
    "subscription.unknown_plan": lambda p, v: _("no plan {plan}; plans: {plans}").format(
        plan=v.quote(p.plan), plans=", ".join(p.plans or [])),
    "subscription.confirmation_mismatch": lambda p, v: _(
        "the confirmation text does not match; type exactly: {sentence}").format(sentence=p.sentence),
    "subscription.already_live": lambda p, v: _("you already have a {plan} subscription ({status})").format(
        plan=v.plan(p.plan), status=v.status(p.status, "subscription")),
    "subscription.amount_due": lambda p, v: _(
        "{amount} from a past subscription is still due; settle it first ({action})").format(
        amount=v.money(p.amount_cents), action=v.do("subscription.settle")),
    "subscription.none_live": lambda p, v: _("you have no live subscription"),
    "subscription.suspension_length": _suspension_length,
    "subscription.not_active": lambda p, v: _(
        "your subscription is {status}; only an active one can be suspended").format(
        status=v.status(p.status, "subscription")),
    "subscription.suspension_too_soon": _too_soon,
    "subscription.not_suspended": lambda p, v: _("your subscription is not suspended"),
    "subscription.nothing_due": lambda p, v: _("nothing is due"),
    "subscription.card_declined": lambda p, v: _(
        "the payment was declined again; update your payment method and retry"),
    "subscription.same_plan": lambda p, v: _(
        "you are already on {plan}; to undo a plan change, keep your plan ({action})").format(
        plan=v.plan(p.plan), action=v.do("subscription.keep_plan")),
    "subscription.no_renewal": lambda p, v: _(
        "you cancelled your subscription: it ends on {date} and has no next period to change the plan of; "
        "subscribe again once it has ended").format(date=v.date(p.active_until)),
    "subscription.plan_change_blocked": lambda p, v: _(
        "your subscription is {status}: settle what is due first ({action}), then choose the next plan").format(
        status=v.status(p.status, "subscription"), action=v.do("subscription.settle")),
    "subscription.no_plan_change": lambda p, v: _(
        "no plan change is waiting: your subscription renews on {plan}").format(plan=v.plan(p.plan)),
    "platform_invoice.not_found": lambda p, v: _("no invoice {number}; list them with {action}").format(
        number=p.number, action=v.do("subscription.invoices")),
    # -- the account (PF-2, PF-4, SU-7) --
    "account.confirm_pseudo": lambda p, v: _("type your pseudo ({pseudo}) to confirm the deletion").format(
        pseudo=p.pseudo),
    "account.pseudo_invalid": lambda p, v: _("a pseudo has 3 to 30 characters among a-z, 0-9, _ and -"),
    "account.pseudo_taken": lambda p, v: _("the pseudo {pseudo} is taken; choose another").format(
        pseudo=v.quote(p.pseudo)),
    "account.country_not_allowed": lambda p, v: _(
        "providers can sign up from {countries}; {country} is not among them").format(
        countries=", ".join(p.countries or []), country=v.quote(p.country)),
}
