"""Credits the platform gives or records (CR-4, CR-2)."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import ServiceCommand


class Granted(TypedDict):
    grant_id: int
    balances: dict[str, int]


class DebitImported(TypedDict):
    recorded: bool
    duplicate: bool


class GrantCredits(ServiceCommand, frozen=True, kw_only=True):
    """CR-4: a pack bought, or an adjustment by the platform."""

    NAME: ClassVar[str] = "credits.grant"
    ROLE: ClassVar[str] = "accounting"
    RESULT: ClassVar[type] = Granted
    pseudo: str
    kind: str
    quantity: int
    reason: str = "pack"


class ImportDebit(ServiceCommand, frozen=True, kw_only=True):
    """CR-2: a debit arriving from elsewhere (sync, an import); a duplicate is refunded at once."""

    NAME: ClassVar[str] = "credits.import_debit"
    ROLE: ClassVar[str] = "simulation"
    RESULT: ClassVar[type] = DebitImported
    pseudo: str
    project_id: int
    kind: str
    reason: str = "sync"
