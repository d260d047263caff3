"""Notifications about projects, offers and credits (PR, OF, CR)."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.say import form
from pel_tui.i18n.voice import Voice


def _lost(p: NoticeParams, v: Voice) -> tuple[str, str]:
    title = _("Offer lost on {project} {title}").format(project=v.project(p.project_id), title=p.title)
    rec = p.recommendations
    if p.reason == "another_won" and rec:
        lo, hi = rec.get("price_range_cents") or [0, 0]
        read = (_("The client read your offer.") if rec.get("your_offer_was_read")
                else _("The client did not read your offer."))
        completeness = rec.get("profile_completeness")
        body = _(
            "Competitors offered {range}. {read} You answered after {yours} h (the winner after {winner} h). "
            "Profile completeness: {completeness}."
        ).format(range=v.budget(lo, hi), read=read, yours=v.number(rec.get("your_answer_hours")),
                 winner=v.number(rec.get("winner_answer_hours")),
                 completeness=v.percent(completeness / 100) if isinstance(completeness, int | float) else "—")
    elif p.reason == "expired":
        body = _("The project expired without an award.")
    else:
        body = _("The project was {status}.").format(status=v.status(p.reason))
    return title, body


def _refunded(p: NoticeParams, v: Voice) -> tuple[str, str]:
    kinds = list(p.kinds or [])
    if p.reason == "duplicate":
        return (_("Duplicate {kind} credit refunded on {project}").format(kind=v.kinds(kinds),
                                                                          project=v.project(p.project_id)),
                _("A second credit of the same kind was taken on this project; it came back."))
    return (_("Credits refunded for {project}").format(project=v.project(p.project_id)),
            ngettext("The project was {status}: your {kinds} credit came back.",
                     "The project was {status}: your {kinds} credits came back.", len(kinds)).format(
                status=v.status(p.reason), kinds=v.kinds(kinds)))


def _expiring(p: NoticeParams, v: Voice) -> tuple[str, str]:
    return (ngettext("{n} {kind} credit expires on {date}", "{n} {kind} credits expire on {date}",
                     form(p.remaining)).format(n=v.number(p.remaining), kind=v.kind(p.kind), date=v.date(p.expires_at)),
            _("Credits are spent soonest-expiring first."))


def _digest(p: NoticeParams, v: Voice) -> tuple[str, str]:
    n = len(p.projects or [])
    titles = p.titles or []
    lines = [f"{v.project(pid)} {t}" for pid, t in zip(p.projects or [], titles, strict=False)]
    return ngettext("Digest: {n} new project for you", "Digest: {n} new projects for you", n).format(
        n=v.number(n)), \
        "\n".join(lines)


NOTICES: dict[str, Notice] = {
    "lost": _lost,
    "offer_read": lambda p, v: (
        _("The client read your offer on {project}").format(project=v.project(p.project_id)),
        _("{title} (version {version})").format(title=p.title, version=p.version)),
    "message": lambda p, v: (_("New message on {project}").format(project=v.project(p.project_id)), p.excerpt),
    "credits_refunded": _refunded,
    "credits_expiring": _expiring,
    "digest": _digest,
}
