"""Money, the one place it is read from text and written as text. Integer cents everywhere else.

`parse_euros` reads what a person types (`1500`, `1500.50`, `1 500,50`, `1’500.50`, `1.500,50`,
`1500 €`) and refuses what nobody means as an amount: other digits than 0-9, exponents, `nan`,
more than two decimals, a lone separator followed by three digits (`1.234`: 1,234 € or 1234 €?).
`euros` writes the French form the invoices and the demo's texts use (`1 234,50 €`); the
interface formats amounts for the user's locale at the edge.
"""

from __future__ import annotations

import re

from pel_tui.backend.errors import InvalidInput

#: An amount no offer, deposit or invoice of this marketplace reaches: 100 million euros.
MAX_CENTS = 100_000_000_00

_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_DIGITS = re.compile(r"[0-9.,]+")


def parse_euros(text: str) -> int:
    """Euros as typed by a person, in cents; `InvalidInput` with `amount.*` codes otherwise."""
    raw = text
    t = text.strip()
    if t.endswith("€"):
        t = t[:-1]
    elif t.upper().endswith("EUR"):
        t = t[:-3]
    t = _SPACES.sub("", t)
    if t.startswith("-"):
        raise InvalidInput("amount.negative", text=raw)
    if t.startswith("+"):
        t = t[1:]
    if not t or not _DIGITS.fullmatch(t) or not any(ch.isdigit() for ch in t):
        raise InvalidInput("amount.not_a_number", text=raw)
    whole, cents = _split(t, raw)
    if not whole.isdigit():
        raise InvalidInput("amount.not_a_number", text=raw)
    value = int(whole) * 100 + cents
    if value > MAX_CENTS:
        raise InvalidInput("amount.too_high", text=raw, max_cents=MAX_CENTS)
    return value


def _split(t: str, raw: str) -> tuple[str, int]:
    """(the whole euros, digits only; the cents) of `t`, made of digits, `.` and `,`."""
    seps = [ch for ch in t if ch in ".,"]
    if not seps:
        return t, 0
    if t[0] in ".," or t[-1] in ".,":
        raise InvalidInput("amount.not_a_number", text=raw)
    last = max(t.rfind("."), t.rfind(","))
    decimal: str | None = None
    if len(set(seps)) == 2:  # `1.500,50`, `1,500.50`: the last one is the decimal separator
        decimal = t[last]
        if seps.count(decimal) > 1:
            raise InvalidInput("amount.not_a_number", text=raw)
    elif len(seps) == 1:
        tail = t[last + 1:]
        if len(tail) == 3:
            raise InvalidInput("amount.ambiguous", text=raw)
        if len(tail) > 2:
            raise InvalidInput("amount.too_many_decimals", text=raw)
        decimal = t[last]
    whole, frac = (t[:last], t[last + 1:]) if decimal else (t, "")
    group = next((ch for ch in ".," if ch != decimal and ch in whole), None)
    if group:
        parts = whole.split(group)
        if not (1 <= len(parts[0]) <= 3) or any(len(p) != 3 for p in parts[1:]):
            raise InvalidInput("amount.not_a_number", text=raw)
        whole = "".join(parts)
    if len(frac) > 2:
        raise InvalidInput("amount.too_many_decimals", text=raw)
    return whole, int((frac + "00")[:2]) if frac else 0


def euros(cents: int) -> str:
    """`1 234,50 €`, the French way."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    whole = f"{cents // 100:,}".replace(",", " ")
    return f"{sign}{whole},{cents % 100:02d} €"
