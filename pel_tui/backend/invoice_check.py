"""The provider's invoice, checked before a payment request is submitted (PA-2, PA-3, PA-7).

`check_invoice` never raises: every problem, including any exception from the PDF parser, becomes a
failed `Check` in the returned `InvoiceReport`. The structural checks (size, header, parse,
encryption, pages, active content) stop at the first failure; once the PDF is readable, every
mention is checked so that the provider learns everything that is missing at once. PA-7's other
mentions of a French invoice (issue date, the client, payment terms, late-payment penalties, the
recovery fee, "EI") are checked too, as warnings: a missing one is said, never refused. Each check
says what it found as a code of `FINDINGS` and its values, never as a sentence: the words are made
at the edge (`pel_tui.i18n.refusals.payments.finding`). `InvoiceRefused` turns a failed report into
the domain error. The text the checks read is `invoice_text`'s; `store_invoice` (`invoice_store`)
keeps a file content-addressed and read-only, `sanitize_file_name` makes the user's file name safe to
keep as metadata.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from pel_tui.backend.errors import InvoiceRefused
from pel_tui.backend.invoice_store import invoice_path, sanitize_file_name, store_invoice
from pel_tui.backend.invoice_text import (
    _NUMERO,
    find_invoice_number,
    fold,
    money_cents,
    money_matches,
    normalize_text,
)
from pel_tui.backend.legal import normalize_digits, valid_siren, valid_siret
from pel_tui.backend.pdf_active import MAX_PDF_OBJECTS, TooManyObjects, active_content

__all__ = ["CHECK_NAMES", "FINDINGS", "MENTION_NAMES", "Check", "Expected", "InvoiceRefused", "InvoiceReport",
           "check_invoice", "ensure_accepted", "find_invoice_number", "fold", "invoice_path", "money_cents",
           "money_matches", "normalize_text", "sanitize_file_name", "store_invoice"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # PA-2, mirrors Policy.invoice_max_bytes
DEFAULT_MAX_PAGES = 20  # PA-2, mirrors Policy.invoice_max_pages

CHECK_NAMES = (
    "size", "pdf_header", "parseable", "not_encrypted", "pages", "active_content",
    "invoice_number", "amount", "legal_identity", "siret", "project_id", "vat",
)
#: PA-7: the mentions a French B2B invoice needs beyond PA-3, checked as warnings (never refused).
MENTION_NAMES = (
    "issue_date", "client", "payment_terms", "late_penalty", "recovery_fee", "individual_entrepreneur",
)


#: What a check can find: code → the names of its values (a trailing `?` marks an optional one).
#: `size_bytes`/`max_bytes` are sizes, `amount_cents` an amount, `digits` a SIREN or SIRET without
#: spaces, `error` the first line of a parser's exception (a diagnostic, not a sentence).
FINDINGS: dict[str, tuple[str, ...]] = {
    "size.ok": ("size_bytes",),
    "size.empty": (),
    "size.too_large": ("size_bytes", "max_bytes"),
    "pdf_header.ok": ("header",),
    "pdf_header.missing": (),
    "parseable.ok": (),
    "parseable.too_complex": ("max_operations?", "error?"),
    "parseable.damaged": ("error",),
    "parseable.crashed": ("error?",),
    "not_encrypted.ok": (),
    "not_encrypted.encrypted": (),
    "pages.ok": ("pages",),
    "pages.none": (),
    "pages.too_many": ("pages", "max_pages"),
    "active_content.ok": (),
    "active_content.javascript": (),
    "active_content.launch": (),
    "active_content.embedded_file": (),
    "active_content.too_complex": ("max_operations",),
    "invoice_number.ok": ("number",),
    "invoice_number.missing": ("no_text",),
    "invoice_number.used": ("number",),
    "amount.ok": ("amount_cents",),
    "amount.missing": ("amount_cents",),
    "legal_identity.ok": ("legal_name",),
    "legal_identity.missing": ("legal_name",),
    "siret.ok": ("digits",),
    "siret.profile_invalid": ("siret",),
    "siret.missing": ("digits",),
    "siret.checksum": ("digits",),
    "siret.siren_only": ("digits",),
    "siret.not_profile": ("digits", "siret"),
    "project_id.ok": ("project_id",),
    "project_id.missing": ("project_id",),
    "vat.exempt": (),
    "vat.amount": (),
    "vat.missing": (),
    # PA-7's warnings
    "issue_date.ok": (),
    "issue_date.missing": (),
    "client.ok": (),
    "client.missing": (),
    "payment_terms.ok": (),
    "payment_terms.missing": (),
    "late_penalty.ok": (),
    "late_penalty.missing": (),
    "recovery_fee.ok": (),
    "recovery_fee.missing": (),
    "individual_entrepreneur.ok": (),
    "individual_entrepreneur.missing": (),
}


@dataclass(frozen=True)
class Check:
    """One check of an invoice: its name (`CHECK_NAMES`), whether it passed, and what it found."""

    name: str
    ok: bool
    finding: str  # a code of FINDINGS
    params: dict[str, Any] = field(default_factory=dict)


def _found(name: str, ok: bool, finding: str, **params: Any) -> Check:
    names = FINDINGS.get(finding)
    assert names is not None and finding.startswith(f"{name}."), f"undeclared finding {finding!r}"
    assert {n for n in names if not n.endswith("?")} <= params.keys() <= {n.rstrip("?") for n in names}, finding
    return Check(name, ok, finding, params)


@dataclass(frozen=True)
class Expected:
    """What the invoice must show: the amount requested and the provider's legal identity."""

    amount_cents: int
    legal_name: str
    siret: str  # 14 digits, or a 9-digit SIREN; spaces allowed
    project_id: int
    used_numbers: frozenset[str] = frozenset()
    #: PA-7's warnings: the client's name and address (each line), and whether the provider is an
    #: individual entrepreneur, whose name the invoice follows with "EI".
    client_name: str = ""
    client_address: str = ""
    individual: bool = False


@dataclass(frozen=True)
class InvoiceReport:
    checks: tuple[Check, ...]
    sha256: str
    size_bytes: int
    pages: int
    invoice_number: str | None
    text: str  # the extracted text, normalised (NFKC, one kind of space), as the checks read it
    #: PA-7's mentions (`MENTION_NAMES`), passed or not: warnings, which never refuse the invoice.
    mentions: tuple[Check, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def warnings(self) -> tuple[Check, ...]:
        """The PA-7 mentions the invoice lacks."""
        return tuple(c for c in self.mentions if not c.ok)

    def first_failure(self) -> Check | None:
        return next((c for c in self.checks if not c.ok), None)

    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


def ensure_accepted(report: InvoiceReport) -> InvoiceReport:
    """The report itself when every check passed; InvoiceRefused otherwise."""
    if not report.ok:
        raise InvoiceRefused(report)
    return report


# --- mentions -----------------------------------------------------------------------------------

_VAT_EXEMPT = re.compile(
    r"t ?\.? ?v ?\.? ?a ?\.? ?non applicable ?[,;:.\-]? ?(?:\(?(?:art(?:icle)?\b\.?|§) ?)?293 ?-? ?b\b\.?\)? ?"
    r"(?:du |de |,)? ?(?:c ?\. ?g ?\. ?i\b\.?|cgi\b|code general des impots)"
)
_VAT_WORD = re.compile(r"\b(?:t ?\. ?v ?\. ?a\b\.?|tva|vat)\b")
_VAT_WINDOW = 40
_VAT_NUMBER_AFTER = re.compile(r" ?(?:intra|[:.]? ?[a-z]{2} ?\d{2} ?\d{3})")
_RATE_ONLY = re.compile(r"[\d\s%,.():=\-]*")


def _mention_checks(text: str, folded: str, expected: Expected) -> tuple[list[Check], str | None]:
    checks: list[Check] = []

    number = find_invoice_number(text)
    used = {u.strip().casefold() for u in expected.used_numbers}
    if number is None:  # no text at all: a scanned image, most likely
        checks.append(_found("invoice_number", False, "invoice_number.missing", no_text=not text.strip()))
    elif number.casefold() in used:
        checks.append(_found("invoice_number", False, "invoice_number.used", number=number))
    else:
        checks.append(_found("invoice_number", True, "invoice_number.ok", number=number))

    amounts = money_cents(text)
    if expected.amount_cents in amounts:
        checks.append(_found("amount", True, "amount.ok", amount_cents=expected.amount_cents))
    else:
        checks.append(_found("amount", False, "amount.missing", amount_cents=expected.amount_cents))

    name = fold(expected.legal_name)
    if name and name in folded:
        checks.append(_found("legal_identity", True, "legal_identity.ok", legal_name=expected.legal_name.strip()))
    else:
        checks.append(_found("legal_identity", False, "legal_identity.missing",
                             legal_name=expected.legal_name.strip()))

    checks.append(_siret_check(text, expected.siret))

    pid = expected.project_id
    project = re.compile(
        rf"(?:#|\b(?:projet|project)\b ?(?:{_NUMERO}|id\b)? ?[:.]? ?#?) ?{pid}(?!\d)"
    )
    if project.search(folded):
        checks.append(_found("project_id", True, "project_id.ok", project_id=pid))
    else:
        checks.append(_found("project_id", False, "project_id.missing", project_id=pid))

    checks.append(_vat_check(text, folded))
    return checks, number


def _siren_then_nic(siren: str) -> re.Pattern[str]:
    """The profile's SIREN as written (any spacing), and the 5 digits of an establishment after it, if any."""
    return re.compile(r"(?<!\d)" + " ?".join(siren) + r"(?: ?(?P<nic>\d ?\d ?\d ?\d ?\d))?(?! ?\d)")


def _siret_check(text: str, siret: str) -> Check:
    """PA-3: the identifier as written on the invoice, whatever its spacing (`849 137 260 10005`).

    A SIRET on the profile: the invoice must show all 14 digits, the profile's, with their checksum
    (a SIREN alone, or another establishment's SIRET, is not enough). A SIREN only on the profile:
    the invoice shows it, alone or as the start of a SIRET whose checksum holds.
    """
    digits = normalize_digits(siret)
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (9, 14):
        return _found("siret", False, "siret.profile_invalid", siret=siret.strip())
    shown = [(m.group(0), normalize_digits(m.group("nic") or "")) for m in _siren_then_nic(digits[:9]).finditer(text)]
    if not shown:
        return _found("siret", False, "siret.missing", digits=digits)
    if len(digits) == 9:
        full = [digits + nic for _, nic in shown if nic]
        bad = next((f for f in full if not valid_siret(f)), None)
        if not valid_siren(digits) or bad is not None:
            return _found("siret", False, "siret.checksum", digits=bad or digits)
        return _found("siret", True, "siret.ok", digits=digits)
    written = [digits[:9] + nic for _, nic in shown if nic]
    if digits in written:
        if not valid_siret(digits):
            return _found("siret", False, "siret.checksum", digits=digits)
        return _found("siret", True, "siret.ok", digits=digits)
    if not written:  # the SIREN alone: not enough where the profile has a SIRET
        return _found("siret", False, "siret.siren_only", digits=digits)
    other = written[0]
    if not valid_siret(other):
        return _found("siret", False, "siret.checksum", digits=other)
    return _found("siret", False, "siret.not_profile", digits=other, siret=digits)


def _vat_check(text: str, folded: str) -> Check:
    if _VAT_EXEMPT.search(folded):
        return _found("vat", True, "vat.exempt")
    for m in _VAT_WORD.finditer(folded):
        if _VAT_NUMBER_AFTER.match(folded, m.end()):
            continue  # "TVA intracommunautaire", "N° TVA : FR…": a VAT number, not an amount
        end = folded.find("\n", m.end())
        rest = folded[m.end():] if end < 0 else folded[m.end():end]
        if end >= 0 and _RATE_ONLY.fullmatch(rest):
            # "TVA (20 %)" and its amount on the next line (a table read column by column).
            next_end = folded.find("\n", end + 1)
            rest += " " + (folded[end + 1:] if next_end < 0 else folded[end + 1:next_end])
        if any(pos <= _VAT_WINDOW for pos, _ in money_matches(rest[: _VAT_WINDOW + 24])):
            return _found("vat", True, "vat.amount")
    return _found("vat", False, "vat.missing")


# --- PA-7's mentions, as warnings -----------------------------------------------------------------

_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:er)? (?:"
                   + _MONTHS + r") \d{4})(?!\d)")
_PAYMENT_TERMS = re.compile(
    r"\b(?:echeance|conditions? de (?:paiement|reglement)|modalites? de (?:paiement|reglement)|payable|"
    r"delai de (?:paiement|reglement)|date limite de (?:paiement|reglement)|a regler (?:avant|le|sous)|"
    r"payment terms|due date|due on)\b")
_PENALTY = re.compile(r"\b(?:penalites? de retard|interets? de retard|late[- ]payment (?:penalt|interest))")
_RATE = re.compile(r"%|\btaux\b|\bbce\b|interet legal|\brate\b")
_RECOVERY = re.compile(r"\b(?:recouvrement|recovery)\b")
_EI_AFTER = r" ?,? ?(?:\(?e\.? ?i\.?\)?(?![a-z])|entrepreneur individuel)"
RECOVERY_FEE_CENTS = 4_000  # the fixed recovery fee the French commercial code sets (art. D. 441-5)


def _lines_with(pattern: re.Pattern[str], folded: str) -> list[str]:
    return [line for line in folded.split("\n") if pattern.search(line)]


def _pa_7_mentions(folded: str, expected: Expected) -> list[Check]:
    """PA-7: what a French B2B invoice mentions beyond PA-3; each missing one is a warning."""
    out = [_found("issue_date", True, "issue_date.ok") if _DATE.search(folded)
           else _found("issue_date", False, "issue_date.missing")]
    if expected.client_name.strip():
        wanted = [fold(expected.client_name)] + [fold(x) for x in expected.client_address.splitlines() if x.strip()]
        out.append(_found("client", True, "client.ok") if all(w in folded for w in wanted)
                   else _found("client", False, "client.missing"))
    out.append(_found("payment_terms", True, "payment_terms.ok") if _PAYMENT_TERMS.search(folded)
               else _found("payment_terms", False, "payment_terms.missing"))
    out.append(_found("late_penalty", True, "late_penalty.ok")
               if any(_RATE.search(line) for line in _lines_with(_PENALTY, folded))
               else _found("late_penalty", False, "late_penalty.missing"))
    out.append(_found("recovery_fee", True, "recovery_fee.ok")
               if any(RECOVERY_FEE_CENTS in money_cents(line) for line in _lines_with(_RECOVERY, folded))
               else _found("recovery_fee", False, "recovery_fee.missing"))
    if expected.individual:
        name = re.escape(fold(expected.legal_name).strip())
        ei = bool(name) and (re.search(r"(?:^|[ (])(?:ei|entrepreneur individuel)$", fold(expected.legal_name))
                             is not None or re.search(name + _EI_AFTER, folded) is not None)
        out.append(_found("individual_entrepreneur", True, "individual_entrepreneur.ok") if ei
                   else _found("individual_entrepreneur", False, "individual_entrepreneur.missing"))
    return out


# --- the check ----------------------------------------------------------------------------------

def _first_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    msg = msg[:160]
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


#: Bounds on the parser's work, so that a small hostile file cannot hold the check for minutes
#: (pypdf parses about 200 000 content-stream tokens per second here). A 20-page text invoice
#: uses a few thousand; the defaults are 2 000 000 tokens per stream and 5 000 form invocations.
MAX_STREAM_WORK = 200_000  # tokens in one content stream
MAX_TEXT_WORK = 300_000  # operators and operands across the whole document
MAX_FORM_INVOCATIONS = 500  # form XObjects drawn per page


class _TooMuchWork(Exception):
    pass


class _WorkBudget:
    """Counts the operators (and their operands) that text extraction visits; stops past the budget."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, operator: object, operands: object, cm: object, tm: object) -> None:
        cost = 1
        if isinstance(operands, list):
            for operand in operands:
                cost += len(operand) if isinstance(operand, list | dict) else 1
        self.left -= cost
        if self.left < 0:
            raise _TooMuchWork()


def check_invoice(
    data: bytes, expected: Expected, *, max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> InvoiceReport:
    """Check an uploaded invoice against PA-2 and PA-3, and PA-7's mentions as warnings. Never raises."""
    try:
        return _check(bytes(data), expected, max_bytes, max_pages)
    except Exception as exc:  # the last line of defence: a report, never an exception
        sha, size = "", 0
        with contextlib.suppress(Exception):
            sha, size = hashlib.sha256(data).hexdigest(), len(data)
        return InvoiceReport(
            checks=(_found("parseable", False, "parseable.crashed", error=_first_line(exc)),),
            sha256=sha, size_bytes=size, pages=0, invoice_number=None, text="",
        )


def _check(data: bytes, expected: Expected, max_bytes: int, max_pages: int) -> InvoiceReport:
    size = len(data)
    sha = hashlib.sha256(data).hexdigest()
    checks: list[Check] = []

    def report(pages: int = 0, number: str | None = None, text: str = "",
               mentions: tuple[Check, ...] = ()) -> InvoiceReport:
        return InvoiceReport(tuple(checks), sha, size, pages, number, text, mentions)

    if size == 0:
        checks.append(_found("size", False, "size.empty"))
        return report()
    if size > max_bytes:
        checks.append(_found("size", False, "size.too_large", size_bytes=size, max_bytes=max_bytes))
        return report()
    checks.append(_found("size", True, "size.ok", size_bytes=size))

    if not data.startswith(b"%PDF-"):
        checks.append(_found("pdf_header", False, "pdf_header.missing"))
        return report()
    checks.append(_found("pdf_header", True, "pdf_header.ok", header=data[:8].decode("latin-1").strip()))

    encrypted = False
    pages = 0
    texts: list[str] = []
    active: str | None = None
    budget = _WorkBudget(MAX_TEXT_WORK)
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    try:
        with apply_configuration(
            stream_parsing_work_maximum_count=MAX_STREAM_WORK,
            xform_maximum_invocations_per_extraction=MAX_FORM_INVOCATIONS,
        ):
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = bool(reader.is_encrypted)
            if not encrypted:
                pages = len(reader.pages)
                if 1 <= pages <= max_pages:
                    # Each page's text, extracted once: this is the whole cost of the check.
                    texts = [page.extract_text(visitor_operand_before=budget.spend) or ""
                             for page in reader.pages]
                    try:
                        active = active_content(reader)
                    except TooManyObjects:
                        active = "too_complex"
    except _TooMuchWork:
        checks.append(_found("parseable", False, "parseable.too_complex", max_operations=MAX_TEXT_WORK))
        return report()
    except LimitReachedError as exc:
        checks.append(_found("parseable", False, "parseable.too_complex", error=_first_line(exc)))
        return report()
    except Exception as exc:
        checks.append(_found("parseable", False, "parseable.damaged", error=_first_line(exc)))
        return report()
    checks.append(_found("parseable", True, "parseable.ok"))

    if encrypted:
        checks.append(_found("not_encrypted", False, "not_encrypted.encrypted"))
        return report()
    checks.append(_found("not_encrypted", True, "not_encrypted.ok"))

    if pages < 1:
        checks.append(_found("pages", False, "pages.none"))
        return report()
    if pages > max_pages:
        checks.append(_found("pages", False, "pages.too_many", pages=pages, max_pages=max_pages))
        return report(pages)
    checks.append(_found("pages", True, "pages.ok", pages=pages))

    # PA-2: an invoice is a document to read, never something that runs or carries a file.
    if active == "too_complex":
        checks.append(_found("active_content", False, "active_content.too_complex",
                             max_operations=MAX_PDF_OBJECTS))
        return report(pages)
    if active == "javascript":
        checks.append(_found("active_content", False, "active_content.javascript"))
        return report(pages)
    if active == "launch":
        checks.append(_found("active_content", False, "active_content.launch"))
        return report(pages)
    if active == "embedded_file":
        checks.append(_found("active_content", False, "active_content.embedded_file"))
        return report(pages)
    checks.append(_found("active_content", True, "active_content.ok"))

    text = normalize_text("\n".join(texts))
    folded = fold(text)
    mentions, number = _mention_checks(text, folded, expected)
    checks.extend(mentions)
    return report(pages, number, text, tuple(_pa_7_mentions(folded, expected)))
