"""Where sync stands, as the title bar and the sync screen show it (read from the store alone)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pel_tui.sync import link, outbox


@dataclass(frozen=True)
class Refused:
    command_id: str
    command: str
    args: dict[str, Any]
    code: str
    params: dict[str, Any]
    refused_at: int | None
    given_back: bool  # what it spent locally (a credit) came back when it was taken back


@dataclass(frozen=True)
class Status:
    linked: bool
    server: str = ""
    account: str = ""
    first_done: bool = False
    synced_at: int | None = None  # the server's time of the last complete pull
    last_error: str | None = None
    error_at: int | None = None
    pending: list[outbox.Pending] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    clock_skew: int = 0  # the device's clock minus the server's, at the last sync (seconds)


def read(conn: sqlite3.Connection) -> Status:
    here = link.current(conn)
    if here is None:
        return Status(linked=False)
    refused = []
    for command_id, name, args, data, at, result in conn.execute(
        "SELECT command_id, command, args, outcome_data, outcome_at, result FROM journal WHERE outcome = 'refused' "
        "AND acked_at IS NULL ORDER BY seq"
    ).fetchall():
        d = json.loads(data or "{}")
        local = json.loads(result or "{}")
        refused.append(Refused(command_id, name, json.loads(args), d.get("code") or "", d.get("params") or {}, at,
                               bool(isinstance(local, dict) and local.get("spent"))))
    skew = 0
    if here.server_time is not None and here.device_time is not None:
        skew = here.device_time - here.server_time
    return Status(linked=True, server=here.server, account=here.account, first_done=bool(here.first_done),
                  synced_at=here.synced_at, last_error=here.last_error, error_at=here.error_at,
                  pending=outbox.pending(conn), refused=refused, clock_skew=skew)


def pending_projects(conn: sqlite3.Connection) -> set[int]:
    """The projects a pending command is about (an offer made offline shows as pending)."""
    out = set()
    for (args,) in conn.execute("SELECT args FROM journal WHERE outcome IS NULL AND version > 0 AND "
                                "actor LIKE 'provider:%'").fetchall():
        pid = json.loads(args).get("project_id")
        if isinstance(pid, int):
            out.add(pid)
    return out


def acknowledge(conn: sqlite3.Connection, command_id: str, at: int) -> int:
    cur = conn.execute("UPDATE journal SET acked_at = ? WHERE outcome = 'refused' AND acked_at IS NULL AND "
                       "command_id = ?", (at, command_id))
    return cur.rowcount
