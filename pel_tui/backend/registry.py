"""The one registry of commands: each command's name → its type and its one handler.

Every area lists its handlers in a `HANDLERS` mapping beside them; this module gathers them, in
one explicit list, and refuses a name given twice. `decode` reads a command from its wire form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from pel_tui.backend.commands.base import Command
from pel_tui.backend.errors import InvalidInput
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

Handler = Callable[[Any, Any], Any]

#: The provider's side first, then the platform's.
AREAS: tuple[dict[type[Any], Any], ...] = (
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

HANDLERS: dict[type[Command], Handler] = {}
BY_NAME: dict[str, type[Command]] = {}
for _area in AREAS:
    for _type, _handler in _area.items():
        assert _type.NAME not in BY_NAME, f"two commands are named {_type.NAME!r}"
        HANDLERS[_type] = _handler
        BY_NAME[_type.NAME] = _type


def handler(cmd_type: type[Command]) -> Handler:
    return HANDLERS[cmd_type]


def decode(name: str, version: int, args: Any) -> Command:
    """A command from its wire form (`args` as decoded JSON); refused when unknown or malformed."""
    cmd_type = BY_NAME.get(name)
    if cmd_type is None or version != cmd_type.VERSION:
        raise InvalidInput("command.unknown", name=name, version=version)
    try:
        return msgspec.convert(args, cmd_type)
    except msgspec.ValidationError as e:
        raise InvalidInput("command.invalid", name=name, detail=str(e)) from None
