"""The provider's side of this area: being converted."""

from __future__ import annotations

from typing import Any

HANDLERS: dict[type[Any], Any] = {}
