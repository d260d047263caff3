"""A device's batch of commands, each run once: a known id returns its stored outcome.

Every command of a batch is authorized before any runs (a batch holding a command the caller may
not send is refused whole, and nothing changes). Each then runs in its own transaction through the
engine, its outcome stored in that same transaction (applied with its result, or refused with its
code), so that a reply lost after the commit costs nothing: the device sends the same ids again.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import msgspec

from pel_tui.backend import registry
from pel_tui.backend.commands.base import Command
from pel_tui.backend.engine import Engine, Hooks
from pel_tui.backend.errors import PelError
from pel_tui.protocol import Outcome, Push, WireCommand
from pel_tui.server.accounts import Account
from pel_tui.server.authz import Denied, actor_for

MAX_BATCH = 500


def _stored(conn: sqlite3.Connection, account: Account, command_id: str) -> dict[str, Any] | None:
    cur = conn.execute("SELECT * FROM outcomes WHERE account_id = ? AND command_id = ?", (account.id, command_id))
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row, strict=True))


def _outcome(stored: dict[str, Any]) -> Outcome:
    return Outcome(
        command_id=stored["command_id"], status=stored["status"],
        result=None if stored["result"] is None else json.loads(stored["result"]),
        code=stored["code"], params=json.loads(stored["params"] or "{}"), at=stored["at"], rev=stored["rev"],
    )


def _rev(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(rev), 0) FROM sync_changes").fetchone()[0])


def push(engine: Engine, account: Account, batch: Push, *, demo: bool, blobs: dict[str, bytes]) -> list[Outcome]:
    if len(batch.commands) > MAX_BATCH:
        raise Denied(413, "api.batch_too_large")
    conn = engine.conn
    planned: list[tuple[WireCommand, Command | PelError | Outcome, Any]] = []
    for wc in batch.commands:
        stored = _stored(conn, account, wc.command_id)
        if stored is not None:
            same = (stored["name"], stored["version"], stored["args"]) == (wc.name, wc.version, _canon(wc.args))
            planned.append((wc, _outcome(stored) if same else Outcome(
                command_id=wc.command_id, status="refused", code="command.id_reused",
                params={"command_id": wc.command_id, "name": stored["name"]}, at=engine.now(), rev=stored["rev"]),
                None))
            continue
        try:
            decoded = registry.decode(wc.name, wc.version, wc.args)
        except PelError as e:
            planned.append((wc, e, None))
            continue
        actor, decoded = actor_for(conn, account, decoded, demo=demo)  # Denied: the whole batch is refused
        planned.append((wc, decoded, actor))
    out = []
    for wc, what, actor in planned:
        if isinstance(what, Outcome):
            out.append(what)
        elif isinstance(what, PelError):
            out.append(_refuse(engine, account, batch.device, wc, what))
        else:
            out.append(_run(engine, account, batch.device, wc, what, actor, blobs))
    return out


def _canon(args: dict[str, Any]) -> str:
    return json.dumps(args, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _record(conn: sqlite3.Connection, account: Account, device: str, wc: WireCommand, status: str, now: int, *,
            result: str | None = None, code: str | None = None, params: dict[str, Any] | None = None) -> None:
    conn.execute(
        "INSERT INTO outcomes(account_id, command_id, device, seq, name, version, args, status, result, code, "
        "params, at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (account.id, wc.command_id, device, wc.seq, wc.name, wc.version, _canon(wc.args), status, result, code,
         None if params is None else json.dumps(params, ensure_ascii=False, default=str), now, _rev(conn)),
    )


def _refuse(engine: Engine, account: Account, device: str, wc: WireCommand, e: PelError) -> Outcome:
    """A command this server cannot run (unknown, malformed): refused, and recorded as such."""
    with engine.store.write() as conn:
        _record(conn, account, device, wc, "refused", engine.now(), code=e.code, params=e.params)
        stored = _stored(conn, account, wc.command_id)
    assert stored is not None
    return _outcome(stored)


def _run(engine: Engine, account: Account, device: str, wc: WireCommand, cmd: Command, actor: Any,
         blobs: dict[str, bytes]) -> Outcome:
    hooks = Hooks(
        on_applied=lambda conn, result, now: _record(conn, account, device, wc, "applied", now, result=result),
        on_refusal=lambda conn, e, now: _record(conn, account, device, wc, "refused", now, code=e.code,
                                                params=msgspec.to_builtins(e.params)),
    )
    try:
        engine.execute(cmd, actor, command_id=f"{account.id}:{wc.command_id}", blobs=blobs, hooks=hooks)
    except PelError as e:  # recorded by on_refusal in the command's own transaction, unless it came before
        if _stored(engine.conn, account, wc.command_id) is None:
            return _refuse(engine, account, device, wc, e)
    stored = _stored(engine.conn, account, wc.command_id)
    assert stored is not None
    return _outcome(stored)
