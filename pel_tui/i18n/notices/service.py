"""Notifications from the platform's rules: selections revoked, subscriptions, Suivi Projet, payments, the SCP."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.say import form
from pel_tui.i18n.voice import Voice


def _ended(p: NoticeParams, v: Voice) -> tuple[str, str]:
    if p.reason == "incident":
        return (_("Your subscription has ended after a payment incident"),
                _("The renewal was not settled within the grace period; the amount stays due."))
    return _("Your subscription has ended"), _("It ended at the end of the paid period, as you asked.")


def _reference_expired(p: NoticeParams, v: Voice) -> tuple[str, str]:
    left = int(p.sends_left or 0)
    body = ngettext("No answer within {days} day.", "No answer within {days} days.", form(p.expiry_days)).format(
        days=v.number(p.expiry_days)) + " "
    if left > 0:
        body += ngettext("You can re-send it ({n} send left): {action}.",
                         "You can re-send it ({n} sends left): {action}.", left).format(
            n=v.number(left), action=v.do("profile.reference_resend", reference_id=p.reference_id))
    else:
        body += _("No send is left for this reference.")
    return _("Reference request to {client} expired").format(client=p.client), body


def _progress_request(p: NoticeParams, v: Voice) -> tuple[str, str]:
    """FO-1: a request, which says when the provider last reported, and how to answer it."""
    body = _("Suivi Projet asks how the project is going.")
    if p.last_report_at is not None:
        body += " " + _("Your last report was on {date}.").format(date=v.date(p.last_report_at))
    body += " " + _("Answer it: {action}.").format(action=v.do("escrow.progress", project_id=p.project_id))
    return _("Progress report requested on {project}").format(project=v.project(p.project_id)), body


NOTICES: dict[str, Notice] = {
    "selection_revoked": lambda p, v: (
        _("Selection on {project} revoked").format(project=v.project(p.project_id)),
        ngettext("You did not confirm the terms within {days} day: your offer is revoked and the project is open "
                 "to offers again.",
                 "You did not confirm the terms within {days} days: your offer is revoked and the project is open "
                 "to offers again.", form(p.confirm_days)).format(days=v.number(p.confirm_days))),
    "subscription_resumed": lambda p, v: (
        _("Your subscription is active again"),
        ngettext("Your period and credit expiries moved out by {n} day.",
                 "Your period and credit expiries moved out by {n} days.", form(p.days)).format(n=v.number(p.days))),
    "subscription_ended": _ended,
    "payment_incident": lambda p, v: (
        _("Payment incident on your subscription"),
        ngettext("The renewal charge of {amount} failed; credits are frozen until it is settled ({action}). After "
                 "{days} day the subscription ends and the amount stays due.",
                 "The renewal charge of {amount} failed; credits are frozen until it is settled ({action}). After "
                 "{days} days the subscription ends and the amount stays due.", form(p.grace_days)).format(
            amount=v.money(p.amount_cents), action=v.do("subscription.settle"), days=v.number(p.grace_days))),
    "renewal_notice": lambda p, v: (
        _("Your {plan} subscription renews on {date}").format(plan=v.plan(p.plan), date=v.date(p.renews_at)),
        _("It renews tacitly for {price} excl. VAT. To stop it, cancel before that date ({action}).").format(
            price=v.money(p.price_cents), action=v.do("subscription.cancel"))),
    "finalized": lambda p, v: (
        _("{project} is finalized").format(project=v.project(p.project_id)),
        ngettext("Rate the client within {days} day ({action}).", "Rate the client within {days} days ({action}).",
                 form(p.rating_days)).format(days=v.number(p.rating_days),
                                             action=v.do("escrow.rate", project_id=p.project_id))),
    "client_reminded": lambda p, v: (
        _("Suivi Projet reminded the client on {project}").format(project=v.project(p.project_id)),
        ngettext("Your deliverable has waited {days} day for a release or a change request.",
                 "Your deliverable has waited {days} days for a release or a change request.",
                 form(p.waited_days)).format(days=v.number(p.waited_days))),
    "progress_request": _progress_request,
    "payment_paid": lambda p, v: (
        _("Payment {number} paid: {amount}").format(number=p.invoice_number, amount=v.money(p.amount_cents)),
        _("The bank transfer for {project} left on {date}.").format(project=v.project(p.project_id),
                                                                    date=v.date(p.paid_at))),
    "reference_expired": _reference_expired,
}
