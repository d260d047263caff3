"""Selections, contracts, the subscription and the account (CT, SU, PF-1, PF-2, PF-4): the provider's
verbs, and the clients' and the simulation's (sign-ups, a bank declining a card)."""

from __future__ import annotations

from typing import Any, ClassVar, TypedDict

from pel_tui.backend.commands.base import ProviderCommand, ServiceCommand

# -- results --------------------------------------------------------------------------------------


class TermsConfirmed(TypedDict):
    project_id: int
    contract_id: int
    formula: str
    amount_cents: int
    commission_cents: int
    r0_fee_cents: int
    commission_payer: str


class SelectionDeclined(TypedDict):
    project_id: int
    contract_id: int
    status: str


class Subscribed(TypedDict):
    plan: str
    period_ends_at: int
    granted: dict[str, int]


class SubscriptionCancelled(TypedDict):
    active_until: int
    refund_cents: int


class PlanChanged(TypedDict):
    """SU-9: the plan of the next period, from the renewal date (`effective_at`) on, at its price and allotment."""

    plan: str
    from_plan: str
    effective_at: int
    price_cents: int
    granted: dict[str, int]
    refund_cents: int


class PlanKept(TypedDict):
    """SU-9 undone: the subscription renews on its plan."""

    plan: str
    renews_at: int


class Suspended(TypedDict):
    suspended_until: int


class Resumed(TypedDict):
    period_ends_at: int | None


class Settled(TypedDict):
    paid_cents: int


class PreferencesSet(TypedDict):
    #: PF-1: `categories`, `keywords`, `min_budget_cents`, `countries`, each once it is set (as stored).
    preferences: dict[str, Any]
    digest: bool


class AccountDeleted(TypedDict):
    deleted: bool
    paid_until: int | None


class Registered(TypedDict):
    provider_id: int
    pseudo: str


class ClientAdded(TypedDict):
    client_id: int


class CardSet(TypedDict):
    pseudo: str
    declined: bool


class Selected(TypedDict):
    contract_id: int
    confirm_by: int


class CommissionPaid(TypedDict):
    contract_id: int
    commission_cents: int
    r0_fee_cents: int
    formula: str


class Amended(TypedDict):
    contract_id: int
    amount_cents: int
    commission_cents: int
    r0_fee_cents: int


# -- the provider's verbs ---------------------------------------------------------------------------


class ConfirmTerms(ProviderCommand, frozen=True, kw_only=True):
    """CT-1, CT-3: confirm a selection's final terms (paying the commission only when agreed); OF-7."""

    NAME: ClassVar[str] = "contract.confirm"
    RESULT: ClassVar[type] = TermsConfirmed
    project_id: int
    accept_commission: bool = False


class DeclineSelection(ProviderCommand, frozen=True, kw_only=True):
    """CT-1: decline a selection; the project is open again."""

    NAME: ClassVar[str] = "contract.decline"
    RESULT: ClassVar[type] = SelectionDeclined
    project_id: int


class Subscribe(ProviderCommand, frozen=True, kw_only=True):
    """SU-2: subscribe to a plan by typing its exact confirmation sentence; the period's allotment comes."""

    NAME: ClassVar[str] = "subscription.subscribe"
    RESULT: ClassVar[type] = Subscribed
    plan: str
    confirmation: str


class CancelSubscription(ProviderCommand, frozen=True, kw_only=True):
    """SU-4: no renewal; active until the end of the paid period, no refund."""

    NAME: ClassVar[str] = "subscription.cancel"
    RESULT: ClassVar[type] = SubscriptionCancelled


class ChangePlan(ProviderCommand, frozen=True, kw_only=True):
    """SU-9: another plan for the next period, by typing its confirmation sentence (SU-2); it takes effect at
    the renewal date, can be undone until then (`KeepPlan`); no proration, no refund."""

    NAME: ClassVar[str] = "subscription.change_plan"
    RESULT: ClassVar[type] = PlanChanged
    plan: str
    confirmation: str


class KeepPlan(ProviderCommand, frozen=True, kw_only=True):
    """SU-9: undo a plan change before the renewal: the subscription renews on its current plan."""

    NAME: ClassVar[str] = "subscription.keep_plan"
    RESULT: ClassVar[type] = PlanKept


class Suspend(ProviderCommand, frozen=True, kw_only=True):
    """SU-5: suspend for 1 to 3 months, at most once per 12 months; credits are frozen."""

    NAME: ClassVar[str] = "subscription.suspend"
    RESULT: ClassVar[type] = Suspended
    months: int


class Resume(ProviderCommand, frozen=True, kw_only=True):
    """SU-5: end a suspension early; the period's end and expiries move out by the days suspended."""

    NAME: ClassVar[str] = "subscription.resume"
    RESULT: ClassVar[type] = Resumed


class Settle(ProviderCommand, frozen=True, kw_only=True):
    """SU-6: pay what is due; a subscription in payment incident starts its new period."""

    NAME: ClassVar[str] = "subscription.settle"
    RESULT: ClassVar[type] = Settled


class SetPreferences(ProviderCommand, frozen=True, kw_only=True):
    """PF-1: what the default project list and the digest filter on (None: unchanged)."""

    NAME: ClassVar[str] = "account.set_preferences"
    RESULT: ClassVar[type] = PreferencesSet
    categories: list[str] | None = None
    keywords: list[str] | None = None
    min_budget_cents: int | None = None
    countries: list[str] | None = None
    digest: bool | None = None


class DeleteAccount(ProviderCommand, frozen=True, kw_only=True):
    """SU-7: personal data anonymised; ledgers, invoices and a period already due are kept."""

    NAME: ClassVar[str] = "account.delete"
    RESULT: ClassVar[type] = AccountDeleted
    confirm_pseudo: str


# -- the clients', and the simulation's ----------------------------------------------------------------


class RegisterProvider(ServiceCommand, frozen=True, kw_only=True):
    """Sign-up: PF-2's pseudo (3-30 of a-z 0-9 _ -, unique) and PF-4's countries."""

    NAME: ClassVar[str] = "account.register"
    ROLE: ClassVar[str] = "simulation"
    RESULT: ClassVar[type] = Registered
    pseudo: str
    display_name: str
    country: str
    email: str | None = None


class AddClient(ServiceCommand, frozen=True, kw_only=True):
    """A client's account (the server's own sign-in in the remote mode)."""

    NAME: ClassVar[str] = "client.add"
    ROLE: ClassVar[str] = "simulation"
    RESULT: ClassVar[type] = ClientAdded
    name: str
    email: str
    phone: str
    country: str
    city: str
    address: str | None = None  # PA-7: the postal address the provider's invoice prints


class SetCardDeclined(ServiceCommand, frozen=True, kw_only=True):
    """SU-6: the provider's payment method fails (a bank declining it), or works again."""

    NAME: ClassVar[str] = "payment_method.set_declined"
    ROLE: ClassVar[str] = "simulation"
    RESULT: ClassVar[type] = CardSet
    pseudo: str
    declined: bool = True


class Select(ServiceCommand, frozen=True, kw_only=True):
    """CT-1: the client selects one provider's offer; the provider has 7 days to confirm the terms."""

    NAME: ClassVar[str] = "selection.select"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Selected
    project_id: int
    pseudo: str
    formula: str = "base"
    commission_payer: str = "client"


class PayCommission(ServiceCommand, frozen=True, kw_only=True):
    """CT-3: the commission (and the R0 fee) is paid: the project is in progress."""

    NAME: ClassVar[str] = "contract.pay_commission"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = CommissionPaid
    project_id: int


class Amend(ServiceCommand, frozen=True, kw_only=True):
    """CT-4: an agreed amount change; commission and R0 fee only grow, on the difference."""

    NAME: ClassVar[str] = "contract.amend"
    ROLE: ClassVar[str] = "client"
    RESULT: ClassVar[type] = Amended
    project_id: int
    amount_cents: int
