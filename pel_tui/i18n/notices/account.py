"""Notifications about selections and contracts (CT-1, CT-2, CT-3), and a plan change (SU-9)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.say import form
from pel_tui.i18n.voice import Voice


def _selected(p: NoticeParams, v: Voice) -> tuple[str, str]:
    """CT-1, CT-2: the terms, and the formula the client chose."""
    return (
        _("You were selected on {project} {title}").format(project=v.project(p.project_id), title=p.title),
        ngettext("{formula}: {amount} in {days} day. Confirm the terms by {date} ({action}) or decline.",
                 "{formula}: {amount} in {days} days. Confirm the terms by {date} ({action}) or decline.",
                 form(p.delay_days)).format(
            formula=v.formula(p.formula), amount=v.money(p.amount_cents), days=v.number(p.delay_days),
            date=v.date(p.confirm_by),
            action=v.do("offers.confirm", project_id=p.project_id)),
    )


NOTICES: dict[str, Notice] = {
    "selected": _selected,
    "terms_to_confirm": lambda p, v: (
        _("Terms to confirm on {project}").format(project=v.project(p.project_id)),
        _("Confirm by {date}.").format(date=v.date(p.confirm_by))),
    "project_started": lambda p, v: (
        _("Project {project} is in progress").format(project=v.project(p.project_id)),
        _("{formula}. The commission is paid; the contract is signed.").format(formula=v.formula(p.formula))),
    "plan_changed": lambda p, v: (
        _("Your subscription is now {plan}").format(plan=v.plan(p.plan)),
        _("As you chose, the new period is {plan} at {price} excl. VAT, with its credits; {old} ended with the "
          "period before.").format(plan=v.plan(p.plan), price=v.money(p.price_cents), old=v.plan(p.from_plan))),
}
