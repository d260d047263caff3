"""Refusals on the profile, images, the portfolio, references, the badge and referrals (PF, RF)."""

from __future__ import annotations

from typing import Any

from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n.profile import lacks
from pel_tui.i18n.refusals.payments import megabytes
from pel_tui.i18n.say import Params, Say, form, os_error
from pel_tui.i18n.voice import Voice


def _field(name: str) -> str:
    """A text field of the profile, a portfolio item or a reference, in words, with its article (French
    nouns have a gender: `le titre`, `la description`)."""
    return {
        "display_name": pgettext("a text field, with its article", "the display name"),
        "headline": pgettext("a text field, with its article", "the headline"),
        "description": pgettext("a text field, with its article", "the description"),
        "legal_name": pgettext("a text field, with its article", "the legal name"),
        "address": pgettext("a text field, with its article", "the address"),
        "title": pgettext("a text field, with its article", "the title"),
        "client_name": pgettext("a text field, with its article", "the client's name"),
        "work": pgettext("a text field, with its article", "the description of the work"),
    }.get(name, str(name).replace("_", " "))


def _image(sentence: str, p: Params, v: Voice, **values: Any) -> str:
    return _("image refused: {name} {why}").format(name=v.quote(p.name), why=sentence.format(**values))


def _too_large(p: Params, v: Voice) -> str:
    if p.size_bytes is None:  # the file grew while it was read
        return _image(_("is above the {limit} MB limit"), p, v, limit=megabytes(p.max_bytes, 0))
    return _image(_("is {size} MB, above the {limit} MB limit"), p, v, size=megabytes(p.size_bytes),
                  limit=megabytes(p.max_bytes, 0))


def _badge(p: Params, v: Voice) -> str:
    need = _("references: {refs} — or reputation: {rep}").format(
        refs="; ".join(lacks(p.references)), rep="; ".join(lacks(p.reputation)))
    return _("the badge is for certified providers; you still need {need}").format(need=need)


def _resend_too_soon(p: Params, v: Voice) -> str:
    return _("the last request went {hours} h ago; you can re-send it after {resend} hours, from {when}").format(
        hours=v.number(p.hours_ago), resend=v.number(p.resend_hours), when=v.when(p.ready_at))


SAYS: dict[str, Say] = {
    # -- images (PF-3, PF-5) --
    "image.not_a_file": lambda p, v: _image(_("is not a file"), p, v),
    "image.unreadable": lambda p, v: _("image refused: cannot read {name} ({error})").format(
        name=v.quote(p.name), error=os_error(p.errno)),
    "image.too_large": _too_large,
    "image.empty": lambda p, v: _image(_("is empty"), p, v),
    "image.wrong_format": lambda p, v: _image(_("is a {format} file; a PNG or JPEG is needed"), p, v,
                                              format=p.format) if p.format else _image(
        _("is in an unknown format; a PNG or JPEG is needed"), p, v),
    "image.invalid": lambda p, v: _image(_("is not a valid PNG or JPEG image ({error})"), p, v, error=p.error),
    "image.too_small": lambda p, v: _image(_("is {width}×{height} pixels; at least {min}×{min} is needed"), p, v,
                                           width=p.width, height=p.height, min=p.min_px),
    "image.not_carried": lambda p, v: _image(_("did not come with the command; send the file again"), p, v),
    # -- web addresses --
    "url.empty": lambda p, v: _("give a web address such as https://example.com/article (no spaces)"),
    "url.invalid": lambda p, v: _("{text} is not a valid web address").format(text=v.quote(p.text)),
    "url.not_http": lambda p, v: _("{text} is not an http(s) address with a host, e.g. https://example.com/page"
                                   ).format(text=v.quote(p.text)),
    # -- the profile (PF-2, PF-3, PF-4) --
    "profile.text_empty": lambda p, v: _("{what} cannot be empty").format(what=_field(p.field)),
    "profile.text_too_long": lambda p, v: _("{what} has {length} characters; at most {max_chars}").format(
        what=_field(p.field), length=v.number(p.length), max_chars=v.number(p.max_chars)),
    "profile.skill_too_long": lambda p, v: _("the skill {skill}… is longer than {max_chars} characters").format(
        skill=v.quote(p.skill), max_chars=v.number(p.max_chars)),
    "profile.too_many_skills": lambda p, v: _("{count} skills; at most {max}").format(
        count=v.number(p.count), max=v.number(p.max_skills)),
    "profile.country_not_allowed": lambda p, v: _(
        "providers can be based in {countries}; {country} is not among them"
    ).format(countries=", ".join(p.countries or []), country=v.quote(p.country)),
    "profile.nothing_to_change": lambda p, v: _(
        "nothing to change: give a display name, headline, description, skills or country"),
    "profile.pseudo_immutable": lambda p, v: _(
        "a pseudo cannot be changed: it is chosen once, at sign-up; your display name, photo, headline and "
        "everything else in the profile can change ({action})").format(action=v.do("profile.edit")),
    "profile.legal_status_unknown": lambda p, v: _("the legal status is one of {statuses}").format(
        statuses=", ".join(p.statuses or [])),
    "profile.siret_length": lambda p, v: _(
        "a SIRET has 14 digits (yours has {length} characters); find it on your INSEE notice or on "
        "annuaire-entreprises.data.gouv.fr").format(length=v.number(p.length)),
    "profile.siret_checksum": lambda p, v: _("the SIRET {siret} fails its checksum (Luhn): check the digits").format(
        siret=p.siret),
    "profile.registration_invalid": lambda p, v: _(
        "give your business registration number (1 to {max_chars} characters)").format(
        max_chars=v.number(p.max_chars)),
    "profile.vat_invalid": lambda p, v: _(
        "{vat} is not a VAT number (two letters then 2 to 13 characters)").format(vat=v.quote(p.vat_number)),
    "profile.no_legal_identity": lambda p, v: _(
        "you have no legal identity yet, so you cannot invoice: register a micro-entreprise (or a company), or "
        "join an umbrella company (portage salarial), then enter it ({action}). You can still browse and make "
        "offers").format(action=v.do("profile.legal")),
    # -- the portfolio (PF-5) --
    "portfolio.full": lambda p, v: _(
        "your portfolio holds {count} items, the most allowed ({max}); remove one first ({action})"
    ).format(count=v.number(p.count), max=v.number(p.max_items), action=v.do("profile.portfolio_remove")),
    "portfolio.year_invalid": lambda p, v: _("the year is a year from {min} to {max}").format(
        min=p.min_year, max=p.max_year),
    "portfolio.too_many_images": lambda p, v: _("{count} images; a portfolio item has at most {max}").format(
        count=v.number(p.count), max=v.number(p.max_images)),
    "portfolio.not_found": lambda p, v: _("no portfolio item {item} in your portfolio ({action})").format(
        item=p.item_id, action=v.do("profile.portfolio")),
    # -- references (PF-7) --
    "reference.email_invalid": lambda p, v: _("{email} is not an email address").format(email=v.quote(p.email)),
    "reference.year_out_of_range": lambda p, v: _(
        "a reference is for work of the last {years} years: a year from {min} to {max}"
    ).format(years=v.number(p.max_age_years), min=p.min_year, max=p.max_year),
    "reference.already_pending": lambda p, v: _(
        "a request to {email} is already pending (reference {id}); re-send it instead ({action})"
    ).format(email=p.email, id=p.reference_id,
             action=v.do("profile.reference_resend", reference_id=p.reference_id)),
    "reference.not_yours": lambda p, v: _("no reference {id} of yours ({action})").format(
        id=p.reference_id, action=v.do("profile.references")),
    "reference.not_found": lambda p, v: _("no reference {id}").format(id=p.reference_id),
    "reference.not_resendable": lambda p, v: _(
        "reference {id} is {status}; only a pending or expired one is re-sent").format(
        id=p.reference_id, status=v.status(p.status, "reference")),
    "reference.sends_exhausted": lambda p, v: ngettext(
        "reference {id} was sent {n} time, the most allowed ({max}); add it again with another email if the "
        "client changed address",
        "reference {id} was sent {n} times, the most allowed ({max}); add it again with another email if the "
        "client changed address", form(p.sends),
    ).format(id=p.reference_id, n=v.number(p.sends), max=v.number(p.max_sends)),
    "reference.resend_too_soon": _resend_too_soon,
    "reference.not_pending": lambda p, v: _("reference {id} is {status}; the SCP answers only a pending one").format(
        id=p.reference_id, status=v.status(p.status, "reference")),
    "reference.reason_unknown": lambda p, v: _("the reason is one of {reasons}").format(
        reasons=", ".join(p.reasons or [])),
    # -- the badge (PF-8) --
    "badge.not_certified": _badge,
    "badge.folder_unusable": lambda p, v: _("cannot create {path}: {error}").format(
        path=v.quote(p.path), error=os_error(p.errno)),
    "badge.write_failed": lambda p, v: _("cannot write {path}: {error}").format(
        path=v.quote(p.path), error=os_error(p.errno)),
    # -- referrals (RF-1) --
    "referral.already_rewarded": lambda p, v: _("{url} was already rewarded; a promotion is rewarded once").format(
        url=p.url),
    "referral.already_submitted": lambda p, v: _(
        "you already submitted {url} (referral {id}); the platform is checking it").format(
        url=p.url, id=p.referral_id),
    "referral.not_found": lambda p, v: _("no referral {id}").format(id=p.referral_id),
    "referral.already_checked": lambda p, v: _("referral {id} was already checked ({status})").format(
        id=p.referral_id, status=v.status(p.status, "referral")),
}
