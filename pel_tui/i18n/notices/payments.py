"""Notifications about payment requests (PA): validated or rejected by accounting (paid: `service.py`)."""

from __future__ import annotations

from pel_tui.i18n import _
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.voice import Voice


def _rejected(p: NoticeParams, v: Voice) -> tuple[str, str]:
    return (_("Payment request {number} rejected").format(number=p.invoice_number),
            _("{reason}\n{amount} is available again: send a new request with a new invoice ({action}).").format(
                reason=p.reason, amount=v.money(p.amount_cents),
                action=v.do("payments.submit", project_id=p.project_id)))


NOTICES: dict[str, Notice] = {
    "payment_validated": lambda p, v: (
        _("Payment request {number} validated").format(number=p.invoice_number),
        _("{amount} on {project}: the transfer leaves on {date}.").format(
            amount=v.money(p.amount_cents), project=v.project(p.project_id), date=v.date(p.pay_on))),
    "payment_rejected": _rejected,
}
