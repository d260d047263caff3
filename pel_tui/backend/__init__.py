"""The marketplace rules (shared/RULES.md). Never imports Textual."""

from pel_tui.backend.clock import Clock, FixedClock, SystemClock
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import PelError
from pel_tui.backend.marketplace import Marketplace
from pel_tui.backend.platform import Platform
from pel_tui.backend.policy import DEFAULT_POLICY, Policy

__all__ = [
    "DEFAULT_POLICY", "Clock", "Engine", "FixedClock", "Marketplace", "PelError", "Platform",
    "Policy", "SystemClock",
]
