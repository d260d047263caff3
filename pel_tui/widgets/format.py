"""How figures read on screen: amounts, ranges, counts and dates in the reader's locale and time zone.

Every screen goes through these helpers, which delegate to `pel_tui.i18n.formats` (fr: `2 400,00 €`,
`01/12/2026 14:05`; en: `€2,400.00`, `01/12/2026 14:05`), so that one place decides how a figure reads.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pel_tui.i18n import formats


def money(cents: int | None) -> str:
    """`1 234,50 €` (fr), `€1,234.50` (en); `—` when there is none."""
    return formats.money(cents)


def short_money(cents: int | None) -> str:
    """`1 500 €`, `1 500,50 €`: without the cents when there are none."""
    return formats.money(cents, short=True)


def budget(lo: int, hi: int) -> str:
    """`1 000–3 000 €` (fr), `€1,000–3,000` (en), with the cents when a bound has some."""
    return formats.budget(lo, hi)


def number(n: int) -> str:
    """`2 877` (fr), `2,877` (en)."""
    return formats.number(n)


def decimal(x: float, places: int = 1) -> str:
    """`9,8` (fr), `9.8` (en)."""
    return formats.decimal(x, places)


def percent(rate: float) -> str:
    """`33 %` (fr), `33%` (en)."""
    return formats.percent(rate)


def when(d: datetime | None) -> str:
    """A day and a time in the reader's time zone: `01/12/2026 14:05`; `—` when there is none."""
    return formats.when(d)


def date(d: datetime | None) -> str:
    """A day in the reader's time zone: `01/12/2026`; `—` when there is none."""
    return formats.day(d)


def date_long(d: datetime | None) -> str:
    """`1 décembre 2026` (fr), `1 December 2026` (en)."""
    return formats.day_long(d)


def clock_time(d: datetime | None) -> str:
    """`14:05`."""
    return formats.clock_time(d)


def state(status: str | None, of: str = "project") -> str:
    """A state in words, never its id: `in progress`, `read by the client` (`of`: project, contract, offer,
    subscription, payment, reference, referral)."""
    from pel_tui.i18n.voice import Voice

    return Voice().status(status, of)


def amount_input(cents: int) -> str:
    """An amount as an input holds it, in the reader's locale and without grouping, so that it parses back
    (`parse_euros`): `1500,50` (fr), `1500.50` (en)."""
    point = formats.decimal(0.0, 1)[1]  # the locale's decimal separator
    return f"{cents // 100}{point}{cents % 100:02d}"


def size(n_bytes: int) -> str:
    """A file's size: `12 KB` (fr: `12 Ko`)."""
    from pel_tui.i18n import _

    return _("{n} KB").format(n=formats.number(n_bytes // 1024))


def deadline(value: str | None) -> str:
    """A deadline the client typed as an ISO day (`2027-01-07`), as the reader writes a day (`07/01/2027`);
    anything else as it was written."""
    if not value:
        return "—"
    try:
        moment = datetime.strptime(value[:10], "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
    except ValueError:
        return value
    return formats.day(moment)  # noon UTC: the same calendar day in every time zone people work in
