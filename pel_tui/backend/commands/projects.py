"""Projects, credits and offers (PR, CR, OF): the provider's verbs, and the clients' and moderation's."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import ProviderCommand, ServiceCommand

# -- results --------------------------------------------------------------------------------------


class Spent(TypedDict):
    """A credit spent on a project, or not (CR-2: once per kind and project)."""

    project_id: int
    spent: bool
    balances: dict[str, int]


class OfferMade(TypedDict):
    project_id: int
    offer_id: int
    version: int
    spent: bool
    balances: dict[str, int]


class OfferWithdrawn(TypedDict):
    project_id: int
    offer_id: int
    status: str


class Asked(TypedDict):
    project_id: int
    message_id: int
    spent: bool
    balances: dict[str, int]


class ContactRevealed(TypedDict):
    project_id: int
    spent: bool
    name: str
    email: str
    phone: str
    balances: dict[str, int]


class Hidden(TypedDict):
    project_id: int
    hidden: bool


class StaleReported(TypedDict):
    project_id: int
    already_reported: bool
    client_answer_by: int


class Posted(TypedDict):
    project_id: int


class CompetitorOffered(TypedDict):
    offer_id: int
    version: int


class OffersRead(TypedDict):
    read: int


class Answered(TypedDict):
    message_id: int


class ProjectEnded(TypedDict):
    project_id: int
    status: str


# -- the provider's verbs ---------------------------------------------------------------------------


class Consult(ProviderCommand, frozen=True, kw_only=True):
    """CR-1: unlock a project's report with a consultation credit (free the second time)."""

    NAME: ClassVar[str] = "project.consult"
    RESULT: ClassVar[type] = Spent
    project_id: int


class MakeOffer(ProviderCommand, frozen=True, kw_only=True):
    """OF-1, OF-2: make an offer, or edit it; the offer credit is spent once."""

    NAME: ClassVar[str] = "offer.make"
    RESULT: ClassVar[type] = OfferMade
    project_id: int
    amount_cents: int
    delay_days: int
    message: str


class WithdrawOffer(ProviderCommand, frozen=True, kw_only=True):
    """OF-4: withdraw my offer while the project is open; the credit is not refunded."""

    NAME: ClassVar[str] = "offer.withdraw"
    RESULT: ClassVar[type] = OfferWithdrawn
    project_id: int


class Ask(ProviderCommand, frozen=True, kw_only=True):
    """OF-5: write to the client on the report; needs the offer credit (spent once)."""

    NAME: ClassVar[str] = "project.ask"
    RESULT: ClassVar[type] = Asked
    project_id: int
    text: str


class RevealContact(ProviderCommand, frozen=True, kw_only=True):
    """CR-1: reveal the client's direct details with a contact credit (spent once)."""

    NAME: ClassVar[str] = "contact.reveal"
    RESULT: ClassVar[type] = ContactRevealed
    project_id: int


class Hide(ProviderCommand, frozen=True, kw_only=True):
    """PR-7: take a project out of my list; nothing changes for anyone else."""

    NAME: ClassVar[str] = "project.hide"
    RESULT: ClassVar[type] = Hidden
    project_id: int


class Unhide(ProviderCommand, frozen=True, kw_only=True):
    """PR-7: bring a hidden project back into my list."""

    NAME: ClassVar[str] = "project.unhide"
    RESULT: ClassVar[type] = Hidden
    project_id: int


class ReportStale(ProviderCommand, frozen=True, kw_only=True):
    """PR-6: ask the client whether the project is still current."""

    NAME: ClassVar[str] = "project.report_stale"
    RESULT: ClassVar[type] = StaleReported
    project_id: int


# -- the clients', other providers' and moderation's --------------------------------------------------


class PostProject(ServiceCommand, frozen=True, kw_only=True):
    """PR-1: a client posts a project; its id follows the newest one (ids grow with time)."""

    NAME: ClassVar[str] = "project.post"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Posted
    title: str
    summary: str
    description: str
    category: str
    budget_min_cents: int
    budget_max_cents: int
    client_id: int | None = None
    urgent: bool = False
    deadline: str | None = None
    specification: str | None = None


class CompetitorOffer(ServiceCommand, frozen=True, kw_only=True):
    """Another provider's offer (their credits are their own store's business)."""

    NAME: ClassVar[str] = "offer.competitor"
    ROLE: ClassVar[str] = "simulation"
    RESULT: ClassVar[type] = CompetitorOffered
    project_id: int
    pseudo: str
    amount_cents: int
    delay_days: int
    message: str


class ReadOffers(ServiceCommand, frozen=True, kw_only=True):
    """OF-3: the client reads the latest version of every offer (read receipts)."""

    NAME: ClassVar[str] = "offers.read"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = OffersRead
    project_id: int


class Answer(ServiceCommand, frozen=True, kw_only=True):
    """OF-5: the client writes on the report, to one provider's thread or publicly."""

    NAME: ClassVar[str] = "message.answer"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Answered
    project_id: int
    text: str
    pseudo: str | None = None


class CancelProject(ServiceCommand, frozen=True, kw_only=True):
    """PR-2: the client cancels before an award; CR-8 refunds offer and contact credits."""

    NAME: ClassVar[str] = "project.cancel"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = ProjectEnded
    project_id: int


class RemoveProject(ServiceCommand, frozen=True, kw_only=True):
    """PR-2: moderation removes a project; CR-8 refunds offer and contact credits."""

    NAME: ClassVar[str] = "project.remove"
    ROLE: ClassVar[str] = "moderator"
    RESULT: ClassVar[type] = ProjectEnded
    project_id: int


class AnswerStale(ServiceCommand, frozen=True, kw_only=True):
    """PR-6: the client says whether the project is still current."""

    NAME: ClassVar[str] = "stale.answer"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = ProjectEnded
    project_id: int
    confirmed: bool
