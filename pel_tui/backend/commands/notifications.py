"""Notifications read (NO-1)."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import ProviderCommand


class Marked(TypedDict):
    marked: int


class MarkRead(ProviderCommand, frozen=True, kw_only=True):
    """Mark notifications read: these ids, or all of them."""

    NAME: ClassVar[str] = "notifications.mark_read"
    RESULT: ClassVar[type] = Marked
    notification_ids: list[int] | None = None
