"""The sync protocol, `/v1`: every message the client and the server exchange, as msgspec types.

One module, imported by both ends (`pel_tui.sync`, the client; `pel_tui.server`, `pel serve`), so
that they cannot disagree; `pel serve --schema` prints it as JSON Schema. JSON on the wire; a pull
page may be compressed (`Content-Encoding: gzip`).

- Login: `POST /v1/login` (`Login` → `Session`); `POST /v1/logout` revokes the token; `GET /v1/me`.
- Push: `POST /v1/push` (`Push` → `PushResult`): commands in the order the device made them, each
  with the id it was given before it ran locally. A known id returns its stored outcome; the same
  id with other arguments is refused (`command.id_reused`). `refused` is final and still counts
  as processed: the queue never jams.
- Files a command carries are uploaded first: `PUT /v1/blobs/{sha256}` (the bytes).
- Pull: `GET /v1/pull?cursor=...` (`Page`): rows changed since the cursor, ending at a point where
  every transaction is whole; `more` says whether to ask again; `must_refetch` says to start over
  (a new epoch, an unknown cursor).
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

VERSION = 1
PREFIX = "/v1"


class Message(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """A message of the protocol."""


class Login(Message):
    login: str
    password: str
    device: str = ""


class Session(Message):
    token: str
    account: str
    role: str
    expires_at: int
    server_time: int
    pseudo: str | None = None  # a provider account's pseudo
    provider_id: int | None = None  # and its row in the feed


class Me(Message):
    account: str
    role: str
    server_time: int
    pseudo: str | None = None
    demo: bool = False


class WireCommand(Message):
    """One command as the journal holds it: its id, the device's sequence number, name, version, args."""

    command_id: str
    seq: int
    name: str
    version: int
    args: dict[str, Any]
    blobs: list[str] = []  # SHA-256 of the files it carries, uploaded before the push


class Push(Message):
    device: str
    commands: list[WireCommand]


class Outcome(Message):
    command_id: str
    status: Literal["applied", "refused"]
    result: Any = None
    code: str | None = None
    params: dict[str, Any] = {}
    at: int = 0  # the server's time when it ran
    rev: int = 0  # the feed's revision once it was done: a pull up to it shows its effects


class PushResult(Message):
    outcomes: list[Outcome]
    server_time: int


class Rows(Message):
    """Rows of one table as the server holds them now, in `columns`' order; `gone`: the keys of rows
    deleted, or that the provider no longer sees."""

    table: str
    columns: list[str]
    rows: list[list[Any]] = []
    gone: list[list[Any]] = []


class Page(Message):
    epoch: str
    cursor: str
    tables: list[Rows]
    outcomes: list[Outcome]
    more: bool
    server_time: int
    must_refetch: bool = False
    total: int = 0  # rows to send in all, on the first page of a first sync (a progress bar)
    rev: int = 0  # once this page is applied, every change up to this revision is in the mirror

    @property
    def count(self) -> int:
        return sum(len(t.rows) + len(t.gone) for t in self.tables)


class Problem(Message):
    """Every error the server answers: a code (as refusals have), a sentence, the values."""

    code: str
    message: str
    params: dict[str, Any] = {}


class Advance(Message):
    """`POST /v1/clock/advance`, on a demo server only."""

    days: float


def schema() -> dict[str, Any]:
    """The protocol's JSON Schema (`pel serve --schema`)."""
    types = (Login, Session, Me, WireCommand, Push, Outcome, PushResult, Rows, Page, Problem, Advance)
    (refs, components) = msgspec.json.schema_components(types, ref_template="#/$defs/{name}")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"pel sync protocol v{VERSION}",
            "oneOf": refs, "$defs": components}
