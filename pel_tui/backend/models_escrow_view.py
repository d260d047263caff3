"""The escrow's view (ES-4, ES-6, FO): its entries, deliverables and disputes, read by the escrow and payments
screens and the CLI. Imported the first time `models_escrow` is asked for one of these (the first screen
needs none); callers import them from `models_escrow`."""

from __future__ import annotations

from datetime import datetime

import msgspec

from pel_tui.backend.models_escrow_base import Figures, Rating, Tranche


class EscrowEntry(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    kind: str
    amount_cents: int
    tranche: int | None
    note: str


class Deliverable(msgspec.Struct, frozen=True):
    id: int
    tranche: int
    note: str
    submitted_at: datetime
    status: str
    answered_at: datetime | None
    unfunded: bool
    reminders_sent: int


class Dispute(msgspec.Struct, frozen=True):
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


class EscrowView(msgspec.Struct, frozen=True):
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
    ratings: list[Rating] = msgspec.field(default_factory=list)  # FO-3: only those visible
