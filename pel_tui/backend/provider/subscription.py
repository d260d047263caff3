"""The provider's subscription (SU): being converted."""

from __future__ import annotations

from typing import Any

HANDLERS: dict[type[Any], Any] = {}
