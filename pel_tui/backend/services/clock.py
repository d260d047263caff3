"""The clock (the demo's and the tests'): moving it applies every rule due, in the same transaction."""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rules
from pel_tui.backend.clock import StoredClock
from pel_tui.backend.commands import clock as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput
from pel_tui.backend.policy import DAY

#: How far one move may go: ten years of simulated time.
MAX_SECONDS = 3_650 * DAY


def advance(ctx: Ctx, c: cmd.AdvanceClock) -> cmd.Advanced:
    if c.seconds <= 0:
        raise InvalidInput("clock.backwards")
    if c.seconds > MAX_SECONDS:
        raise InvalidInput("clock.too_far", max_days=MAX_SECONDS // DAY)
    clock = ctx.clock
    if isinstance(clock, StoredClock):
        ctx.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (StoredClock.KEY, str(clock.offset + c.seconds)),
        )
    else:  # a test's clock moves once the transaction has committed
        move = getattr(clock, "advance", None)
        if callable(move):
            ctx.after_commit.append(lambda: move(c.seconds))
    later = ctx.at(ctx.now + c.seconds)
    batches = rules.catch_up(later)
    return {"now_at": later.now, "batches": batches}


HANDLERS: dict[type[Any], Any] = {cmd.AdvanceClock: advance}
