"""The journal: every command, with an id made before it runs, recorded in the transaction of its effects.

A row holds the command's name, version and arguments as the wire carries them, and its result;
the sync layer pushes rows in `seq` order and marks them `synced_at`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    command_id: str
    at: int
    actor: str
    command: str
    version: int
    args: str
    result: str
    seq: int


def find(conn: sqlite3.Connection, command_id: str) -> Entry | None:
    cur = conn.execute(
        "SELECT command_id, at, actor, command, version, args, result, seq FROM journal WHERE command_id = ?",
        (command_id,),
    )
    row = cur.fetchone()
    return None if row is None else Entry(*row)


def record(conn: sqlite3.Connection, *, command_id: str, at: int, actor: str, command: str, version: int,
           args: str, result: str) -> int:
    seq = int(conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM journal").fetchone()[0])
    conn.execute(
        "INSERT INTO journal(command_id, at, actor, command, version, args, result, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (command_id, at, actor, command, version, args, result, seq),
    )
    return seq
