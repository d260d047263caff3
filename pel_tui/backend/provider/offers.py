"""The provider's offers (OF): every version with its read receipt, and making, editing, withdrawing one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.models import Offer, OfferVersion
from pel_tui.backend.provider import credits
from pel_tui.backend.provider.project_rows import open_project

if TYPE_CHECKING:  # at run time, imported by `HANDLERS` (PEP 562, below)
    from pel_tui.backend.commands import projects as cmd

MAX_AMOUNT_CENTS = 100_000_000_00
#: OF-6: offers no longer in the running: withdrawn by the provider, a selection declined or revoked.
GIVEN_UP = ("withdrawn", "declined", "revoked")
MAX_DELAY_DAYS = 3650


def _dt(ts: int | None) -> Any:
    return None if ts is None else to_datetime(ts)


def offers(ctx: Ctx, where: str, params: tuple[object, ...], *, versions: bool = True) -> list[Offer]:
    """Offers matching `where` (on `o`, the offer), newest activity first, with their latest version."""
    c = ctx.conn
    out = []
    for (oid, project_id, title, project_status, pseudo, status, amount, delay, message, created, updated,
         read_at) in c.execute(
        "SELECT o.id, o.project_id, p.title, p.status, pr.pseudo, o.status, v.amount_cents, "
        "v.delay_days, v.message, o.created_at, o.updated_at, v.read_at FROM offers o "
        "JOIN projects p ON p.id = o.project_id JOIN providers pr ON pr.id = o.provider_id "
        "JOIN offer_versions v ON v.offer_id = o.id AND v.version = "
        "(SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
        f"WHERE {where} ORDER BY o.updated_at DESC, o.id DESC", params,
    ).fetchall():
        vs = []
        if versions:
            vs = [
                OfferVersion(n, a, d, m, to_datetime(at), _dt(r))
                for n, a, d, m, at, r in c.execute(
                    "SELECT version, amount_cents, delay_days, message, created_at, read_at "
                    "FROM offer_versions WHERE offer_id = ? ORDER BY version", (oid,),
                )
            ]
        out.append(Offer(
            id=oid, project_id=project_id, project_title=title, project_status=project_status,
            provider=pseudo, status=status, amount_cents=amount, delay_days=delay, message=message,
            created_at=to_datetime(created), updated_at=to_datetime(updated), read_at=_dt(read_at), versions=vs,
        ))
    return out


def mine(ctx: Ctx, status: str | None = None) -> list[Offer]:
    """My offers, newest activity first, every version with its read receipt (OF-3)."""
    if status:
        return offers(ctx, "o.provider_id = ? AND o.status = ?", (ctx.me, status))
    return offers(ctx, "o.provider_id = ?", (ctx.me,))


def make_offer(ctx: Ctx, c: cmd.MakeOffer) -> cmd.OfferMade:
    """OF-1, OF-2: make an offer, or edit it; the offer credit is spent once (CR-2)."""
    open_project(ctx, c.project_id, "offer")
    if c.amount_cents <= 0:
        raise InvalidInput("offer.amount_invalid")
    if c.amount_cents > MAX_AMOUNT_CENTS:
        raise InvalidInput("offer.amount_too_high", max_cents=MAX_AMOUNT_CENTS)
    if not 1 <= c.delay_days <= MAX_DELAY_DAYS:
        raise InvalidInput("offer.delay_invalid", max_days=MAX_DELAY_DAYS)
    message = c.message.strip()
    pol = ctx.policy
    if len(message) < pol.offer_message_min_chars:
        raise InvalidInput("offer.message_short", length=len(message), min_chars=pol.offer_message_min_chars)
    if len(message) > pol.offer_message_max_chars:
        raise InvalidInput("offer.message_long", length=len(message), max_chars=pol.offer_message_max_chars)
    conn, now = ctx.conn, ctx.now
    spent = credits.spend(ctx, c.project_id, "offer", "offer")
    row = conn.execute(
        "SELECT id, status FROM offers WHERE project_id = ? AND provider_id = ?", (c.project_id, ctx.me),
    ).fetchone()
    if row is None:
        oid = int(conn.execute(
            "INSERT INTO offers(project_id, provider_id, status, created_at, updated_at) "
            "VALUES (?, ?, 'submitted', ?, ?)", (c.project_id, ctx.me, now, now),
        ).lastrowid or 0)
        version = 1
        conn.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (c.project_id,))
    else:
        oid, status = row
        if status in GIVEN_UP:  # made again: in the running again
            conn.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (c.project_id,))
        elif status not in ("submitted", "read"):
            raise NotAllowed("offer.frozen", project_id=c.project_id, status=status)
        version = int(conn.execute(
            "SELECT max(version) + 1 FROM offer_versions WHERE offer_id = ?", (oid,)
        ).fetchone()[0])
        # OF-2: an edit resets the read receipt.
        conn.execute("UPDATE offers SET status = 'submitted', updated_at = ? WHERE id = ?", (now, oid))
    conn.execute(
        "INSERT INTO offer_versions(offer_id, version, amount_cents, delay_days, message, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (oid, version, c.amount_cents, c.delay_days, message, now),
    )
    return {"project_id": c.project_id, "offer_id": oid, "version": version, "spent": spent,
            "balances": credits.balances(ctx)}


def withdraw(ctx: Ctx, c: cmd.WithdrawOffer) -> cmd.OfferWithdrawn:
    """OF-4: withdraw my offer while the project is open; the credit is not refunded."""
    open_project(ctx, c.project_id, "withdraw")
    row = ctx.conn.execute(
        "SELECT id, status FROM offers WHERE project_id = ? AND provider_id = ?", (c.project_id, ctx.me),
    ).fetchone()
    offer_id, status = row if row is not None else (0, "none")
    if status == "none" or status in GIVEN_UP:
        raise NotAllowed("offer.none_live", project_id=c.project_id)
    ctx.conn.execute("UPDATE offers SET status = 'withdrawn', updated_at = ? WHERE id = ?", (ctx.now, offer_id))
    ctx.conn.execute("UPDATE projects SET offers_count = max(offers_count - 1, 0) WHERE id = ?", (c.project_id,))
    return {"project_id": c.project_id, "offer_id": int(offer_id), "status": "withdrawn"}


def __getattr__(name: str) -> Any:
    """`HANDLERS`, made when the registry first asks (PEP 562): the commands' types (msgspec) are not
    for the first screen to import, which only reads."""
    if name == "HANDLERS":
        from pel_tui.backend.commands import projects as cmd

        return {
            cmd.MakeOffer: make_offer,
            cmd.WithdrawOffer: withdraw,
        }
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
