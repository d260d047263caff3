"""TRANSITIONAL: the old `@command` decorator and prose notifications, for the areas not yet converted.

Removed once every command is a typed value run by `Engine.execute`.
"""

from __future__ import annotations

import functools
import inspect
import json
import sqlite3
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from pel_tui.backend import journal, rules
from pel_tui.backend.context import Actor, Ctx

P = ParamSpec("P")
R = TypeVar("R")


def legacy_notify(engine: Any, conn: sqlite3.Connection, provider_id: int, kind: str, title: str, *,
                  body: str = "", project_id: int | None = None, data: dict[str, Any] | None = None,
                  at: int | None = None, dedup_key: str | None = None) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO notifications(provider_id, at, kind, project_id, title, body, data, dedup_key, "
        "rendered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (provider_id, engine.now() if at is None else at, kind, project_id, title, body,
         json.dumps(data or {}, ensure_ascii=False), dedup_key),
    )


def _default(o: Any) -> Any:
    import dataclasses

    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return dataclasses.asdict(o)
    if hasattr(o, "isoformat"):
        return o.isoformat()
    return str(o)


def command(fn: Callable[P, R]) -> Callable[P, R]:
    sig = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self: Any = args[0]
        from pel_tui.backend.engine import new_command_id

        command_id = str(kwargs.pop("command_id", None) or new_command_id())
        engine = self.engine
        store = engine.store
        if store.in_transaction:
            return fn(*args, **kwargs)
        bound = sig.bind(*args, **kwargs)
        call_args = {k: v for k, v in bound.arguments.items() if k != "self"}
        with store.write() as conn:
            done = journal.find(conn, command_id)
            if done is not None:
                return json.loads(done.result)  # type: ignore[no-any-return]
            now = engine.now()
            actor = Actor("provider", self.provider_id, self.pseudo) if hasattr(self, "pseudo") else Actor("platform")
            ctx = Ctx(conn, now, engine.policy, actor, engine.clock, store.path)
            rules.catch_up(ctx)
            result = fn(*args, **kwargs)
            journal.record(conn, command_id=command_id, at=now, actor=actor.label, command=fn.__name__,
                           version=0, args=json.dumps(call_args, ensure_ascii=False, sort_keys=True, default=_default),
                           result=json.dumps(result, ensure_ascii=False, sort_keys=True, default=_default))
            return result

    return wrapper
