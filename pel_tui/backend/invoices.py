"""The platform's own invoices to the provider (SU-8): gap-free numbers, listed, saved as PDF files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pel_tui.backend import rows
from pel_tui.backend.clock import day, to_datetime
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import NotFound
from pel_tui.backend.models import PlatformInvoice
from pel_tui.backend.money import euros

__all__ = ["euros", "issue_platform_invoice", "platform_invoices", "save_platform_invoice"]


@dataclass(frozen=True)
class _Printed:
    """What the PDF of an invoice says of it."""

    number: str
    issued_at: int
    label: str
    amount_cents: int
    vat_cents: int


@dataclass(frozen=True)
class _Customer:
    display_name: str
    country: str


def issue_platform_invoice(ctx: Ctx, provider_id: int, kind: str, label: str, amount_cents: int, at: int,
                           project_id: int | None = None) -> str:
    """Record an invoice; its number follows the last one of the year without a gap."""
    c = ctx.conn
    year = to_datetime(at).year
    prefix = f"PEL-{year}-"
    last = c.execute(
        "SELECT max(CAST(substr(number, ?) AS INTEGER)) FROM platform_invoices WHERE number LIKE ?",
        (len(prefix) + 1, prefix + "%"),
    ).fetchone()[0]
    number = f"{prefix}{(last or 0) + 1:06d}"
    vat = (amount_cents * ctx.policy.vat_rate_bp + 5_000) // 10_000
    c.execute(
        "INSERT INTO platform_invoices(provider_id, number, issued_at, kind, label, amount_cents, "
        "vat_cents, project_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (provider_id, number, at, kind, label, amount_cents, vat, project_id),
    )
    return number


def platform_invoices(ctx: Ctx) -> list[PlatformInvoice]:
    """SU-8: the platform's invoices to the provider (subscription, commission), newest first."""
    return [
        PlatformInvoice(i, number, to_datetime(issued_at), kind, label, amount_cents, vat_cents, project_id)
        for i, number, issued_at, kind, label, amount_cents, vat_cents, project_id in ctx.conn.execute(
            "SELECT id, number, issued_at, kind, label, amount_cents, vat_cents, project_id "
            "FROM platform_invoices WHERE provider_id = ? ORDER BY issued_at DESC, id DESC", (ctx.me,),
        )
    ]


def save_platform_invoice(ctx: Ctx, number: str, path: str) -> str:
    """SU-8: write one of the platform's invoices (by number or id) as a PDF file; returns its path.

    Not a command: the store does not change; a directory gets `NUMBER.pdf` inside it.
    """
    inv = rows.one(
        ctx.conn, _Printed, "SELECT number, issued_at, label, amount_cents, vat_cents FROM platform_invoices "
        "WHERE provider_id = ? AND (number = ? OR CAST(id AS TEXT) = ?)", (ctx.me, number, number),
    )
    if inv is None:
        raise NotFound("platform_invoice.not_found", number=number)
    me = rows.one(ctx.conn, _Customer, "SELECT display_name, country FROM providers WHERE id = ?", (ctx.me,))
    assert me is not None
    target = Path(path)
    if target.is_dir():
        target = target / f"{inv.number}.pdf"
    write_platform_invoice_pdf(
        target, number=inv.number, issued_at=inv.issued_at, label=inv.label, amount_cents=inv.amount_cents,
        vat_cents=inv.vat_cents, customer=me.display_name, customer_country=me.country,
    )
    return str(target)


def write_platform_invoice_pdf(
    path: Path, *, number: str, issued_at: int, label: str, amount_cents: int, vat_cents: int,
    customer: str, customer_country: str,
) -> None:
    """Save one platform invoice as a PDF (fpdf2, imported only here). Invoices are in French."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"  # the core fonts can then write "€"
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"Facture {number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    lines = [
        "PEL Plateforme - mise en relation clients / prestataires",
        f"Date : {day(issued_at)}",
        f"Client : {customer} ({customer_country})",
        "",
        f"{label}",
        f"Montant HT : {euros(amount_cents)}",
        f"TVA : {euros(vat_cents)}",
        f"Total TTC : {euros(amount_cents + vat_cents)}",
        "",
        "Contrat signé électroniquement sur la plateforme.",
    ]
    for line in lines:
        pdf.cell(0, 7, line.replace("\u202f", " "), new_x="LMARGIN", new_y="NEXT")
    from pel_tui.backend.atomic import write_atomic

    write_atomic(path, bytes(pdf.output()))
