"""The provider's notifications (NO-1): newest first, read or unread, as a kind and its data."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pel_tui.backend import rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.models import Notification

if TYPE_CHECKING:  # at run time, imported by `HANDLERS` (PEP 562, below)
    from pel_tui.backend.commands import notifications as cmd


def notifications(ctx: Ctx, *, unread_only: bool = False, limit: int = 200) -> list[Notification]:
    sql = (
        "SELECT id, at, kind, project_id, title, body, read_at, data, rendered FROM notifications "
        "WHERE provider_id = ?"
    )
    if unread_only:
        sql += " AND read_at IS NULL"
    sql += " ORDER BY at DESC, id DESC LIMIT ?"
    return [
        Notification(id=i, at=to_datetime(at), kind=kind, project_id=pid, data=json.loads(data),
                     read=read_at is not None, prose=(title, body) if rendered else None)
        for i, at, kind, pid, title, body, read_at, data, rendered in ctx.conn.execute(sql, (ctx.me, limit))
    ]


def unread_count(ctx: Ctx) -> int:
    return int(rows.scalar(
        ctx.conn, "SELECT count(*) FROM notifications WHERE provider_id = ? AND read_at IS NULL", (ctx.me,), 0,
    ))


def mark_read(ctx: Ctx, c: cmd.MarkRead) -> cmd.Marked:
    """Mark notifications read (all of them without ids)."""
    if c.notification_ids is None:
        cur = ctx.conn.execute(
            "UPDATE notifications SET read_at = ? WHERE provider_id = ? AND read_at IS NULL", (ctx.now, ctx.me),
        )
    else:
        marks = ", ".join("?" for _ in c.notification_ids) or "NULL"
        cur = ctx.conn.execute(
            f"UPDATE notifications SET read_at = ? WHERE provider_id = ? AND read_at IS NULL AND id IN ({marks})",
            (ctx.now, ctx.me, *c.notification_ids),
        )
    return {"marked": cur.rowcount}


def __getattr__(name: str) -> Any:
    """`HANDLERS`, made when the registry first asks (PEP 562): the commands' types (msgspec) are not
    for the first screen to import, which only reads."""
    if name == "HANDLERS":
        from pel_tui.backend.commands import notifications as cmd

        return {cmd.MarkRead: mark_read}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
