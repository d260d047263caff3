"""The provider's profile (PF). Part 1 keeps what the marketplace needs; PF-3's fields come later."""

from __future__ import annotations

import re
import sqlite3

from pel_tui.backend.base import PlatformBase, ProviderBase

PSEUDO = re.compile(r"^[a-z0-9_-]{3,30}$")


def completeness(conn: sqlite3.Connection, provider_id: int) -> int:
    """A completeness score in percent over the profile fields the store holds today."""
    row = conn.execute(
        "SELECT display_name, email, country, preferences FROM providers WHERE id = ?", (provider_id,)
    ).fetchone()
    if row is None:
        return 0
    filled = sum(1 for v in row[:3] if v) + (1 if row[3] not in (None, "", "{}") else 0)
    return round(100 * filled / 4)


class ProfileActions(ProviderBase):
    """The provider's profile verbs (PF, RF)."""


class ProfileServices(PlatformBase):
    """The platform's side of the profile: SCP checks, referral checks."""
