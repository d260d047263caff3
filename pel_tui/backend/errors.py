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
        if code not in REFUSALS and " " in code:  # TRANSITIONAL: a sentence from a verb not yet converted
            code, params = "legacy.message", {"message": code}
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
        if self.code == "legacy.message":  # TRANSITIONAL
            return str(self.params["message"])
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

    def __init__(self, project_id: int, tranche: int, label: str, funded_cents: int, amount_cents: int) -> None:
        super().__init__("escrow.tranche_unfunded", project_id=project_id, tranche=tranche, label=label,
                         funded_cents=funded_cents, amount_cents=amount_cents)


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
    "legacy.message": (PelError, ("message",)),  # TRANSITIONAL
    # -- the engine itself ----------------------------------------------------------------------
    "command.id_reused": (InvalidInput, ("command_id", "name")),
    "command.unknown": (InvalidInput, ("name", "version")),
    "command.invalid": (InvalidInput, ("name", "detail")),
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
    # -- selections, contracts, subscription, account (CT, SU, PF-1, ST) -------------------------------
    # -- escrow and follow-up (ES, FO) -------------------------------------------------------------
    "escrow.tranche_unfunded": (UnfundedTranche, ("project_id", "tranche", "label", "funded_cents", "amount_cents")),
    # -- payment requests and invoices (PA) ----------------------------------------------------------
    # -- profile, portfolio, references, certification, referral (PF, RF) ------------------------------
}
