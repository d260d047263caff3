"""The terms of a contract in words (CT-2, CT-3, CT-5, CT-6, CT-7), from the codes the engine gives."""

from __future__ import annotations

from pel_tui.i18n import _


def term(code: str) -> str:
    return {
        "electronic_signature": _("The contract is signed electronically on the platform; there is no paper "
                                  "contract."),
        "no_bypass": _("Working with this client around the platform to avoid the commission is a breach: "
                       "the commission stays due."),
        "commission_paid_by_client": _("The connection commission is paid by the client."),
        "commission_paid_by_provider": _("The connection commission is paid by the provider."),
        "formula_r0": _("Formula R0: the client funds the project's escrow account; work only on the funded "
                        "part, and request payment with an invoice once funds are released."),
        "formula_base": _("Base formula: after the commission the platform is out of the project; payment is "
                          "agreed directly with the client, and there are no payment requests."),
    }.get(code, code)


def terms(codes: list[str]) -> list[str]:
    return [term(c) for c in codes]
