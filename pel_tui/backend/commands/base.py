"""What every command is: a typed, versioned value, the journal's form and the wire's.

A command is a frozen `msgspec.Struct` whose fields are its arguments, with three class
constants: `NAME` (`offer.make`), `VERSION` (bumped when the fields change meaning) and `ROLE`,
who may send it (the provider, or one of the platform's services). `RESULT` is the type of what
its handler returns; the journal stores the result encoded, and a replayed command id decodes
it back to the same type.

`encode` gives the serialized form a server receives (`{"name", "version", "args"}`); `decode`
reads it back into the command's type, refusing unknown names, versions and fields.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec

from local_store.text import clean

#: Who may send a command: the provider (the user of pel-tui), or a side of the platform.
#: `simulation` plays, in the embedded mode and the demo, what a real platform learns from
#: elsewhere (another provider's offer, a bank declining a card, a debit arriving from sync).
ROLES = ("provider", "client", "moderator", "sma", "scp", "accounting", "clock", "simulation")


class Command(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    NAME: ClassVar[str]
    VERSION: ClassVar[int] = 1
    ROLE: ClassVar[str]
    RESULT: ClassVar[Any]


class ProviderCommand(Command, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A verb of the provider; it acts as the provider of the session (never named in the args)."""

    ROLE: ClassVar[str] = "provider"


class ServiceCommand(Command, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A verb of one of the platform's sides: a client, moderation, the SMA, the SCP, accounting, the clock."""


class BlobRef(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A file a command carries by its SHA-256 (content-addressed); its bytes travel beside the command."""

    sha256: str
    name: str
    size: int


_json = msgspec.json.Encoder()


def encode(cmd: Command) -> bytes:
    """The wire's (and the journal's) form of a command: its name, version and arguments."""
    return _json.encode({"name": cmd.NAME, "version": cmd.VERSION, "args": cmd})


def _cleaned_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, msgspec.Struct):
        return cleaned(value)
    if isinstance(value, list | tuple):
        items = [_cleaned_value(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else type(value)(items)
    if isinstance(value, dict):
        out = {k: _cleaned_value(v) for k, v in value.items()}
        return value if all(out[k] is v for k, v in value.items()) else out
    return value


def cleaned(cmd: Any) -> Any:
    """The command with every text it carries stripped of escape sequences and control characters
    (`local_store.text.clean`): what a client, a provider or a server sends reaches no terminal raw."""
    changes = {}
    for name in cmd.__struct_fields__:
        value = getattr(cmd, name)
        new = _cleaned_value(value)
        if new is not value:
            changes[name] = new
    return msgspec.structs.replace(cmd, **changes) if changes else cmd


def encode_args(cmd: Command) -> str:
    return _json.encode(cmd).decode()


def encode_result(result: Any) -> str:
    return _json.encode(result).decode()


def decode_result(cmd_type: type[Command], text: str | bytes) -> Any:
    return msgspec.json.decode(text, type=cmd_type.RESULT)
