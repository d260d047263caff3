"""How figures read on screen (French money, short dates)."""

from __future__ import annotations

from datetime import datetime

from pel_tui.backend.invoices import euros
from pel_tui.filters import short_euros


def money(cents: int | None) -> str:
    """`1 234,50 €`."""
    if cents is None:
        return "—"
    return euros(cents)


def budget(lo: int, hi: int) -> str:
    """`1 000–3 000 €`, with the cents when a bound has some (`1 000,50–3 000 €`)."""
    return f"{short_euros(lo)}–{short_euros(hi)} €"


def when(d: datetime | None) -> str:
    return "—" if d is None else d.strftime("%Y-%m-%d %H:%M")


def date(d: datetime | None) -> str:
    return "—" if d is None else d.strftime("%Y-%m-%d")
