"""Refusals: a stable code and its parameters, never a sentence.

A refused command raises one of the categories below with a code declared in `REFUSALS` and the
values that explain it (`NoCreditsLeft(kind="offer", next_allotment_at=...)`). The words a person
reads are made at the edge from the code and the parameters (`pel_tui.i18n.refusals`), naming
the command line's command in the CLI and the key in the application, in the user's language;
the sync protocol carries `{"code": ..., "params": ...}` as it is.

Parameter names say how a value is shown: `*_cents` an amount in cents, `*_at` a time (Unix
seconds, UTC), `project_id` a project (`#48213`), `kind` a credit kind, `status` a state; the
others are plain numbers, words or lists of them.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar


class PelError(Exception):
    """A refused command. Nothing was changed."""

    exit_code: ClassVar[int] = 1

    def __init__(self, code: str, /, **params: Any) -> None:
        declared = REFUSALS.get(code)
        assert declared is not None, f"undeclared refusal code {code!r} (declare it in REFUSALS)"
        category, names = declared
        assert isinstance(self, category), f"{code!r} is a {category.__name__}, raised as {type(self).__name__}"
        required = {n for n in names if not n.endswith("?")}
        allowed = {n.rstrip("?") for n in names}
        assert required <= params.keys() <= allowed, f"{code!r} takes {sorted(names)}, given {sorted(params)}"
        self.code = code
        self.params: dict[str, Any] = params
        super().__init__(code, params)

    def __str__(self) -> str:
        return f"{self.code} {json.dumps(self.params, sort_keys=True, ensure_ascii=False, default=str)}"

    def __getattr__(self, name: str) -> Any:
        params = self.__dict__.get("params", {})
        if name in params:
            return params[name]
        raise AttributeError(name)

    def __reduce__(self) -> Any:  # picklable across processes: a plain refusal of the same code
        return (_rebuild, (type(self).__name__, self.code, self.params))

    def wire(self) -> dict[str, Any]:
        """What the sync protocol and `--json` carry: the code and its parameters."""
        return {"code": self.code, "params": self.params}


class NotFound(PelError):
    exit_code = 4


class InvalidInput(PelError):
    exit_code = 2


class NotAllowed(PelError):
    """The rules forbid this action now."""


class NoCreditsLeft(NotAllowed):
    """CR-5: none of this kind left; `next_allotment_at` is when the next period grants more."""

    def __init__(self, kind: str, next_allotment_at: int | None) -> None:
        super().__init__("credits.none_left", kind=kind, next_allotment_at=next_allotment_at)


class CreditsFrozen(NotAllowed):
    """CR-6: the subscription's `status` (suspended, payment_incident, ended, none) freezes them."""

    def __init__(self, status: str) -> None:
        super().__init__("credits.frozen", status=status)


class ConsultFirst(NotAllowed):
    """CR-3: every action on a project starts from its report."""

    def __init__(self, project_id: int) -> None:
        super().__init__("project.consult_first", project_id=project_id)


class ProjectNotOpen(NotAllowed):
    """The project is `status`; `action` (consult, offer, withdraw, ask, contact, stale) needs it open."""

    def __init__(self, project_id: int, status: str, action: str) -> None:
        super().__init__("project.not_open", project_id=project_id, status=status, action=action)


class UnfundedTranche(NotAllowed):
    """ES-2: work on a tranche the client has not (fully) funded, without saying it is understood."""

    def __init__(self, project_id: int, tranche: int, label: str, funded_cents: int, amount_cents: int,
                 verb: str) -> None:  # verb: `start` or `deliver`, what the provider confirms to go ahead
        super().__init__("escrow.tranche_unfunded", project_id=project_id, tranche=tranche, label=label,
                         funded_cents=funded_cents, amount_cents=amount_cents, verb=verb)


class InvoiceRefused(InvalidInput):
    """PA-2, PA-3: an invoice that fails a check, named by its first failed check; nothing is stored.

    `check` is that check's name, `finding` what it found (`invoice_check.FINDINGS`) and `values`
    its values; `failed` names every failed check. `.report` (in the process that checked the
    file) is the whole `InvoiceReport`, for a screen that shows every check.
    """

    report: Any = None

    def __init__(self, report: Any) -> None:
        failure = report.first_failure()
        if failure is None:
            super().__init__("invoice.refused", check="parseable", finding="parseable.crashed", values={},
                             failed=[])
        else:
            super().__init__("invoice.refused", check=failure.name, finding=failure.finding,
                             values=dict(failure.params), failed=[c.name for c in report.failures()])
        self.report = report


def from_wire(code: str, params: dict[str, Any]) -> PelError:
    """A refusal as a server sent it (`{"code", "params"}`), as the refusal it is here."""
    declared = REFUSALS.get(code)
    if declared is None or not (
        {n for n in declared[1] if not n.endswith("?")} <= params.keys() <= {n.rstrip("?") for n in declared[1]}
    ):
        return InvalidInput("command.refused_elsewhere", code=code)
    err = Exception.__new__(declared[0])
    PelError.__init__(err, code, **params)
    return err


def _rebuild(category: str, code: str, params: dict[str, Any]) -> PelError:
    cls = REFUSALS[code][0]
    err = Exception.__new__(cls)
    err.code, err.params = code, params
    err.args = (code, params)
    return err


#: Every refusal: code → (category, parameter names; a trailing `?` marks an optional one).
#: The edge has a rendering of each (`pel_tui.i18n.refusals`); a test enumerates them, and another
#: reads the sources so that every code raised is declared here and every code here is raised.
REFUSALS: dict[str, tuple[type[PelError], tuple[str, ...]]] = {
    # -- the engine itself ----------------------------------------------------------------------
    "command.id_reused": (InvalidInput, ("command_id", "name")),
    "command.unknown": (InvalidInput, ("name", "version")),
    "command.invalid": (InvalidInput, ("name", "detail")),
    "command.refused_elsewhere": (InvalidInput, ("code",)),
    "store.in_memory": (NotAllowed, ()),
    "file.empty": (InvalidInput, ()),
    "clock.backwards": (InvalidInput, ()),
    "clock.too_far": (InvalidInput, ("max_days",)),
    # -- projects, credits, offers (PR, CR, OF) ---------------------------------------------------
    "project.not_found": (NotFound, ("project_id",)),
    "project.not_open": (ProjectNotOpen, ("project_id", "status", "action")),
    "project.consult_first": (ConsultFirst, ("project_id",)),
    "page.out_of_range": (InvalidInput, ("max_limit",)),
    "credits.none_left": (NoCreditsLeft, ("kind", "next_allotment_at")),
    "credits.frozen": (CreditsFrozen, ("status",)),
    "credits.unknown_kind": (InvalidInput, ("kind", "kinds")),
    "offer.amount_invalid": (InvalidInput, ()),
    "offer.amount_too_high": (InvalidInput, ("max_cents",)),
    "offer.delay_invalid": (InvalidInput, ("max_days",)),
    "offer.message_short": (InvalidInput, ("length", "min_chars")),
    "offer.message_long": (InvalidInput, ("length", "max_chars")),
    "offer.frozen": (NotAllowed, ("project_id", "status")),
    "offer.none_live": (NotAllowed, ("project_id",)),
    "message.empty": (InvalidInput, ()),
    "message.too_long": (InvalidInput, ("length", "max_chars")),
    "provider.not_found": (NotFound, ("provider",)),
    "client.not_found": (NotFound, ("client_id",)),
    "project.title_missing": (InvalidInput, ()),
    "project.budget_invalid": (InvalidInput, ()),
    "project.cancel_not_open": (NotAllowed, ("project_id", "status")),
    "project.remove_ended": (NotAllowed, ("project_id", "status")),
    "stale.none_pending": (NotAllowed, ("project_id",)),
    "credits.quantity_invalid": (InvalidInput, ()),
    "amount.not_a_number": (InvalidInput, ("text",)),
    "amount.negative": (InvalidInput, ("text",)),
    "amount.too_many_decimals": (InvalidInput, ("text",)),
    "amount.ambiguous": (InvalidInput, ("text",)),
    "amount.too_high": (InvalidInput, ("text", "max_cents")),
    "store.no_account": (NotFound, ()),
    "store.taken": (NotAllowed, ("path",)),
    # -- selections, contracts, subscription, account (CT, SU, PF-1, ST) -------------------------------
    "contract.none_awaiting": (NotAllowed, ("project_id",)),
    "contract.commission_needs_agreement": (NotAllowed, ("project_id", "commission_cents")),
    "contract.no_commission_due": (NotAllowed, ("project_id",)),
    "contract.amount_invalid": (InvalidInput, ()),
    "contract.not_confirmed": (NotAllowed, ("project_id",)),
    "contract.below_deposits": (NotAllowed, ("project_id", "deposited_cents")),
    "selection.formula_invalid": (InvalidInput, ("formula", "formulas")),
    "selection.payer_invalid": (InvalidInput, ("commission_payer",)),
    "selection.project_not_open": (NotAllowed, ("project_id", "status")),
    "selection.no_live_offer": (NotAllowed, ("project_id", "provider")),
    "subscription.unknown_plan": (InvalidInput, ("plan", "plans")),
    "subscription.confirmation_mismatch": (InvalidInput, ("plan", "sentence")),
    "subscription.already_live": (NotAllowed, ("plan", "status")),
    "subscription.amount_due": (NotAllowed, ("amount_cents",)),
    "subscription.none_live": (NotAllowed, ()),
    "subscription.suspension_length": (InvalidInput, ("min_months", "max_months")),
    "subscription.not_active": (NotAllowed, ("status",)),
    "subscription.suspension_too_soon": (NotAllowed, ("every_months", "possible_at")),
    "subscription.not_suspended": (NotAllowed, ()),
    "subscription.nothing_due": (NotAllowed, ()),
    "subscription.card_declined": (NotAllowed, ()),
    "subscription.same_plan": (NotAllowed, ("plan",)),
    "subscription.no_renewal": (NotAllowed, ("active_until",)),
    "subscription.plan_change_blocked": (NotAllowed, ("status",)),
    "subscription.no_plan_change": (NotAllowed, ("plan",)),
    "platform_invoice.not_found": (NotFound, ("number",)),
    "account.confirm_pseudo": (InvalidInput, ("pseudo",)),
    "account.pseudo_invalid": (InvalidInput, ("pseudo",)),
    "account.pseudo_taken": (InvalidInput, ("pseudo",)),
    "account.country_not_allowed": (InvalidInput, ("country", "countries")),
    # -- escrow and follow-up (ES, FO) -------------------------------------------------------------
    "escrow.tranche_unfunded": (UnfundedTranche, ("project_id", "tranche", "label", "funded_cents", "amount_cents",
                                                  "verb")),
    "escrow.no_contract": (NotAllowed, ("project_id", "mine")),
    "escrow.base_formula": (NotAllowed, ("project_id",)),
    "escrow.awaiting_commission": (NotAllowed, ("project_id",)),
    "escrow.no_tranche": (InvalidInput, ("tranche", "tranches?")),
    "escrow.not_in_progress": (NotAllowed, ("project_id", "status")),
    "escrow.frozen": (NotAllowed, ("project_id", "action")),
    "escrow.reason_missing": (InvalidInput, ()),
    "escrow.dispute_already_open": (NotAllowed, ("project_id",)),
    "escrow.no_open_dispute": (NotAllowed, ("project_id",)),
    "escrow.not_the_filer": (NotAllowed, ("opened_by",)),
    "escrow.no_proposal": (NotAllowed, ("project_id",)),
    "escrow.refund_invalid": (InvalidInput, ("held_cents",)),
    "escrow.release_invalid": (InvalidInput, ("held_cents",)),
    "escrow.deposit_above_amount": (InvalidInput, ("remaining_cents",)),
    "escrow.tranches_invalid": (InvalidInput, ("amount_cents",)),
    "escrow.tranches_after_deposit": (NotAllowed, ()),
    "escrow.no_deliverable_pending": (NotAllowed, ("project_id",)),
    "escrow.proposal_above_cap": (InvalidInput, ("cap_cents",)),
    "escrow.outcome_above_cap": (InvalidInput, ("cap_cents",)),
    "finalize.not_in_progress": (NotAllowed, ("project_id", "status")),
    "finalize.not_declared": (NotAllowed, ("project_id",)),
    "rating.not_finalized": (NotAllowed, ("project_id",)),
    "rating.window_closed": (NotAllowed, ("window_days", "closed_at")),
    "rating.stars_invalid": (InvalidInput, ()),
    "rating.already_given": (NotAllowed, ()),
    "progress.not_in_progress": (NotAllowed, ("project_id", "status")),
    "progress.end_declared": (NotAllowed, ("project_id", "declared_at")),
    "progress.text_missing": (InvalidInput, ()),
    # -- payment requests and invoices (PA) ----------------------------------------------------------
    "payment.no_legal_identity": (NotAllowed, ()),
    "payment.amount_invalid": (InvalidInput, ()),
    "payment.above_available": (NotAllowed, ("project_id", "available_cents")),
    "payment.not_found": (NotFound, ("request_id",)),
    "payment.wrong_state": (NotAllowed, ("request_id", "status")),
    "payment.reason_missing": (InvalidInput, ()),
    "invoice.not_released": (NotAllowed, ("project_id", "available_cents")),
    "invoice.unreadable": (InvalidInput, ("name", "errno")),
    "invoice.not_a_file": (InvalidInput, ("name",)),
    "invoice.too_large": (InvalidInput, ("name", "size_bytes", "max_bytes")),
    "invoice.not_carried": (InvalidInput, ("name",)),
    "invoice.refused": (InvoiceRefused, ("check", "finding", "values", "failed")),
    "invoice.sha_invalid": (InvalidInput, ("sha256",)),
    "invoice.sha_mismatch": (InvalidInput, ("sha256",)),
    "invoice.write_failed": (InvalidInput, ("path", "errno", "number")),
    "invoice.no_such_folder": (InvalidInput, ("path",)),
    # -- profile, portfolio, references, certification, referral (PF, RF) ------------------------------
    "image.not_a_file": (InvalidInput, ("name",)),
    "image.unreadable": (InvalidInput, ("name", "errno")),
    "image.too_large": (InvalidInput, ("name", "max_bytes", "size_bytes?")),
    "image.empty": (InvalidInput, ("name",)),
    "image.wrong_format": (InvalidInput, ("name", "format")),
    "image.invalid": (InvalidInput, ("name", "error")),
    "image.too_small": (InvalidInput, ("name", "width", "height", "min_px")),
    "image.not_carried": (InvalidInput, ("name",)),
    "url.empty": (InvalidInput, ()),
    "url.invalid": (InvalidInput, ("text",)),
    "url.not_http": (InvalidInput, ("text",)),
    "profile.text_empty": (InvalidInput, ("field",)),
    "profile.text_too_long": (InvalidInput, ("field", "length", "max_chars")),
    "profile.skill_too_long": (InvalidInput, ("skill", "max_chars")),
    "profile.too_many_skills": (InvalidInput, ("count", "max_skills")),
    "profile.country_not_allowed": (InvalidInput, ("country", "countries")),
    "profile.nothing_to_change": (InvalidInput, ()),
    "profile.pseudo_immutable": (NotAllowed, ()),
    "profile.legal_status_unknown": (InvalidInput, ("status", "statuses")),
    "profile.siret_length": (InvalidInput, ("length",)),
    "profile.siret_checksum": (InvalidInput, ("siret",)),
    "profile.registration_invalid": (InvalidInput, ("max_chars",)),
    "profile.vat_invalid": (InvalidInput, ("vat_number",)),
    "profile.no_legal_identity": (NotAllowed, ()),
    "portfolio.full": (NotAllowed, ("count", "max_items")),
    "portfolio.year_invalid": (InvalidInput, ("min_year", "max_year")),
    "portfolio.too_many_images": (InvalidInput, ("count", "max_images")),
    "portfolio.not_found": (NotFound, ("item_id",)),
    "reference.email_invalid": (InvalidInput, ("email",)),
    "reference.year_out_of_range": (InvalidInput, ("max_age_years", "min_year", "max_year")),
    "reference.already_pending": (NotAllowed, ("reference_id", "email")),
    "reference.not_yours": (NotFound, ("reference_id",)),
    "reference.not_found": (NotFound, ("reference_id",)),
    "reference.not_resendable": (NotAllowed, ("reference_id", "status")),
    "reference.sends_exhausted": (NotAllowed, ("reference_id", "sends", "max_sends")),
    "reference.resend_too_soon": (NotAllowed, ("reference_id", "hours_ago", "resend_hours", "ready_at")),
    "reference.not_pending": (NotAllowed, ("reference_id", "status")),
    "reference.reason_unknown": (InvalidInput, ("reason", "reasons")),
    "referral.already_rewarded": (NotAllowed, ("url",)),
    "referral.already_submitted": (NotAllowed, ("url", "referral_id")),
    "referral.not_found": (NotFound, ("referral_id",)),
    "referral.already_checked": (NotAllowed, ("referral_id", "status")),
    "badge.not_certified": (NotAllowed, ("references", "reputation")),
    "badge.folder_unusable": (InvalidInput, ("path", "errno")),
    "badge.write_failed": (InvalidInput, ("path", "errno")),
}
