"""The command line's verbs of payment requests and invoices (PA), and accounting's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.backend.errors import InvoiceRefused
from pel_tui.cli import words
from pel_tui.cli.common import (
    Registry,
    Session,
    emit,
    euros_to_cents,
    field,
    positive_int,
    table,
)
from pel_tui.i18n import _, pgettext
from pel_tui.i18n import formats as fmt
from pel_tui.i18n.refusals.payments import check_name, detail
from pel_tui.i18n.voice import CliVoice


def cmd_payments(s: Session, a: argparse.Namespace) -> None:
    d = s.mp.payments()
    if a.json:
        emit(a, d)
        return
    rows = [[str(r.id), f"#{r.project_id}", fmt.money(r.amount_cents), r.invoice_number, words.payment_state(r.state),
             fmt.when(r.submitted_at), fmt.when(r.paid_at or r.pay_on or r.rejected_at)] for r in d.requests]
    print(table(rows, [pgettext("column", "id"), pgettext("column", "project"), pgettext("column", "amount"),
                       pgettext("column", "invoice"), pgettext("column", "state"), pgettext("column", "submitted"),
                       pgettext("column", "paid / due / rejected")]))
    print("\n" + " · ".join(f"{words.payment_state(k)} {fmt.money(v)} ({fmt.number(d.counts[k])})"
                            for k, v in d.totals_cents.items()))


def _checks_text(report: Any) -> str:
    lines = ["  " + field(f"{'✓' if c.ok else '✗'} {check_name(c.name)}", detail(c, CliVoice()))
             for c in report.checks]
    lines += ["  " + field(f"! {check_name(c.name)}", _("{detail} (a warning: the invoice is not refused for it)").format(
        detail=detail(c, CliVoice()))) for c in report.warnings]
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
        print(_checks_text(report) + "\n" + (_("All checks pass.") if report.ok else _("The invoice would be refused.")))
    if not report.ok:
        raise InvoiceRefused(report)


def _invoice_written(r: dict[str, Any]) -> str:
    said = (_("Invoice {number} (generated before, not yet submitted: the same invoice and number) written to {path}")
            if r["again"] else _("Invoice {number} written to {path}"))
    amount = f"{r['amount_cents'] / 100:.2f}"  # as the command takes it
    return (said.format(number=r["number"], path=r["path"]) + "; " + _(
        "submit it with: pel pay {project} --amount {amount} --invoice {path}").format(
        project=r["project_id"], amount=amount, path=r["path"]))


def add_commands(reg: Registry) -> None:
    sp = reg.cmd("pay", lambda s, a: emit(a, s.mp.request_payment(a.id, a.amount, a.invoice), lambda r: (
        _("Payment request {id} submitted: {amount}, invoice {number}").format(
            id=r["request_id"], amount=fmt.money(r["amount_cents"]), number=r["invoice_number"]))),
        _("request a payment with an invoice PDF (formula R0 only)"))
    reg.with_id(sp)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR", help=_("excl. VAT"))
    sp.add_argument("--invoice", required=True, metavar=_("FILE"), help=_("the invoice, a PDF"))
    sp = reg.cmd("check-invoice", cmd_check_invoice,
                 _("see each check of an invoice pass or fail, submitting nothing"))
    reg.with_id(sp)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR", help=_("excl. VAT"))
    sp.add_argument("--invoice", required=True, metavar=_("FILE"), help=_("the invoice, a PDF"))
    sp = reg.cmd("invoice", lambda s, a: emit(a, s.mp.generate_invoice(a.id, a.amount, a.output), _invoice_written),
                 _("generate a compliant invoice PDF for a released amount"))
    reg.with_id(sp)
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR", help=_("excl. VAT"))
    sp.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("where to write the PDF"))
    reg.cmd("payments", cmd_payments, _("your payment requests and the totals per state"))

    # -- accounting --
    x = reg.pcmd("validate-payment", lambda pl, a, who: pl.validate_payment(a.request_id),
                 _("accounting validates a payment request"), with_project=False)
    x.add_argument("request_id", type=positive_int, metavar="ID")
    x = reg.pcmd("reject-payment", lambda pl, a, who: pl.reject_payment(a.request_id, " ".join(a.reason)),
                 _("accounting rejects a payment request"), with_project=False)
    x.add_argument("request_id", type=positive_int, metavar="ID")
    x.add_argument("reason", nargs="+", metavar=_("TEXT"))
