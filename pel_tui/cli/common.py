"""What every command of the command line shares: reading amounts and ids, printing text or `--json`, the session.

Amounts are typed in euros (`1500`, `1500.50`, `1 500,50`); JSON carries integer cents in fields
whose names end in `_cents`. A refused action exits non-zero with the reason on standard error and
changes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pel_tui.launch import open_store

# -- parsing helpers -------------------------------------------------------------------------------

def euros_to_cents(text: str) -> int:
    """An amount in euros as typed (`pel_tui.backend.money`), in cents; argparse's error otherwise."""
    from pel_tui.backend.errors import InvalidInput
    from pel_tui.backend.money import parse_euros

    try:
        return parse_euros(text)
    except InvalidInput as e:
        raise argparse.ArgumentTypeError(say(e)) from None


def say(error: Any) -> str:
    """A refusal in words, naming the command line's commands."""
    from pel_tui.i18n.refusals import render
    from pel_tui.i18n.voice import CliVoice

    return render(error, CliVoice())


#: The largest id or count SQLite holds (a 64-bit integer).
MAX_INT = 2**63 - 1


def positive_int(text: str) -> int:
    """A whole number above 0 in the digits 0-9 (not `١٢`, `１２`, `1_000` nor `1e3`), as SQLite can hold it."""
    digits = text.strip().removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (digits 0-9)")
    n = int(digits)
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be above 0")
    if n > MAX_INT:
        raise argparse.ArgumentTypeError(f"{text!r} is too large: no id or count goes beyond {MAX_INT:,}")
    return n


def whole_number(text: str) -> int:
    """A whole number from 0 (`--max-offers 0`: projects no one has offered on yet)."""
    return 0 if text.strip().removeprefix("+") == "0" else positive_int(text)


def project_id(text: str) -> int:
    """'48213' or '#48213'."""
    return positive_int(text.strip().lstrip("#"))


def money(cents: int | None) -> str:
    if cents is None:
        return "-"
    from pel_tui.backend.invoices import euros

    return euros(cents).replace("\u202f", " ")


def day(ts: int | None) -> str:
    """A time (Unix seconds) as its UTC day."""
    return "-" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def when(d: datetime | None) -> str:
    return "-" if d is None else d.strftime("%Y-%m-%d %H:%M")


# -- output ------------------------------------------------------------------------------------------

#: A result's field holding a time (Unix seconds) ends so; JSON writes it in UTC ISO 8601.
TIME_FIELDS = ("_at", "_by", "_until", "_on")


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _iso(v) if str(k).endswith(TIME_FIELDS) and type(v) is int else _jsonable(v)
                for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, datetime):
        return obj.strftime("%Y-%m-%dT%H:%M:%SZ")
    return obj


def emit(args: argparse.Namespace, obj: Any, text: Callable[[Any], str] | None = None) -> None:
    if args.json:
        print(json.dumps(_jsonable(obj), ensure_ascii=False, indent=2))
    elif text is not None:
        out = text(obj)
        if out:
            print(out)
    else:
        print(_plain(obj))


def _plain(obj: Any) -> str:
    data = _jsonable(obj)
    if isinstance(data, dict):
        lines = []
        for k, v in data.items():
            if k.endswith("_cents") and isinstance(v, int):
                lines.append(f"{k[:-6]}: {money(v)}")
            elif isinstance(v, dict):
                lines.append(f"{k}: " + ", ".join(f"{a} {b}" for a, b in v.items()))
            else:
                lines.append(f"{k}: {v}")
        return "\n".join(lines)
    return str(data)


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    widths = [len(h) for h in headers]
    for r in rows:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], len(cell))
    fmt = "  ".join("{:<" + str(w) + "}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*r) for r in rows]
    return "\n".join(out)


# -- the session ---------------------------------------------------------------------------------------

class Session:
    """The engine, the provider's session and the platform, opened on the chosen store."""

    def __init__(self, args: argparse.Namespace) -> None:
        from pel_tui.backend import Marketplace, Platform

        self.path, self.engine = open_store(args.store, create=args.command != "demo")
        self.platform = Platform(self.engine)
        self._mp: Any = None
        self._Marketplace = Marketplace

    @property
    def mp(self) -> Any:
        if self._mp is None:
            self._mp = self._Marketplace.for_user(self.engine)
        return self._mp




def cmd_platform(s: Session, a: argparse.Namespace) -> None:
    emit(a, a.pfn(s.platform, a, _who(s, a)))


def _who(s: Session, a: argparse.Namespace) -> str:
    """The provider a platform verb acts on: --provider, else the store's own provider."""
    given = getattr(a, "provider", None)
    if given:
        return str(given)
    return s.mp.pseudo if s.engine.store.get_meta("me") is not None else ""


# -- the parser's registry ------------------------------------------------------------------------------

PlatformFn = Callable[[Any, argparse.Namespace, str], Any]


class Registry:
    """Where command modules add their commands: `cmd` for the provider, `pcmd` under `platform`."""

    def __init__(self, cmd: Callable[[str, Callable[..., None], str], argparse.ArgumentParser],
                 platform: Any, common: argparse.ArgumentParser) -> None:
        self.cmd = cmd
        self._platform = platform
        self._common = common

    def pcmd(self, name: str, fn: PlatformFn, help: str, with_project: bool = True) -> argparse.ArgumentParser:
        x: argparse.ArgumentParser = self._platform.add_parser(
            name, parents=[self._common], help=help, description=help
        )
        if with_project:
            x.add_argument("id", type=project_id)
        x.set_defaults(pfn=fn)
        return x

    @staticmethod
    def with_id(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("id", type=project_id, help="project id (48213 or #48213)")
        return sp


class UsageError(Exception):
    pass


def raise_usage(msg: str) -> None:
    raise UsageError(msg)
