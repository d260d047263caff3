"""The one registry of commands: each command's name → its type and its one handler.

Every area lists its handlers in a `HANDLERS` mapping beside them; this module gathers them, in
one explicit list (`areas`), and refuses a name given twice. `decode` reads a command from its wire form.

The areas are imported the first time a command is looked up (`handler`, `decode`, or the module's
`HANDLERS` / `BY_NAME`, PEP 562), not when the engine is: the application's first screen runs none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from pel_tui.backend.commands.base import Command
from pel_tui.backend.errors import InvalidInput

Handler = Callable[[Any, Any], Any]

if TYPE_CHECKING:  # at run time, made on first use by `__getattr__` below
    HANDLERS: dict[type[Command], Handler]
    BY_NAME: dict[str, type[Command]]
    AREAS: tuple[dict[type[Any], Any], ...]


def areas() -> tuple[dict[type[Any], Any], ...]:
    """Every area's `HANDLERS`: the provider's side first, then the platform's."""
    from pel_tui.backend.provider import account as provider_account
    from pel_tui.backend.provider import contracts as provider_contracts
    from pel_tui.backend.provider import escrow as provider_escrow
    from pel_tui.backend.provider import notifications as provider_notifications
    from pel_tui.backend.provider import offers as provider_offers
    from pel_tui.backend.provider import payments as provider_payments
    from pel_tui.backend.provider import portfolio as provider_portfolio
    from pel_tui.backend.provider import profile as provider_profile
    from pel_tui.backend.provider import projects as provider_projects
    from pel_tui.backend.provider import references as provider_references
    from pel_tui.backend.provider import referral as provider_referral
    from pel_tui.backend.provider import subscription as provider_subscription
    from pel_tui.backend.services import accounting as service_accounting
    from pel_tui.backend.services import accounts as service_accounts
    from pel_tui.backend.services import clock as service_clock
    from pel_tui.backend.services import contracts as service_contracts
    from pel_tui.backend.services import credits as service_credits
    from pel_tui.backend.services import escrow as service_escrow
    from pel_tui.backend.services import projects as service_projects
    from pel_tui.backend.services import scp as service_scp
    from pel_tui.backend.services import subscriptions as service_subscriptions

    return (
        provider_projects.HANDLERS,
        provider_offers.HANDLERS,
        provider_notifications.HANDLERS,
        provider_contracts.HANDLERS,
        provider_subscription.HANDLERS,
        provider_account.HANDLERS,
        provider_escrow.HANDLERS,
        provider_payments.HANDLERS,
        provider_profile.HANDLERS,
        provider_portfolio.HANDLERS,
        provider_references.HANDLERS,
        provider_referral.HANDLERS,
        service_accounts.HANDLERS,
        service_projects.HANDLERS,
        service_credits.HANDLERS,
        service_contracts.HANDLERS,
        service_subscriptions.HANDLERS,
        service_escrow.HANDLERS,
        service_accounting.HANDLERS,
        service_scp.HANDLERS,
        service_clock.HANDLERS,
    )


_tables: tuple[dict[type[Command], Handler], dict[str, type[Command]]] | None = None
_building = threading.Lock()


def tables() -> tuple[dict[type[Command], Handler], dict[str, type[Command]]]:
    """(HANDLERS, BY_NAME), gathered from `areas()` once; a name given twice is refused."""
    global _tables
    if _tables is None:
        with _building:
            if _tables is None:
                handlers: dict[type[Command], Handler] = {}
                by_name: dict[str, type[Command]] = {}
                for area in areas():
                    for cmd_type, fn in area.items():
                        assert cmd_type.NAME not in by_name, f"two commands are named {cmd_type.NAME!r}"
                        handlers[cmd_type] = fn
                        by_name[cmd_type.NAME] = cmd_type
                _tables = handlers, by_name
    return _tables


def __getattr__(name: str) -> Any:
    """`HANDLERS`, `BY_NAME` (and `AREAS`), made on first use (PEP 562)."""
    if name == "AREAS":
        return areas()
    if name == "HANDLERS":
        return tables()[0]
    if name == "BY_NAME":
        return tables()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def handler(cmd_type: type[Command]) -> Handler:
    return tables()[0][cmd_type]


def decode(name: str, version: int, args: Any) -> Command:
    """A command from its wire form (`args` as decoded JSON); refused when unknown or malformed."""
    cmd_type = tables()[1].get(name)
    if cmd_type is None or version != cmd_type.VERSION:
        raise InvalidInput("command.unknown", name=name, version=version)
    try:
        return msgspec.convert(args, cmd_type)
    except msgspec.ValidationError as e:
        raise InvalidInput("command.invalid", name=name, detail=str(e)) from None
