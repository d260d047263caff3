"""The provider's profile, portfolio, certification and referrals (PF-1 … PF-8, RF-1).

Images (the photo, portfolio images) are checked with Pillow and stored content-addressed beside
the store (`store_blob`); references go through the SCP (`ProfileServices.scp_*`), and a pending
reference with no answer expires by the catch-up. Every number RULES.md marks **Decision** is in
`ProfilePolicy`, read from `policy.profile` when the policy has it.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pel_tui.backend import legal
from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.base import PlatformBase, ProviderBase
from pel_tui.backend.clock import add_months, day, to_datetime
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.ledger import credits
from pel_tui.backend.legacy import command, legacy_notify
from pel_tui.backend.policy import DAY, Policy, ProfilePolicy

if TYPE_CHECKING:
    from pel_tui.backend.engine import Engine

PSEUDO = re.compile(r"^[a-z0-9_-]{3,30}$")
HOUR = 3_600

PSEUDO_IMMUTABLE = (
    "a pseudo cannot be changed (PF-2): it is chosen once, at sign-up; your display name, photo, "
    "headline and everything else in the profile can change (pel profile set)"
)
LEGAL_STATUSES = ("company", "micro_entreprise", "umbrella")
REFUSAL_REASONS: dict[str, str] = {  # PF-7
    "denied": "the client denied it",
    "unreachable": "the client could not be reached",
    "not_verifiable": "the work could not be verified",
    "duplicate": "it duplicates another reference",
    "personal_relation": "the client is a personal relation (family, employer)",
    "own_domain": "the client's email is on your own domain",
}
NO_LEGAL_IDENTITY = (
    "you have no legal identity yet, so you cannot invoice: register a micro-entreprise (or a "
    "company), or join an umbrella company (portage salarial), then enter it with "
    "`pel profile legal --status ... --name ... --siret ...`. You can still browse and make offers (PA-6)"
)
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")
_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")


def profile_policy(policy: Policy) -> ProfilePolicy:
    return policy.profile


# == views ========================================================================================

@dataclass(frozen=True)
class PortfolioItem:
    id: int
    title: str
    description: str
    year: int
    link: str | None
    images: list[str]  # SHA-256 of each image, in order
    created_at: datetime


@dataclass(frozen=True)
class Reference:
    id: int
    client_name: str
    client_email: str
    work: str
    year: int
    status: str  # pending, certified, refused, expired
    refusal: str | None
    refusal_label: str | None
    created_at: datetime
    resolved_at: datetime | None
    sends: list[datetime]
    resend_from: datetime | None  # when a re-send becomes possible; None: never again


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
    legal: dict[str, str | None] | None
    can_invoice: bool
    completeness: int
    missing: list[str]
    certified: bool
    certification_path: str | None  # "references", "reputation" or None
    portfolio: list[PortfolioItem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


# == completeness (PF-3) ==========================================================================

def _checks(conn: sqlite3.Connection, provider_id: int, pol: ProfilePolicy) -> list[tuple[str, bool]]:
    row = conn.execute(
        "SELECT photo_sha256, description, skills, legal_status, legal_name, siret FROM providers "
        "WHERE id = ?", (provider_id,),
    ).fetchone()
    if row is None:
        return []
    photo, description, skills, status, name, siret = row
    items = conn.execute(
        "SELECT count(*) FROM portfolio_items WHERE provider_id = ?", (provider_id,)
    ).fetchone()[0]
    return [
        ("photo", bool(photo)),
        (f"description of {pol.description_min_chars}+ characters",
         len((description or "").strip()) >= pol.description_min_chars),
        (f"{pol.min_skills}+ skills", len(_load_list(skills)) >= pol.min_skills),
        ("1+ portfolio item", items >= 1),
        ("legal identity", bool(status and name and siret)),
    ]


def completeness(conn: sqlite3.Connection, provider_id: int, policy: ProfilePolicy | None = None) -> int:
    """PF-3: the share of the five profile checks that hold, in percent."""
    checks = _checks(conn, provider_id, policy or ProfilePolicy())
    if not checks:
        return 0
    return round(100 * sum(ok for _, ok in checks) / len(checks))


def missing(conn: sqlite3.Connection, provider_id: int, policy: ProfilePolicy | None = None) -> list[str]:
    """PF-3: what the profile lacks, e.g. ['photo', '3+ skills']."""
    return [name for name, ok in _checks(conn, provider_id, policy or ProfilePolicy()) if not ok]


def _load_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


# == files ========================================================================================

def files_dir(engine: Engine) -> Path:
    """Where stored files live: `files/` beside the store file."""
    return engine.files_dir


def _blob_dir(kind: str) -> str:
    return "images" if kind == "image" else f"{kind}s"


def store_blob(engine: Engine, data: bytes, kind: str, ext: str = "") -> str:
    """Store `data` content-addressed (read-only, atomically) and record it in `blobs`; its SHA-256.

    The path is `files/<kind>s/<sha[:2]>/<sha><ext>`; storing the same content twice is a no-op.
    Must run inside the caller's transaction (the `blobs` row goes with the command).
    """
    import hashlib  # here: OpenSSL's import is 5 ms of every start, for a file stored now and then

    if not data:
        raise InvalidInput("an empty file cannot be stored")
    sha = hashlib.sha256(data).hexdigest()
    target = files_dir(engine) / _blob_dir(kind) / sha[:2] / f"{sha}{ext}"
    if not target.exists():
        write_atomic(target, data, read_only=True)
    engine.conn.execute(
        "INSERT OR IGNORE INTO blobs(sha256, kind, size_bytes, stored_at) VALUES (?, ?, ?, ?)",
        (sha, kind, len(data), engine.now()),
    )
    return sha


def image_path(engine: Engine, sha: str) -> Path | None:
    """The stored file of an image blob, or None when the store is in memory or the file is gone."""
    try:
        folder = files_dir(engine) / "images" / sha[:2]
    except NotAllowed:
        return None
    for ext in (".png", ".jpg", ""):
        p = folder / f"{sha}{ext}"
        if p.exists():
            return p
    return None


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    ext: str  # ".png" or ".jpg"
    width: int
    height: int


def check_image(path: str | Path, pol: ProfilePolicy) -> CheckedImage:
    """PF-3: PNG or JPEG, at most 5 MB, at least 200×200, a valid image (Pillow)."""
    from PIL import Image

    p = Path(path)
    name = p.name
    try:
        if not p.is_file():
            raise InvalidInput(f"image refused: {name!r} is not a file")
        size = p.stat().st_size
    except OSError as e:
        raise InvalidInput(f"image refused: cannot read {name!r} ({e.strerror or e})") from None
    limit_mb = pol.image_max_bytes / 1_048_576
    if size > pol.image_max_bytes:
        raise InvalidInput(
            f"image refused: {name!r} is {size / 1_048_576:.1f} MB, above the {limit_mb:g} MB limit"
        )
    if size == 0:
        raise InvalidInput(f"image refused: {name!r} is empty")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InvalidInput(f"image refused: cannot read {name!r} ({e.strerror or e})") from None
    if len(data) > pol.image_max_bytes:  # the file grew while we looked
        raise InvalidInput(f"image refused: {name!r} is above the {limit_mb:g} MB limit")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format
                if fmt not in ("PNG", "JPEG"):
                    raise InvalidInput(
                        f"image refused: {name!r} is {fmt or 'an unknown format'}; a PNG or JPEG is needed"
                    )
                im.verify()
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
    except InvalidInput:
        raise
    except Exception as e:  # every Pillow error: not an image, truncated, corrupt, too large
        raise InvalidInput(
            f"image refused: {name!r} is not a valid PNG or JPEG image ({type(e).__name__}: {e})"
        ) from None
    if min(width, height) < pol.image_min_px:
        raise InvalidInput(
            f"image refused: {name!r} is {width}×{height} pixels; at least "
            f"{pol.image_min_px}×{pol.image_min_px} is needed"
        )
    return CheckedImage(data, ".png" if fmt == "PNG" else ".jpg", width, height)


# == small checks ==================================================================================

def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


valid_siret = legal.valid_siret


def normalize_url(url: str) -> str:
    """An http(s) URL with a host, scheme and host lower-cased, without its fragment."""
    text = (url or "").strip()
    if not text or len(text) > 2_000 or any(c.isspace() for c in text):
        raise InvalidInput("give a web address such as https://example.com/article (no spaces)")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise InvalidInput(f"{text!r} is not a valid web address") from None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host.strip("."):
        raise InvalidInput(f"{text!r} is not an http(s) address with a host, e.g. https://example.com/page")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme.lower(), netloc.lower(), parts.path or "/", parts.query, ""))


def _domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().lower() or None


def _text(value: str, what: str, max_chars: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"the {what} cannot be empty")
    if len(value) > max_chars:
        raise InvalidInput(f"the {what} has {len(value)} characters; at most {max_chars}")
    return value


# == certification (PF-6) ==========================================================================

def certification_status(engine: Engine, conn: sqlite3.Connection, provider_id: int) -> dict[str, Any]:
    """PF-6: which path holds, and what each path lacks."""
    pol = profile_policy(engine.policy)
    now = engine.now()
    certified_refs = conn.execute(
        "SELECT count(*) FROM provider_references WHERE provider_id = ? AND status = 'certified'",
        (provider_id,),
    ).fetchone()[0]
    pending_refs = conn.execute(
        "SELECT count(*) FROM provider_references WHERE provider_id = ? AND status = 'pending'",
        (provider_id,),
    ).fetchone()[0]
    ref_missing = []
    if certified_refs < pol.certification_references:
        ref_missing.append(
            f"{pol.certification_references - certified_refs} more certified reference(s) "
            f"({certified_refs} of {pol.certification_references}; {pending_refs} pending)"
        )
    finalized = conn.execute(
        "SELECT count(*) FROM contracts WHERE provider_id = ? AND status = 'finalized' "
        "AND finalized_at IS NOT NULL", (provider_id,),
    ).fetchone()[0]
    avg, n_ratings = conn.execute(
        "SELECT avg(r.stars), count(*) FROM ratings r JOIN contracts k ON k.id = r.contract_id "
        "WHERE k.provider_id = ? AND r.by_side = 'client'", (provider_id,),
    ).fetchone()
    since = add_months(now, -pol.certification_dispute_months)
    lost = conn.execute(
        "SELECT count(*) FROM disputes d JOIN contracts k ON k.id = d.contract_id WHERE k.provider_id = ? "
        "AND d.status = 'decided' AND d.outcome_provider_cents < d.outcome_client_cents "
        "AND d.resolved_at > ? AND d.resolved_at <= ?", (provider_id, since, now),
    ).fetchone()[0]
    rep_missing = []
    if finalized < pol.certification_projects:
        rep_missing.append(
            f"{pol.certification_projects - finalized} more finalized project(s) "
            f"({finalized} of {pol.certification_projects})"
        )
    average = None if avg is None else round(float(avg), 2)
    if average is None:
        rep_missing.append(f"an average rating of at least {pol.certification_min_rating:g} (no rating yet)")
    elif float(avg) < pol.certification_min_rating:
        rep_missing.append(
            f"an average rating of at least {pol.certification_min_rating:g} (yours: {average:g})"
        )
    if lost:
        rep_missing.append(
            f"no dispute lost in the last {pol.certification_dispute_months} months ({lost} lost)"
        )
    path = "references" if not ref_missing else "reputation" if not rep_missing else None
    return {
        "certified": path is not None,
        "path": path,
        "references": {
            "ok": not ref_missing, "certified": certified_refs, "pending": pending_refs,
            "needed": pol.certification_references, "missing": ref_missing,
        },
        "reputation": {
            "ok": not rep_missing, "finalized_projects": finalized, "needed_projects": pol.certification_projects,
            "average_rating": average, "ratings": n_ratings, "min_rating": pol.certification_min_rating,
            "disputes_lost": lost, "dispute_months": pol.certification_dispute_months,
            "missing": rep_missing,
        },
    }


def notify_if_certified(engine: Engine, conn: sqlite3.Connection, provider_id: int) -> bool:
    """NO-1: tell the provider once per path that they are a "Prestataire Certifié".

    Called by the SCP's confirmations; the end of a project and ratings should call it too.
    """
    status = certification_status(engine, conn, provider_id)
    if status["certified"]:
        how = ("by client references" if status["path"] == "references"
               else "by your reputation on the platform")
        legacy_notify(engine,
            conn, provider_id, "certified", "You are a Prestataire Certifié",
            body=f"Certified {how}. Save your badge with `pel badge`.",
            data={"path": status["path"]}, dedup_key=f"certified:{provider_id}:{status['path']}",
        )
    return bool(status["certified"])


# == the catch-up rule: PF-7's expiry ==============================================================





# == the provider's verbs ==========================================================================

class ProfileActions(ProviderBase):
    """The provider's profile verbs (PF, RF)."""

    @property
    def profile_policy(self) -> ProfilePolicy:
        return profile_policy(self.policy)

    # -- queries ------------------------------------------------------------------------------------

    def profile(self) -> ProfileView:
        c, pol = self.conn, self.profile_policy
        r = c.execute(
            "SELECT pseudo, display_name, email, country, headline, description, skills, photo_sha256 "
            "FROM providers WHERE id = ?", (self.provider_id,),
        ).fetchone()
        photo = image_path(self.engine, r[7]) if r[7] else None
        cert = certification_status(self.engine, c, self.provider_id)
        legal = self.legal_identity()
        return ProfileView(
            pseudo=r[0], display_name=r[1], email=r[2], country=r[3], headline=r[4],
            description=r[5], skills=_load_list(r[6]), photo_sha256=r[7],
            photo_path=str(photo) if photo else None, legal=legal, can_invoice=legal is not None,
            completeness=completeness(c, self.provider_id, pol), missing=missing(c, self.provider_id, pol),
            certified=cert["certified"], certification_path=cert["path"],
            portfolio=self.portfolio(), references=self.references(),
        )

    def portfolio(self) -> list[PortfolioItem]:
        c = self.conn
        out = []
        for iid, title, desc, year, link, created in c.execute(
            "SELECT id, title, description, year, link, created_at FROM portfolio_items "
            "WHERE provider_id = ? ORDER BY year DESC, id DESC", (self.provider_id,),
        ).fetchall():
            images = [s for (s,) in c.execute(
                "SELECT sha256 FROM portfolio_images WHERE item_id = ? ORDER BY position", (iid,))]
            out.append(PortfolioItem(iid, title, desc, year, link, images, to_datetime(created)))
        return out

    def references(self) -> list[Reference]:
        c, pol = self.conn, self.profile_policy
        out = []
        for rid, name, email, work, year, created, status, refusal, resolved in c.execute(
            "SELECT id, client_name, client_email, work, year, created_at, status, refusal, resolved_at "
            "FROM provider_references WHERE provider_id = ? ORDER BY id DESC", (self.provider_id,),
        ).fetchall():
            sends = [t for (t,) in c.execute(
                "SELECT sent_at FROM reference_sends WHERE reference_id = ? ORDER BY n", (rid,))]
            resend = None
            if status in ("pending", "expired") and len(sends) < pol.reference_max_sends:
                resend = to_datetime(sends[-1] + pol.reference_resend_hours * HOUR) if sends else None
            out.append(Reference(
                rid, name, email, work, year, status, refusal,
                REFUSAL_REASONS.get(refusal) if refusal else None, to_datetime(created),
                to_datetime(resolved) if resolved else None, [to_datetime(t) for t in sends], resend,
            ))
        return out

    def legal_identity(self) -> dict[str, str | None] | None:
        row = self.conn.execute(
            "SELECT legal_status, legal_name, siret, vat_number, address FROM providers WHERE id = ?",
            (self.provider_id,),
        ).fetchone()
        if row is None or not (row[0] and row[1] and row[2]):
            return None
        return {"status": row[0], "legal_name": row[1], "siret": row[2], "vat_number": row[3],
                "address": row[4]}

    def can_invoice(self) -> tuple[bool, str]:
        """PA-6: an invoice needs a legal identity; the message says what to register."""
        if self.legal_identity() is None:
            return False, NO_LEGAL_IDENTITY
        return True, "your legal identity is on file: you can invoice"

    def certification(self) -> dict[str, Any]:
        """PF-6: certified or not, by which path, and what each path lacks."""
        return certification_status(self.engine, self.conn, self.provider_id)

    # -- profile commands ----------------------------------------------------------------------

    @command
    def update_profile(
        self,
        display_name: str | None = None,
        headline: str | None = None,
        description: str | None = None,
        skills: list[str] | None = None,
        country: str | None = None,
    ) -> dict[str, Any]:
        """PF-3: change anything in the profile but the pseudo (PF-2)."""
        pol = self.profile_policy
        sets: dict[str, object] = {}
        if display_name is not None:
            sets["display_name"] = _text(display_name, "display name", pol.display_name_max_chars)
        if headline is not None:
            sets["headline"] = _text(headline, "headline", pol.headline_max_chars, required=False)
        if description is not None:
            sets["description"] = _text(description, "description", pol.description_max_chars, required=False)
        if skills is not None:
            clean: list[str] = []
            for s in skills:
                s = " ".join(str(s).split())
                if not s:
                    continue
                if len(s) > 50:
                    raise InvalidInput(f"the skill {s[:20]!r}… is longer than 50 characters")
                if s.casefold() not in {x.casefold() for x in clean}:
                    clean.append(s)
            if len(clean) > pol.max_skills:
                raise InvalidInput(f"{len(clean)} skills; at most {pol.max_skills}")
            sets["skills"] = json.dumps(clean, ensure_ascii=False)
        if country is not None:
            allowed = self.policy.provider_countries
            code = country.strip().upper()
            if code not in allowed:
                raise InvalidInput(
                    f"providers can be based in {', '.join(allowed)}; {country!r} is not among them (PF-4)"
                )
            sets["country"] = code
        if not sets:
            raise InvalidInput("nothing to change: give a display name, headline, description, skills or country")
        cols = ", ".join(f"{k} = ?" for k in sets)
        self.conn.execute(f"UPDATE providers SET {cols} WHERE id = ?", (*sets.values(), self.provider_id))
        changed = {k: (json.loads(str(v)) if k == "skills" else v) for k, v in sets.items()}
        return {"changed": changed, "completeness": completeness(self.conn, self.provider_id, pol),
                "missing": missing(self.conn, self.provider_id, pol)}

    @command
    def rename_pseudo(self, new: str) -> dict[str, Any]:
        """PF-2: never. The pseudo is immutable."""
        raise NotAllowed(PSEUDO_IMMUTABLE)

    @command
    def set_photo(self, path: str) -> dict[str, Any]:
        """PF-3: a PNG or JPEG of at most 5 MB and at least 200×200, stored content-addressed."""
        pol = self.profile_policy
        img = check_image(path, pol)
        sha = store_blob(self.engine, img.data, "image", img.ext)
        self.conn.execute("UPDATE providers SET photo_sha256 = ? WHERE id = ?", (sha, self.provider_id))
        return {"sha256": sha, "width": img.width, "height": img.height,
                "completeness": completeness(self.conn, self.provider_id, pol)}

    @command
    def set_legal_identity(
        self,
        status: str,
        legal_name: str,
        siret: str,
        vat_number: str | None = None,
        address: str | None = None,
    ) -> dict[str, Any]:
        """PF-3: status, legal name, SIRET (France: 14 digits with a valid checksum), VAT, address."""
        if status not in LEGAL_STATUSES:
            raise InvalidInput(f"the legal status is one of {', '.join(LEGAL_STATUSES)}")
        name = _text(legal_name, "legal name", 200)
        country = self.conn.execute(
            "SELECT country FROM providers WHERE id = ?", (self.provider_id,)
        ).fetchone()[0]
        number = re.sub(r"[\s.\-]", "", siret or "")
        if country == "FR":
            if not re.fullmatch(r"\d{14}", number):
                raise InvalidInput(
                    f"a SIRET has 14 digits (yours has {len(number)} characters); find it on your "
                    "INSEE notice or on annuaire-entreprises.data.gouv.fr"
                )
            if not valid_siret(number):
                raise InvalidInput(f"the SIRET {number} fails its checksum (Luhn): check the digits")
        elif not number or len(number) > 30:
            raise InvalidInput("give your business registration number (1 to 30 characters)")
        vat = None
        if vat_number:
            vat = re.sub(r"[\s.\-]", "", vat_number).upper()
            if not _VAT.fullmatch(vat):
                raise InvalidInput(f"{vat_number!r} is not a VAT number (two letters then 2 to 13 characters)")
        addr = _text(address or "", "address", 300, required=False) or None
        self.conn.execute(
            "UPDATE providers SET legal_status = ?, legal_name = ?, siret = ?, vat_number = ?, address = ? "
            "WHERE id = ?", (status, name, number, vat, addr, self.provider_id),
        )
        return {"legal": {"status": status, "legal_name": name, "siret": number, "vat_number": vat,
                          "address": addr},
                "completeness": completeness(self.conn, self.provider_id, self.profile_policy)}

    # -- portfolio (PF-5) --------------------------------------------------------------------------

    @command
    def add_portfolio_item(
        self,
        title: str,
        description: str,
        year: int,
        link: str | None = None,
        images: list[str] | None = None,
    ) -> dict[str, Any]:
        """PF-5: up to 30 items, each with up to 5 images checked like the photo."""
        pol, c = self.profile_policy, self.conn
        count = c.execute(
            "SELECT count(*) FROM portfolio_items WHERE provider_id = ?", (self.provider_id,)
        ).fetchone()[0]
        if count >= pol.portfolio_max_items:
            raise NotAllowed(
                f"your portfolio holds {count} items, the most allowed ({pol.portfolio_max_items}); "
                "remove one first (pel portfolio remove ID)"
            )
        title = _text(title, "title", 120)
        description = _text(description, "description", pol.description_max_chars, required=False)
        this_year = to_datetime(self.now()).year
        if not isinstance(year, int) or not 1950 <= year <= this_year:
            raise InvalidInput(f"the year is a year from 1950 to {this_year}")
        url = normalize_url(link) if link else None
        paths = list(images or [])
        if len(paths) > pol.portfolio_max_images:
            raise InvalidInput(
                f"{len(paths)} images; a portfolio item has at most {pol.portfolio_max_images}"
            )
        checked = [check_image(p, pol) for p in paths]  # every image checked before anything is stored
        iid = int(c.execute(
            "INSERT INTO portfolio_items(provider_id, title, description, year, link, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (self.provider_id, title, description, year, url, self.now()),
        ).lastrowid or 0)
        shas = []
        for pos, img in enumerate(checked, start=1):
            sha = store_blob(self.engine, img.data, "image", img.ext)
            c.execute("INSERT INTO portfolio_images(item_id, position, sha256) VALUES (?, ?, ?)",
                      (iid, pos, sha))
            shas.append(sha)
        return {"item_id": iid, "title": title, "images": shas,
                "completeness": completeness(c, self.provider_id, pol)}

    @command
    def remove_portfolio_item(self, item_id: int) -> dict[str, Any]:
        c = self.conn
        row = c.execute("SELECT title FROM portfolio_items WHERE id = ? AND provider_id = ?",
                        (item_id, self.provider_id)).fetchone()
        if row is None:
            raise NotFound(f"no portfolio item {item_id} in your portfolio (pel portfolio lists them)")
        c.execute("DELETE FROM portfolio_images WHERE item_id = ?", (item_id,))
        c.execute("DELETE FROM portfolio_items WHERE id = ?", (item_id,))
        return {"removed": item_id, "title": row[0],
                "completeness": completeness(c, self.provider_id, self.profile_policy)}

    # -- references (PF-7) -----------------------------------------------------------------------

    @command
    def add_reference(self, client_name: str, client_email: str, work: str, year: int) -> dict[str, Any]:
        """PF-7: the SCP emails the client at once; an email on your own domain is refused at once."""
        pol, c, now = self.profile_policy, self.conn, self.now()
        name = _text(client_name, "client's name", 120)
        email = (client_email or "").strip()
        m = _EMAIL.fullmatch(email)
        if m is None or len(email) > 254:
            raise InvalidInput(f"{client_email!r} is not an email address")
        work = _text(work, "description of the work", 2_000)
        this_year = to_datetime(now).year
        oldest = this_year - pol.reference_max_age_years
        if not isinstance(year, int) or not oldest <= year <= this_year:
            raise InvalidInput(
                f"a reference is for work of the last {pol.reference_max_age_years} years: "
                f"a year from {oldest} to {this_year}"
            )
        live = c.execute(
            "SELECT id FROM provider_references WHERE provider_id = ? AND lower(client_email) = lower(?) "
            "AND status = 'pending'", (self.provider_id, email),
        ).fetchone()
        if live is not None:
            raise NotAllowed(
                f"a request to {email} is already pending (reference {live[0]}); "
                f"re-send it instead (pel reference resend {live[0]})"
            )
        own = _domain(c.execute("SELECT email FROM providers WHERE id = ?",
                                (self.provider_id,)).fetchone()[0])
        client_domain = m.group(1).lower()
        rid = int(c.execute(
            "INSERT INTO provider_references(provider_id, client_name, client_email, work, year, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (self.provider_id, name, email, work, year, now),
        ).lastrowid or 0)
        if own is not None and client_domain == own and own not in pol.public_mail_domains:
            c.execute("UPDATE provider_references SET status = 'refused', refusal = 'own_domain', "
                      "resolved_at = ? WHERE id = ?", (now, rid))
            legacy_notify(self.engine,
                c, self.provider_id, "reference_refused", f"Reference from {name} refused",
                body=f"The SCP refused it: {REFUSAL_REASONS['own_domain']} ({own}). A reference "
                "comes from a client, at the client's own address.",
                data={"reference_id": rid, "reason": "own_domain"}, dedup_key=f"ref-refused:{rid}",
            )
            return {"reference_id": rid, "status": "refused", "refusal": "own_domain",
                    "reason": REFUSAL_REASONS["own_domain"]}
        c.execute("INSERT INTO reference_sends(reference_id, n, sent_at) VALUES (?, 1, ?)", (rid, now))
        self._notify_sent(rid, name, email, 1, now)
        return {"reference_id": rid, "status": "pending", "sends": 1,
                "expires_on": day(now + pol.reference_expiry_days * DAY)}

    def _notify_sent(self, rid: int, name: str, email: str, n: int, now: int) -> None:
        pol = self.profile_policy
        legacy_notify(self.engine,
            self.conn, self.provider_id, "reference_sent", f"Reference request sent to {name}",
            body=f"The SCP emailed {email} (send {n} of {pol.reference_max_sends}); without an answer "
            f"by {day(now + pol.reference_expiry_days * DAY)} it expires.",
            data={"reference_id": rid, "send": n}, dedup_key=f"ref-sent:{rid}:{n}",
        )

    @command
    def resend_reference(self, reference_id: int) -> dict[str, Any]:
        """PF-7: re-send after 48 hours, at most 3 sends in all; an expired request is pending again."""
        pol, c, now = self.profile_policy, self.conn, self.now()
        row = c.execute(
            "SELECT client_name, client_email, status FROM provider_references WHERE id = ? AND provider_id = ?",
            (reference_id, self.provider_id),
        ).fetchone()
        if row is None:
            raise NotFound(f"no reference {reference_id} of yours (pel reference lists them)")
        name, email, status = row
        if status not in ("pending", "expired"):
            raise NotAllowed(f"reference {reference_id} is {status}; only a pending or expired one is re-sent")
        n, last = c.execute(
            "SELECT count(*), max(sent_at) FROM reference_sends WHERE reference_id = ?", (reference_id,)
        ).fetchone()
        if n >= pol.reference_max_sends:
            raise NotAllowed(
                f"reference {reference_id} was sent {n} times, the most allowed "
                f"({pol.reference_max_sends}); add it again with another email if the client changed address"
            )
        ready = (last or 0) + pol.reference_resend_hours * HOUR
        if now < ready:
            raise NotAllowed(
                f"the last request went {(now - last) // HOUR} h ago; you can re-send it after "
                f"{pol.reference_resend_hours} hours, from {to_datetime(ready):%Y-%m-%d %H:%M} UTC"
            )
        c.execute("INSERT INTO reference_sends(reference_id, n, sent_at) VALUES (?, ?, ?)",
                  (reference_id, n + 1, now))
        if status == "expired":
            c.execute("UPDATE provider_references SET status = 'pending', resolved_at = NULL WHERE id = ?",
                      (reference_id,))
        self._notify_sent(reference_id, name, email, n + 1, now)
        return {"reference_id": reference_id, "status": "pending", "sends": n + 1,
                "sends_left": pol.reference_max_sends - n - 1,
                "expires_on": day(now + pol.reference_expiry_days * DAY)}

    # -- badge (PF-8) --------------------------------------------------------------------------------

    def save_badge(self, directory: str = ".") -> dict[str, Any]:
        """PF-8: a certified provider saves the "Prestataire Certifié" badge as SVG and PNG."""
        cert = self.certification()
        if not cert["certified"]:
            lacks = ("references: " + "; ".join(cert["references"]["missing"])
                     + " — or reputation: " + "; ".join(cert["reputation"]["missing"]))
            raise NotAllowed(f"the badge is for certified providers (PF-6); you still need {lacks}")
        folder = Path(directory).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InvalidInput(f"cannot create {str(folder)!r}: {e.strerror or e}") from None
        when = day(self.now())
        svg = badge_svg(self.pseudo, when).encode()
        png = badge_png(self.pseudo, when)
        out = {}
        for name, data in (("prestataire-certifie.svg", svg), ("prestataire-certifie.png", png)):
            target = folder / name
            try:
                write_atomic(target, data)
            except OSError as e:
                raise InvalidInput(f"cannot write {str(target)!r}: {e.strerror or e}") from None
            out[name.rsplit(".", 1)[1]] = str(target)
        return {"svg": out["svg"], "png": out["png"], "path": cert["path"]}

    # -- referral (RF-1) ---------------------------------------------------------------------------

    @command
    def submit_referral(self, url: str) -> dict[str, Any]:
        """RF-1: the URL of an article or a link that promotes the platform, for the platform to check."""
        c = self.conn
        clean = normalize_url(url)
        if c.execute("SELECT 1 FROM referrals WHERE url = ? AND status = 'rewarded'", (clean,)).fetchone():
            raise NotAllowed(f"{clean} was already rewarded; a promotion is rewarded once")
        mine = c.execute(
            "SELECT id FROM referrals WHERE url = ? AND provider_id = ? AND status = 'submitted'",
            (clean, self.provider_id),
        ).fetchone()
        if mine is not None:
            raise NotAllowed(f"you already submitted {clean} (referral {mine[0]}); the platform is checking it")
        rid = int(c.execute(
            "INSERT INTO referrals(provider_id, url, submitted_at) VALUES (?, ?, ?)",
            (self.provider_id, clean, self.now()),
        ).lastrowid or 0)
        return {"referral_id": rid, "url": clean, "status": "submitted"}

    def referrals(self) -> list[dict[str, Any]]:
        return [
            {"id": i, "url": u, "submitted_on": day(s), "status": st, "checked_on": day(ch) or None, "note": n}
            for i, u, s, st, ch, n in self.conn.execute(
                "SELECT id, url, submitted_at, status, checked_at, note FROM referrals WHERE provider_id = ? "
                "ORDER BY id DESC", (self.provider_id,),
            )
        ]


def badge_svg(pseudo: str, on: str) -> str:
    from xml.sax.saxutils import escape

    who, when = escape(pseudo), escape(on)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img"
     aria-label="Prestataire Certifié : {who}">
  <title>Prestataire Certifié — {who}</title>
  <circle cx="200" cy="200" r="190" fill="#1f4e9c"/>
  <circle cx="200" cy="200" r="170" fill="none" stroke="#f2c14e" stroke-width="8"/>
  <path d="M150 150 l35 35 l70 -70" fill="none" stroke="#f2c14e" stroke-width="18"
        stroke-linecap="round" stroke-linejoin="round"/>
  <text x="200" y="245" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="32" font-weight="bold" fill="#ffffff">Prestataire</text>
  <text x="200" y="282" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="32" font-weight="bold" fill="#ffffff">Certifié</text>
  <text x="200" y="320" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="22" fill="#f2c14e">{who}</text>
  <text x="200" y="348" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="14" fill="#dbe4f3">{when}</text>
</svg>
"""


def badge_png(pseudo: str, on: str, size: int = 400) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    s = size / 400
    d.ellipse((10 * s, 10 * s, 390 * s, 390 * s), fill=(31, 78, 156, 255))
    d.ellipse((30 * s, 30 * s, 370 * s, 370 * s), outline=(242, 193, 78, 255), width=max(1, int(8 * s)))
    d.line([(150 * s, 150 * s), (185 * s, 185 * s), (255 * s, 115 * s)], fill=(242, 193, 78, 255),
           width=max(1, int(18 * s)), joint="curve")

    def font(px: float) -> Any:
        try:
            return ImageFont.load_default(size=px)
        except (TypeError, OSError):  # a Pillow without FreeType: the bitmap font
            return ImageFont.load_default()

    for text, y, px, color in (
        ("Prestataire", 230, 32, (255, 255, 255, 255)),
        ("Certifié", 267, 32, (255, 255, 255, 255)),
        (pseudo, 308, 22, (242, 193, 78, 255)),
        (on, 338, 14, (219, 228, 243, 255)),
    ):
        d.text((200 * s, y * s), text, font=font(px * s), fill=color, anchor="mm")
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


# == the platform's side ===========================================================================

class ProfileServices(PlatformBase):
    """The platform's side of the profile: SCP checks, referral checks."""

    def _pending_reference(self, reference_id: int) -> tuple[int, str]:
        row = self.conn.execute(
            "SELECT provider_id, client_name, status FROM provider_references WHERE id = ?", (reference_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no reference {reference_id}")
        if row[2] != "pending":
            raise NotAllowed(f"reference {reference_id} is {row[2]}; the SCP answers only a pending one")
        return int(row[0]), str(row[1])

    @command
    def scp_confirm(self, reference_id: int) -> dict[str, Any]:
        """PF-7: the client confirmed the reference; PF-6 may make the provider certified."""
        prov, client = self._pending_reference(reference_id)
        c = self.conn
        c.execute("UPDATE provider_references SET status = 'certified', resolved_at = ? WHERE id = ?",
                  (self.now(), reference_id))
        legacy_notify(self.engine,
            c, prov, "reference_confirmed", f"Reference from {client} certified",
            body="The client confirmed your work; the SCP certified the reference.",
            data={"reference_id": reference_id}, dedup_key=f"ref-confirmed:{reference_id}",
        )
        certified = notify_if_certified(self.engine, c, prov)
        return {"reference_id": reference_id, "status": "certified", "provider_certified": certified}

    @command
    def scp_refuse(self, reference_id: int, reason: str) -> dict[str, Any]:
        """PF-7: the SCP refuses a reference with one of the rule's reasons."""
        if reason not in REFUSAL_REASONS:
            raise InvalidInput(f"the reason is one of {', '.join(REFUSAL_REASONS)}")
        prov, client = self._pending_reference(reference_id)
        c = self.conn
        c.execute("UPDATE provider_references SET status = 'refused', refusal = ?, resolved_at = ? WHERE id = ?",
                  (reason, self.now(), reference_id))
        legacy_notify(self.engine,
            c, prov, "reference_refused", f"Reference from {client} refused",
            body=f"The SCP refused it: {REFUSAL_REASONS[reason]}.",
            data={"reference_id": reference_id, "reason": reason}, dedup_key=f"ref-refused:{reference_id}",
        )
        return {"reference_id": reference_id, "status": "refused", "refusal": reason}

    @command
    def check_referral(self, referral_id: int, ok: bool, note: str = "") -> dict[str, Any]:
        """RF-1: a checked promotion earns 5 offer credits; 3 per 12 months; a URL once."""
        pol, c, now = profile_policy(self.policy), self.conn, self.now()
        row = c.execute("SELECT provider_id, url, status FROM referrals WHERE id = ?", (referral_id,)).fetchone()
        if row is None:
            raise NotFound(f"no referral {referral_id}")
        prov, url, status = row
        if status != "submitted":
            raise NotAllowed(f"referral {referral_id} was already checked ({status})")
        granted = 0
        if not ok:
            outcome, note = "refused", note or "the platform could not verify the promotion"
        elif c.execute("SELECT 1 FROM referrals WHERE url = ? AND status = 'rewarded'", (url,)).fetchone():
            outcome, note = "refused", "this URL was already rewarded; a promotion is rewarded once"
        else:
            since = add_months(now, -pol.referral_period_months)
            times = [t for (t,) in c.execute(
                "SELECT checked_at FROM referrals WHERE provider_id = ? AND status = 'rewarded' "
                "AND checked_at > ? ORDER BY checked_at", (prov, since),
            )]
            if len(times) >= pol.referral_max_rewarded:
                nxt = add_months(times[-pol.referral_max_rewarded], pol.referral_period_months)
                outcome, note = "refused", (
                    f"at most {pol.referral_max_rewarded} rewarded promotions per "
                    f"{pol.referral_period_months} months; the next can be rewarded from {day(nxt)}"
                )
            else:
                outcome, granted = "rewarded", pol.referral_reward_offer_credits
        c.execute("UPDATE referrals SET status = ?, checked_at = ?, note = ? WHERE id = ?",
                  (outcome, now, note or None, referral_id))
        if granted:
            credits.grant(c, prov, "offer", granted, source="referral", reason=f"referral {referral_id}",
                          at=now, validity_months=self.policy.credit_validity_months)
            legacy_notify(self.engine,
                c, prov, "referral_rewarded", f"{granted} offer credits for your promotion",
                body=f"Thank you for promoting the platform: {url}", data={"referral_id": referral_id},
                dedup_key=f"referral:{referral_id}",
            )
        else:
            legacy_notify(self.engine,
                c, prov, "referral_refused", "Your promotion was not rewarded",
                body=f"{url}: {note}", data={"referral_id": referral_id}, dedup_key=f"referral:{referral_id}",
            )
        return {"referral_id": referral_id, "status": outcome, "offer_credits": granted, "note": note or None}
