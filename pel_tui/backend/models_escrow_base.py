"""The escrow's values the rules and the ledger need from the start: ES-4's figures, the tranches (ES-2),
the ratings (FO-3). Re-exported by `models_escrow`, where callers import them from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Figures:
    """ES-4's terms, in cents."""

    deposited_cents: int
    held_cents: int
    released_cents: int
    refunded_cents: int
    available_cents: int
    requested_cents: int
    paid_cents: int


@dataclass(frozen=True)
class Tranche:
    number: int
    label: str
    amount_cents: int
    funded_cents: int
    funded: bool
    started_at: datetime | None
    delivery: str | None  # the latest deliverable's status


@dataclass(frozen=True)
class Rating:
    by_side: str
    stars: int
    comment: str
    at: datetime


@dataclass(frozen=True)
class ProjectRating:
    """FO-3: a visible rating a client gave the provider, with its project (the profile shows them)."""

    project_id: int
    project_title: str
    stars: int
    comment: str
    at: datetime
