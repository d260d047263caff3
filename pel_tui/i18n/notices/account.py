"""Notifications of this area, in words: being converted."""

from __future__ import annotations

from pel_tui.i18n.notices.base import Notice

NOTICES: dict[str, Notice] = {}
