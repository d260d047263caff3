"""Linking a store to a server account, and reading the link.

A store is standalone (the embedded default: the engine plays every side) or linked to one server
account. A standalone store that holds a marketplace is never merged into a server: linking it
asks for `--new-store`, which sets it aside, untouched, and starts an empty store in its place.
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from local_store import Store, mirror
from pel_tui.backend import rows
from pel_tui.sync.errors import SyncError


@dataclass(frozen=True)
class Link:
    server: str
    account: str
    role: str
    device: str
    epoch: str
    cursor: str
    seen_rev: int
    first_done: int
    linked_at: int
    synced_at: int | None
    server_time: int | None
    device_time: int | None
    last_error: str | None
    error_at: int | None
    attempts: int


def current(conn: sqlite3.Connection) -> Link | None:
    return rows.one(
        conn, Link,
        "SELECT server, account, role, device, epoch, cursor, seen_rev, first_done, linked_at, synced_at, "
        "server_time, device_time, last_error, error_at, attempts FROM sync_link",
    )


def has_data(conn: sqlite3.Connection) -> bool:
    """Whether a store holds a marketplace of its own (anything but an empty schema)."""
    return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
               for t in ("projects", "providers", "journal"))


def set_aside(path: Path, now: int) -> Path:
    """Move a standalone store (and its files) out of the way, untouched; where it went."""
    from datetime import UTC, datetime

    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.standalone-{stamp}{path.suffix}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            shutil.move(source, Path(str(aside) + suffix))
    files = path.parent / "files"
    if files.is_dir():
        shutil.move(files, aside.parent / f"{aside.stem}-files")
    return aside


def link(store: Store, *, server: str, account: str, role: str, provider_id: int | None, now: int) -> None:
    """Link an empty store to `account` on `server` (or confirm the link it already has)."""
    conn = store.conn
    have = current(conn)
    if have is not None:
        if (have.server, have.account) != (server.rstrip("/"), account):
            raise SyncError("sync.linked", server=have.server, account=have.account)
        return
    if has_data(conn):
        raise SyncError("sync.store_has_data", store=str(store.path))
    with store.write() as c:
        c.execute("INSERT INTO sync_link(id, server, account, role, device, linked_at) VALUES (1, ?, ?, ?, ?, ?)",
                  (server.rstrip("/"), account, role, secrets.token_hex(8), now))
        if provider_id is not None:
            c.execute("INSERT INTO meta(key, value) VALUES ('me', ?) ON CONFLICT(key) DO UPDATE SET "
                      "value = excluded.value", (str(provider_id),))
        mirror.install(c)
        mirror.set_state(c, recording=True, rewinding=False)


def unlink(store: Store) -> None:
    with store.write() as c:
        c.execute("DELETE FROM sync_link")
        mirror.set_state(c, recording=False, rewinding=False)
