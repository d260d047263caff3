"""The command line's verbs of payment requests and invoices (PA), and accounting's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.backend.errors import InvoiceRefused
from pel_tui.cli.common import (
    Registry,
    Session,
    emit,
    euros_to_cents,
    money,
    positive_int,
    project_id,
    table,
    when,
)
from pel_tui.i18n.refusals.payments import detail
from pel_tui.i18n.voice import CliVoice


def cmd_payments(s: Session, a: argparse.Namespace) -> None:
    d = s.mp.payments()
    if a.json:
        emit(a, d)
        return
    rows = [[str(r.id), f"#{r.project_id}", money(r.amount_cents), r.invoice_number, r.state,
             when(r.submitted_at), when(r.paid_at or r.pay_on or r.rejected_at)] for r in d.requests]
    print(table(rows, ["id", "project", "amount", "invoice", "state", "submitted", "paid / due / rejected"]))
    print("\n" + " · ".join(f"{k} {money(v)} ({d.counts[k]})" for k, v in d.totals_cents.items()))


def _checks_text(report: Any) -> str:
    lines = [f"  {'✓' if c.ok else '✗'} {c.name}: {detail(c, CliVoice())}" for c in report.checks]
    lines += [f"  ! {c.name}: {detail(c, CliVoice())} (a warning: the invoice is not refused for it)"
              for c in report.warnings]
    return "\n".join(lines)


def _report_json(report: Any) -> dict[str, Any]:
    """The report with each check's finding in words beside its code and values."""
    return {
        "ok": report.ok, "sha256": report.sha256, "size_bytes": report.size_bytes, "pages": report.pages,
        "invoice_number": report.invoice_number,
        "checks": [{"name": c.name, "ok": c.ok, "finding": c.finding, "params": c.params,
                    "detail": detail(c, CliVoice())} for c in report.checks],
        "warnings": [{"name": c.name, "finding": c.finding, "params": c.params, "detail": detail(c, CliVoice())}
                     for c in report.warnings],
        "text": report.text,
    }


def cmd_check_invoice(s: Session, a: argparse.Namespace) -> None:
    """Every check, then (a refused invoice) its first failure as the refusal: the exit code is not 0."""
    report = s.mp.check_invoice_file(a.id, a.amount, a.invoice)
    if a.json:
        emit(a, _report_json(report))
    else:
        print(_checks_text(report) + ("\nAll checks pass." if report.ok else "\nThe invoice would be refused."))
    if not report.ok:
        raise InvoiceRefused(report)


def add_commands(reg: Registry) -> None:
    sp = reg.cmd("pay", lambda s, a: emit(a, s.mp.request_payment(a.id, a.amount, a.invoice), lambda r: (
        f"Payment request {r['request_id']} submitted: {money(r['amount_cents'])}, invoice {r['invoice_number']}")),
        "request a payment with an invoice PDF (R0 only)")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    sp.add_argument("--invoice", required=True, metavar="FILE")
    sp = reg.cmd("check-invoice", cmd_check_invoice, "see each check of an invoice pass or fail, submitting nothing")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    sp.add_argument("--invoice", required=True, metavar="FILE")
    sp = reg.cmd("invoice", lambda s, a: emit(a, s.mp.generate_invoice(a.id, a.amount, a.output), lambda r: (
        f"Invoice {r['number']}" + (" (generated before, not yet submitted: the same invoice and number)"
                                    if r["again"] else "")
        + f" written to {r['path']}; submit it with: pel pay {r['project_id']} --amount "
        f"{r['amount_cents'] / 100:.2f} --invoice {r['path']}")),
        "generate a compliant invoice PDF for a released amount")
    sp.add_argument("id", type=project_id)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    sp.add_argument("-o", "--output", required=True, metavar="FILE")
    reg.cmd("payments", cmd_payments, "your payment requests and the totals per state")

    # -- accounting --
    x = reg.pcmd("validate-payment", lambda pl, a, who: pl.validate_payment(a.request_id),
                 "accounting validates a payment request", with_project=False)
    x.add_argument("request_id", type=positive_int)
    x = reg.pcmd("reject-payment", lambda pl, a, who: pl.reject_payment(a.request_id, " ".join(a.reason)),
                 "accounting rejects a payment request", with_project=False)
    x.add_argument("request_id", type=positive_int)
    x.add_argument("reason", nargs="+")
