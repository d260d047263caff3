"""What the escrow of an R0 contract (ES) and the project's end (FO) show: views, read by the screens and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
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
class EscrowEntry:
    id: int
    at: datetime
    kind: str
    amount_cents: int
    tranche: int | None
    note: str


@dataclass(frozen=True)
class Deliverable:
    id: int
    tranche: int
    note: str
    submitted_at: datetime
    status: str
    answered_at: datetime | None
    unfunded: bool
    reminders_sent: int


@dataclass(frozen=True)
class Dispute:
    id: int
    opened_by: str
    reason: str
    opened_at: datetime
    cap_cents: int
    status: str
    proposal_provider_cents: int | None
    proposal_client_cents: int | None
    provider_accepted: bool
    client_accepted: bool
    resolved_at: datetime | None
    outcome_provider_cents: int | None
    outcome_client_cents: int | None


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


@dataclass(frozen=True)
class EscrowView:
    project_id: int
    project_title: str
    contract_id: int
    contract_status: str
    amount_cents: int
    figures: Figures
    tranches: list[Tranche]
    deliverables: list[Deliverable]
    disputes: list[Dispute]
    entries: list[EscrowEntry]
    frozen: bool  # ES-6: an open dispute freezes the held funds
    finalize_declared_at: datetime | None
    finalized_at: datetime | None
    ratings: list[Rating] = field(default_factory=list)  # FO-3: only those visible
