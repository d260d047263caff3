"""The provider's own invoice, generated from the profile's legal identity (PA-7).

`render_invoice` returns the PDF's bytes; the result passes `invoice_check.check_invoice` (PA-2,
PA-3) without a warning: it carries the mentions a French B2B invoice needs (issue date, the
client's name and address, the payment terms, the late-payment penalty rate and the 40 € recovery
fee, "EI" after an individual entrepreneur's name, the legal status in words). fpdf2 is imported inside the function so that importing this module stays cheap. The text
uses DejaVu Sans when Debian's font is installed (full Unicode, "€"), and falls back to the core
Helvetica font with latin-1-safe text ("EUR" for "€"), which the checker accepts too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from local_store import faults
from pel_tui.backend.invoices import euros  # `t` below makes its € an EUR for the core fonts
from pel_tui.backend.legal import spaced

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
VAT_EXEMPT_MENTION = "TVA non applicable, art. 293 B du CGI"
PAYMENT_NOTE = "Paiement via le compte interne du projet (formule R0)"
#: PA-7: the legal mentions of a French B2B invoice (Code de commerce, art. L. 441-9 to L. 441-10, D. 441-5).
PAYMENT_TERMS = "Échéance : paiement à réception de la facture."
LATE_PENALTY = ("Pénalités de retard : trois fois le taux d'intérêt légal, exigibles dès le lendemain de "
                "l'échéance (art. L. 441-10 du Code de commerce).")
RECOVERY_FEE = "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."
#: PA-7: the legal status in words, never as a code (what the profile stores: PF-3).
LEGAL_STATUS_WORDS = {
    "micro_entreprise": "Micro-entreprise (entrepreneur individuel)",
    "company": "Société",
    "umbrella": "Société de portage salarial",
}
INDIVIDUAL_STATUSES = ("micro_entreprise",)

#: Characters that the core fonts (latin-1) cannot show, and their stand-ins.
_LATIN1_SAFE = str.maketrans({
    "\u2014": "-", "\u2013": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2026": "...", "\u20ac": "EUR", "\u202f": " ", "\u2009": " ", "\u00a0": " ",
    "\u0153": "oe", "\u0152": "OE", "\u2022": "-",
})


def vat_cents(amount_cents: int, vat_rate_bp: int) -> int:
    """The VAT on an amount before tax, rounded half up to the cent."""
    return (amount_cents * vat_rate_bp + 5_000) // 10_000


def _rate_text(vat_rate_bp: int) -> str:
    whole, frac = divmod(vat_rate_bp, 100)
    return f"{whole} %" if frac == 0 else f"{whole},{frac:02d}".rstrip("0") + " %"


def seller_line(name: str, individual: bool) -> str:
    """PA-7: an individual entrepreneur's name followed by "EI" (unless it already says so)."""
    name = name.strip()
    folded = name.casefold()
    if not individual or folded.endswith((" ei", "(ei)", "entrepreneur individuel")):
        return name
    return f"{name} EI"


def _french_date(issued_on: str) -> str:
    try:
        return date.fromisoformat(issued_on).strftime("%d/%m/%Y")
    except ValueError:
        return issued_on


def render_invoice(
    *, number: str, issued_on: str, seller_name: str, seller_status: str, siret: str,
    seller_address: str | None, vat_number: str | None, client_name: str, project_id: int,
    project_title: str, amount_cents: int, vat_rate_bp: int | None, client_address: str | None = None,
    individual: bool | None = None,
) -> bytes:
    """A French invoice for `amount_cents` before VAT (HT), as PDF bytes.

    `seller_status` is the profile's legal status (`micro_entreprise`...), written in words;
    `individual` (by default: a micro-entreprise) puts "EI" after the seller's name;
    `client_address` is printed under the client's name, line by line.

    With `vat_rate_bp` (basis points, 2000 = 20 %) the invoice shows the VAT and the total TTC;
    without it, the mention "TVA non applicable, art. 293 B du CGI" and TTC = HT. The output is
    deterministic: the same arguments give the same bytes (the creation date is `issued_on`).
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    try:
        created = datetime.combine(date.fromisoformat(issued_on), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        created = datetime(2000, 1, 1, tzinfo=UTC)
    pdf.set_creation_date(created)
    pdf.set_title(f"Facture {number}")
    pdf.set_author(seller_name)
    pdf.set_creator("pel-tui")

    regular, bold = DEJAVU_DIR / "DejaVuSans.ttf", DEJAVU_DIR / "DejaVuSans-Bold.ttf"
    unicode = regular.is_file()
    family = "Helvetica"
    if unicode:
        try:
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold if bold.is_file() else regular))
            family = "DejaVu"
        except Exception:  # a broken font file: the core font still makes a valid invoice
            unicode = False

    def t(s: str) -> str:
        if unicode:
            return s
        return s.translate(_LATIN1_SAFE).encode("latin-1", "replace").decode("latin-1")

    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, *, size: float = 10, style: str = "", h: float = 5.5, align: str = "L") -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, h, t(text), align=align, new_x="LMARGIN", new_y="NEXT")

    pdf.add_page()
    line(f"Facture n° {number}", size=18, style="B", h=9)
    line(f"Date d'émission : {_french_date(issued_on)}")
    pdf.ln(6)

    if individual is None:
        individual = seller_status in INDIVIDUAL_STATUSES
    line("Émetteur", style="B")
    line(seller_line(seller_name, individual))
    if seller_status:
        line(LEGAL_STATUS_WORDS.get(seller_status, seller_status))
    if seller_address:
        for part in seller_address.splitlines():
            if part.strip():
                line(part.strip())
    label = "SIRET" if len("".join(siret.split())) == 14 else "SIREN"
    line(f"{label} : {spaced(siret)}")
    if vat_number:
        line(f"N° TVA intracommunautaire : {vat_number}")
    pdf.ln(4)

    line("Client", style="B")
    line(client_name)
    for part in (client_address or "").splitlines():
        if part.strip():
            line(part.strip())
    pdf.ln(6)

    # The one line: designation on the left, amount on the right.
    pdf.set_font(family, "B", 10)
    pdf.set_fill_color(235, 235, 235)
    amount_w = 45.0
    pdf.cell(width - amount_w, 7, t("Désignation"), border="B", fill=True)
    pdf.cell(amount_w, 7, t("Montant HT"), border="B", fill=True, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    y = pdf.get_y()
    pdf.multi_cell(width - amount_w, 6, t(f"Projet #{project_id} — {project_title}"),
                   new_x="RIGHT", new_y="TOP")
    after_designation = pdf.get_y()
    pdf.set_xy(pdf.l_margin + width - amount_w, y)
    pdf.cell(amount_w, 6, t(euros(amount_cents)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(after_designation, pdf.get_y(), y + 6) + 2)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(4)

    if vat_rate_bp is not None:
        vat = vat_cents(amount_cents, vat_rate_bp)
        totals = [
            (f"Montant HT : {euros(amount_cents)}", ""),
            (f"TVA ({_rate_text(vat_rate_bp)}) : {euros(vat)}", ""),
            (f"Total TTC : {euros(amount_cents + vat)}", "B"),
        ]
    else:
        totals = [
            (f"Montant HT : {euros(amount_cents)}", ""),
            (VAT_EXEMPT_MENTION, ""),
            (f"Total TTC : {euros(amount_cents)}", "B"),
        ]
    for text, style in totals:
        line(text, style=style, align="R", h=6)
    pdf.ln(8)

    line(PAYMENT_NOTE, size=9)
    line(f"Prestation réalisée dans le cadre du projet #{project_id}.", size=9)
    pdf.ln(2)
    for mention in (PAYMENT_TERMS, LATE_PENALTY, RECOVERY_FEE):
        line(mention, size=8, h=4.5)

    out = pdf.output()
    faults.point("invoice.rendered")  # crash test: the PDF made (its number taken), not yet written
    return bytes(out)
