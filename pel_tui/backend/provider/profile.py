"""The provider's profile (PF-2, PF-3, PF-4): the fields, the photo, the legal identity, the
completeness score, and the whole view with the portfolio, the references and the certification."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pel_tui.backend import certification, escrow_rules, images, legal, rows
from pel_tui.backend.commands import profile as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.models_escrow import ProjectRating
from pel_tui.backend.profile_rules import LEGAL_STATUSES, completeness, load_list, missing, text
from pel_tui.backend.provider.portfolio import PortfolioItem, portfolio
from pel_tui.backend.provider.references import Reference, references

SKILL_MAX_CHARS = 50
LEGAL_NAME_MAX_CHARS = 200
ADDRESS_MAX_CHARS = 300
REGISTRATION_MAX_CHARS = 30
_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class ProfileView:
    pseudo: str
    display_name: str
    email: str | None
    country: str
    headline: str
    description: str
    skills: list[str]
    photo_sha256: str | None
    photo_path: str | None
    legal: cmd.LegalIdentity | None
    can_invoice: bool
    completeness: int
    missing: list[cmd.Lack]
    certified: bool
    certification_path: str | None  # "references", "reputation" or None
    portfolio: list[PortfolioItem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    #: FO-3: the clients' visible ratings of the provider, newest first (both formulas), and their average.
    ratings: list[ProjectRating] = field(default_factory=list)
    average_rating: float | None = None


@dataclass(frozen=True)
class _Fields:
    pseudo: str
    display_name: str
    email: str | None
    country: str
    headline: str
    description: str
    skills: str | None
    photo_sha256: str | None


@dataclass(frozen=True)
class _Legal:
    legal_status: str | None
    legal_name: str | None
    siret: str | None
    vat_number: str | None
    address: str | None


# == queries ========================================================================================

def profile(ctx: Ctx) -> ProfileView:
    """PF-3: the profile with what it lacks, its portfolio, references and certification."""
    pol = ctx.policy.profile
    f = rows.one(ctx.conn, _Fields, "SELECT pseudo, display_name, email, country, headline, description, skills, "
                 "photo_sha256 FROM providers WHERE id = ?", (ctx.me,))
    assert f is not None, "the session's provider exists"
    photo = images.path(ctx, f.photo_sha256) if f.photo_sha256 else None
    cert = certification.status(ctx, ctx.me)
    ident = legal_identity(ctx)
    ratings = escrow_rules.received_ratings(ctx.conn, ctx.me, ctx.now, ctx.policy.rating_window_days)
    return ProfileView(
        pseudo=f.pseudo, display_name=f.display_name, email=f.email, country=f.country, headline=f.headline,
        description=f.description, skills=load_list(f.skills), photo_sha256=f.photo_sha256,
        photo_path=str(photo) if photo else None, legal=ident, can_invoice=ident is not None,
        completeness=completeness(ctx.conn, ctx.me, pol), missing=missing(ctx.conn, ctx.me, pol),
        certified=cert["certified"], certification_path=cert["path"],
        portfolio=portfolio(ctx), references=references(ctx), ratings=ratings,
        average_rating=round(sum(r.stars for r in ratings) / len(ratings), 2) if ratings else None,
    )


def legal_identity(ctx: Ctx) -> cmd.LegalIdentity | None:
    """PF-3: status, legal name, SIRET, VAT number and address; None until status, name and SIRET are set."""
    r = rows.one(ctx.conn, _Legal, "SELECT legal_status, legal_name, siret, vat_number, address FROM providers "
                 "WHERE id = ?", (ctx.me,))
    if r is None or not (r.legal_status and r.legal_name and r.siret):
        return None
    return {"status": r.legal_status, "legal_name": r.legal_name, "siret": r.siret, "vat_number": r.vat_number,
            "address": r.address}


#: Whether the provider can invoice, and if not the refusal that says what to register (PA-6).
CanInvoice = tuple[bool, NotAllowed | None]


def can_invoice(ctx: Ctx) -> CanInvoice:
    """PA-6: an invoice needs a legal identity; without one, the refusal that says what to register."""
    if legal_identity(ctx) is None:
        return False, NotAllowed("profile.no_legal_identity")
    return True, None


def certification_of(ctx: Ctx) -> certification.Certification:
    """PF-6: certified or not, by which path, and what each path lacks."""
    return certification.status(ctx, ctx.me)


# == commands =======================================================================================

def _skills(given: list[str], max_skills: int) -> list[str]:
    clean: list[str] = []
    for s in given:
        s = " ".join(str(s).split())
        if not s:
            continue
        if len(s) > SKILL_MAX_CHARS:
            raise InvalidInput("profile.skill_too_long", skill=s[:20], max_chars=SKILL_MAX_CHARS)
        if s.casefold() not in {x.casefold() for x in clean}:
            clean.append(s)
    if len(clean) > max_skills:
        raise InvalidInput("profile.too_many_skills", count=len(clean), max_skills=max_skills)
    return clean


def update_profile(ctx: Ctx, c: cmd.UpdateProfile) -> cmd.ProfileUpdated:
    """PF-3: change anything in the profile but the pseudo (PF-2)."""
    pol = ctx.policy.profile
    changed: dict[str, str | list[str]] = {}
    if c.display_name is not None:
        changed["display_name"] = text(c.display_name, "display_name", pol.display_name_max_chars)
    if c.headline is not None:
        changed["headline"] = text(c.headline, "headline", pol.headline_max_chars, required=False)
    if c.description is not None:
        changed["description"] = text(c.description, "description", pol.description_max_chars, required=False)
    if c.skills is not None:
        changed["skills"] = _skills(c.skills, pol.max_skills)
    if c.country is not None:
        allowed = ctx.policy.provider_countries
        code = c.country.strip().upper()
        if code not in allowed:
            raise InvalidInput("profile.country_not_allowed", country=c.country, countries=list(allowed))
        changed["country"] = code
    if not changed:
        raise InvalidInput("profile.nothing_to_change")
    stored = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in changed.items()}
    cols = ", ".join(f"{k} = ?" for k in stored)
    ctx.conn.execute(f"UPDATE providers SET {cols} WHERE id = ?", (*stored.values(), ctx.me))
    return {"changed": changed, "completeness": completeness(ctx.conn, ctx.me, pol),
            "missing": missing(ctx.conn, ctx.me, pol)}


def rename_pseudo(ctx: Ctx, c: cmd.RenamePseudo) -> cmd.Renamed:
    """PF-2: never. The pseudo is immutable."""
    raise NotAllowed("profile.pseudo_immutable")


def set_photo(ctx: Ctx, c: cmd.SetPhoto) -> cmd.PhotoSet:
    """PF-3: a PNG or JPEG of at most 5 MB and at least 200×200, kept content-addressed."""
    img = images.carried(ctx, c.photo)
    sha = images.keep(ctx, img)
    ctx.conn.execute("UPDATE providers SET photo_sha256 = ? WHERE id = ?", (sha, ctx.me))
    return {"sha256": sha, "width": img.width, "height": img.height,
            "completeness": completeness(ctx.conn, ctx.me, ctx.policy.profile)}


def set_legal_identity(ctx: Ctx, c: cmd.SetLegalIdentity) -> cmd.LegalSet:
    """PF-3: status, legal name, SIRET (France: 14 digits with a valid checksum), VAT number, address."""
    if c.status not in LEGAL_STATUSES:
        raise InvalidInput("profile.legal_status_unknown", status=c.status, statuses=list(LEGAL_STATUSES))
    name = text(c.legal_name, "legal_name", LEGAL_NAME_MAX_CHARS)
    country = rows.scalar(ctx.conn, "SELECT country FROM providers WHERE id = ?", (ctx.me,))
    number = _SEPARATORS.sub("", c.siret or "")
    if country == "FR":
        if not re.fullmatch(r"\d{14}", number):
            raise InvalidInput("profile.siret_length", length=len(number))
        if not legal.valid_siret(number):
            raise InvalidInput("profile.siret_checksum", siret=number)
    elif not number or len(number) > REGISTRATION_MAX_CHARS:
        raise InvalidInput("profile.registration_invalid", max_chars=REGISTRATION_MAX_CHARS)
    vat = None
    if c.vat_number:
        vat = _SEPARATORS.sub("", c.vat_number).upper()
        if not _VAT.fullmatch(vat):
            raise InvalidInput("profile.vat_invalid", vat_number=c.vat_number)
    addr = text(c.address or "", "address", ADDRESS_MAX_CHARS, required=False) or None
    ctx.conn.execute(
        "UPDATE providers SET legal_status = ?, legal_name = ?, siret = ?, vat_number = ?, address = ? "
        "WHERE id = ?", (c.status, name, number, vat, addr, ctx.me),
    )
    return {"legal": {"status": c.status, "legal_name": name, "siret": number, "vat_number": vat, "address": addr},
            "completeness": completeness(ctx.conn, ctx.me, ctx.policy.profile)}


HANDLERS: dict[type[Any], Any] = {
    cmd.UpdateProfile: update_profile,
    cmd.RenamePseudo: rename_pseudo,
    cmd.SetPhoto: set_photo,
    cmd.SetLegalIdentity: set_legal_identity,
}
