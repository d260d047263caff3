"""Commands of this area (see `pel_tui.backend.commands.base`): being converted."""

from __future__ import annotations
