"""The engine's codes in words, as the command line shows them: states, sides, formulas, credit kinds,
ledger entries, the reasons written in the credit ledger.

A state's word depends on what it is the state of (in French `open` is `ouvert` for a project and a
dispute, `submitted` is `envoyée` for an offer and `remis` for a deliverable): each takes the
context of its thing (`pgettext("offer", "submitted")`). An unknown code is shown as it is,
its underscores as spaces.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt


def _plain(code: str | None) -> str:
    return (code or "").replace("_", " ")


def project_state(code: str) -> str:
    return {
        "open": pgettext("project", "open"), "awarded": pgettext("project", "awarded"),
        "in_progress": pgettext("project", "in progress"), "finalized": pgettext("project", "finalized"),
        "cancelled": pgettext("project", "cancelled"), "removed": pgettext("project", "removed"),
        "stale": pgettext("project", "no longer current"), "expired": pgettext("project", "expired"),
    }.get(code) or _plain(code)


def offer_state(code: str) -> str:
    return {
        "submitted": pgettext("offer", "submitted"), "read": pgettext("offer", "read"),
        "withdrawn": pgettext("offer", "withdrawn"), "declined": pgettext("offer", "declined"),
        "revoked": pgettext("offer", "revoked"), "selected": pgettext("offer", "selected"),
        "won": pgettext("offer", "won"), "lost": pgettext("offer", "lost"),
    }.get(code) or _plain(code)


def contract_state(code: str) -> str:
    return {
        "awaiting_confirmation": pgettext("contract", "terms to confirm"),
        "declined": pgettext("contract", "declined"), "revoked": pgettext("contract", "revoked"),
        "awaiting_commission": pgettext("contract", "awaiting the commission"),
        "in_progress": pgettext("contract", "in progress"), "finalized": pgettext("contract", "finalized"),
        "cancelled": pgettext("contract", "cancelled"),
    }.get(code) or _plain(code)


def subscription_state(code: str) -> str:
    return {
        "active": pgettext("subscription", "active"), "suspended": pgettext("subscription", "suspended"),
        "payment_incident": pgettext("subscription", "in payment incident"),
        "ended": pgettext("subscription", "ended"),
    }.get(code) or _plain(code)


def payment_state(code: str) -> str:
    return {
        "submitted": pgettext("payment request", "submitted"), "validated": pgettext("payment request", "validated"),
        "paid": pgettext("payment request", "paid"), "rejected": pgettext("payment request", "rejected"),
    }.get(code) or _plain(code)


def deliverable_state(code: str) -> str:
    return {
        "submitted": pgettext("deliverable", "submitted"), "accepted": pgettext("deliverable", "accepted"),
        "changes_requested": pgettext("deliverable", "changes requested"),
    }.get(code) or _plain(code)


def dispute_state(code: str) -> str:
    return {
        "open": pgettext("dispute", "open"), "proposed": pgettext("dispute", "settlement proposed by the SMA"),
        "settled": pgettext("dispute", "settled"), "decided": pgettext("dispute", "decided by the SMA"),
        "withdrawn": pgettext("dispute", "withdrawn"),
    }.get(code) or _plain(code)


def reference_state(code: str) -> str:
    return {
        "pending": pgettext("reference", "pending"), "certified": pgettext("reference", "certified"),
        "refused": pgettext("reference", "refused"), "expired": pgettext("reference", "expired"),
    }.get(code) or _plain(code)


def referral_state(code: str) -> str:
    return {
        "submitted": pgettext("referral", "being checked"), "rewarded": pgettext("referral", "rewarded"),
        "refused": pgettext("referral", "refused"),
    }.get(code) or _plain(code)


def side(code: str) -> str:
    """`client` or `provider`, as a word alone (a table's cell, a message's author)."""
    return {"client": pgettext("side", "client"), "provider": pgettext("side", "provider")}.get(code) or _plain(code)


def formula(code: str) -> str:
    return {"base": _("base formula"), "r0": _("formula R0")}.get(code) or _plain(code)


def kind(code: str) -> str:
    """A credit's kind, as a word alone."""
    return {"consultation": pgettext("credit", "consultation"), "offer": pgettext("credit", "offer"),
            "contact": pgettext("credit", "contact")}.get(code) or _plain(code)


def entry_type(code: str) -> str:
    """A credit ledger entry's type."""
    return {"grant": pgettext("ledger", "grant"), "debit": pgettext("ledger", "debit"),
            "refund": pgettext("ledger", "refund"), "expiry": pgettext("ledger", "expiry"),
            "adjustment": pgettext("ledger", "adjustment")}.get(code) or _plain(code)


def lot_source(code: str) -> str:
    """Where a lot of credits comes from."""
    return {"subscription": pgettext("credit source", "subscription"), "pack": pgettext("credit source", "pack"),
            "referral": pgettext("credit source", "referral"), "refund": pgettext("credit source", "refund"),
            "adjustment": pgettext("credit source", "adjustment")}.get(code) or _plain(code)


def frozen(code: str | None) -> str:
    """CR-6: why credits cannot be spent now."""
    return {"suspended": _("subscription suspended"), "payment_incident": _("payment incident"),
            "ended": _("subscription ended"), "none": _("no subscription")}.get(code or "none") or _plain(code)


_ISO_DAY = re.compile(r"^(?P<label>.*?) ?(?P<day>\d{4}-\d{2}-\d{2})$")


def ledger_reason(reason: str) -> str:
    """The reason the engine writes on a credit ledger entry (a code, `project cancelled`, `referral 3`,
    `Pro 2026-10-17`), in words; anything else (a grant's free reason) as it is."""
    known = {
        "consultation": pgettext("ledger reason", "project report"), "offer": pgettext("ledger reason", "offer"),
        "question": pgettext("ledger reason", "message to the client"),
        "contact": pgettext("ledger reason", "client's contact details"),
        "duplicate": pgettext("ledger reason", "duplicate debit"), "expired": pgettext("ledger reason", "expired"),
        "pack": pgettext("ledger reason", "credit pack"), "sync": pgettext("ledger reason", "from another device"),
    }
    if reason in known:
        return known[reason]
    head, _space, tail = reason.partition(" ")
    if head == "project" and tail:
        return pgettext("ledger reason", "project {state}").format(state=project_state(tail))
    if head == "referral" and tail.isdigit():
        return pgettext("ledger reason", "referral {id}").format(id=tail)
    m = _ISO_DAY.match(reason)
    if m:
        try:
            moment = datetime.strptime(m["day"], "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
        except ValueError:
            return reason
        return f"{m['label']} {fmt.day(moment)}".strip()
    return reason


def credits(n: int, kind: str) -> str:
    """`74 consultation credits`, `1 offer credit`."""
    figure = fmt.number(n)
    if kind == "consultation":
        return ngettext("{n} consultation credit", "{n} consultation credits", n).format(n=figure)
    if kind == "offer":
        return ngettext("{n} offer credit", "{n} offer credits", n).format(n=figure)
    if kind == "contact":
        return ngettext("{n} contact credit", "{n} contact credits", n).format(n=figure)
    return f"{figure} {_plain(kind)}"


def credit_spent(kind: str) -> str:
    """`1 offer credit spent`."""
    return {"consultation": _("1 consultation credit spent"), "offer": _("1 offer credit spent"),
            "contact": _("1 contact credit spent")}.get(kind) or _("1 credit spent")


def paid_by(payer: str) -> str:
    """Who pays the connection commission, said to the provider."""
    return {"client": _("paid by the client"), "provider": _("paid by you")}.get(payer) or _plain(payer)


def stale_report(outcome: str) -> str:
    """PR-6: where the provider's staleness report stands."""
    return {
        "pending": _("awaiting the client's answer"),
        "confirmed": _("the client confirmed that the project is no longer current"),
        "denied": _("the client says that the project is still current"),
        "no_answer": _("no answer from the client: the project is no longer current"),
        "moot": _("moot: the project ended meanwhile"),
    }.get(outcome) or _plain(outcome)


def iso_day(text: str | None) -> str:
    """A day stored as `2026-12-15`, in the reader's form; other text as it is."""
    if not text:
        return "—"
    try:
        return fmt.day(datetime.strptime(text, "%Y-%m-%d").replace(hour=12, tzinfo=UTC))
    except ValueError:
        return text


def days(n: float) -> str:
    """A number of days as a figure: `30`, `0.5` (en), `0,5` (fr)."""
    if float(n).is_integer():
        return fmt.number(int(n))
    for places in (1, 2, 3):
        if round(n, places) == n:
            return fmt.decimal(n, places)
    return fmt.decimal(n, 2)


def days_count(n: float) -> int:
    """The count that picks a plural form for `n` days, `n` not always whole: 1 for 1, 0 below 2
    (plural in English, singular in French: `0.5 days`, `0,5 jour`), else its whole part."""
    if n == 1:
        return 1
    return 0 if n < 2 else int(n)
