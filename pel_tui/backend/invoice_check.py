"""The provider's invoice, checked before a payment request is submitted (PA-2, PA-3).

`check_invoice` never raises: every problem, including any exception from the PDF parser, becomes a
failed `Check` in the returned `InvoiceReport`. The structural checks (size, header, parse,
encryption, pages) stop at the first failure; once the PDF is readable, every mention is checked
so that the provider learns everything that is missing at once. Each check says what it found as
a code of `FINDINGS` and its values, never as a sentence: the words are made at the edge
(`pel_tui.i18n.refusals.payments.finding`). `InvoiceRefused` turns a failed report into the
domain error. `store_invoice` keeps a file content-addressed and read-only; `sanitize_file_name`
makes the user's file name safe to keep as metadata.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.errors import InvalidInput, InvoiceRefused
from pel_tui.backend.legal import LA_POSTE_SIREN, normalize_digits, valid_siren, valid_siret

__all__ = ["CHECK_NAMES", "FINDINGS", "Check", "Expected", "InvoiceRefused", "InvoiceReport", "check_invoice",
           "ensure_accepted", "fold", "money_cents", "normalize_text", "sanitize_file_name", "store_invoice"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # PA-2, mirrors Policy.invoice_max_bytes
DEFAULT_MAX_PAGES = 20  # PA-2, mirrors Policy.invoice_max_pages
DEFAULT_FILE_NAME = "invoice.pdf"
MAX_FILE_NAME = 120

CHECK_NAMES = (
    "size", "pdf_header", "parseable", "not_encrypted", "pages",
    "invoice_number", "amount", "legal_identity", "siret", "project_id", "vat",
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
    "project_id.ok": ("project_id",),
    "project_id.missing": ("project_id",),
    "vat.exempt": (),
    "vat.amount": (),
    "vat.missing": (),
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


@dataclass(frozen=True)
class InvoiceReport:
    checks: tuple[Check, ...]
    sha256: str
    size_bytes: int
    pages: int
    invoice_number: str | None
    text: str  # the extracted text, normalised (NFKC, one kind of space), as the checks read it

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def first_failure(self) -> Check | None:
        return next((c for c in self.checks if not c.ok), None)

    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)


def ensure_accepted(report: InvoiceReport) -> InvoiceReport:
    """The report itself when every check passed; InvoiceRefused otherwise."""
    if not report.ok:
        raise InvoiceRefused(report)
    return report


# --- text normalisation -------------------------------------------------------------------------

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r" *\n[\s]*")
_PUNCT = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ba": "°", "\u02da": "°",
    "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE", "\u00df": "ss",
})


def normalize_text(text: str) -> str:
    """NFKC, one kind of space, runs of spaces collapsed, lines kept (amounts never span lines)."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = _SPACES.sub(" ", text)  # every Unicode space but the newline (no-break, thin, tab…)
    return _BLANK_LINES.sub("\n", text).strip()


def fold(text: str) -> str:
    """`normalize_text`, then without accents and case: what the mention checks compare."""
    text = normalize_text(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()


# --- mentions -----------------------------------------------------------------------------------

# A number written as money: 1 500,00 / 1.500,00 / 1500,00 / 1,500.00 / 1500.00 / 1500 € / 1 500 EUR.
# Matched at the start of each run of digits (see `money_matches` for which starts count).
_MONEY = re.compile(
    r"(?:"
    r"(?P<en>\d{1,3}(?:,\d{3})+\.\d{2})(?!\d)"
    r"|(?P<fr>\d{1,3}(?:[ .]\d{3})+,\d{2})(?!\d)"
    r"|(?P<frp>\d+,\d{2})(?![\d,])"
    r"|(?P<enp>\d+\.\d{2})(?![\d.])"
    r"|(?P<int>\d{1,3}(?:[ .,]\d{3})+|\d+) ?(?:€|eur\b|euros?\b)"
    r")",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<!\d)\d")

_NUM_TOKEN = r"(?P<num>[a-z0-9][a-z0-9/_.\-]{0,39})"
_NUMERO = r"(?:n ?°|no\b\.?|nr\b\.?|num(?:[eé]ro)?\b\.?|number|#)"
_INVOICE_NUMBER = re.compile(
    r"(?:"
    rf"(?:facture|invoice) ?{_NUMERO} ?[:.]? ?"
    rf"|{_NUMERO} ?(?:de |of )?(?:la )?(?:facture|invoice) ?[:.]? ?"
    r"|(?:facture|invoice) ?[:] ?"
    r")" + _NUM_TOKEN,
    re.IGNORECASE,
)
_VAT_EXEMPT = re.compile(
    r"t ?\.? ?v ?\.? ?a ?\.? ?non applicable ?[,;:.\-]? ?(?:\(?(?:art(?:icle)?\b\.?|§) ?)?293 ?-? ?b\b\.?\)? ?"
    r"(?:du |de |,)? ?(?:c ?\. ?g ?\. ?i\b\.?|cgi\b|code general des impots)"
)
_VAT_WORD = re.compile(r"\b(?:t ?\. ?v ?\. ?a\b\.?|tva|vat)\b")
_VAT_WINDOW = 40
_VAT_NUMBER_AFTER = re.compile(r" ?(?:intra|[:.]? ?[a-z]{2} ?\d{2} ?\d{3})")
_RATE_ONLY = re.compile(r"[\d\s%,.():=\-]*")


def money_matches(text: str) -> list[tuple[int, int]]:
    """(position, cents) of every money-looking number of the (normalised) text, in reading order.

    A number starts at a run of digits that is not the decimal or thousands part of another
    number: not right after "digit," or "digit.", and not after "digit space" when the number
    before already reads through it (the "500,00" of "1 500,00" is not 500 €, but the
    "1 500,00" of "Qté 1 1 500,00" is 1 500 €).
    """
    found: list[tuple[int, int]] = []
    covered_to = -1
    for run in _DIGIT_RUN.finditer(text):
        i = run.start()
        if i >= 2 and text[i - 1] in ".," and text[i - 2].isdigit():
            continue
        if i < covered_to and i >= 2 and text[i - 1] == " " and text[i - 2].isdigit():
            continue
        m = _MONEY.match(text, i)
        if m is None:
            continue
        covered_to = max(covered_to, m.end())
        kind = m.lastgroup
        raw = m.group(kind or 0)
        if kind == "int":
            found.append((i, int(re.sub(r"\D", "", raw)) * 100))
        else:
            whole, cents = raw[:-3], raw[-2:]
            found.append((i, int(re.sub(r"\D", "", whole) or "0") * 100 + int(cents)))
    return found


def money_cents(text: str) -> list[int]:
    """Every money-looking number of the (normalised) text, in cents, in reading order."""
    return [cents for _, cents in money_matches(text)]


def find_invoice_number(text: str) -> str | None:
    """The first invoice number ("Facture n° F-2026-0001", "Invoice number: INV-7", ...)."""
    for m in _INVOICE_NUMBER.finditer(text):
        num = m.group("num").rstrip("./-_")
        if any(ch.isdigit() for ch in num):
            return num
    return None


def _digits_pattern(digits: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\d)" + " ?".join(digits) + r"(?!\d)")


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


def _siret_check(text: str, siret: str) -> Check:
    digits = normalize_digits(siret)
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (9, 14):
        return _found("siret", False, "siret.profile_invalid", siret=siret.strip())
    candidates = [digits]
    # A SIRET on the profile: the invoice may show the SIRET or its SIREN (a SIREN is a legal
    # mention too), except La Poste whose SIREN alone says nothing about the establishment.
    if len(digits) == 14 and not digits.startswith(LA_POSTE_SIREN):
        candidates.append(digits[:9])
    shown = next((c for c in candidates if _digits_pattern(c).search(text)), None)
    if shown is None:
        return _found("siret", False, "siret.missing", digits=digits)
    ok = valid_siret(shown) if len(shown) == 14 else valid_siren(shown)
    if not ok:
        return _found("siret", False, "siret.checksum", digits=shown)
    return _found("siret", True, "siret.ok", digits=shown)


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
    """Check an uploaded invoice against PA-2 and PA-3. Never raises."""
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

    def report(pages: int = 0, number: str | None = None, text: str = "") -> InvoiceReport:
        return InvoiceReport(tuple(checks), sha, size, pages, number, text)

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

    text = normalize_text("\n".join(texts))
    mentions, number = _mention_checks(text, fold(text), expected)
    checks.extend(mentions)
    return report(pages, number, text)


# --- file name and storage ----------------------------------------------------------------------

def sanitize_file_name(name: str) -> str:
    """The user's file name, safe to keep as metadata: base name only, no control characters."""
    if not isinstance(name, str):
        return DEFAULT_FILE_NAME
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    # Control and format characters (NUL, newlines, bidi overrides) go before the path is split:
    # "a\n/../b" must not hide a path part.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    base = name.rsplit("/", 1)[-1]
    base = " ".join(base.split()).lstrip(". ").rstrip(" ")
    if not base or base in (".", ".."):
        return DEFAULT_FILE_NAME
    if len(base) > MAX_FILE_NAME:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and 0 < len(ext) <= 10:
            base = stem[: MAX_FILE_NAME - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            base = base[:MAX_FILE_NAME].rstrip(" .")
    return base or DEFAULT_FILE_NAME


_SHA256 = re.compile(r"[0-9a-f]{64}")


def invoice_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / "invoices" / sha256[:2] / f"{sha256}.pdf"


def store_invoice(data_dir: Path, data: bytes, sha256: str) -> Path:
    """Keep the file at data_dir/invoices/<sha[:2]>/<sha>.pdf, read-only, durably; idempotent."""
    if not _SHA256.fullmatch(sha256):
        raise InvalidInput("invoice.sha_invalid", sha256=sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InvalidInput("invoice.sha_mismatch", sha256=sha256)
    final = invoice_path(data_dir, sha256)
    if final.is_file():
        try:
            if final.stat().st_size == len(data) and final.read_bytes() == data:
                return final
        except OSError:
            pass  # unreadable: write it again below
    write_atomic(final, data, read_only=True)
    return final
