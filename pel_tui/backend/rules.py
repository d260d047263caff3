"""The time-based rules, one explicit ordered list, applied in time order, idempotently.

Each rule has `next_due(ctx)` (the earliest time one of its events is due, or None) and
`apply(ctx, upto)` (apply, each at its own time, its events due by `upto`). `catch_up` repeatedly
takes the rule whose next event is earliest and lets it apply its events up to the next other
rule's due time, so that running it once after a long pause gives the state of running it at
every instant. Where two rules are due at the same time, the list's order decides.

A newcomer's rule: its two functions next to the commands of its area (in `services/`), a line
here, and a test that names the rule's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pel_tui.backend.context import Ctx
from pel_tui.backend.services import (
    accounting,
    contracts,
    credits,
    digest,
    escrow,
    projects,
    scp,
    subscriptions,
)


@dataclass(frozen=True)
class Rule:
    name: str
    next_due: Callable[[Ctx], int | None]
    apply: Callable[[Ctx, int], None]


RULES: tuple[Rule, ...] = (
    Rule("project_expiry", projects.expiry_due, projects.expiry_apply),  # PR-2
    Rule("selection_revocation", contracts.revoke_due, contracts.revoke_apply),  # CT-1
    Rule("stale_no_answer", projects.stale_due, projects.stale_apply),  # PR-6
    Rule("suspension_end", subscriptions.suspension_due, subscriptions.suspension_apply),  # SU-5
    Rule("renewal_notice", subscriptions.notice_due, subscriptions.notice_apply),  # SU-3
    Rule("renewal", subscriptions.renewal_due, subscriptions.renewal_apply),  # SU-3, SU-4, SU-6
    Rule("payment_incident_end", subscriptions.incident_due, subscriptions.incident_apply),  # SU-6
    Rule("credit_expiry_notice", credits.notice_due, credits.notice_apply),  # NO-1
    Rule("credit_expiry", credits.expiry_due, credits.expiry_apply),  # CR-4
    Rule("digest", digest.due, digest.apply),  # PR-8
    Rule("client_reminder", escrow.reminder_due, escrow.reminder_apply),  # ES-3
    Rule("progress_request", escrow.progress_due, escrow.progress_apply),  # FO-1
    Rule("finalize_deemed", escrow.deemed_due, escrow.deemed_apply),  # FO-2
    Rule("payment_transfer", accounting.transfer_due, accounting.transfer_apply),  # PA-4
    Rule("reference_expiry", scp.expiry_due, scp.expiry_apply),  # PF-7
)

#: A rule that never makes progress is a bug, not a hang.
MAX_BATCHES = 1_000_000


def anything_due(ctx: Ctx) -> bool:
    return any((t := r.next_due(ctx)) is not None and t <= ctx.now for r in RULES)


def catch_up(ctx: Ctx) -> int:
    """Apply every rule due by `ctx.now`, in time order. Returns how many batches ran."""
    batches = 0
    while True:
        due = sorted(
            (t, i, r) for i, r in enumerate(RULES) if (t := r.next_due(ctx)) is not None and t <= ctx.now
        )
        if not due:
            return batches
        t0, _, rule = due[0]
        upto = min(ctx.now, due[1][0]) if len(due) > 1 else ctx.now
        rule.apply(ctx, max(t0, upto))
        batches += 1
        if batches > MAX_BATCHES:
            raise RuntimeError(f"catch-up rule {rule.name} makes no progress")
