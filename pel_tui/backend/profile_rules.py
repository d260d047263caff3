"""What both sides of the profile read: the pseudo's form (PF-2), the legal statuses, the SCP's
refusal reasons (PF-7), the completeness score (PF-3), and the checks of what a provider types."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.clock import add_months
from pel_tui.backend.errors import InvalidInput
from pel_tui.backend.policy import ProfilePolicy

if TYPE_CHECKING:  # the commands' types (msgspec): for the type checker; the first screen does not import them
    from pel_tui.backend.commands.profile import Lack

PSEUDO = re.compile(r"^[a-z0-9_-]{3,30}$")
LEGAL_STATUSES = ("company", "micro_entreprise", "umbrella")
#: PF-7: why the SCP refuses a reference.
REFUSAL_REASONS = ("denied", "unreachable", "not_verifiable", "duplicate", "personal_relation", "own_domain")


def load_list(text: str | None) -> list[str]:
    """A list of strings stored as JSON (the skills), whatever was stored."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


class _Facts(msgspec.Struct, frozen=True):
    photo_sha256: str | None
    description: str | None
    skills: str | None
    legal_status: str | None
    legal_name: str | None
    siret: str | None
    items: int


def _checks(conn: sqlite3.Connection, provider_id: int, pol: ProfilePolicy) -> list[tuple[Lack, bool]]:
    f = rows.one(
        conn, _Facts,
        "SELECT photo_sha256, description, skills, legal_status, legal_name, siret, "
        "(SELECT count(*) FROM portfolio_items WHERE provider_id = p.id) AS items FROM providers p WHERE id = ?",
        (provider_id,),
    )
    if f is None:
        return []
    description = len((f.description or "").strip())
    skills = len(load_list(f.skills))
    legal = bool(f.legal_status and f.legal_name and f.siret)
    return [
        ({"what": "photo", "have": int(bool(f.photo_sha256)), "needed": 1}, bool(f.photo_sha256)),
        ({"what": "description", "have": description, "needed": pol.description_min_chars},
         description >= pol.description_min_chars),
        ({"what": "skills", "have": skills, "needed": pol.min_skills}, skills >= pol.min_skills),
        ({"what": "portfolio", "have": f.items, "needed": 1}, f.items >= 1),
        ({"what": "legal_identity", "have": int(legal), "needed": 1}, legal),
    ]


def completeness(conn: sqlite3.Connection, provider_id: int, policy: ProfilePolicy | None = None) -> int:
    """PF-3: the share of the five profile checks that hold, in percent."""
    checks = _checks(conn, provider_id, policy or ProfilePolicy())
    if not checks:
        return 0
    return round(100 * sum(ok for _, ok in checks) / len(checks))


def missing(conn: sqlite3.Connection, provider_id: int, policy: ProfilePolicy | None = None) -> list[Lack]:
    """PF-3: what the profile lacks (photo, description, skills, portfolio, legal_identity), with the figures."""
    return [lack for lack, ok in _checks(conn, provider_id, policy or ProfilePolicy()) if not ok]


# == what the provider types ==========================================================================

def text(value: str | None, field: str, max_chars: int, *, required: bool = True) -> str:
    """A text field, stripped: refused when empty (if required) or longer than `max_chars`."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput("profile.text_empty", field=field)
    if len(value) > max_chars:
        raise InvalidInput("profile.text_too_long", field=field, length=len(value), max_chars=max_chars)
    return value


def normalize_url(url: str | None) -> str:
    """An http(s) URL with a host, scheme and host lower-cased, without its fragment."""
    from urllib.parse import urlsplit, urlunsplit

    given = (url or "").strip()
    if not given or len(given) > 2_000 or any(c.isspace() for c in given):
        raise InvalidInput("url.empty")
    try:
        parts = urlsplit(given)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise InvalidInput("url.invalid", text=given) from None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host.strip("."):
        raise InvalidInput("url.not_http", text=given)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme.lower(), netloc.lower(), parts.path or "/", parts.query, ""))


def promotion_key(url: str) -> str:
    """RF-1: what two URLs of the same promotion share, whatever their scheme, host case, `www.` prefix,
    trailing slash, fragment or tracking parameters (`utm_*`): `blog.exemple.fr/article?id=3`.

    The path keeps its case (it is the site's to read) and the other query parameters their order.
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    try:
        port = parts.port
    except ValueError:
        port = None
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    return host + parts.path.rstrip("/") + ("?" + urlencode(query) if query else "")


def same_promotion(conn: sqlite3.Connection, url: str, status: str, *, provider_id: int | None = None,
                   other_than: int | None = None) -> int | None:
    """RF-1: the id of a referral in `status` (the provider's, if given) that is the same promotion as `url`."""
    key = promotion_key(url)
    sql = "SELECT id, url FROM referrals WHERE status = ? AND instr(lower(url), ?) > 0"
    params: list[object] = [status, key.split("/", 1)[0].split(":", 1)[0]]
    if provider_id is not None:
        sql += " AND provider_id = ?"
        params.append(provider_id)
    if other_than is not None:
        sql += " AND id <> ?"
        params.append(other_than)
    for rid, stored in conn.execute(sql + " ORDER BY id", params):
        if promotion_key(stored) == key:
            return int(rid)
    return None


# == referrals (RF-1) ================================================================================

#: Why the platform refused a promotion the checker found good; stored as the referral's note.
REFERRAL_RULE_REFUSALS = ("already_rewarded", "limit")


def next_reward_at(conn: sqlite3.Connection, provider_id: int, at: int, pol: ProfilePolicy) -> int | None:
    """RF-1: at `at`, with the most rewarded promotions in the period, when the next can be; else None."""
    since = add_months(at, -pol.referral_period_months)
    times = [int(t) for (t,) in conn.execute(
        "SELECT checked_at FROM referrals WHERE provider_id = ? AND status = 'rewarded' "
        "AND checked_at > ? AND checked_at <= ? ORDER BY checked_at", (provider_id, since, at),
    )]
    if len(times) < pol.referral_max_rewarded:
        return None
    return add_months(times[-pol.referral_max_rewarded], pol.referral_period_months)
