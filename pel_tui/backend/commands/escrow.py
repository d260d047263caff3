"""Escrow of R0 contracts (ES) and the project's end (FO): the provider's verbs, and the clients' and the SMA's."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import ProviderCommand, ServiceCommand

# -- results --------------------------------------------------------------------------------------


class Account(TypedDict):
    """ES-4's terms of a project's escrow account after the command, in cents."""

    project_id: int
    deposited_cents: int
    held_cents: int
    released_cents: int
    refunded_cents: int
    available_cents: int
    requested_cents: int
    paid_cents: int


class Decided(Account):
    dispute_id: int


class TrancheStarted(TypedDict):
    project_id: int
    tranche: int
    unfunded: bool


class Delivered(TypedDict):
    project_id: int
    deliverable_id: int
    tranche: int
    unfunded: bool


class DisputeOpened(TypedDict):
    project_id: int
    dispute_id: int
    cap_cents: int


class DisputeWithdrawn(TypedDict):
    project_id: int
    dispute_id: int
    status: str


class SettlementAccepted(TypedDict):
    project_id: int
    dispute_id: int
    applied: bool


class Proposed(TypedDict):
    project_id: int
    dispute_id: int


class Refunded(TypedDict):
    project_id: int
    refunded_cents: int


class FinalizeDeclared(TypedDict):
    project_id: int
    client_answer_by: int


class FinalizeAnswered(TypedDict):
    project_id: int
    status: str


class Rated(TypedDict):
    project_id: int
    stars: int


class TranchesSet(TypedDict):
    project_id: int
    tranches: int


class ChangesRequested(TypedDict):
    project_id: int
    deliverable_id: int


class ProgressReported(TypedDict):
    """FO-1: the report kept, and when Suivi Projet asks again (None: it asks no more)."""

    project_id: int
    report_id: int
    next_request_at: int | None


# -- the provider's verbs ---------------------------------------------------------------------------


class StartTranche(ProviderCommand, frozen=True, kw_only=True):
    """ES-2: mark work on a tranche as started; refused on an unfunded one unless acknowledged."""

    NAME: ClassVar[str] = "escrow.start_tranche"
    RESULT: ClassVar[type] = TrancheStarted
    project_id: int
    tranche: int = 1
    acknowledge_unfunded: bool = False


class Deliver(ProviderCommand, frozen=True, kw_only=True):
    """ES-3: submit a deliverable for a tranche; ES-2: refused on an unfunded one unless acknowledged."""

    NAME: ClassVar[str] = "escrow.deliver"
    RESULT: ClassVar[type] = Delivered
    project_id: int
    tranche: int = 1
    note: str = ""
    acknowledge_unfunded: bool = False


class OpenDispute(ProviderCommand, frozen=True, kw_only=True):
    """ES-6: the cap is what the account holds now; held funds freeze."""

    NAME: ClassVar[str] = "escrow.open_dispute"
    RESULT: ClassVar[type] = DisputeOpened
    project_id: int
    reason: str


class WithdrawDispute(ProviderCommand, frozen=True, kw_only=True):
    """ES-6: the filer withdraws the dispute."""

    NAME: ClassVar[str] = "escrow.withdraw_dispute"
    RESULT: ClassVar[type] = DisputeWithdrawn
    project_id: int


class AcceptSettlement(ProviderCommand, frozen=True, kw_only=True):
    """ES-6: accept the SMA's proposal; applied once both sides accept."""

    NAME: ClassVar[str] = "escrow.accept_settlement"
    RESULT: ClassVar[type] = SettlementAccepted
    project_id: int


class AgreeRefund(ProviderCommand, frozen=True, kw_only=True):
    """ES-5: a refund to the client by the provider's agreement (mutual cancellation)."""

    NAME: ClassVar[str] = "escrow.agree_refund"
    RESULT: ClassVar[type] = Refunded
    project_id: int
    amount_cents: int


class DeclareFinalized(ProviderCommand, frozen=True, kw_only=True):
    """FO-2: progress requests stop; the client confirms or is deemed to within 7 days."""

    NAME: ClassVar[str] = "escrow.declare_finalized"
    RESULT: ClassVar[type] = FinalizeDeclared
    project_id: int


class RateClient(ProviderCommand, frozen=True, kw_only=True):
    """FO-3: once, 1 to 5 stars, within 30 days of the end."""

    NAME: ClassVar[str] = "escrow.rate_client"
    RESULT: ClassVar[type] = Rated
    project_id: int
    stars: int
    comment: str = ""


class ReportProgress(ProviderCommand, frozen=True, kw_only=True):
    """FO-1: answer Suivi Projet's progress request; the next request counts from this report."""

    NAME: ClassVar[str] = "progress.report"
    RESULT: ClassVar[type] = ProgressReported
    project_id: int
    text: str


# -- the clients' and the SMA's ---------------------------------------------------------------------


class SetTranches(ServiceCommand, frozen=True, kw_only=True):
    """ES-1: the contract's milestones; they add up to its amount, set before the first deposit."""

    NAME: ClassVar[str] = "escrow.set_tranches"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = TranchesSet
    project_id: int
    amounts_cents: list[int]
    labels: list[str] | None = None


class Deposit(ServiceCommand, frozen=True, kw_only=True):
    """ES-1: the client funds the account, in full or by tranches, never above the amount."""

    NAME: ClassVar[str] = "escrow.deposit"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Account
    project_id: int
    amount_cents: int
    tranche: int | None = None


class Release(ServiceCommand, frozen=True, kw_only=True):
    """ES-3: only the client releases, all or part of what is held."""

    NAME: ClassVar[str] = "escrow.release"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Account
    project_id: int
    amount_cents: int
    tranche: int | None = None


class RequestChanges(ServiceCommand, frozen=True, kw_only=True):
    """ES-3: the client asks for changes on the latest deliverable."""

    NAME: ClassVar[str] = "escrow.request_changes"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = ChangesRequested
    project_id: int
    note: str = ""


class ClientDispute(ServiceCommand, frozen=True, kw_only=True):
    """ES-6: the client opens a dispute; the cap is what the account holds now."""

    NAME: ClassVar[str] = "escrow.client_dispute"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = DisputeOpened
    project_id: int
    reason: str


class ClientWithdrawDispute(ServiceCommand, frozen=True, kw_only=True):
    """ES-6: the client withdraws the dispute it opened."""

    NAME: ClassVar[str] = "escrow.client_withdraw_dispute"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = DisputeWithdrawn
    project_id: int


class ClientAcceptSettlement(ServiceCommand, frozen=True, kw_only=True):
    """ES-6: the client accepts the SMA's proposal; applied once both sides accept."""

    NAME: ClassVar[str] = "escrow.client_accept_settlement"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = SettlementAccepted
    project_id: int


class SmaPropose(ServiceCommand, frozen=True, kw_only=True):
    """ES-6: the SMA proposes a split of at most the cap."""

    NAME: ClassVar[str] = "escrow.sma_propose"
    ROLE: ClassVar[str] = "sma"
    RESULT: ClassVar[type] = Proposed
    project_id: int
    to_provider_cents: int
    to_client_cents: int


class SmaDecide(ServiceCommand, frozen=True, kw_only=True):
    """ES-6: without agreement the SMA decides; never more than the cap."""

    NAME: ClassVar[str] = "escrow.sma_decide"
    ROLE: ClassVar[str] = "sma"
    RESULT: ClassVar[type] = Decided
    project_id: int
    to_provider_cents: int
    to_client_cents: int


class ConfirmFinalized(ServiceCommand, frozen=True, kw_only=True):
    """FO-2: the client confirms the provider's declaration."""

    NAME: ClassVar[str] = "escrow.confirm_finalized"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = FinalizeAnswered
    project_id: int


class ObjectFinalized(ServiceCommand, frozen=True, kw_only=True):
    """FO-2: the client objects; the project stays in progress."""

    NAME: ClassVar[str] = "escrow.object_finalized"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = FinalizeAnswered
    project_id: int
    reason: str = ""


class RateProvider(ServiceCommand, frozen=True, kw_only=True):
    """FO-3: the client rates the provider, once, within 30 days of the end."""

    NAME: ClassVar[str] = "escrow.rate_provider"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Rated
    project_id: int
    stars: int
    comment: str = ""
