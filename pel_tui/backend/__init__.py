"""The marketplace rules (shared/RULES.md). Never imports Textual.

`Platform` (the other sides of the marketplace: the demo, the tests, `pel platform`) is imported
the first time it is asked for (PEP 562): the application never needs it.
"""

from typing import TYPE_CHECKING, Any

from pel_tui.backend.clock import Clock, FixedClock, SystemClock
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import PelError
from pel_tui.backend.marketplace import Marketplace
from pel_tui.backend.policy import DEFAULT_POLICY, Policy

if TYPE_CHECKING:
    from pel_tui.backend.platform import Platform

__all__ = [
    "DEFAULT_POLICY", "Clock", "Engine", "FixedClock", "Marketplace", "PelError", "Platform",
    "Policy", "SystemClock",
]


def __getattr__(name: str) -> Any:
    if name == "Platform":
        from pel_tui.backend.platform import Platform

        globals()["Platform"] = Platform
        return Platform
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
