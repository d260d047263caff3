"""Payment requests with invoices (PA), for R0 contracts only (CT-5).

A request moves `available` to `requested` in the escrow ledger; accounting validates it (paid by
transfer 3 business days later) or rejects it, which puts the amount back to `available`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.base import PlatformBase, ProviderBase
from pel_tui.backend.clock import day, to_datetime
from pel_tui.backend.legacy import command, legacy_notify

if TYPE_CHECKING:
    pass
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.escrow import _r0, add_entry, figures
from pel_tui.backend.money import euros
from pel_tui.backend.policy import DAY

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
class GeneratedInvoice:
    number: str
    path: str
    amount_cents: int
    project_id: int


def add_business_days(ts: int, n: int) -> int:
    """PA-4: `n` business days (Monday to Friday) after `ts`, same time of day."""
    t = ts
    while n > 0:
        t += DAY
        if to_datetime(t).weekday() < 5:
            n -= 1
    return t


def legal_identity(conn: sqlite3.Connection, provider_id: int) -> tuple[str, str, str, str | None, str | None] | None:
    """(status, legal name, SIRET, VAT number, address) or None (PA-6)."""
    row = conn.execute(
        "SELECT legal_status, legal_name, siret, vat_number, address FROM providers WHERE id = ?",
        (provider_id,),
    ).fetchone()
    if row is None or not row[0] or not row[1] or not row[2]:
        return None
    return row[0], row[1], row[2], row[3], row[4]


NO_IDENTITY = (
    "you have no legal identity to invoice with: register as a micro-entrepreneur (or a company), or "
    "join an umbrella company (portage salarial), then enter it with `pel profile legal` before "
    "requesting a payment (PA-6)"
)


class PaymentActions(ProviderBase):
    """The provider's payment requests."""

    def _identity(self) -> tuple[str, str, str, str | None, str | None]:
        ident = legal_identity(self.conn, self.provider_id)
        if ident is None:
            raise NotAllowed(NO_IDENTITY)
        return ident

    def _used_numbers(self) -> frozenset[str]:
        return frozenset(
            n for (n,) in self.conn.execute(
                "SELECT invoice_number FROM payment_requests WHERE provider_id = ?", (self.provider_id,)
            )
        )

    def check_invoice_file(self, project_id: int, amount_cents: int, path: str) -> Any:
        """Every PA-2/PA-3 check of a file, without submitting anything (for the form's preview)."""
        from pel_tui.backend.invoice_check import Expected, check_invoice

        _status, name, siret, *_ = self._identity()
        data = _read_invoice(Path(path), self.policy.invoice_max_bytes)
        return check_invoice(
            data, Expected(amount_cents=amount_cents, legal_name=name, siret=siret, project_id=project_id,
                           used_numbers=self._used_numbers()),
            max_bytes=self.policy.invoice_max_bytes, max_pages=self.policy.invoice_max_pages,
        )

    @command
    def request_payment(self, project_id: int, amount_cents: int, invoice_path: str) -> dict[str, Any]:
        """PA-1..3: ask for at most `available`, with an invoice that passes every check."""
        from pel_tui.backend.invoice_check import (
            Expected,
            InvoiceRefused,
            check_invoice,
            sanitize_file_name,
            store_invoice,
        )

        c = self.conn
        cid, *_ = _r0(c, project_id, self.provider_id)
        _status, name, siret, *_ = self._identity()
        available = figures(c, cid).available_cents
        if amount_cents <= 0:
            raise InvalidInput("the amount must be positive")
        if amount_cents > available:
            raise NotAllowed(
                f"you can request at most what is released and not yet requested: {euros(available)} "
                f"on #{project_id}"
            )
        path = Path(invoice_path)
        data = _read_invoice(path, self.policy.invoice_max_bytes)
        report = check_invoice(
            data, Expected(amount_cents=amount_cents, legal_name=name, siret=siret, project_id=project_id,
                           used_numbers=self._used_numbers()),
            max_bytes=self.policy.invoice_max_bytes, max_pages=self.policy.invoice_max_pages,
        )
        if not report.ok:
            raise InvoiceRefused(report)
        now = self.now()
        target = self.engine.files_dir
        existed = c.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (report.sha256,)).fetchone() is not None
        stored = store_invoice(target, data, report.sha256)
        try:
            c.execute("INSERT OR IGNORE INTO blobs(sha256, kind, size_bytes, stored_at) VALUES (?, 'invoice', ?, ?)",
                      (report.sha256, len(data), now))
            rid = int(c.execute(
                "INSERT INTO payment_requests(contract_id, provider_id, amount_cents, invoice_number, "
                "invoice_sha256, file_name, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cid, self.provider_id, amount_cents, report.invoice_number, report.sha256,
                 sanitize_file_name(path.name), now),
            ).lastrowid or 0)
            add_entry(c, cid, "request", amount_cents, now, request_id=rid,
                      note=f"invoice {report.invoice_number}")
        except BaseException:
            if not existed:  # nothing left behind by a refused request
                stored.unlink(missing_ok=True)
            raise
        return {"request_id": rid, "project_id": project_id, "amount_cents": amount_cents,
                "invoice_number": report.invoice_number, "state": "submitted"}

    def payments(self) -> PaymentDashboard:
        """PA-5: the dashboard of my payment requests."""
        rows = self.conn.execute(
            "SELECT r.id, k.project_id, p.title, r.amount_cents, r.invoice_number, r.file_name, "
            "r.invoice_sha256, r.state, r.submitted_at, r.validated_at, r.pay_on, r.paid_at, r.rejected_at, "
            "r.reject_reason FROM payment_requests r JOIN contracts k ON k.id = r.contract_id "
            "JOIN projects p ON p.id = k.project_id WHERE r.provider_id = ? ORDER BY r.submitted_at DESC, r.id DESC",
            (self.provider_id,),
        ).fetchall()
        def dt(x: int | None) -> datetime | None:
            return None if x is None else to_datetime(x)

        reqs = [
            PaymentRequest(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], to_datetime(r[8]),
                           dt(r[9]), dt(r[10]), dt(r[11]), dt(r[12]), r[13])
            for r in rows
        ]
        totals = dict.fromkeys(STATES, 0)
        counts = dict.fromkeys(STATES, 0)
        for q in reqs:
            totals[q.state] += q.amount_cents
            counts[q.state] += 1
        return PaymentDashboard(reqs, totals, counts)

    @command
    def generate_invoice(self, project_id: int, amount_cents: int, output: str) -> dict[str, Any]:
        """PA-7: a compliant invoice PDF for a released amount, numbered without a gap."""
        from pel_tui.backend.invoice_pdf import render_invoice

        c = self.conn
        cid, *_ = _r0(c, project_id, self.provider_id)
        status, name, siret, vat_number, address = self._identity()
        available = figures(c, cid).available_cents
        if amount_cents <= 0 or amount_cents > available:
            raise NotAllowed(f"an invoice is for a released amount not yet requested: at most {euros(available)}")
        now = self.now()
        year = to_datetime(now).year
        seq = c.execute("SELECT coalesce(max(seq), 0) + 1 FROM provider_invoice_numbers WHERE provider_id = ? "
                        "AND year = ?", (self.provider_id, year)).fetchone()[0]
        number = f"F-{year}-{seq:04d}"
        title, client = c.execute(
            "SELECT p.title, cl.name FROM projects p JOIN clients cl ON cl.id = p.client_id WHERE p.id = ?",
            (project_id,),
        ).fetchone()
        pdf = render_invoice(
            number=number, issued_on=day(now), seller_name=name, seller_status=status, siret=siret,
            seller_address=address, vat_number=vat_number, client_name=client, project_id=project_id,
            project_title=title, amount_cents=amount_cents,
            vat_rate_bp=self.policy.vat_rate_bp if vat_number else None,
        )
        c.execute(
            "INSERT INTO provider_invoice_numbers(provider_id, year, seq, number, amount_cents, project_id, "
            "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.provider_id, year, seq, number, amount_cents, project_id, now),
        )
        target = Path(output).expanduser()
        if target.is_dir():
            target = target / f"facture-{number}.pdf"
        write_atomic(target, pdf)  # the number is spent only if the file is written
        return {"number": number, "path": str(target), "amount_cents": amount_cents, "project_id": project_id}


def _read_invoice(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InvalidInput(f"cannot read the invoice {path.name!r}: {e.strerror or e}") from None
    if not path.is_file():
        raise InvalidInput(f"{path.name!r} is not a file")
    if size > max_bytes:
        raise InvalidInput(f"invoice refused: the file is {size / 1_048_576:.1f} MB, above the "
                           f"{max_bytes // 1_048_576} MB limit")
    try:
        return path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"cannot read the invoice {path.name!r}: {e.strerror or e}") from None


class PaymentServices(PlatformBase):
    """Accounting's side: validation, rejection; the transfer comes by the catch-up."""

    def _request(self, request_id: int) -> tuple[Any, ...]:
        row = self.conn.execute(
            "SELECT r.id, r.contract_id, r.provider_id, r.amount_cents, r.state, k.project_id, r.invoice_number "
            "FROM payment_requests r JOIN contracts k ON k.id = r.contract_id WHERE r.id = ?", (request_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no payment request {request_id}")
        return tuple(row)

    @command
    def validate_payment(self, request_id: int) -> dict[str, Any]:
        """PA-4: validated; paid by transfer 3 business days later."""
        rid, _cid, prov, amount, state, pid, number = self._request(request_id)
        if state != "submitted":
            raise NotAllowed(f"payment request {rid} is {state}")
        now = self.now()
        pay_on = add_business_days(now, self.policy.payment_business_days)
        self.conn.execute("UPDATE payment_requests SET state = 'validated', validated_at = ?, pay_on = ? "
                          "WHERE id = ?", (now, pay_on, rid))
        legacy_notify(self.engine, self.conn, prov, "payment_validated", f"Payment request {number} validated",
                           body=f"{euros(amount)} on #{pid}: the transfer leaves on {day(pay_on)}.",
                           project_id=pid, dedup_key=f"pay-valid:{rid}")
        return {"request_id": rid, "state": "validated", "pay_on": day(pay_on)}

    @command
    def reject_payment(self, request_id: int, reason: str) -> dict[str, Any]:
        """PA-4: rejected with a reason; the amount is available again; the invoice is never edited."""
        rid, cid, prov, amount, state, pid, number = self._request(request_id)
        if state not in ("submitted", "validated"):
            raise NotAllowed(f"payment request {rid} is {state}")
        if not reason.strip():
            raise InvalidInput("a rejection says why")
        now = self.now()
        self.conn.execute("UPDATE payment_requests SET state = 'rejected', rejected_at = ?, reject_reason = ? "
                          "WHERE id = ?", (now, reason.strip(), rid))
        add_entry(self.conn, cid, "request_reversal", amount, now, request_id=rid, note=reason.strip())
        legacy_notify(self.engine, self.conn, prov, "payment_rejected", f"Payment request {number} rejected",
                           body=f"{reason.strip()}\n{euros(amount)} is available again: send a new request "
                           "with a new invoice.", project_id=pid, dedup_key=f"pay-reject:{rid}")
        return {"request_id": rid, "state": "rejected"}




