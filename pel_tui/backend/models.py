"""What the engine's queries return: plain frozen dataclasses, times as aware datetimes (UTC).

`Subscription` and `Suspension` live in `models_subscription`, imported the first time one is asked for
(PEP 562): the first screen needs neither. Import them from here, as every other model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class ProjectSummary:
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


@dataclass(frozen=True)
class ProjectPage:
    projects: list[ProjectSummary]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class OfferVersion:
    version: int
    amount_cents: int
    delay_days: int
    message: str
    created_at: datetime
    read_at: datetime | None


@dataclass(frozen=True)
class Offer:
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
    versions: list[OfferVersion] = field(default_factory=list)


@dataclass(frozen=True)
class Message:
    id: int
    author: str
    provider: str | None
    body: str
    at: datetime


@dataclass(frozen=True)
class ProjectFile:
    name: str
    size_bytes: int
    posted_at: datetime


@dataclass(frozen=True)
class ClientContact:
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class Contract:
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


@dataclass(frozen=True)
class ProjectReport:
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
    ratings: list[Rating] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerEntry:
    id: int
    at: datetime
    kind: str
    entry_type: str
    delta: int
    project_id: int | None
    reason: str
    grant_id: int


@dataclass(frozen=True)
class Quote:
    """What an action costs before it is done (the confirmation dialogs show it)."""

    kind: str
    already_paid: bool
    balance_before: int
    balance_after: int
    needs_consultation: bool
    frozen: str | None  # CR-6: why credits cannot be spent now, or None


@dataclass(frozen=True)
class CreditLot:
    grant_id: int
    kind: str
    source: str
    remaining: int
    expires_at: datetime


@dataclass(frozen=True)
class Credits:
    balances: dict[str, int]
    spendable: bool
    frozen_reason: str | None
    next_expiries: list[CreditLot]
    ledger: list[LedgerEntry]


@dataclass(frozen=True)
class PlatformInvoice:
    id: int
    number: str
    issued_at: datetime
    kind: str
    label: str
    amount_cents: int
    vat_cents: int
    project_id: int | None


@dataclass(frozen=True)
class Notification:
    """A kind and its data (`pel_tui.backend.events`); the edge makes its title and body."""

    id: int
    at: datetime
    kind: str
    project_id: int | None
    data: dict[str, Any]
    read: bool
    #: The English title and body of a row written before the store's version 4, shown as they are.
    prose: tuple[str, str] | None = None


@dataclass(frozen=True)
class Stats:
    projects_consulted: int
    offers_made: int
    won: int
    win_rate: float
    credits_spent: int
    credits_spent_per_won: float | None
    average_competition: float | None
    platform_go_ahead_rate: float
    platform_win_rate: float


@dataclass(frozen=True)
class Profile:
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
