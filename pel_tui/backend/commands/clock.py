"""The clock of the embedded mode and of a demo server: moved by hand, every rule due applied."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import ServiceCommand


class Advanced(TypedDict):
    now_at: int
    batches: int


class AdvanceClock(ServiceCommand, frozen=True, kw_only=True):
    """Move the clock forward by `seconds` and apply every time-based rule due, in one transaction."""

    NAME: ClassVar[str] = "clock.advance"
    ROLE: ClassVar[str] = "clock"
    RESULT: ClassVar[type] = Advanced
    seconds: int
