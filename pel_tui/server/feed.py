"""The change feed a provider's device pulls: a first sync by table, then the changes, in pages.

A cursor is opaque to the client (base64 of a small JSON object): during a first sync it says which
table and key the next page starts from, and the revision the first page was read at; afterwards,
the last revision sent. Every row is read through the provider's sight (`tables.SYNCED`) and sent
in part where the provider may only see part of it, all of it in SQL. Rows go table by table, as
arrays in the order of the table's columns. A page of changes always ends where a transaction ends.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from typing import Any

from pel_tui.protocol import Page, Rows
from pel_tui.server.tables import BY_TABLE, SYNCED, Synced, column_sql

PAGE_ROWS = 20_000


class BadCursor(Exception):
    """A cursor this server did not make, or of another epoch: the client starts over."""


def encode_cursor(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    if not cursor:
        return {"s": [0, None]}
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as e:
        raise BadCursor(str(e)) from None
    if not isinstance(state, dict) or not ("s" in state or "r" in state):
        raise BadCursor("not a cursor")
    return state


_COLUMNS: dict[str, list[str]] = {}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    if table not in _COLUMNS:
        _COLUMNS[table] = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    return _COLUMNS[table]


def _select(conn: sqlite3.Connection, s: Synced) -> str:
    return f"SELECT {', '.join(column_sql(s.table, c) for c in columns(conn, s.table))} FROM {s.table} t"


def pull(conn: sqlite3.Connection, me: int, cursor: str, epoch: str, *, now: int,
         limit: int = PAGE_ROWS) -> Page:
    """One page of what provider `me` sees, since `cursor`. `conn` reads in one snapshot."""
    state = decode_cursor(cursor)
    if state.get("e", epoch) != epoch:
        raise BadCursor("another epoch")
    if "s" in state:
        return _snapshot(conn, me, state, epoch, now, limit)
    return _changes(conn, me, int(state["r"]), epoch, now, limit)


def _snapshot(conn: sqlite3.Connection, me: int, state: dict[str, Any], epoch: str, now: int, limit: int) -> Page:
    index, last = state["s"]
    base = state.get("b")
    if base is None:  # the first page: the revision the whole first sync is read at
        base = int(conn.execute("SELECT coalesce(max(rev), 0) FROM sync_changes").fetchone()[0])
    total = 0
    if index == 0 and last is None:
        total = sum(int(conn.execute(f"SELECT count(*) FROM {s.table} t WHERE {s.visible}", {"me": me}).fetchone()[0])
                    for s in SYNCED)
    out: list[Rows] = []
    sent = 0
    while index < len(SYNCED) and sent < limit:
        s = SYNCED[index]
        cols = columns(conn, s.table)
        at = [cols.index(k) for k in s.key]
        keys = ", ".join(f"t.{k}" for k in s.key)
        where = f"({s.visible})"
        params: dict[str, Any] = {"me": me, "n": limit - sent}
        beyond, order = ("<", " DESC") if s.newest_first else (">", "")
        if last is not None:
            where += f" AND ({keys}) {beyond} ({', '.join(f':k{i}' for i in range(len(s.key)))})"
            params.update({f"k{i}": v for i, v in enumerate(last)})
        ordering = ", ".join(f"t.{k}{order}" for k in s.key)
        got = conn.execute(f"{_select(conn, s)} WHERE {where} ORDER BY {ordering} LIMIT :n", params).fetchall()
        if got:
            out.append(Rows(table=s.table, columns=cols, rows=got))  # type: ignore[arg-type]
            sent += len(got)
        if len(got) < params["n"]:
            index, last = index + 1, None
        else:
            last = [got[-1][i] for i in at]
    rev = 0
    if index >= len(SYNCED):
        after: dict[str, Any] = {"r": base, "e": epoch}
        more = bool(conn.execute("SELECT 1 FROM sync_changes WHERE rev > ? LIMIT 1", (base,)).fetchone())
        rev = base
    else:
        after = {"s": [index, last], "b": base, "e": epoch}
        more = True
    return Page(epoch=epoch, cursor=encode_cursor(after), tables=out, outcomes=[], more=more, server_time=now,
                total=total, rev=rev)


def _changes(conn: sqlite3.Connection, me: int, since: int, epoch: str, now: int, limit: int) -> Page:
    found = conn.execute(
        "SELECT rev, txn, tbl, key, gone, owner FROM sync_changes WHERE rev > ? ORDER BY rev LIMIT ?",
        (since, limit),
    ).fetchall()
    if len(found) == limit:  # end the page where its last transaction ends
        last_rev, last_txn = found[-1][0], found[-1][1]
        found += conn.execute(
            "SELECT rev, txn, tbl, key, gone, owner FROM sync_changes WHERE txn = ? AND rev > ? ORDER BY rev",
            (last_txn, last_rev),
        ).fetchall()
    # The latest change of each row, tables in the order they first changed (parents before children).
    latest: dict[str, dict[str, tuple[int, int, int | None]]] = {}
    for rev, _txn, tbl, key, gone, owner in found:
        latest.setdefault(tbl, {})[key] = (rev, gone, owner)
    if "projects" in latest:  # a project the provider comes to see brings its client (a new post, a hide)
        ids = [json.loads(k)[0] for k, (_r, gone, _o) in latest["projects"].items() if not gone]
        clients = dict(latest.get("clients", {}))
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ", ".join("?" * len(chunk))
            for (cid,) in conn.execute(f"SELECT DISTINCT client_id FROM projects WHERE id IN ({marks})", chunk):
                clients.setdefault(json.dumps([cid]), (0, 0, None))
        latest = {"clients": clients, **{t: v for t, v in latest.items() if t != "clients"}}
    out: list[Rows] = []
    for tbl, changed in latest.items():
        s = BY_TABLE[tbl]
        cols = columns(conn, tbl)
        rows: list[Any] = []
        gone_keys: list[list[Any]] = []
        alive = []
        for key, (_rev, gone, owner) in changed.items():
            values = json.loads(key)
            if gone:
                if not s.private or owner == me:
                    gone_keys.append(values)
            else:
                alive.append(values)
        for chunk in (alive[i:i + 500] for i in range(0, len(alive), 500)):
            seen = _visible(conn, s, me, chunk)
            rows += seen
            if not s.private:  # rows the provider may have seen, and no longer sees
                at = [cols.index(k) for k in s.key]
                have = {tuple(r[i] for i in at) for r in seen}
                gone_keys += [k for k in chunk if tuple(k) not in have]
        if rows or gone_keys:
            out.append(Rows(table=tbl, columns=cols, rows=rows, gone=gone_keys))
    last = found[-1][0] if found else since
    more = bool(conn.execute("SELECT 1 FROM sync_changes WHERE rev > ? LIMIT 1", (last,)).fetchone())
    return Page(epoch=epoch, cursor=encode_cursor({"r": last, "e": epoch}), tables=out, outcomes=[], more=more,
                server_time=now, rev=last)


def project(conn: sqlite3.Connection, me: int, project_id: int, epoch: str, *, now: int) -> Page:
    """PR-5: any project by id, whatever its status (and its client, as far as the provider may see)."""
    s = BY_TABLE["projects"]
    row = conn.execute(f"{_select(conn, s)} WHERE t.id = :id", {"me": me, "id": project_id}).fetchone()
    tables = []
    if row is not None:
        client = BY_TABLE["clients"]
        cols = columns(conn, "projects")
        client_row = conn.execute(f"{_select(conn, client)} WHERE t.id = :id",
                                  {"me": me, "id": row[cols.index("client_id")]}).fetchone()
        tables = [Rows(table="clients", columns=columns(conn, "clients"), rows=[client_row]),
                  Rows(table="projects", columns=cols, rows=[row])]
    return Page(epoch=epoch, cursor="", tables=tables, outcomes=[], more=False, server_time=now)


def _visible(conn: sqlite3.Connection, s: Synced, me: int, keys: list[list[Any]]) -> list[Any]:
    """The rows of these keys that provider `me` sees, as they may see them."""
    if len(s.key) == 1:
        params: dict[str, Any] = {"me": me, **{f"v{i}": k[0] for i, k in enumerate(keys)}}
        marks = ", ".join(f":v{i}" for i in range(len(keys)))
        return conn.execute(f"{_select(conn, s)} WHERE t.{s.key[0]} IN ({marks}) AND ({s.visible})",
                            params).fetchall()
    out = []
    where = " AND ".join(f"t.{k} = :k{i}" for i, k in enumerate(s.key))
    for key in keys:
        params = {"me": me, **{f"k{i}": v for i, v in enumerate(key)}}
        out += conn.execute(f"{_select(conn, s)} WHERE {where} AND ({s.visible})", params).fetchall()
    return out
