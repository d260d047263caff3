"""What every part of a session shares: the engine, the provider (or the platform), the time.

The provider's `Marketplace` and the `Platform` are assembled from mixins, one module per section
of the rules (escrow, payments, profile), each inheriting from these bases.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from pel_tui.backend.context import Actor, Ctx
from pel_tui.backend.errors import NotFound
from pel_tui.backend.policy import Policy

if TYPE_CHECKING:
    from pel_tui.backend.engine import Engine


class _EngineUser:
    """The engine's connection, policy and clock, as every session reads them."""

    engine: Engine

    @property
    def conn(self) -> sqlite3.Connection:
        return self.engine.conn

    @property
    def policy(self) -> Policy:
        return self.engine.policy

    def now(self) -> int:
        return self.engine.now()

    def _actor(self) -> Actor:
        return Actor("platform")

    def _ctx(self) -> Ctx:
        """TRANSITIONAL: a context for the legacy verbs (inside their own transaction)."""
        return Ctx(self.conn, self.now(), self.policy, self._actor(), self.engine.clock, self.engine.store.path)


class ProviderBase(_EngineUser):
    """One provider's session: the engine and who acts."""

    def __init__(self, engine: Engine, provider_id: int) -> None:
        self.engine = engine
        self.provider_id = provider_id
        row = engine.conn.execute("SELECT pseudo FROM providers WHERE id = ?", (provider_id,)).fetchone()
        if row is None:
            raise NotFound("store.no_account")
        self.pseudo: str = row[0]

    def _actor(self) -> Actor:
        return Actor("provider", self.provider_id, self.pseudo)



class PlatformBase(_EngineUser):
    """The other sides of the marketplace: clients, moderation, SMA, SCP, accounting."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def provider_id(self, pseudo: str) -> int:
        row = self.conn.execute("SELECT id FROM providers WHERE pseudo = ?", (pseudo,)).fetchone()
        if row is None:
            raise NotFound("provider.not_found", provider=pseudo)
        return int(row[0])
