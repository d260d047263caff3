"""Placeholder filled by part 2 of the engine."""

from __future__ import annotations

from pel_tui.backend.base import PlatformBase, ProviderBase


class PaymentActions(ProviderBase):
    pass


class PaymentServices(PlatformBase):
    pass
