"""The outbox is the journal: a linked store's own commands not yet answered, pushed in order.

Each goes with the id it was given before it ran locally, so a batch sent twice (a reply lost)
is applied once. The server's verdict is final: `applied` (with its result) or `refused` (with
its code); a transport error leaves the commands pending, with the attempt and the error noted.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.engine import Engine
from pel_tui.protocol import Outcome, Push, WireCommand
from pel_tui.sync.api import Api
from pel_tui.sync.errors import SyncError

BATCH = 200


@dataclass(frozen=True)
class Pending:
    command_id: str
    seq: int
    at: int
    command: str
    version: int
    args: str
    result: str
    attempts: int
    last_error: str | None


def pending(conn: sqlite3.Connection) -> list[Pending]:
    """The provider's commands the server has not answered yet, oldest first."""
    return rows.all_(
        conn, Pending,
        "SELECT command_id, seq, at, command, version, args, result, attempts, last_error FROM journal "
        "WHERE outcome IS NULL AND version > 0 AND actor LIKE 'provider:%' ORDER BY seq",
    )


def _blob_refs(value: Any) -> list[str]:
    """The SHA-256 of every file a command's arguments carry (a `BlobRef`: sha256, name, size)."""
    if isinstance(value, dict):
        if {"sha256", "name", "size"} <= value.keys():
            return [str(value["sha256"])]
        return [s for v in value.values() for s in _blob_refs(v)]
    if isinstance(value, list):
        return [s for v in value for s in _blob_refs(v)]
    return []


def _blob(files_dir: Path, sha: str) -> bytes | None:
    for folder in ("invoices", "images"):
        for path in (files_dir / folder / sha[:2]).glob(f"{sha}*"):
            return path.read_bytes()
    return None


def record(engine: Engine, outcomes: list[Outcome]) -> None:
    with engine.store.write() as conn:
        for o in outcomes:
            data = {"result": o.result, "rev": o.rev} if o.status == "applied" else {
                "code": o.code, "params": o.params, "rev": o.rev}
            conn.execute(
                "UPDATE journal SET outcome = ?, outcome_data = ?, outcome_at = ?, attempts = attempts + 1, "
                "last_error = NULL WHERE command_id = ?",
                (o.status, json.dumps(data, ensure_ascii=False), o.at, o.command_id),
            )


def _noted(engine: Engine, ids: list[str], error: SyncError) -> None:
    with engine.store.write() as conn:
        conn.executemany("UPDATE journal SET attempts = attempts + 1, last_error = ? WHERE command_id = ?",
                         [(error.code, i) for i in ids])


def push(engine: Engine, api: Api, device: str) -> tuple[int, int, int]:
    """Push every pending command; (pushed, applied, refused)."""
    todo = pending(engine.conn)
    files_dir = engine.store.path.parent / "files" if engine.store.path else None
    pushed = applied = refused = 0
    uploaded: set[str] = set()
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        commands = []
        for p in batch:
            args = json.loads(p.args)
            shas = _blob_refs(args)
            for sha in shas:
                data = _blob(files_dir, sha) if files_dir and sha not in uploaded else None
                if data is not None:
                    try:
                        api.put_blob(sha, data)
                    except SyncError as e:
                        _noted(engine, [q.command_id for q in batch], e)
                        raise
                    uploaded.add(sha)
            commands.append(WireCommand(command_id=p.command_id, seq=p.seq, name=p.command, version=p.version,
                                        args=args, blobs=shas))
        try:
            result = api.push(Push(device=device, commands=commands))
        except SyncError as e:
            _noted(engine, [p.command_id for p in batch], e)
            raise
        record(engine, result.outcomes)
        pushed += len(batch)
        applied += sum(o.status == "applied" for o in result.outcomes)
        refused += sum(o.status == "refused" for o in result.outcomes)
    return pushed, applied, refused
