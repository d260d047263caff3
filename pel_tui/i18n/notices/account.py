"""Notifications about selections and contracts (CT-1, CT-2, CT-3), and a plan change (SU-9)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.voice import Voice


def formula(name: str) -> str:
    """CT-2: the formula the client chose, in words."""
    return {"r0": _("R0 (risk 0, escrow)"), "base": _("base")}.get(name, name)


def _selected(p: NoticeParams, v: Voice) -> tuple[str, str]:
    days = p.delay_days if isinstance(p.delay_days, int) else 2
    return (
        _("You were selected on {project} {title}").format(project=v.project(p.project_id), title=p.title),
        ngettext("Formula {formula}, {amount} in {days} day. Confirm the terms by {date} ({action}) or decline.",
                 "Formula {formula}, {amount} in {days} days. Confirm the terms by {date} ({action}) or decline.",
                 days).format(
            formula=formula(p.formula), amount=v.money(p.amount_cents), days=p.delay_days,
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
        _("The commission is paid; the contract is signed.")),
    "plan_changed": lambda p, v: (
        _("Your subscription is now {plan}").format(plan=str(p.plan).capitalize()),
        _("As you chose, the new period is {plan} at {price} HT, with its credits; {old} ended with the period "
          "before.").format(plan=str(p.plan).capitalize(), price=v.money(p.price_cents),
                            old=str(p.from_plan).capitalize())),
}
