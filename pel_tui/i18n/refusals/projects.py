"""Refusals on projects, credits and offers (PR, CR, OF)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n.say import Params, Say, form
from pel_tui.i18n.voice import Voice


def _none_left(p: Params, v: Voice) -> str:
    if p.next_allotment_at:
        return _("no {kind} credit left (0); your next allotment comes on {date}").format(
            kind=v.kind(p.kind), date=v.date(p.next_allotment_at))
    return _("no {kind} credit left (0); subscribe ({action}) or buy a pack to get more").format(
        kind=v.kind(p.kind), action=v.do("subscription.subscribe"))


def _frozen(p: Params, v: Voice) -> str:
    why = {
        "suspended": _("your subscription is suspended; resume it ({action}) to spend credits"),
        "payment_incident": _("your subscription has a payment incident; settle it ({action}) to spend credits"),
        "ended": _("your subscription has ended; subscribe again ({action})"),
        "none": _("you have no subscription; subscribe first ({action})"),
    }
    action = {"suspended": "subscription.resume", "payment_incident": "subscription.settle"}.get(
        p.status, "subscription.subscribe")
    return _("credits cannot be spent: {why}").format(why=why.get(p.status, why["none"]).format(action=v.do(action)))


def _cannot(action: str) -> str:
    """What a closed project no longer lets one do."""
    return {
        "consult": pgettext("what a closed project no longer lets one do", "consult it"),
        "offer": pgettext("what a closed project no longer lets one do", "make or edit an offer on it"),
        "withdraw": pgettext("what a closed project no longer lets one do", "withdraw your offer"),
        "ask": pgettext("what a closed project no longer lets one do", "write to the client about it"),
        "contact": pgettext("what a closed project no longer lets one do", "reveal the client's contact details"),
        "stale": pgettext("what a closed project no longer lets one do", "report it as no longer current"),
    }.get(action, action)


SAYS: dict[str, Say] = {
    "project.not_found": lambda p, v: _("no project {project}").format(project=v.project(p.project_id)),
    "project.not_open": lambda p, v: _("project {project} is {status}: you can no longer {action}").format(
        project=v.project(p.project_id), status=v.status(p.status), action=_cannot(p.action)),
    "project.consult_first": lambda p, v: _(
        "consult project {project} first ({action}): every action on a project starts from its report"
    ).format(project=v.project(p.project_id), action=v.do("report.consult", project_id=p.project_id)),
    "project.title_missing": lambda p, v: _("a project needs a title and a summary"),
    "project.budget_invalid": lambda p, v: _("the budget is a range from min to max, min >= 0"),
    "project.cancel_not_open": lambda p, v: _(
        "project {project} is {status}; a client cancels only before an award"
    ).format(project=v.project(p.project_id), status=v.status(p.status)),
    "project.remove_ended": lambda p, v: _("project {project} is {status}").format(
        project=v.project(p.project_id), status=v.status(p.status)),
    "stale.none_pending": lambda p, v: _("no staleness question is pending on {project}").format(
        project=v.project(p.project_id)),
    "credits.none_left": _none_left,
    "credits.frozen": _frozen,
    "credits.unknown_kind": lambda p, v: _("unknown credit kind {kind}: one of {kinds}").format(
        kind=v.quote(p.kind), kinds=", ".join(p.kinds or [])),
    "credits.quantity_invalid": lambda p, v: _("the quantity is a positive whole number"),
    "offer.amount_invalid": lambda p, v: _("the amount must be a positive number of euros, e.g. 1500 or 1500.50"),
    "offer.amount_too_high": lambda p, v: _("the amount is above {max}; check the figure").format(
        max=v.money(p.max_cents)),
    "offer.delay_invalid": lambda p, v: _("the delay is a whole number of days from 1 to {max_days}").format(
        max_days=v.number(p.max_days)),
    "offer.message_short": lambda p, v: ngettext(
        "the message has {length} character; an offer needs at least {min_chars}: say what you will do and how",
        "the message has {length} characters; an offer needs at least {min_chars}: say what you will do and how",
        form(p.length)).format(length=v.number(p.length), min_chars=v.number(p.min_chars)),
    "offer.message_long": lambda p, v: _(
        "the message has {length} characters; an offer holds at most {max_chars}"
    ).format(length=v.number(p.length), max_chars=v.number(p.max_chars)),
    "offer.frozen": lambda p, v: _("your offer on {project} is {status}; it can no longer change").format(
        project=v.project(p.project_id), status=v.status(p.status, "offer")),
    "offer.none_live": lambda p, v: _("you have no live offer on {project}").format(
        project=v.project(p.project_id)),
    "message.empty": lambda p, v: _("the message is empty"),
    "message.too_long": lambda p, v: _("a message holds at most {max_chars} characters").format(
        max_chars=v.number(p.max_chars)),
}
