"""The escrow's values the rules and the ledger need from the start: ES-4's figures, the tranches (ES-2),
the ratings (FO-3). Re-exported by `models_escrow`, where callers import them from."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Figures(msgspec.Struct, frozen=True):
    """ES-4's terms, in cents."""

    deposited_cents: int
    held_cents: int
    released_cents: int
    refunded_cents: int
    available_cents: int
    requested_cents: int
    paid_cents: int


class Tranche(msgspec.Struct, frozen=True):
    number: int
    label: str
    amount_cents: int
    funded_cents: int
    funded: bool
    started_at: datetime | None
    delivery: str | None  # the latest deliverable's status


class Rating(msgspec.Struct, frozen=True):
    by_side: str
    stars: int
    comment: str
    at: datetime


class ProjectRating(msgspec.Struct, frozen=True):
    """FO-3: a visible rating a client gave the provider, with its project (the profile shows them)."""

    project_id: int
    project_title: str
    stars: int
    comment: str
    at: datetime
