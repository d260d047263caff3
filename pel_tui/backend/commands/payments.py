"""Payment requests with invoices (PA): the provider's verbs, and accounting's."""

from __future__ import annotations

from typing import ClassVar, TypedDict

from pel_tui.backend.commands.base import BlobRef, ProviderCommand, ServiceCommand

# -- results --------------------------------------------------------------------------------------


class PaymentRequested(TypedDict):
    request_id: int
    project_id: int
    amount_cents: int
    invoice_number: str
    invoice_sha256: str
    state: str


class InvoiceNumbered(TypedDict):
    """PA-7: the number an invoice takes, recorded with what it is for (the PDF is made from it)."""

    number: str
    project_id: int
    amount_cents: int
    issued_at: int
    #: The same invoice generated before (same project and amount, not yet submitted), given back.
    again: bool


class InvoiceWritten(InvoiceNumbered):
    """What `Marketplace.generate_invoice` returns: the numbered invoice and the file it was written to."""

    path: str


class PaymentValidated(TypedDict):
    request_id: int
    state: str
    pay_on: int


class PaymentRejected(TypedDict):
    request_id: int
    state: str


# -- the provider's verbs ---------------------------------------------------------------------------


class RequestPayment(ProviderCommand, frozen=True, kw_only=True):
    """PA-1..3: ask for at most `available` on an R0 project, with an invoice that passes every check."""

    NAME: ClassVar[str] = "payment.request"
    RESULT: ClassVar[type] = PaymentRequested
    project_id: int
    amount_cents: int
    invoice: BlobRef


class GenerateInvoice(ProviderCommand, frozen=True, kw_only=True):
    """PA-7: take the next invoice number for a released amount; the façade writes the PDF."""

    NAME: ClassVar[str] = "invoice.generate"
    RESULT: ClassVar[type] = InvoiceNumbered
    project_id: int
    amount_cents: int


# -- accounting's ----------------------------------------------------------------------------------------


class ValidatePayment(ServiceCommand, frozen=True, kw_only=True):
    """PA-4: validated; paid by transfer some business days later."""

    NAME: ClassVar[str] = "payment.validate"
    ROLE: ClassVar[str] = "accounting"
    RESULT: ClassVar[type] = PaymentValidated
    request_id: int


class RejectPayment(ServiceCommand, frozen=True, kw_only=True):
    """PA-4: rejected with a reason; the amount is available again; the invoice is never edited."""

    NAME: ClassVar[str] = "payment.reject"
    ROLE: ClassVar[str] = "accounting"
    RESULT: ClassVar[type] = PaymentRejected
    request_id: int
    reason: str
