"""Refusals on payment requests and invoices (PA), and what each check of an invoice found, in words.

`finding(check, voice)` says what one check of `pel_tui.backend.invoice_check` found (its code of
`FINDINGS` and its values): the command line's `check-invoice` and the payments screen show it, and
a refused invoice says its first failed check with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pel_tui.backend.legal import spaced
from pel_tui.i18n import _, formats, ngettext, pgettext
from pel_tui.i18n.say import Params, Say, form, os_error
from pel_tui.i18n.voice import Voice

#: The exact mention of art. 293 B: a legal text of the invoice, quoted as it must be written.
VAT_EXEMPT_MENTION = "TVA non applicable, art. 293 B du CGI"
#: PA-7: the fixed fee for recovery costs an invoice mentions, in cents.
RECOVERY_FEE_CENTS = 4_000


def size_text(n: int) -> str:
    """A file's size, as the checks say it: `10.0 MB`, `12.5 KB`, `800 bytes` (fr: `10,0 Mo`)."""
    if not isinstance(n, int):
        return str(n)
    if n >= 1024 * 1024:
        return _("{size} MB").format(size=formats.decimal(n / (1024 * 1024), 1))
    if n >= 1024:
        return _("{size} KB").format(size=formats.decimal(n / 1024, 1))
    return ngettext("{n} byte", "{n} bytes", n).format(n=formats.number(n))


def _id_kind(digits: str) -> str:
    return "SIRET" if len(digits) == 14 else "SIREN"


def _too_complex(p: Params, v: Voice) -> str:
    if p.max_operations is not None:
        limit = _("more than {n} drawing operations").format(n=v.number(p.max_operations))
    else:
        limit = str(p.error or "")
    return _("the PDF's pages are too complex to read (over the parser's limits: {limit}); export the invoice "
             "again as a simple PDF").format(limit=limit)


def _crashed(p: Params, v: Voice) -> str:
    if p.error:
        return _("the invoice could not be checked ({error})").format(error=p.error)
    return _("the invoice could not be checked")


def _number_missing(p: Params, v: Voice) -> str:
    text = _('the invoice does not mention an invoice number (e.g. "Facture n° F-2026-0001")')
    if p.no_text:
        text += _("; the PDF has no text at all (a scanned image?): export the invoice from your invoicing "
                  "software instead")
    return text


def _profile_siret(p: Params, v: Voice) -> str:
    return _("your profile's SIRET/SIREN ({siret}) is not 9 or 14 digits; fix your legal identity first "
             "({action})").format(siret=p.siret or _("none"), action=v.do("profile.legal"))


#: Each finding of an invoice check (`invoice_check.FINDINGS`), in words.
FINDINGS: dict[str, Say] = {
    "size.ok": lambda p, v: size_text(p.size_bytes),
    "size.empty": lambda p, v: _("the file is empty"),
    "size.too_large": lambda p, v: _("the file is {size}; an invoice must be at most {max}").format(
        size=size_text(p.size_bytes), max=size_text(p.max_bytes)),
    "pdf_header.ok": lambda p, v: str(p.header),
    "pdf_header.missing": lambda p, v: _("the file is not a PDF (it does not start with %PDF-)"),
    "parseable.ok": lambda p, v: _("readable PDF"),
    "parseable.too_complex": _too_complex,
    "parseable.damaged": lambda p, v: _("the PDF cannot be read, it may be damaged or incomplete ({error})").format(
        error=p.error),
    "parseable.crashed": _crashed,
    "not_encrypted.ok": lambda p, v: _("not encrypted"),
    "not_encrypted.encrypted": lambda p, v: _(
        "the PDF is encrypted (password-protected); export it again without a password"),
    "pages.ok": lambda p, v: ngettext("{n} page", "{n} pages", form(p.pages)).format(n=v.number(p.pages)),
    "pages.none": lambda p, v: _("the PDF has no page"),
    "pages.too_many": lambda p, v: _("the PDF has {pages} pages; an invoice must have 1 to {max}").format(
        pages=v.number(p.pages), max=v.number(p.max_pages)),
    "active_content.ok": lambda p, v: _("no script, no embedded file"),
    "active_content.javascript": lambda p, v: _(
        "the PDF carries JavaScript (a script that runs when it is opened); an invoice is a document to read: "
        "export it again as a plain PDF"),
    "active_content.launch": lambda p, v: _(
        "the PDF carries an action that starts a program or opens a file; export the invoice again as a plain PDF"),
    "active_content.embedded_file": lambda p, v: _(
        "the PDF carries an embedded file (an attachment, possibly a program); send the invoice alone, as a "
        "plain PDF"),
    "active_content.too_complex": lambda p, v: _(
        "the PDF holds more than {n} objects, too many to check for scripts and embedded files; export the "
        "invoice again as a simple PDF").format(n=v.number(p.max_operations)),
    "invoice_number.ok": lambda p, v: _("invoice number {number}").format(number=p.number),
    "invoice_number.missing": _number_missing,
    "invoice_number.used": lambda p, v: _(
        "invoice number {number} was already used; each invoice needs a new number").format(number=p.number),
    "amount.ok": lambda p, v: _("amount {amount}").format(amount=v.money(p.amount_cents)),
    "amount.missing": lambda p, v: _("the invoice does not mention the amount requested ({amount})").format(
        amount=v.money(p.amount_cents)),
    "legal_identity.ok": lambda p, v: _("legal name {name}").format(name=p.legal_name),
    "legal_identity.missing": lambda p, v: _("the invoice does not mention your legal name ({name})").format(
        name=p.legal_name or _("(none on your profile)")),
    "siret.ok": lambda p, v: f"{_id_kind(p.digits)} {spaced(p.digits)}",
    "siret.profile_invalid": _profile_siret,
    "siret.missing": lambda p, v: _("the invoice does not mention your {kind} {number}").format(
        kind=_id_kind(p.digits), number=spaced(p.digits)),
    "siret.checksum": lambda p, v: _(
        "the {kind} {number} fails its checksum; check the number (INSEE's SIRENE directory)").format(
        kind=_id_kind(p.digits), number=spaced(p.digits)),
    "siret.siren_only": lambda p, v: _(
        "the invoice shows your SIREN {siren} but not your SIRET {siret}: write all 14 digits").format(
        siren=spaced(str(p.digits)[:9]), siret=spaced(p.digits)),
    "siret.not_profile": lambda p, v: _(
        "the invoice shows the SIRET {number}, which is not your profile's ({siret})").format(
        number=spaced(p.digits), siret=spaced(p.siret)),
    "project_id.ok": lambda p, v: _("project {project}").format(project=v.project(p.project_id)),
    "project_id.missing": lambda p, v: _("the invoice does not mention the project id {project}").format(
        project=v.project(p.project_id)),
    "vat.exempt": lambda p, v: VAT_EXEMPT_MENTION,
    "vat.amount": lambda p, v: _("VAT amount"),
    "vat.missing": lambda p, v: _('the invoice mentions neither a VAT amount ("TVA : …") nor "{mention}"').format(
        mention=VAT_EXEMPT_MENTION),
    # PA-7's mentions: warnings, the invoice is not refused for them
    "issue_date.ok": lambda p, v: _("issue date"),
    "issue_date.missing": lambda p, v: _("the invoice shows no issue date"),
    "client.ok": lambda p, v: _("the client's name and address"),
    "client.missing": lambda p, v: _("the invoice does not show the client's name and address"),
    "payment_terms.ok": lambda p, v: _("payment terms"),
    "payment_terms.missing": lambda p, v: _("the invoice gives neither a due date nor the payment terms"),
    "late_penalty.ok": lambda p, v: _("late-payment penalty rate"),
    "late_penalty.missing": lambda p, v: _("the invoice does not state the late-payment penalty rate"),
    "recovery_fee.ok": lambda p, v: _("the {fee} recovery fee").format(fee=v.money_short(RECOVERY_FEE_CENTS)),
    "recovery_fee.missing": lambda p, v: _(
        "the invoice does not mention the {fee} fixed fee for recovery costs (indemnité forfaitaire pour frais de "
        "recouvrement)").format(fee=v.money_short(RECOVERY_FEE_CENTS)),
    "individual_entrepreneur.ok": lambda p, v: _('"EI" after your name'),
    "individual_entrepreneur.missing": lambda p, v: _(
        'as an individual entrepreneur, write "EI" (entrepreneur individuel) after your name'),
}

#: A check's name in words, as a line of the checks shows it.
CHECKS: dict[str, Callable[[], str]] = {
    "size": lambda: pgettext("an invoice check", "size"),
    "pdf_header": lambda: pgettext("an invoice check", "PDF header"),
    "parseable": lambda: pgettext("an invoice check", "readable"),
    "not_encrypted": lambda: pgettext("an invoice check", "not encrypted"),
    "pages": lambda: pgettext("an invoice check", "pages"),
    "active_content": lambda: pgettext("an invoice check", "active content"),
    "invoice_number": lambda: pgettext("an invoice check", "invoice number"),
    "amount": lambda: pgettext("an invoice check", "amount"),
    "legal_identity": lambda: pgettext("an invoice check", "legal identity"),
    "siret": lambda: pgettext("an invoice check", "SIRET"),
    "project_id": lambda: pgettext("an invoice check", "project number"),
    "vat": lambda: pgettext("an invoice check", "VAT"),
    "issue_date": lambda: pgettext("an invoice check", "issue date"),
    "client": lambda: pgettext("an invoice check", "client"),
    "payment_terms": lambda: pgettext("an invoice check", "payment terms"),
    "late_penalty": lambda: pgettext("an invoice check", "late-payment penalty"),
    "recovery_fee": lambda: pgettext("an invoice check", "recovery fee"),
    "individual_entrepreneur": lambda: pgettext("an invoice check", "EI"),
}


def finding(code: str, values: Any, voice: Voice) -> str:
    """What a check found (`Check.finding`, `Check.params`), in words."""
    say = FINDINGS.get(code)
    if say is None or not isinstance(values, dict):  # a finding of a newer version
        return _("the invoice could not be checked")
    return say(Params(values), voice)


def detail(check: Any, voice: Voice) -> str:
    """One `Check` of an invoice report, in words."""
    return finding(check.finding, check.params, voice)


def check_name(name: str) -> str:
    said = CHECKS.get(name)
    return said() if said else name.replace("_", " ")


def _refused(p: Params, v: Voice) -> str:
    return _("invoice refused: {detail}").format(detail=finding(p.finding, p.values, v))


def _above(p: Params, v: Voice) -> str:
    return _("you can request at most what is released and not yet requested: {available} on {project}").format(
        available=v.money(p.available_cents), project=v.project(p.project_id))


def megabytes(n: Any, places: int = 1) -> str:
    """Bytes in megabytes (MiB) with `places` decimals; `places=0`: a whole number as it is (`10`), else one
    decimal (`2,5`)."""
    if not isinstance(n, int):
        return str(n)
    mb = n / 1_048_576
    return formats.decimal(mb, 0 if places == 0 and mb.is_integer() else max(places, 1))


def _too_large(p: Params, v: Voice) -> str:
    return _("invoice refused: the file is {size} MB, above the {max} MB limit").format(
        size=megabytes(p.size_bytes), max=megabytes(p.max_bytes, 0))


SAYS: dict[str, Say] = {
    "payment.no_legal_identity": lambda p, v: _(
        "you have no legal identity to invoice with: register as a micro-entrepreneur (or a company), or join "
        "an umbrella company (portage salarial), then enter it ({action}) before requesting a payment"
    ).format(action=v.do("profile.legal")),
    "payment.amount_invalid": lambda p, v: _("the amount must be positive"),
    "payment.above_available": _above,
    "payment.not_found": lambda p, v: _("no payment request {request_id}").format(request_id=p.request_id),
    "payment.wrong_state": lambda p, v: _("payment request {request_id} is {status}").format(
        request_id=p.request_id, status=v.status(p.status)),
    "payment.reason_missing": lambda p, v: _("a rejection says why"),
    "invoice.not_released": lambda p, v: _(
        "an invoice is for a released amount not yet requested: at most {available}").format(
        available=v.money(p.available_cents)),
    "invoice.unreadable": lambda p, v: _("cannot read the invoice {name}: {error}").format(
        name=v.quote(p.name), error=os_error(p.errno)),
    "invoice.not_a_file": lambda p, v: _("{name} is not a file").format(name=v.quote(p.name)),
    "invoice.too_large": _too_large,
    "invoice.not_carried": lambda p, v: _(
        "the invoice {name} did not come with the command; send the file again").format(name=v.quote(p.name)),
    "invoice.refused": _refused,
    "invoice.sha_invalid": lambda p, v: _("not a SHA-256 digest: {sha}").format(sha=v.quote(p.sha256)),
    "invoice.sha_mismatch": lambda p, v: _("the invoice's content does not match its SHA-256 digest"),
    "invoice.write_failed": lambda p, v: _(
        "invoice {number} cannot be written to {path} ({error}); its number is taken").format(
        number=p.number, path=v.quote(p.path), error=os_error(p.errno)),
    "invoice.no_such_folder": lambda p, v: _(
        "there is no folder {path}: make it first, or give a file name ending in .pdf").format(path=v.quote(p.path)),
}
