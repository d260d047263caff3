"""The provider's subscription (SU) as the subscription screen and the CLI read it. Imported the first time
`models` is asked for `Subscription` or `Suspension` (the first screen needs neither); callers import them
from `models`."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Suspension(msgspec.Struct, frozen=True):
    started_at: datetime
    planned_end: datetime
    ended_at: datetime | None


class Subscription(msgspec.Struct, frozen=True):
    plan: str
    plan_label: str
    price_cents: int
    months: int
    status: str
    started_at: datetime
    period_start: datetime
    period_end: datetime
    renews: bool
    renewal_notice_at: datetime
    cancel_requested_at: datetime | None
    incident_since: datetime | None
    suspensions: list[Suspension]
    can_suspend_from: datetime | None
    amount_due_cents: int
    #: SU-9: the plan chosen for the next period (from `period_end` on), its label and price; None: unchanged.
    next_plan: str | None = None
    next_plan_label: str | None = None
    next_price_cents: int | None = None
