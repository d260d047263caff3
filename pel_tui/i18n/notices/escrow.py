"""Notifications about the escrow of R0 contracts (ES) and the project's end (FO).

Suivi Projet's reminders, progress requests and the end itself (`client_reminded`,
`progress_request`, `finalized`) are said with the other rules' notices, in `service.py`.
"""

from __future__ import annotations

from pel_tui.i18n import _
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.refusals.escrow import side
from pel_tui.i18n.voice import Voice


def _deposit(p: NoticeParams, v: Voice) -> tuple[str, str]:
    title = _("Deposit of {amount} on {project}").format(amount=v.money(p.amount_cents), project=v.project(p.project_id))
    if p.tranche:
        return title, _("The escrow account now holds {held}; tranche {tranche} funded.").format(
            held=v.money(p.held_cents), tranche=p.tranche)
    return title, _("The escrow account now holds {held}.").format(held=v.money(p.held_cents))


def _dispute(p: NoticeParams, v: Voice) -> tuple[str, str]:
    """A step of a dispute (ES-6): opened, withdrawn, proposed, then settled or decided."""
    project = v.project(p.project_id)
    split = {"to_provider": v.money(p.to_provider_cents), "to_client": v.money(p.to_client_cents)}
    if p.step == "opened":
        return (_("Dispute opened on {project} by the {side}").format(project=project, side=side(p.opened_by)),
                _("{reason}\nThe SMA's liability is capped at {cap}, held now; funds are frozen.").format(
                    reason=p.reason, cap=v.money(p.cap_cents)))
    if p.step == "withdrawn":
        return _("Dispute on {project} withdrawn").format(project=project), ""
    if p.step == "proposed":
        return (_("The SMA proposes a settlement on {project}").format(project=project),
                _("{to_provider} to you, {to_client} to the client. Accept with {action}.").format(
                    **split, action=v.do("escrow.accept", project_id=p.project_id)))
    outcome = _("{to_provider} released to you, {to_client} refunded to the client.").format(**split)
    if p.step == "settled":
        return _("Dispute on {project} settled by agreement").format(project=project), outcome
    if p.step == "decided":
        return _("Dispute on {project} decided by the SMA").format(project=project), outcome
    return _("Dispute on {project}").format(project=project), ""


NOTICES: dict[str, Notice] = {
    "escrow_deposit": _deposit,
    "escrow_release": lambda p, v: (
        _("{amount} released on {project}").format(amount=v.money(p.amount_cents), project=v.project(p.project_id)),
        _("Available for a payment request: {available} ({action}).").format(
            available=v.money(p.available_cents), action=v.do("payments.submit", project_id=p.project_id))),
    "changes_requested": lambda p, v: (
        _("Changes requested on {project}").format(project=v.project(p.project_id)),
        p.note or _("The client asks for changes to your deliverable.")),
    "dispute": _dispute,
    "finalize_objection": lambda p, v: (
        _("The client objects: {project} is not finished").format(project=v.project(p.project_id)),
        p.reason or _("The client does not confirm the end.")),
}
