"""The provider's payment requests with invoices (PA), for R0 contracts only (CT-5).

A request moves `available` to `requested` in the escrow ledger; accounting validates it (paid by
transfer some business days later) or rejects it, which puts the amount back to `available`
(`services/accounting.py`). The invoice travels with the command as a blob: the façade reads the
file (`read_invoice`), the handler checks the bytes (PA-2, PA-3) and keeps them content-addressed.
The invoice checker and the PDF generator are imported where they are used: they weigh on a start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pel_tui.backend import files, rows
from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.clock import day, to_datetime
from pel_tui.backend.commands import payments as cmd
from pel_tui.backend.commands import profile as fcmd
from pel_tui.backend.commands.base import BlobRef
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, InvoiceRefused, NotAllowed
from pel_tui.backend.ledger.escrow import add_entry, figures, r0_contract
from pel_tui.backend.provider.profile import legal_identity

if TYPE_CHECKING:
    from pel_tui.backend.invoice_check import InvoiceReport

STATES = ("submitted", "validated", "paid", "rejected")


@dataclass(frozen=True)
class PaymentRequest:
    id: int
    project_id: int
    project_title: str
    amount_cents: int
    invoice_number: str
    file_name: str
    invoice_sha256: str
    state: str
    submitted_at: datetime
    validated_at: datetime | None
    pay_on: datetime | None
    paid_at: datetime | None
    rejected_at: datetime | None
    reject_reason: str | None


@dataclass(frozen=True)
class PaymentDashboard:
    """PA-5: every request, and the totals per state."""

    requests: list[PaymentRequest]
    totals_cents: dict[str, int]
    counts: dict[str, int]


@dataclass(frozen=True)
class _RequestRow:
    id: int
    project_id: int
    title: str
    amount_cents: int
    invoice_number: str
    file_name: str
    invoice_sha256: str
    state: str
    submitted_at: int
    validated_at: int | None
    pay_on: int | None
    paid_at: int | None
    rejected_at: int | None
    reject_reason: str | None


@dataclass(frozen=True)
class _Numbered:
    number: str
    project_id: int
    amount_cents: int
    issued_at: int


@dataclass(frozen=True)
class _ProjectClient:
    title: str
    client: str
    address: str | None
    city: str
    country: str

    @property
    def postal(self) -> str:
        """PA-7: the client's address as the invoice prints it (the city when the address is not known)."""
        return (self.address or "").strip() or f"{self.city} ({self.country})"


# == the file, read by the façade ==================================================================


@dataclass(frozen=True)
class InvoiceFile:
    data: bytes
    name: str

    @property
    def ref(self) -> BlobRef:
        """What a command carries of this file."""
        return BlobRef(files.sha256(self.data), self.name, len(self.data))


def read_invoice(path: str | Path, max_bytes: int) -> InvoiceFile:
    """The file at `path`, read if it is a file within the size limit (PA-2); the checks come later."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InvalidInput("invoice.unreadable", name=p.name, errno=e.errno) from None
    if not p.is_file():
        raise InvalidInput("invoice.not_a_file", name=p.name)
    if size > max_bytes:
        raise InvalidInput("invoice.too_large", name=p.name, size_bytes=size, max_bytes=max_bytes)
    try:
        return InvoiceFile(p.read_bytes(), p.name)
    except OSError as e:
        raise InvalidInput("invoice.unreadable", name=p.name, errno=e.errno) from None


def check_output(output: str) -> None:
    """Where a generated invoice goes: an existing folder, or a file ending in `.pdf` (its folder is made).

    A folder that does not exist is refused before a number is taken, not written as a file named after it.
    """
    target = Path(output).expanduser()
    if target.is_dir():
        return
    if output.endswith(("/", "\\")) or target.suffix.lower() != ".pdf":
        raise InvalidInput("invoice.no_such_folder", path=str(target))


def write_invoice(output: str, number: str, pdf: bytes) -> str:
    """Write a generated invoice atomically at `output`, or as `facture-NUMBER.pdf` in that folder; the path.

    After the command that took its number: a file that cannot be written leaves the number taken (a new
    generation of the same invoice gives it back).
    """
    check_output(output)
    target = Path(output).expanduser()
    if target.is_dir():
        target = target / f"facture-{number}.pdf"
    try:
        write_atomic(target, pdf)
    except OSError as e:
        raise InvalidInput("invoice.write_failed", path=str(target), errno=e.errno, number=number) from None
    return str(target)


# == queries ========================================================================================


def identity(ctx: Ctx) -> fcmd.LegalIdentity:
    """PA-6: the legal identity an invoice needs; without one, the refusal that says what to register."""
    ident = legal_identity(ctx)
    if ident is None:
        raise NotAllowed("payment.no_legal_identity")
    return ident


def _used_numbers(ctx: Ctx) -> frozenset[str]:
    return frozenset(str(n) for (n,) in ctx.conn.execute(
        "SELECT invoice_number FROM payment_requests WHERE provider_id = ?", (ctx.me,)))


def _project_client(ctx: Ctx, project_id: int) -> _ProjectClient | None:
    return rows.one(ctx.conn, _ProjectClient, "SELECT p.title, cl.name AS client, cl.address, cl.city, cl.country "
                    "FROM projects p JOIN clients cl ON cl.id = p.client_id WHERE p.id = ?", (project_id,))


def check_file(ctx: Ctx, project_id: int, amount_cents: int, data: bytes) -> InvoiceReport:
    """Every PA-2/PA-3 check of an invoice, and PA-7's mentions as warnings, without submitting anything."""
    from pel_tui.backend.invoice_check import Expected, check_invoice
    from pel_tui.backend.invoice_pdf import INDIVIDUAL_STATUSES

    ident = identity(ctx)
    pc = _project_client(ctx, project_id)
    return check_invoice(
        data, Expected(amount_cents=amount_cents, legal_name=ident["legal_name"], siret=ident["siret"],
                       project_id=project_id, used_numbers=_used_numbers(ctx),
                       client_name=pc.client if pc else "", client_address=pc.postal if pc else "",
                       individual=ident["status"] in INDIVIDUAL_STATUSES),
        max_bytes=ctx.policy.invoice_max_bytes, max_pages=ctx.policy.invoice_max_pages,
    )


def dashboard(ctx: Ctx) -> PaymentDashboard:
    """PA-5: the dashboard of my payment requests, newest first, with the totals per state."""
    def dt(x: int | None) -> datetime | None:
        return None if x is None else to_datetime(x)

    reqs = [
        PaymentRequest(r.id, r.project_id, r.title, r.amount_cents, r.invoice_number, r.file_name,
                       r.invoice_sha256, r.state, to_datetime(r.submitted_at), dt(r.validated_at), dt(r.pay_on),
                       dt(r.paid_at), dt(r.rejected_at), r.reject_reason)
        for r in rows.all_(
            ctx.conn, _RequestRow,
            "SELECT r.id, k.project_id, p.title, r.amount_cents, r.invoice_number, r.file_name, r.invoice_sha256, "
            "r.state, r.submitted_at, r.validated_at, r.pay_on, r.paid_at, r.rejected_at, r.reject_reason "
            "FROM payment_requests r JOIN contracts k ON k.id = r.contract_id JOIN projects p ON p.id = k.project_id "
            "WHERE r.provider_id = ? ORDER BY r.submitted_at DESC, r.id DESC", (ctx.me,),
        )
    ]
    totals = dict.fromkeys(STATES, 0)
    counts = dict.fromkeys(STATES, 0)
    for q in reqs:
        totals[q.state] += q.amount_cents
        counts[q.state] += 1
    return PaymentDashboard(reqs, totals, counts)


def invoice_document(ctx: Ctx, number: str) -> bytes:
    """PA-7: the PDF of an invoice whose number I took, from my legal identity (the same bytes each time)."""
    from pel_tui.backend.invoice_pdf import render_invoice

    inv = rows.one(ctx.conn, _Numbered, "SELECT number, project_id, amount_cents, issued_at FROM "
                   "provider_invoice_numbers WHERE provider_id = ? AND number = ?", (ctx.me, number))
    assert inv is not None, f"invoice {number} was never numbered"
    ident = identity(ctx)
    pc = _project_client(ctx, inv.project_id)
    assert pc is not None
    vat_number = ident["vat_number"]
    return render_invoice(
        number=inv.number, issued_on=day(inv.issued_at), seller_name=ident["legal_name"],
        seller_status=ident["status"], siret=ident["siret"], seller_address=ident["address"],
        vat_number=vat_number, client_name=pc.client, client_address=pc.postal, project_id=inv.project_id,
        project_title=pc.title, amount_cents=inv.amount_cents,
        vat_rate_bp=ctx.policy.vat_rate_bp if vat_number else None,
    )


# == commands =======================================================================================


def _carried(ctx: Ctx, ref: BlobRef) -> bytes:
    """The invoice a command carries, from `ctx.blobs` (a file kept before is read back)."""
    try:
        data: bytes | None = ctx.blobs[ref.sha256]  # not .get: a blob kept before is read back
    except KeyError:
        data = None
    if data is None or files.sha256(data) != ref.sha256:
        raise InvalidInput("invoice.not_carried", name=ref.name)
    return data


def request_payment(ctx: Ctx, c: cmd.RequestPayment) -> cmd.PaymentRequested:
    """PA-1..3: ask for at most `available`, with an invoice that passes every check; nothing is
    recorded or kept otherwise."""
    from pel_tui.backend.invoice_check import sanitize_file_name

    k = r0_contract(ctx.conn, c.project_id, ctx.me)
    identity(ctx)
    available = figures(ctx.conn, k.id).available_cents
    if c.amount_cents <= 0:
        raise InvalidInput("payment.amount_invalid")
    if c.amount_cents > available:
        raise NotAllowed("payment.above_available", project_id=c.project_id, available_cents=available)
    data = _carried(ctx, c.invoice)
    report = check_file(ctx, c.project_id, c.amount_cents, data)
    if not report.ok or report.invoice_number is None:
        raise InvoiceRefused(report)
    sha = files.keep(ctx, data, "invoice", ".pdf")
    rid = int(ctx.conn.execute(
        "INSERT INTO payment_requests(contract_id, provider_id, amount_cents, invoice_number, invoice_sha256, "
        "file_name, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (k.id, ctx.me, c.amount_cents, report.invoice_number, sha, sanitize_file_name(c.invoice.name), ctx.now),
    ).lastrowid or 0)
    add_entry(ctx.conn, k.id, "request", c.amount_cents, ctx.now, request_id=rid,
              note=f"invoice {report.invoice_number}")
    return {"request_id": rid, "project_id": c.project_id, "amount_cents": c.amount_cents,
            "invoice_number": report.invoice_number, "invoice_sha256": sha, "state": "submitted"}


def generate_invoice(ctx: Ctx, c: cmd.GenerateInvoice) -> cmd.InvoiceNumbered:
    """PA-7: the next number of the year, without a gap, for a released amount not yet requested.

    A number is taken only by an invoice the provider keeps: the same invoice generated again (same
    project and amount, not yet submitted) is given back with its number and its date.
    """
    k = r0_contract(ctx.conn, c.project_id, ctx.me)
    identity(ctx)
    available = figures(ctx.conn, k.id).available_cents
    if c.amount_cents <= 0 or c.amount_cents > available:
        raise NotAllowed("invoice.not_released", project_id=c.project_id, available_cents=available)
    kept = rows.one(
        ctx.conn, _Numbered, "SELECT number, project_id, amount_cents, issued_at FROM provider_invoice_numbers n "
        "WHERE provider_id = ? AND project_id = ? AND amount_cents = ? AND NOT EXISTS (SELECT 1 FROM "
        "payment_requests r WHERE r.provider_id = n.provider_id AND r.invoice_number = n.number) "
        "ORDER BY year DESC, seq DESC LIMIT 1", (ctx.me, c.project_id, c.amount_cents),
    )
    if kept is not None:
        return {"number": kept.number, "project_id": kept.project_id, "amount_cents": kept.amount_cents,
                "issued_at": kept.issued_at, "again": True}
    year = to_datetime(ctx.now).year
    seq = int(rows.scalar(ctx.conn, "SELECT coalesce(max(seq), 0) + 1 FROM provider_invoice_numbers "
                          "WHERE provider_id = ? AND year = ?", (ctx.me, year)))
    number = f"F-{year}-{seq:04d}"
    ctx.conn.execute(
        "INSERT INTO provider_invoice_numbers(provider_id, year, seq, number, amount_cents, project_id, issued_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (ctx.me, year, seq, number, c.amount_cents, c.project_id, ctx.now),
    )
    return {"number": number, "project_id": c.project_id, "amount_cents": c.amount_cents, "issued_at": ctx.now,
            "again": False}


HANDLERS: dict[type[Any], Any] = {
    cmd.RequestPayment: request_payment,
    cmd.GenerateInvoice: generate_invoice,
}
