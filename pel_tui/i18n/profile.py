"""The profile's values in words (PF-3, PF-6, PF-7, RF-1): what a profile or a certification path
lacks, the SCP's refusal reasons, legal statuses, why a promotion was not rewarded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pel_tui.i18n import _, formats, ngettext, pgettext
from pel_tui.i18n.say import form
from pel_tui.i18n.voice import Voice


def _num(value: Any) -> str:
    """A figure as a person writes it, in the reader's locale: 4.5 (fr: 4,5), 5 (not 5.0), 1,200 (fr: 1 200)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and not value.is_integer():
        return formats.decimal(value, 1)
    return formats.number(int(value))


def _count(value: Any) -> int:
    return value if isinstance(value, int) else 0


def lack(item: Mapping[str, Any]) -> str:
    """One thing a profile or a certification path lacks (a `Lack` of the engine), in words."""
    what, have, needed = item.get("what"), item.get("have"), item.get("needed")
    if what == "photo":
        return _("photo")
    if what == "description":
        return _("description of {n}+ characters").format(n=_num(needed))
    if what == "skills":
        return ngettext("{n}+ skill", "{n}+ skills", form(needed)).format(n=_num(needed))
    if what == "portfolio":
        return ngettext("{n}+ portfolio item", "{n}+ portfolio items", form(needed)).format(n=_num(needed))
    if what == "legal_identity":
        return _("legal identity")
    if what == "references":
        more = _count(needed) - _count(have)
        return ngettext("{more} more certified reference ({have} of {needed}; {pending} pending)",
                        "{more} more certified references ({have} of {needed}; {pending} pending)", more).format(
            more=_num(more), have=_num(have), needed=_num(needed), pending=_num(item.get("pending", 0)))
    if what == "projects":
        more = _count(needed) - _count(have)
        return ngettext("{more} more finalized project ({have} of {needed})",
                        "{more} more finalized projects ({have} of {needed})", more).format(
            more=_num(more), have=_num(have), needed=_num(needed))
    if what == "rating":
        if have is None:
            return _("an average rating of at least {min} (no rating yet)").format(min=_num(needed))
        return _("an average rating of at least {min} (yours: {avg})").format(min=_num(needed), avg=_num(have))
    if what == "disputes":
        return ngettext("no dispute lost in the last {months} month ({lost} lost)",
                        "no dispute lost in the last {months} months ({lost} lost)", form(item.get("months"))).format(
            months=_num(item.get("months")), lost=_num(have))
    return str(what)


def lacks(items: Any) -> list[str]:
    """Each thing lacking, in words (nothing for a value that is not a list of lacks)."""
    return [lack(i) for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def refusal_reason(reason: str | None) -> str:
    """PF-7: why the SCP refused a reference."""
    return {
        "denied": _("the client denied it"),
        "unreachable": _("the client could not be reached"),
        "not_verifiable": _("the work could not be verified"),
        "duplicate": _("it duplicates another reference"),
        "personal_relation": _("the client is a personal relation (family, employer)"),
        "own_domain": _("the client's email is on your own domain"),
    }.get(reason or "", reason or "")


def legal_status(status: str | None) -> str:
    return {"company": pgettext("a legal status", "company"),
            "micro_entreprise": pgettext("a legal status", "micro-entreprise"),
            "umbrella": pgettext("a legal status", "umbrella company")}.get(status or "", status or "")


def certification_path(path: str | None) -> str:
    """PF-6: how a provider is certified."""
    return {"references": _("by client references"), "reputation": _("by your reputation on the platform")}.get(
        path or "", path or "")


def referral_outcome(reason: str | None, note: str | None, v: Voice, *, next_at: Any = None,
                     max_rewarded: Any = None, period_months: Any = None) -> str:
    """RF-1: why a promotion was not rewarded (the checker's own words when there are some)."""
    if reason == "already_rewarded":
        return _("this URL was already rewarded; a promotion is rewarded once")
    if reason == "limit":
        text = ngettext("at most {n} rewarded promotion per {months} months",
                        "at most {n} rewarded promotions per {months} months", form(max_rewarded)).format(
            n=_num(max_rewarded), months=_num(period_months))
        if isinstance(next_at, datetime):
            next_at = int(next_at.timestamp())
        if isinstance(next_at, int):
            text += _("; the next can be rewarded from {date}").format(date=v.date(next_at))
        return text
    return note or _("the platform could not verify the promotion")
