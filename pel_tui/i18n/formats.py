"""The one place that writes amounts, counts, percentages and dates for the reader's locale.

The conventions come from Babel (CLDR), read once into `locale_data.py` (`python -m
pel_tui.i18n.formats --write` makes it again; a test holds it to Babel), so that the first
screen formats its figures without importing Babel (≈100 ms). Times are shown in the chosen
time zone (config.toml's `timezone`, else the system's).
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, date, datetime
from typing import Any

from pel_tui.i18n import lang

#: The locales a provider of this marketplace reads in (PF-4's countries, and English).
LOCALES = ("fr_FR", "fr_BE", "fr_CH", "fr_LU", "fr_MC", "fr_CA", "fr_MA", "fr_TN", "fr_SN", "fr_CI",
           "en_GB", "en_US", "en_CA")


def _data() -> dict[str, Any]:
    from pel_tui.i18n.locale_data import DATA

    return DATA[lang.current().tag]


def _group(n: int, sep: str) -> str:
    s = str(abs(n))
    out = []
    while len(s) > 3:
        out.append(s[-3:])
        s = s[:-3]
    out.append(s)
    return ("-" if n < 0 else "") + sep.join(reversed(out))


def number(n: int) -> str:
    """`2 877` (fr), `2,877` (en)."""
    return _group(n, _data()["group"])


def decimal(x: float, places: int = 1) -> str:
    """`9,8` (fr), `9.8` (en)."""
    d = _data()
    whole, frac = f"{abs(x):.{places}f}".split(".") if places else (f"{abs(x):.0f}", "")
    text = _group(int(whole), d["group"]) + (d["decimal"] + frac if places else "")
    return ("-" if x < 0 else "") + text


def money(cents: int | None, *, short: bool = False) -> str:
    """`2 400,00 €` (fr), `€2,400.00` (en), `2 400.00 €` (fr_CH: CLDR's decimal point for amounts);
    `short`: without the cents when there are none."""
    if cents is None:
        return "—"
    d = _data()
    figure = _group(abs(cents) // 100, d["group"])
    if not (short and cents % 100 == 0):
        figure += f"{d['money_decimal']}{abs(cents) % 100:02d}"
    return ("-" if cents < 0 else "") + d["money"].format(n=figure)


def _figure(cents: int) -> str:
    """An amount's figure alone, without the cents when there are none: `1 500`, `1 500,50`."""
    d = _data()
    text = _group(abs(cents) // 100, d["group"])
    if cents % 100:
        text += f"{d['money_decimal']}{abs(cents) % 100:02d}"
    return ("-" if cents < 0 else "") + text


def budget(lo: int, hi: int) -> str:
    """A range of amounts: `1 000–3 000 €` (fr), `€1,000–3,000` (en)."""
    return _data()["money"].format(n=f"{_figure(lo)}–{_figure(hi)}")


def percent(rate: float) -> str:
    """`33 %` (fr), `33%` (en)."""
    return _data()["percent"].format(n=number(round(rate * 100)))


def local(ts: int | datetime) -> datetime:
    """A time in the reader's time zone."""
    moment = ts if isinstance(ts, datetime) else datetime.fromtimestamp(ts, UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = lang.current().timezone
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


_TOKEN = re.compile(r"'[^']*'|d{1,2}|M{1,4}|y{1,4}|H{1,2}|h{1,2}|m{2}|a|E{1,4}|[^'dMyHhmaE]+")


def _pattern(pattern: str, moment: datetime | date) -> str:
    d = _data()
    out = []
    for tok in _TOKEN.findall(pattern):
        if tok.startswith("'"):
            out.append(tok[1:-1] or "'")
        elif tok == "d":
            out.append(str(moment.day))
        elif tok == "dd":
            out.append(f"{moment.day:02d}")
        elif tok == "M":
            out.append(str(moment.month))
        elif tok == "MM":
            out.append(f"{moment.month:02d}")
        elif tok == "MMM":
            out.append(d["months_abbr"][moment.month - 1])
        elif tok == "MMMM":
            out.append(d["months"][moment.month - 1])
        elif tok in ("y", "yyyy"):
            out.append(str(moment.year))
        elif tok == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif isinstance(moment, datetime) and tok in ("H", "HH"):
            out.append(f"{moment.hour:02d}" if tok == "HH" else str(moment.hour))
        elif isinstance(moment, datetime) and tok in ("h", "hh"):
            h = moment.hour % 12 or 12
            out.append(f"{h:02d}" if tok == "hh" else str(h))
        elif isinstance(moment, datetime) and tok == "mm":
            out.append(f"{moment.minute:02d}")
        elif isinstance(moment, datetime) and tok == "a":
            out.append(d["am_pm"][moment.hour >= 12])
        elif tok.startswith("E"):
            out.append(d["days"][moment.weekday()])
        else:
            out.append(tok)
    return "".join(out)


def day(ts: int | datetime | None) -> str:
    """`01/12/2026` (fr), `01/12/2026` (en_GB), `12/1/26` (en_US): a day, in the reader's time zone."""
    if ts is None:
        return "—"
    return _pattern(_data()["date_short"], local(ts))


def day_long(ts: int | datetime | None) -> str:
    """`1 décembre 2026` (fr), `1 December 2026` (en)."""
    if ts is None:
        return "—"
    return _pattern(_data()["date_long"], local(ts))


def when(ts: int | datetime | None) -> str:
    """A day and a time, in the reader's time zone: `01/12/2026 14:05`."""
    if ts is None:
        return "—"
    moment = local(ts)
    return f"{_pattern(_data()['date_short'], moment)} {_pattern(_data()['time_short'], moment)}"


def clock_time(ts: int | datetime | None) -> str:
    """`14:05` (fr), `2:05 pm` (en_US)."""
    if ts is None:
        return "—"
    return _pattern(_data()["time_short"], local(ts))


# -- the data, from Babel ---------------------------------------------------------------------------------

def build() -> dict[str, dict[str, Any]]:
    """Every locale's conventions, read from Babel (CLDR)."""
    from babel import Locale
    from babel.numbers import format_currency, format_percent

    out: dict[str, dict[str, Any]] = {}
    for tag in LOCALES:
        loc = Locale.parse(tag)
        symbols = loc.number_symbols["latn"]
        money_example = format_currency(1234.5, "EUR", locale=loc)
        figure = f"1{symbols['group']}234{symbols['decimal']}50"
        percent_example = format_percent(0.25, locale=loc)
        out[tag] = {
            "group": symbols["group"],
            "decimal": symbols["decimal"],
            # CLDR's separator of an amount's cents where it is not the decimal one (fr_CH: `1 500.50 €`)
            "money_decimal": symbols.get("currencyDecimal") or symbols["decimal"],
            "money": money_example.replace(figure, "{n}"),
            "percent": percent_example.replace("25", "{n}", 1),
            "months": [loc.months["format"]["wide"][m] for m in range(1, 13)],
            "months_abbr": [loc.months["format"]["abbreviated"][m] for m in range(1, 13)],
            "days": [loc.days["format"]["wide"][d] for d in range(7)],
            "am_pm": [loc.day_periods["format"]["abbreviated"]["am"], loc.day_periods["format"]["abbreviated"]["pm"]],
            "date_short": _four_digit_year(loc.date_formats["short"].pattern),
            "date_long": loc.date_formats["long"].pattern,
            "time_short": loc.time_formats["short"].pattern,
        }
    return out


def _four_digit_year(pattern: str) -> str:
    """`dd/MM/y` as CLDR gives it; a two-digit year (`yy`) written in full, never `12/01/26`."""
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


def render_module(data: dict[str, dict[str, Any]]) -> str:
    import pprint

    return ('"""Locale conventions from Babel (CLDR): made by `python -m pel_tui.i18n.formats --write`."""\n\n'
            "from __future__ import annotations\n\n"
            "from typing import Any\n\n"
            f"DATA: dict[str, dict[str, Any]] = {pprint.pformat(data, width=110, sort_dicts=True)}\n")


if __name__ == "__main__":
    if "--write" in sys.argv:
        from pathlib import Path

        target = Path(__file__).with_name("locale_data.py")
        target.write_text(render_module(build()), encoding="utf-8")
        print(f"wrote {target}")
