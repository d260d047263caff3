"""Refusals of this area, in words: being converted."""

from __future__ import annotations

from pel_tui.i18n.say import Say

SAYS: dict[str, Say] = {}
