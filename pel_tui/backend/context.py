"""What a handler, a query and a time-based rule are given: the connection, the time, the policy, who acts.

`Ctx` is the only thing the rules see of the engine. A command's `now` is read once, when its
transaction begins, so that everything the command writes carries the same time; the work to do
once the transaction has committed (making a stored file visible, moving a test clock) goes in
`after_commit`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from pel_tui.backend.clock import Clock
from pel_tui.backend.errors import NotAllowed, NotFound
from pel_tui.backend.events import notify
from pel_tui.backend.policy import Policy


class Actor(msgspec.Struct, frozen=True):
    """Who sends a command: the provider of the session, or a side of the platform (a role)."""

    role: str
    provider_id: int | None = None
    pseudo: str | None = None

    @property
    def label(self) -> str:
        """As the journal records it: `provider:camille-dev`, or the platform."""
        return f"provider:{self.pseudo}" if self.role == "provider" else "platform"


PLATFORM = Actor("platform")


class Blobs(dict[str, bytes]):
    """The files a command carries, by SHA-256; one kept before (a command run again) is read back."""

    def __init__(self, given: dict[str, bytes] | None = None, files_dir: Path | None = None) -> None:
        super().__init__(given or {})
        self.files_dir = files_dir

    def __missing__(self, sha: str) -> bytes:
        if self.files_dir is not None and len(sha) == 64 and sha.isalnum():
            for folder in ("invoices", "images"):
                for path in (self.files_dir / folder / sha[:2]).glob(f"{sha}*"):
                    return path.read_bytes()
        raise KeyError(sha)


class Ctx(msgspec.Struct):
    conn: sqlite3.Connection
    now: int
    policy: Policy
    actor: Actor
    clock: Clock
    store_path: Path | None
    after_commit: list[Callable[[], None]] = msgspec.field(default_factory=list)
    #: Undo work done outside the transaction (a staged file) when the command fails.
    on_abort: list[Callable[[], None]] = msgspec.field(default_factory=list)
    #: Files a command carries, by SHA-256 (their bytes travel beside the command, as on the wire).
    blobs: dict[str, bytes] = msgspec.field(default_factory=dict)

    @property
    def me(self) -> int:
        """The provider who acts (a provider's command)."""
        assert self.actor.provider_id is not None, "a provider's verb run without a provider"
        return self.actor.provider_id

    @property
    def files_dir(self) -> Path:
        """Where stored files (invoices, images) live: `files/` beside the store file."""
        if self.store_path is None:
            raise NotAllowed("store.in_memory")
        return self.store_path.parent / "files"

    def notify(self, provider_id: int, kind: str, /, *, at: int | None = None, project_id: int | None = None,
               dedup_key: str | None = None, **data: Any) -> None:
        notify(self.conn, provider_id, kind, at=self.now if at is None else at, project_id=project_id,
               dedup_key=dedup_key, **data)

    def provider_id(self, pseudo: str) -> int:
        row = self.conn.execute("SELECT id FROM providers WHERE pseudo = ?", (pseudo,)).fetchone()
        if row is None:
            raise NotFound("provider.not_found", provider=pseudo)
        return int(row[0])

    def at(self, now: int) -> Ctx:
        """The same context at another time (a rule applying an event at its own time)."""
        return Ctx(self.conn, now, self.policy, self.actor, self.clock, self.store_path, self.after_commit,
                   self.on_abort, self.blobs)
