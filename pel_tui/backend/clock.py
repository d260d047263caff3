"""The one source of time. Nothing else in pel-tui reads the system clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> int:
        """Unix seconds, UTC."""
        ...


class SystemClock:
    """Real time, shifted by `offset` seconds (the demo's `pel platform advance`)."""

    def __init__(self, offset: int = 0) -> None:
        self.offset = offset

    def now(self) -> int:
        return int(time.time()) + self.offset


class _Meta(Protocol):
    def get_meta(self, key: str, default: str | None = None) -> str | None: ...


class StoredClock:
    """Real time, shifted by the offset the store holds (`pel platform advance` moves it).

    The offset is read at every `now()`, so that a clock moved by another process is seen at once
    (an open application never dates anything by the time it read at start).
    """

    KEY = "clock_offset"

    def __init__(self, store: _Meta) -> None:
        self._store = store

    @property
    def offset(self) -> int:
        return int(self._store.get_meta(self.KEY, "0") or 0)

    def now(self) -> int:
        return int(time.time()) + self.offset


class FixedClock:
    """A clock that moves only when told to (tests, simulations)."""

    def __init__(self, t: int | datetime) -> None:
        self.t = int(t.timestamp()) if isinstance(t, datetime) else int(t)

    def now(self) -> int:
        return self.t

    def advance(self, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("time does not go back")
        self.t += seconds


def to_datetime(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def iso(ts: int | None) -> str | None:
    """`2026-11-27T05:28:00Z`, or None."""
    if ts is None:
        return None
    return to_datetime(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(ts: int | None) -> str:
    return "" if ts is None else to_datetime(ts).strftime("%Y-%m-%d")


def add_months(ts: int, months: int) -> int:
    """The same day-of-month `months` later (clamped to the month's last day), same time."""
    d = to_datetime(ts)
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    import calendar

    last = calendar.monthrange(year, month)[1]
    return int(d.replace(year=year, month=month, day=min(d.day, last)).timestamp())
