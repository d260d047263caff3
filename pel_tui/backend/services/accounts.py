"""Accounts the platform keeps: providers signing up (PF-2, PF-4), clients, payment methods (SU-6)."""

from __future__ import annotations

from typing import Any

HANDLERS: dict[type[Any], Any] = {}
