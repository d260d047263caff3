"""The provider's client references (PF-7): the SCP emails the client, who confirms or refuses;
no answer in 14 days and the request expires (`services.scp`); a re-send after 48 hours, 3 sends in all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.commands import profile as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.policy import DAY
from pel_tui.backend.profile_rules import text

HOUR = 3_600
NAME_MAX_CHARS = 120
WORK_MAX_CHARS = 2_000
EMAIL_MAX_CHARS = 254
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")


@dataclass(frozen=True)
class Reference:
    id: int
    client_name: str
    client_email: str
    work: str
    year: int
    status: str  # pending, certified, refused, expired
    refusal: str | None  # one of profile_rules.REFUSAL_REASONS
    created_at: datetime
    resolved_at: datetime | None
    sends: list[datetime]
    resend_from: datetime | None  # when a re-send becomes possible; None: never again


@dataclass(frozen=True)
class _Row:
    id: int
    client_name: str
    client_email: str
    work: str
    year: int
    created_at: int
    status: str
    refusal: str | None
    resolved_at: int | None


def references(ctx: Ctx) -> list[Reference]:
    """PF-7: the provider's references, newest first, with their sends."""
    pol = ctx.policy.profile
    out = []
    for r in rows.all_(
        ctx.conn, _Row, "SELECT id, client_name, client_email, work, year, created_at, status, refusal, "
        "resolved_at FROM provider_references WHERE provider_id = ? ORDER BY id DESC", (ctx.me,),
    ):
        sends = [int(t) for (t,) in ctx.conn.execute(
            "SELECT sent_at FROM reference_sends WHERE reference_id = ? ORDER BY n", (r.id,))]
        resend = None
        if r.status in ("pending", "expired") and len(sends) < pol.reference_max_sends and sends:
            resend = to_datetime(sends[-1] + pol.reference_resend_hours * HOUR)
        out.append(Reference(
            r.id, r.client_name, r.client_email, r.work, r.year, r.status, r.refusal, to_datetime(r.created_at),
            to_datetime(r.resolved_at) if r.resolved_at else None, [to_datetime(t) for t in sends], resend,
        ))
    return out


def _domain(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.rsplit("@", 1)[1].strip().lower() or None


def _sent(ctx: Ctx, rid: int, client: str, email: str, n: int) -> int:
    """Record send `n` of a request and tell the provider; when it expires without an answer."""
    pol = ctx.policy.profile
    expires = ctx.now + pol.reference_expiry_days * DAY
    ctx.conn.execute("INSERT INTO reference_sends(reference_id, n, sent_at) VALUES (?, ?, ?)", (rid, n, ctx.now))
    ctx.notify(ctx.me, "reference_sent", dedup_key=f"ref-sent:{rid}:{n}", reference_id=rid, client=client,
               email=email, send=n, max_sends=pol.reference_max_sends, expires_at=expires)
    return expires


def add_reference(ctx: Ctx, c: cmd.AddReference) -> cmd.ReferenceAdded:
    """PF-7: the SCP emails the client at once; an email on the provider's own domain is refused at once."""
    pol, conn, now = ctx.policy.profile, ctx.conn, ctx.now
    name = text(c.client_name, "client_name", NAME_MAX_CHARS)
    email = (c.client_email or "").strip()
    m = _EMAIL.fullmatch(email)
    if m is None or len(email) > EMAIL_MAX_CHARS:
        raise InvalidInput("reference.email_invalid", email=c.client_email)
    work = text(c.work, "work", WORK_MAX_CHARS)
    this_year = to_datetime(now).year
    oldest = this_year - pol.reference_max_age_years
    if not isinstance(c.year, int) or not oldest <= c.year <= this_year:
        raise InvalidInput("reference.year_out_of_range", max_age_years=pol.reference_max_age_years,
                           min_year=oldest, max_year=this_year)
    live = rows.scalar(
        conn, "SELECT id FROM provider_references WHERE provider_id = ? AND lower(client_email) = lower(?) "
        "AND status = 'pending'", (ctx.me, email),
    )
    if live is not None:
        raise NotAllowed("reference.already_pending", reference_id=int(live), email=email)
    own = _domain(rows.scalar(conn, "SELECT email FROM providers WHERE id = ?", (ctx.me,)))
    rid = int(conn.execute(
        "INSERT INTO provider_references(provider_id, client_name, client_email, work, year, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (ctx.me, name, email, work, c.year, now),
    ).lastrowid or 0)
    if own is not None and m.group(1).lower() == own and own not in pol.public_mail_domains:
        conn.execute("UPDATE provider_references SET status = 'refused', refusal = 'own_domain', "
                     "resolved_at = ? WHERE id = ?", (now, rid))
        ctx.notify(ctx.me, "reference_refused", dedup_key=f"ref-refused:{rid}", reference_id=rid, client=name,
                   reason="own_domain", domain=own)
        return {"reference_id": rid, "status": "refused", "refusal": "own_domain", "sends": 0, "expires_on": None}
    expires = _sent(ctx, rid, name, email, 1)
    return {"reference_id": rid, "status": "pending", "refusal": None, "sends": 1, "expires_on": expires}


@dataclass(frozen=True)
class _Mine:
    client_name: str
    client_email: str
    status: str
    sends: int
    last_sent_at: int | None


def resend_reference(ctx: Ctx, c: cmd.ResendReference) -> cmd.ReferenceResent:
    """PF-7: re-send after 48 hours, at most 3 sends in all; an expired request is pending again."""
    pol, conn, now = ctx.policy.profile, ctx.conn, ctx.now
    ref = rows.one(
        conn, _Mine, "SELECT client_name, client_email, status, "
        "(SELECT count(*) FROM reference_sends WHERE reference_id = r.id) AS sends, "
        "(SELECT max(sent_at) FROM reference_sends WHERE reference_id = r.id) AS last_sent_at "
        "FROM provider_references r WHERE id = ? AND provider_id = ?", (c.reference_id, ctx.me),
    )
    if ref is None:
        raise NotFound("reference.not_yours", reference_id=c.reference_id)
    if ref.status not in ("pending", "expired"):
        raise NotAllowed("reference.not_resendable", reference_id=c.reference_id, status=ref.status)
    if ref.sends >= pol.reference_max_sends:
        raise NotAllowed("reference.sends_exhausted", reference_id=c.reference_id, sends=ref.sends,
                         max_sends=pol.reference_max_sends)
    last = ref.last_sent_at or 0
    ready = last + pol.reference_resend_hours * HOUR
    if now < ready:
        raise NotAllowed("reference.resend_too_soon", reference_id=c.reference_id, hours_ago=(now - last) // HOUR,
                         resend_hours=pol.reference_resend_hours, ready_at=ready)
    if ref.status == "expired":
        conn.execute("UPDATE provider_references SET status = 'pending', resolved_at = NULL WHERE id = ?",
                     (c.reference_id,))
    n = ref.sends + 1
    expires = _sent(ctx, c.reference_id, ref.client_name, ref.client_email, n)
    return {"reference_id": c.reference_id, "status": "pending", "sends": n,
            "sends_left": pol.reference_max_sends - n, "expires_on": expires}


HANDLERS: dict[type[Any], Any] = {
    cmd.AddReference: add_reference,
    cmd.ResendReference: resend_reference,
}
