"""The engine's core: store, clock and policy together; commands, journal, notifications.

A command is a method decorated with `@command`: it runs in one `BEGIN IMMEDIATE` transaction,
after the catch-up of every time-based rule, and is recorded in the journal (with an id made
before it runs) in that same transaction. Replaying a command id already in the journal returns
its recorded result and changes nothing: the remote sync relies on that.
"""

from __future__ import annotations

import functools
import inspect
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from local_store import Store
from pel_tui.backend.clock import Clock, SystemClock
from pel_tui.backend.policy import DEFAULT_POLICY, Policy

P = ParamSpec("P")
R = TypeVar("R")


class Actor(Protocol):
    engine: Engine

    @property
    def actor(self) -> str: ...


class Engine:
    def __init__(self, store: Store, clock: Clock | None = None, policy: Policy = DEFAULT_POLICY):
        self.store = store
        self.policy = policy
        if clock is None:
            clock = SystemClock(int(store.get_meta("clock_offset", "0") or 0))
        self.clock = clock

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, policy: Policy = DEFAULT_POLICY) -> Engine:
        return cls(Store.open(path), clock, policy)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def now(self) -> int:
        return self.clock.now()

    @property
    def files_dir(self) -> Path:
        """Where stored files (invoices, images) live: beside the store file."""
        if self.store.path is None:
            from pel_tui.backend.errors import NotAllowed

            raise NotAllowed("files need a store on disk, not in memory")
        return Path(self.store.path).parent / "files"

    # -- time ---------------------------------------------------------------------------------

    def advance(self, seconds: int) -> None:
        """Move the clock forward (demo and tests), persisted for a system clock."""
        if seconds < 0:
            raise ValueError("time does not go back")
        adv = getattr(self.clock, "advance", None)
        if callable(adv):
            adv(seconds)
        elif isinstance(self.clock, SystemClock):
            self.clock.offset += seconds
            with self.store.write():
                self.store.set_meta("clock_offset", str(self.clock.offset))
        self.catch_up()

    def catch_up(self) -> int:
        """Apply every time-based rule due by now; idempotent. Returns how many batches ran."""
        from pel_tui.backend import catchup

        now = self.now()
        if not catchup.anything_due(self, now):
            return 0
        with self.store.write() as conn:
            return catchup.run(self, conn, now)

    # -- journal --------------------------------------------------------------------------------

    def journal(self, conn: sqlite3.Connection, command_id: str, actor: str, name: str,
                args: dict[str, Any], result: Any) -> None:
        seq = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM journal").fetchone()[0]
        conn.execute(
            "INSERT INTO journal(command_id, at, actor, command, args, result, seq) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (command_id, self.now(), actor, name, _dumps(args), _dumps(result), seq),
        )

    # -- notifications -----------------------------------------------------------------------

    def notify(
        self,
        conn: sqlite3.Connection,
        provider_id: int,
        kind: str,
        title: str,
        *,
        body: str = "",
        project_id: int | None = None,
        data: dict[str, Any] | None = None,
        at: int | None = None,
        dedup_key: str | None = None,
    ) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO notifications(provider_id, at, kind, project_id, title, body, "
            "data, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                provider_id, self.now() if at is None else at, kind, project_id, title, body,
                json.dumps(data or {}, ensure_ascii=False), dedup_key,
            ),
        )


def new_command_id() -> str:
    return uuid.uuid4().hex


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)


def _default(o: Any) -> Any:
    import dataclasses

    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if hasattr(o, "isoformat"):
        return o.isoformat()
    return str(o)


def command(fn: Callable[P, R]) -> Callable[P, R]:
    """Make a façade method a journaled command in one BEGIN IMMEDIATE transaction.

    Callers may pass `command_id=`; a command id already recorded is not run again.
    """
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self: Actor = args[0]  # type: ignore[assignment]
        command_id = str(kwargs.pop("command_id", None) or new_command_id())
        engine = self.engine
        store = engine.store
        if store.in_transaction:  # a command called by another joins its transaction
            return fn(*args, **kwargs)
        bound = sig.bind(*args, **kwargs)
        call_args = {k: v for k, v in bound.arguments.items() if k != "self"}
        from pel_tui.backend import catchup

        with store.write() as conn:
            row = conn.execute(
                "SELECT result FROM journal WHERE command_id = ?", (command_id,)
            ).fetchone()
            if row is not None:
                return json.loads(row[0])  # type: ignore[no-any-return]
            catchup.run(engine, conn, engine.now())
            result = fn(*args, **kwargs)
            engine.journal(conn, command_id, self.actor, fn.__name__, call_args, result)
            return result

    return wrapper
