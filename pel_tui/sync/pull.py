"""A page of the feed, applied in one transaction, with the device's pending commands on top.

1. take back what the pending commands changed (`local_store.mirror.rewind`);
2. write the server's rows;
3. run again, in order, the commands the server has not answered, and those it applied whose
   effects this page does not hold yet; a refused command is not run again: its effects (a
   credit spent offline, an offer) are gone, and it is shown with the server's reason.
After `must_refetch` the mirror is emptied and filled again from the start; pending commands stay.
"""

from __future__ import annotations

import json
import sqlite3

from local_store import mirror
from local_store.synced import SYNCED_TABLES
from pel_tui.backend import registry, rows
from pel_tui.backend.context import Actor, Blobs, Ctx
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import PelError
from pel_tui.protocol import Page


def apply_page(engine: Engine, page: Page, *, device_now: int) -> int:
    """Apply one page; how many rows it held."""
    with engine.store.write() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        mirror.set_state(conn, recording=False, rewinding=True)
        mirror.rewind(conn)
        if page.must_refetch:
            for table, _key in reversed(SYNCED_TABLES):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("UPDATE sync_link SET cursor = '', epoch = ?, seen_rev = 0, first_done = 0", (page.epoch,))
        first = not rows.scalar(conn, "SELECT first_done FROM sync_link", (), 0)
        mirror.set_bulk(conn, first)  # a first sync builds the search indexes once, at its end
        for chunk in page.tables:
            mirror.apply_rows(conn, chunk.table, chunk.columns, chunk.rows, chunk.gone)
        if first and not page.more and not page.must_refetch:
            mirror.set_bulk(conn, False)
            mirror.rebuild_search(conn)
        mirror.set_bulk(conn, False)
        if not page.must_refetch:
            conn.execute(
                "UPDATE sync_link SET cursor = ?, epoch = ?, seen_rev = max(seen_rev, ?), server_time = ?, "
                "device_time = ?, last_error = NULL, attempts = 0, "
                "first_done = CASE WHEN ? THEN first_done ELSE 1 END, "
                "synced_at = CASE WHEN ? THEN synced_at ELSE ? END",
                (page.cursor, page.epoch, page.rev, page.server_time, device_now, page.more, page.more,
                 page.server_time),
            )
        mirror.set_state(conn, recording=True, rewinding=False)
        replay(engine, conn)
    return page.count


def rebase(engine: Engine) -> None:
    """Take back and replay the pending commands without a page (a refusal learnt from a push)."""
    with engine.store.write() as conn:
        mirror.set_state(conn, recording=False, rewinding=True)
        mirror.rewind(conn)
        mirror.set_state(conn, recording=True, rewinding=False)
        replay(engine, conn)


def replay(engine: Engine, conn: sqlite3.Connection) -> int:
    """Run again the commands whose effects the mirror does not hold from the server; how many."""
    seen = int(rows.scalar(conn, "SELECT seen_rev FROM sync_link", (), 0))
    todo = conn.execute(
        "SELECT command_id, at, actor, command, version, args, outcome, outcome_data FROM journal "
        "WHERE version > 0 AND actor LIKE 'provider:%' AND (outcome IS NULL OR (outcome = 'applied' "
        "AND coalesce(json_extract(outcome_data, '$.rev'), 0) > ?)) ORDER BY seq", (seen,),
    ).fetchall()
    me = rows.scalar(conn, "SELECT value FROM meta WHERE key = 'me'")
    if me is None or not todo:
        return 0
    pseudo = rows.scalar(conn, "SELECT pseudo FROM providers WHERE id = ?", (int(me),))
    if pseudo is None:
        return 0  # the first page has not brought the provider's own row yet
    actor = Actor("provider", int(me), pseudo)
    files = engine.store.path.parent / "files" if engine.store.path else None
    done = 0
    for command_id, at, _actor, name, version, args, _outcome, _data in todo:
        try:
            cmd = registry.decode(name, version, json.loads(args))
        except PelError:
            continue
        ctx = Ctx(conn, at, engine.policy, actor, engine.clock, engine.store.path, blobs=Blobs(None, files))
        conn.execute("SAVEPOINT replay")
        try:
            registry.handler(type(cmd))(ctx, cmd)
        except PelError as e:  # it would be refused now: the server will say so when it gets it
            conn.execute("ROLLBACK TO replay")
            conn.execute("UPDATE journal SET last_error = ? WHERE command_id = ?", (f"local:{e.code}", command_id))
        else:
            done += 1
        conn.execute("RELEASE replay")  # a file a command keeps again is already in place: nothing to publish
    return done
