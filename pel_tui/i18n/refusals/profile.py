"""Refusals on the profile, images, the portfolio, references, the badge and referrals (PF, RF)."""

from __future__ import annotations

import os
from typing import Any

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.profile import lacks
from pel_tui.i18n.say import Params, Say
from pel_tui.i18n.voice import Voice

MB = 1_048_576


def _mb(n: Any, spec: str = "g") -> str:
    return format(n / MB, spec) if isinstance(n, int | float) else str(n)


def _os_error(errno: Any) -> str:
    return os.strerror(errno) if isinstance(errno, int) else _("unknown error")


def _field(name: str) -> str:
    """A text field of the profile, a portfolio item or a reference, in words."""
    return {
        "display_name": _("display name"), "headline": _("headline"), "description": _("description"),
        "legal_name": _("legal name"), "address": _("address"), "title": _("title"),
        "client_name": _("client's name"), "work": _("description of the work"),
    }.get(name, str(name).replace("_", " "))


def _image(sentence: str, p: Params, **values: Any) -> str:
    return _("image refused: {name!r} {why}").format(name=p.name, why=sentence.format(**values))


def _too_large(p: Params, v: Voice) -> str:
    if p.size_bytes is None:  # the file grew while it was read
        return _image(_("is above the {limit} MB limit"), p, limit=_mb(p.max_bytes))
    return _image(_("is {size} MB, above the {limit} MB limit"), p, size=_mb(p.size_bytes, ".1f"),
                  limit=_mb(p.max_bytes))


def _badge(p: Params, v: Voice) -> str:
    need = _("references: {refs} — or reputation: {rep}").format(
        refs="; ".join(lacks(p.references)), rep="; ".join(lacks(p.reputation)))
    return _("the badge is for certified providers; you still need {need}").format(need=need)


def _resend_too_soon(p: Params, v: Voice) -> str:
    return _("the last request went {hours} h ago; you can re-send it after {resend} hours, from {when} UTC").format(
        hours=p.hours_ago, resend=p.resend_hours, when=v.when(p.ready_at))


SAYS: dict[str, Say] = {
    # -- images (PF-3, PF-5) --
    "image.not_a_file": lambda p, v: _image(_("is not a file"), p),
    "image.unreadable": lambda p, v: _("image refused: cannot read {name!r} ({error})").format(
        name=p.name, error=_os_error(p.errno)),
    "image.too_large": _too_large,
    "image.empty": lambda p, v: _image(_("is empty"), p),
    "image.wrong_format": lambda p, v: _image(_("is {format}; a PNG or JPEG is needed"), p,
                                              format=p.format or _("an unknown format")),
    "image.invalid": lambda p, v: _image(_("is not a valid PNG or JPEG image ({error})"), p, error=p.error),
    "image.too_small": lambda p, v: _image(_("is {width}×{height} pixels; at least {min}×{min} is needed"), p,
                                           width=p.width, height=p.height, min=p.min_px),
    "image.not_carried": lambda p, v: _image(_("did not come with the command; send the file again"), p),
    # -- web addresses --
    "url.empty": lambda p, v: _("give a web address such as https://example.com/article (no spaces)"),
    "url.invalid": lambda p, v: _("{text!r} is not a valid web address").format(text=p.text),
    "url.not_http": lambda p, v: _("{text!r} is not an http(s) address with a host, e.g. https://example.com/page"
                                   ).format(text=p.text),
    # -- the profile (PF-2, PF-3, PF-4) --
    "profile.text_empty": lambda p, v: _("the {what} cannot be empty").format(what=_field(p.field)),
    "profile.text_too_long": lambda p, v: _("the {what} has {length} characters; at most {max_chars}").format(
        what=_field(p.field), length=p.length, max_chars=p.max_chars),
    "profile.skill_too_long": lambda p, v: _("the skill {skill!r}… is longer than {max_chars} characters").format(
        skill=p.skill, max_chars=p.max_chars),
    "profile.too_many_skills": lambda p, v: _("{count} skills; at most {max}").format(count=p.count,
                                                                                      max=p.max_skills),
    "profile.country_not_allowed": lambda p, v: _(
        "providers can be based in {countries}; {country!r} is not among them"
    ).format(countries=", ".join(p.countries or []), country=p.country),
    "profile.nothing_to_change": lambda p, v: _(
        "nothing to change: give a display name, headline, description, skills or country"),
    "profile.pseudo_immutable": lambda p, v: _(
        "a pseudo cannot be changed: it is chosen once, at sign-up; your display name, photo, headline and "
        "everything else in the profile can change ({action})").format(action=v.do("profile.edit")),
    "profile.legal_status_unknown": lambda p, v: _("the legal status is one of {statuses}").format(
        statuses=", ".join(p.statuses or [])),
    "profile.siret_length": lambda p, v: _(
        "a SIRET has 14 digits (yours has {length} characters); find it on your INSEE notice or on "
        "annuaire-entreprises.data.gouv.fr").format(length=p.length),
    "profile.siret_checksum": lambda p, v: _("the SIRET {siret} fails its checksum (Luhn): check the digits").format(
        siret=p.siret),
    "profile.registration_invalid": lambda p, v: _(
        "give your business registration number (1 to {max_chars} characters)").format(max_chars=p.max_chars),
    "profile.vat_invalid": lambda p, v: _(
        "{vat!r} is not a VAT number (two letters then 2 to 13 characters)").format(vat=p.vat_number),
    "profile.no_legal_identity": lambda p, v: _(
        "you have no legal identity yet, so you cannot invoice: register a micro-entreprise (or a company), or "
        "join an umbrella company (portage salarial), then enter it ({action}). You can still browse and make "
        "offers").format(action=v.do("profile.legal")),
    # -- the portfolio (PF-5) --
    "portfolio.full": lambda p, v: _(
        "your portfolio holds {count} items, the most allowed ({max}); remove one first ({action})"
    ).format(count=p.count, max=p.max_items, action=v.do("profile.portfolio_remove")),
    "portfolio.year_invalid": lambda p, v: _("the year is a year from {min} to {max}").format(
        min=p.min_year, max=p.max_year),
    "portfolio.too_many_images": lambda p, v: _("{count} images; a portfolio item has at most {max}").format(
        count=p.count, max=p.max_images),
    "portfolio.not_found": lambda p, v: _("no portfolio item {item} in your portfolio ({action})").format(
        item=p.item_id, action=v.do("profile.portfolio")),
    # -- references (PF-7) --
    "reference.email_invalid": lambda p, v: _("{email!r} is not an email address").format(email=p.email),
    "reference.year_out_of_range": lambda p, v: _(
        "a reference is for work of the last {years} years: a year from {min} to {max}"
    ).format(years=p.max_age_years, min=p.min_year, max=p.max_year),
    "reference.already_pending": lambda p, v: _(
        "a request to {email} is already pending (reference {id}); re-send it instead ({action})"
    ).format(email=p.email, id=p.reference_id,
             action=v.do("profile.reference_resend", reference_id=p.reference_id)),
    "reference.not_yours": lambda p, v: _("no reference {id} of yours ({action})").format(
        id=p.reference_id, action=v.do("profile.references")),
    "reference.not_found": lambda p, v: _("no reference {id}").format(id=p.reference_id),
    "reference.not_resendable": lambda p, v: _(
        "reference {id} is {status}; only a pending or expired one is re-sent").format(
        id=p.reference_id, status=v.status(p.status)),
    "reference.sends_exhausted": lambda p, v: ngettext(
        "reference {id} was sent {n} time, the most allowed ({max}); add it again with another email if the "
        "client changed address",
        "reference {id} was sent {n} times, the most allowed ({max}); add it again with another email if the "
        "client changed address", p.sends if isinstance(p.sends, int) else 2,
    ).format(id=p.reference_id, n=p.sends, max=p.max_sends),
    "reference.resend_too_soon": _resend_too_soon,
    "reference.not_pending": lambda p, v: _("reference {id} is {status}; the SCP answers only a pending one").format(
        id=p.reference_id, status=v.status(p.status)),
    "reference.reason_unknown": lambda p, v: _("the reason is one of {reasons}").format(
        reasons=", ".join(p.reasons or [])),
    # -- the badge (PF-8) --
    "badge.not_certified": _badge,
    "badge.folder_unusable": lambda p, v: _("cannot create {path!r}: {error}").format(
        path=p.path, error=_os_error(p.errno)),
    "badge.write_failed": lambda p, v: _("cannot write {path!r}: {error}").format(
        path=p.path, error=_os_error(p.errno)),
    # -- referrals (RF-1) --
    "referral.already_rewarded": lambda p, v: _("{url} was already rewarded; a promotion is rewarded once").format(
        url=p.url),
    "referral.already_submitted": lambda p, v: _(
        "you already submitted {url} (referral {id}); the platform is checking it").format(
        url=p.url, id=p.referral_id),
    "referral.not_found": lambda p, v: _("no referral {id}").format(id=p.referral_id),
    "referral.already_checked": lambda p, v: _("referral {id} was already checked ({status})").format(
        id=p.referral_id, status=v.status(p.status)),
}
