"""How figures read on screen (French money, short dates)."""

from __future__ import annotations

from datetime import datetime

from pel_tui.backend.invoices import euros


def money(cents: int | None) -> str:
    """`1 234,50 €`."""
    if cents is None:
        return "—"
    return euros(cents)


def budget(lo: int, hi: int) -> str:
    return f"{lo // 100:,}–{hi // 100:,} €".replace(",", " ")


def when(d: datetime | None) -> str:
    return "—" if d is None else d.strftime("%Y-%m-%d %H:%M")


def date(d: datetime | None) -> str:
    return "—" if d is None else d.strftime("%Y-%m-%d")
