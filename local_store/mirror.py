"""A linked store's mirror: the server's rows kept as they come, and the device's own changes taken back.

While `sync_state.recording` is set, triggers (`install`) write the old image of every row a
command changes in a synced table into `sync_undo`; `rewind` puts every such row back as it was
(the device's pending commands' effects are gone), `apply` writes the server's rows (an insert,
an update of the columns that differ, or a delete), and the sync layer then runs the pending
commands again on top. All of it in the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from local_store.synced import KEYS, SYNCED_TABLES
from local_store.text import clean_row


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def triggers(conn: sqlite3.Connection) -> dict[str, str]:
    """The undo trigger each synced table needs after its current columns: name → its CREATE statement."""
    def image(alias: str, names: Iterable[str]) -> str:
        return "json_object(" + ", ".join(f"'{c}', {alias}.{c}" for c in names) + ")"

    out: dict[str, str] = {}
    for table, key in SYNCED_TABLES:
        cols = columns(conn, table)

        def key_of(alias: str, key: tuple[str, ...] = key) -> str:
            return "json_array(" + ", ".join(f"{alias}.{c}" for c in key) + ")"

        when = "WHEN (SELECT recording FROM sync_state)"
        for op, event, alias, old in (("I", "INSERT", "NEW", "NULL"), ("U", "UPDATE", "OLD", image("OLD", cols)),
                                      ("D", "DELETE", "OLD", image("OLD", cols))):
            name = f"undo_{table}_{event.lower()}"
            out[name] = (
                f"CREATE TRIGGER {name} {'BEFORE' if op != 'I' else 'AFTER'} {event} ON {table} {when} BEGIN "
                f"INSERT INTO sync_undo(tbl, key, op, old) VALUES ('{table}', {key_of(alias)}, '{op}', {old}); END"
            )
    return out


def _stale(conn: sqlite3.Connection) -> dict[str, str]:
    """The triggers missing, or made for other columns (a migration added one), with what they must be."""
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo%'"))
    return {name: sql for name, sql in triggers(conn).items() if have.get(name) != sql}


def install(conn: sqlite3.Connection) -> None:
    """(Re)make the undo triggers that are missing or stale (after the tables' current columns)."""
    for name, sql in _stale(conn).items():
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(sql)


def ready(conn: sqlite3.Connection) -> bool:
    """Whether the triggers are as the columns need and the device's changes are recorded: then opening
    the store writes nothing (no schema change for the other connections to notice, no fsync)."""
    state = conn.execute("SELECT recording, rewinding FROM sync_state").fetchone()
    return state is not None and tuple(state) == (1, 0) and not _stale(conn)


def set_state(conn: sqlite3.Connection, *, recording: bool, rewinding: bool) -> None:
    conn.execute("UPDATE sync_state SET recording = ?, rewinding = ?", (int(recording), int(rewinding)))


def _where(table: str) -> str:
    return " AND ".join(f"{c} = ?" for c in KEYS[table])


def rewind(conn: sqlite3.Connection) -> int:
    """Put back every row the recorded changes touched, newest first; how many changes."""
    undone = conn.execute("SELECT n, tbl, key, op, old FROM sync_undo ORDER BY n DESC").fetchall()
    for _n, table, key, op, old in undone:
        values = json.loads(key)
        if op == "I":
            conn.execute(f"DELETE FROM {table} WHERE {_where(table)}", values)
        elif op == "D":
            row = json.loads(old)
            names = list(row)
            conn.execute(f"INSERT OR REPLACE INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [row[c] for c in names])
        else:
            _update_changed(conn, table, values, json.loads(old))
    conn.execute("DELETE FROM sync_undo")
    return len(undone)


def _update_changed(conn: sqlite3.Connection, table: str, key: list[Any], row: dict[str, Any]) -> None:
    """Set the columns of a row that differ from `row` (triggers on unchanged columns stay quiet)."""
    cur = conn.execute(f"SELECT * FROM {table} WHERE {_where(table)}", key)
    now = cur.fetchone()
    if now is None:
        names = list(row)
        conn.execute(f"INSERT INTO {table}({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     [row[c] for c in names])
        return
    current = dict(zip([d[0] for d in cur.description], now, strict=True))
    changed = [c for c, v in row.items() if c in current and current[c] != v]
    if changed:
        conn.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changed)} WHERE {_where(table)}",
                     [row[c] for c in changed] + key)


def apply_rows(conn: sqlite3.Connection, table: str, names: list[str], values: Iterable[Sequence[Any]],
               gone: Iterable[list[Any]] = ()) -> None:
    """A table's rows from the server (arrays in the order of `names`): new ones inserted at once,
    known ones updated where they differ; `gone` deleted."""
    if table not in KEYS:
        return  # a table of a newer server: nothing to keep it in
    known = _COLUMNS.get(table) or set(columns(conn, table))
    _COLUMNS[table] = known
    keep = [i for i, n in enumerate(names) if n in known]
    cols = [names[i] for i in keep]
    at = [names.index(k) for k in KEYS[table]]
    for key in gone:
        conn.execute(f"DELETE FROM {table} WHERE {_where(table)}", key)
    rows = [clean_row(list(r)) for r in values]  # what others wrote never reaches a terminal as escapes
    present = _present(conn, table, [[r[i] for i in at] for r in rows])
    fresh = []
    for r in rows:
        found = tuple(r[i] for i in at)
        if found in present:
            _update_changed(conn, table, list(found), {names[i]: r[i] for i in keep})
        else:
            fresh.append([r[i] for i in keep])
    if fresh:
        conn.executemany(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", fresh)


def _present(conn: sqlite3.Connection, table: str, keys: list[list[Any]]) -> set[tuple[Any, ...]]:
    """Which of these keys the table holds already."""
    cols = KEYS[table]
    found: set[tuple[Any, ...]] = set()
    if len(cols) == 1:
        values = [k[0] for k in keys]
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            found |= {(r[0],) for r in conn.execute(
                f"SELECT {cols[0]} FROM {table} WHERE {cols[0]} IN ({', '.join('?' * len(chunk))})", chunk)}
        return found
    for key in keys:
        if conn.execute(f"SELECT 1 FROM {table} WHERE {_where(table)}", key).fetchone():
            found.add(tuple(key))
    return found


def set_bulk(conn: sqlite3.Connection, on: bool) -> None:
    conn.execute("UPDATE sync_state SET bulk = ?", (int(on),))


def rebuild_search(conn: sqlite3.Connection) -> None:
    """The full-text indexes of the projects, whole again (after a first sync in bulk)."""
    conn.execute("INSERT INTO projects_fts(projects_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('delete-all')")
    conn.execute("INSERT INTO open_projects_fts(rowid, title, summary, description, city) "
                 "SELECT id, title, summary, description, city FROM projects WHERE status = 'open'")
    conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('optimize')")


def apply(conn: sqlite3.Connection, table: str, key: list[Any], data: dict[str, Any] | None) -> None:
    """One row from the server: written as it is, or deleted (`data` None)."""
    if table not in KEYS:
        return  # a table of a newer server: nothing to keep it in
    if data is None:
        conn.execute(f"DELETE FROM {table} WHERE {_where(table)}", key)
        return
    known = set(columns(conn, table)) if table not in _COLUMNS else _COLUMNS[table]
    _COLUMNS[table] = known
    _update_changed(conn, table, key, {c: v for c, v in data.items() if c in known})


_COLUMNS: dict[str, set[str]] = {}
