"""Notifications about references, certification and referrals (PF-6, PF-7, RF-1)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.profile import certification_path, referral_outcome, refusal_reason
from pel_tui.i18n.say import form
from pel_tui.i18n.voice import Voice


def _sent(p: NoticeParams, v: Voice) -> tuple[str, str]:
    return (_("Reference request sent to {client}").format(client=p.client),
            _("The SCP emailed {email} (send {n} of {max}); without an answer by {date} it expires.").format(
                email=p.email, n=v.number(p.send), max=v.number(p.max_sends), date=v.date(p.expires_at)))


def _refused(p: NoticeParams, v: Voice) -> tuple[str, str]:
    title = _("Reference from {client} refused").format(client=p.client)
    if p.reason == "own_domain":
        return title, _("The SCP refused it: {why} ({domain}). A reference comes from a client, at the client's "
                        "own address.").format(why=refusal_reason(p.reason), domain=p.domain)
    return title, _("The SCP refused it: {why}.").format(why=refusal_reason(p.reason))


def _rewarded(p: NoticeParams, v: Voice) -> tuple[str, str]:
    return (ngettext("{n} offer credit for your promotion", "{n} offer credits for your promotion",
                     form(p.credits)).format(n=v.number(p.credits)),
            _("Thank you for promoting the platform: {url}").format(url=p.url))


def _not_rewarded(p: NoticeParams, v: Voice) -> tuple[str, str]:
    why = referral_outcome(p.reason, p.note, v, next_at=p.next_at, max_rewarded=p.max_rewarded,
                           period_months=p.period_months)
    return _("Your promotion was not rewarded"), _("{url}: {why}").format(url=p.url, why=why)


NOTICES: dict[str, Notice] = {
    "reference_sent": _sent,
    "reference_confirmed": lambda p, v: (
        _("Reference from {client} certified").format(client=p.client),
        _("The client confirmed your work; the SCP certified the reference.")),
    "reference_refused": _refused,
    "certified": lambda p, v: (
        _("You are a Prestataire Certifié"),
        _("Certified {how}. Save your badge: {action}.").format(how=certification_path(p.path),
                                                                 action=v.do("profile.badge"))),
    "referral_rewarded": _rewarded,
    "referral_refused": _not_rewarded,
}
