"""What the engine's queries return: plain frozen structs (msgspec: made in C, a twentieth of what a dataclass costs to define), times as aware datetimes (UTC).

`Subscription` and `Suspension` live in `models_subscription`, imported the first time one is asked for
(PEP 562): the first screen needs neither. Import them from here, as every other model.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import msgspec

from pel_tui.backend.models_escrow import Rating

if TYPE_CHECKING:
    from pel_tui.backend.models_subscription import Subscription as Subscription
    from pel_tui.backend.models_subscription import Suspension as Suspension

#: The marketplace's categories (a project has one).
CATEGORIES: tuple[str, ...] = (
    "Développement web",
    "Application mobile",
    "Graphisme & design",
    "Rédaction",
    "Marketing digital",
    "Traduction",
    "Vidéo & animation",
    "Data & IA",
    "SEO",
    "Administratif",
    "Logiciel & intégration",
    "E-commerce",
)


class ProjectSummary(msgspec.Struct, frozen=True):
    id: int
    title: str
    summary: str
    category: str
    budget_min_cents: int
    budget_max_cents: int
    country: str
    city: str
    created_at: datetime
    urgent: bool
    deadline: str | None
    status: str
    offers: int
    consulted: bool
    hidden: bool
    my_offer: str | None
    old: bool  # PR-3: older than the sink threshold


class ProjectPage(msgspec.Struct, frozen=True):
    projects: list[ProjectSummary]
    total: int
    offset: int
    limit: int


class OfferVersion(msgspec.Struct, frozen=True):
    version: int
    amount_cents: int
    delay_days: int
    message: str
    created_at: datetime
    read_at: datetime | None


class Offer(msgspec.Struct, frozen=True):
    id: int
    project_id: int
    project_title: str
    project_status: str
    provider: str
    status: str
    amount_cents: int
    delay_days: int
    message: str
    created_at: datetime
    updated_at: datetime
    read_at: datetime | None
    versions: list[OfferVersion] = msgspec.field(default_factory=list)


class Message(msgspec.Struct, frozen=True):
    id: int
    author: str
    provider: str | None
    body: str
    at: datetime


class ProjectFile(msgspec.Struct, frozen=True):
    name: str
    size_bytes: int
    posted_at: datetime


class ClientContact(msgspec.Struct, frozen=True):
    name: str
    email: str
    phone: str


class Contract(msgspec.Struct, frozen=True):
    id: int
    project_id: int
    project_title: str
    provider: str
    formula: str
    amount_cents: int
    delay_days: int
    status: str
    commission_payer: str
    commission_cents: int
    r0_fee_cents: int
    selected_at: datetime
    confirm_by: datetime
    confirmed_at: datetime | None
    commission_paid_at: datetime | None
    terms: list[str]


class ProjectReport(msgspec.Struct, frozen=True):
    """PR-5: the public part always; the rest only as far as the provider's credits unlock it."""

    project: ProjectSummary
    client_city: str
    unlocked: dict[str, bool]  # consultation, offer, contact (CR-1)
    description: str | None
    specification: str | None
    other_offers: list[Offer] | None
    messages: list[Message] | None
    files: list[ProjectFile] | None
    contact: ClientContact | None
    my_offer: Offer | None
    contract: Contract | None
    stale_report: str | None
    #: FO-3: the ratings of the provider's finished contract on it, once visible (both formulas).
    ratings: list[Rating] = msgspec.field(default_factory=list)


class LedgerEntry(msgspec.Struct, frozen=True):
    id: int
    at: datetime
    kind: str
    entry_type: str
    delta: int
    project_id: int | None
    reason: str
    grant_id: int


class Quote(msgspec.Struct, frozen=True):
    """What an action costs before it is done (the confirmation dialogs show it)."""

    kind: str
    already_paid: bool
    balance_before: int
    balance_after: int
    needs_consultation: bool
    frozen: str | None  # CR-6: why credits cannot be spent now, or None


class CreditLot(msgspec.Struct, frozen=True):
    grant_id: int
    kind: str
    source: str
    remaining: int
    expires_at: datetime


class Credits(msgspec.Struct, frozen=True):
    balances: dict[str, int]
    spendable: bool
    frozen_reason: str | None
    next_expiries: list[CreditLot]
    ledger: list[LedgerEntry]


class PlatformInvoice(msgspec.Struct, frozen=True):
    id: int
    number: str
    issued_at: datetime
    kind: str
    label: str
    amount_cents: int
    vat_cents: int
    project_id: int | None


class Notification(msgspec.Struct, frozen=True):
    """A kind and its data (`pel_tui.backend.events`); the edge makes its title and body."""

    id: int
    at: datetime
    kind: str
    project_id: int | None
    data: dict[str, Any]
    read: bool
    #: The English title and body of a row written before the store's version 4, shown as they are.
    prose: tuple[str, str] | None = None


class Stats(msgspec.Struct, frozen=True):
    projects_consulted: int
    offers_made: int
    won: int
    win_rate: float
    credits_spent: int
    credits_spent_per_won: float | None
    average_competition: float | None
    platform_go_ahead_rate: float
    platform_win_rate: float


class Profile(msgspec.Struct, frozen=True):
    id: int
    pseudo: str
    display_name: str
    email: str | None
    country: str
    preferences: dict[str, object]
    digest: bool


def __getattr__(name: str) -> Any:
    if name in ("Subscription", "Suspension"):
        from pel_tui.backend import models_subscription

        value = getattr(models_subscription, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
