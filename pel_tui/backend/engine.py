"""The engine: a store, a clock and a policy, and the one way to run a command.

`Engine.execute(command, actor)` runs a command in one `BEGIN IMMEDIATE` transaction: it looks
the command id up in the journal (a known id returns its recorded result and changes nothing; the
same id with other arguments is refused), applies every time-based rule due by now (`rules`),
runs the command's handler (`registry`), records the command and its result in the journal, and
commits; then it runs what the handler left for after the commit. The result returned is the
one recorded, decoded, so that a first run and a replay return the same value.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from local_store import Store
from pel_tui.backend import files
from pel_tui.backend.clock import Clock, StoredClock
from pel_tui.backend.context import Actor, Blobs, Ctx
from pel_tui.backend.errors import InvalidInput, PelError
from pel_tui.backend.policy import DEFAULT_POLICY, Policy

if TYPE_CHECKING:
    from pel_tui.backend.commands.base import Command

T = TypeVar("T")


def new_command_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Hooks:
    """How a caller (the sync server, a linked store) runs a command differently.

    `catch_up`: apply the time-based rules first (a linked store leaves them to its server).
    `on_refusal(conn, error, now)`: keep a record of a refusal in the same transaction (the rest of
    the command is rolled back to a savepoint); the refusal is raised after the commit.
    `on_applied(conn, encoded_result, now)`: write beside the command's effects.
    """

    catch_up: bool = True
    on_refusal: Callable[[sqlite3.Connection, PelError, int], None] | None = None
    on_applied: Callable[[sqlite3.Connection, str, int], None] | None = None


class Engine:
    def __init__(self, store: Store, clock: Clock | None = None, policy: Policy = DEFAULT_POLICY):
        self.store = store
        self.policy = policy
        self.clock: Clock = clock if clock is not None else StoredClock(store)

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None, policy: Policy = DEFAULT_POLICY) -> Engine:
        """The store at `path`, with what a crash left of its stored files finished or undone."""
        engine = cls(Store.open(path), clock, policy)
        if engine.store.path is not None:
            files.recover(engine.store.path.parent / "files", engine.conn)
        if engine.linked:
            from local_store import mirror  # a linked store's only (the sync's tables, its triggers)

            if not mirror.ready(engine.conn):
                with engine.store.write() as conn:  # record what local commands change, after today's columns
                    mirror.install(conn)
                    mirror.set_state(conn, recording=True, rewinding=False)
        return engine

    @property
    def linked(self) -> bool:
        """Whether this store mirrors a server's account (its time-based rules are the server's then)."""
        return self.conn.execute("SELECT 1 FROM sync_link").fetchone() is not None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store.conn

    def now(self) -> int:
        return self.clock.now()

    def ctx(self, actor: Actor, now: int | None = None) -> Ctx:
        """A context for reading (queries) as `actor`, at the clock's time."""
        return Ctx(self.conn, self.now() if now is None else now, self.policy, actor, self.clock, self.store.path)

    @property
    def files_dir(self) -> Path:
        """Where stored files (invoices, images) live: `files/` beside the store file."""
        return self.ctx(Actor("platform")).files_dir

    # -- commands -----------------------------------------------------------------------------------

    def execute(self, cmd: Command, actor: Actor, *, command_id: str | None = None,
                blobs: dict[str, bytes] | None = None, hooks: Hooks | None = None) -> Any:
        """Run one command as `actor`, journaled, in one transaction (see the module's docstring)."""
        # The commands' machinery and the rules, imported by the first command: reading the first
        # screen of projects needs neither (the application's first paint).
        from pel_tui.backend import journal, registry, rules
        from pel_tui.backend.commands.base import cleaned, decode_result, encode_args, encode_result

        handler = registry.handler(type(cmd))
        cmd = cleaned(cmd)  # no escape sequence nor control character in what is stored
        command_id = command_id or new_command_id()
        hooks = hooks or Hooks(catch_up=not self.linked)
        if self.store.in_transaction:  # a command run by another joins its transaction, unjournaled
            joined = Ctx(self.conn, self.now(), self.policy, actor, self.clock, self.store.path,
                         blobs=self._blobs(blobs))
            return handler(joined, cmd)
        args = encode_args(cmd)
        ctx: Ctx | None = None
        refusal: PelError | None = None
        try:
            with self.store.write() as conn:
                done = journal.find(conn, command_id)
                if done is not None:
                    if (done.command, done.args) != (cmd.NAME, args) and done.version != 0:
                        raise InvalidInput("command.id_reused", command_id=command_id, name=done.command)
                    return decode_result(type(cmd), done.result)
                now = self.now()
                ctx = Ctx(conn, now, self.policy, actor, self.clock, self.store.path, blobs=self._blobs(blobs))
                if hooks.catch_up:
                    rules.catch_up(ctx)
                conn.execute("SAVEPOINT command")
                try:
                    encoded = encode_result(handler(ctx, cmd))
                except PelError as e:
                    if hooks.on_refusal is None:
                        raise
                    conn.execute("ROLLBACK TO command")
                    for undo in ctx.on_abort:
                        undo()
                    ctx.after_commit.clear()
                    refusal = e
                    hooks.on_refusal(conn, e, now)
                else:
                    journal.record(conn, command_id=command_id, at=now, actor=actor.label, command=cmd.NAME,
                                   version=cmd.VERSION, args=args, result=encoded)
                    if hooks.on_applied is not None:
                        hooks.on_applied(conn, encoded, now)
                conn.execute("RELEASE command")
        except BaseException:
            for undo in ctx.on_abort if ctx else ():
                undo()
            raise
        for after in ctx.after_commit:
            after()
        if refusal is not None:
            raise refusal
        return decode_result(type(cmd), encoded)

    def _blobs(self, given: dict[str, bytes] | None) -> Blobs:
        return Blobs(given, None if self.store.path is None else self.store.path.parent / "files")

    # -- time -----------------------------------------------------------------------------------------

    def catch_up(self) -> int:
        """Apply every time-based rule due by now, in one transaction; idempotent. How many batches ran."""
        from pel_tui.backend import rules

        ctx = self.ctx(Actor("platform"))
        if self.linked or not rules.anything_due(ctx):
            return 0
        with self.store.write() as conn:
            ctx = Ctx(conn, self.now(), self.policy, Actor("platform"), self.clock, self.store.path)
            batches = rules.catch_up(ctx)
        for after in ctx.after_commit:
            after()
        return batches

    def advance(self, seconds: int) -> None:
        """Move the clock forward and apply every rule due, in one transaction (the demo, the tests)."""
        from pel_tui.backend.commands.clock import AdvanceClock

        self.execute(AdvanceClock(seconds=seconds), Actor("clock"))
