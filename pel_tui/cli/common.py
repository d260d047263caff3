"""What every command of the command line shares: reading amounts and ids, printing text or `--json`, the session.

Amounts are typed in euros (`1500`, `1500.50`, `1 500,50`); JSON carries integer cents in fields
whose names end in `_cents`, and times in UTC ISO 8601. Text is in the user's language: amounts,
counts and dates through `pel_tui.i18n.formats` (`€2,400.00`, `2 400,00 €`), times in the user's
time zone. A refused action exits non-zero with the reason on standard error and changes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pel_tui.cli import words
from pel_tui.i18n import _
from pel_tui.i18n import formats as fmt
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
        raise argparse.ArgumentTypeError(_("{text} is not a whole number (digits 0-9)").format(text=repr(text)))
    n = int(digits)
    if n <= 0:
        raise argparse.ArgumentTypeError(_("{text} must be above 0").format(text=repr(text)))
    if n > MAX_INT:
        raise argparse.ArgumentTypeError(_("{text} is too large: no id or count goes beyond {max}").format(
            text=repr(text), max=fmt.number(MAX_INT)))
    return n


def whole_number(text: str) -> int:
    """A whole number from 0 (`--max-offers 0`: projects no one has offered on yet)."""
    return 0 if text.strip().removeprefix("+") == "0" else positive_int(text)


def project_id(text: str) -> int:
    """'48213' or '#48213'."""
    return positive_int(text.strip().lstrip("#"))


def stars(text: str) -> int:
    """A rating: 1 to 5 stars."""
    n = positive_int(text)
    if n > 5:
        raise argparse.ArgumentTypeError(_("{text}: a rating is 1 to 5 stars").format(text=repr(text)))
    return n


# -- output ------------------------------------------------------------------------------------------

#: A result's field holding a time (Unix seconds) ends so; JSON writes it in UTC ISO 8601.
TIME_FIELDS = ("_at", "_by", "_until", "_on")


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record(obj: Any) -> dict[str, Any] | None:
    """A result's fields by name (a model is a msgspec struct; a few results are dataclasses); None if not one."""
    import msgspec

    if isinstance(obj, msgspec.Struct):
        return {name: getattr(obj, name) for name in obj.__struct_fields__}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return None


def _jsonable(obj: Any) -> Any:
    fields = record(obj)
    if fields is not None:
        return {name: _jsonable(value) for name, value in fields.items()}
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


def field(name: str, value: str) -> str:
    """`name: value`, with the colon the language writes (`name : value` in French)."""
    return _("{name}: {value}").format(name=name, value=value)


def _plain(obj: Any) -> str:
    """A result with no text of its own, a line per field: amounts and times in the reader's forms."""
    obj = record(obj) or obj
    if not isinstance(obj, dict):
        return str(_jsonable(obj))
    lines = []
    for k, v in obj.items():
        name = str(k)
        if name.endswith("_cents") and type(v) is int:
            lines.append(field(name[:-6], fmt.money(v)))
        elif isinstance(v, datetime) or (name.endswith(TIME_FIELDS) and type(v) is int):
            lines.append(field(name, fmt.when(v)))
        elif isinstance(v, dict):
            lines.append(field(name, ", ".join(f"{a} {_jsonable(b)}" for a, b in v.items())))
        else:
            lines.append(field(name, str(_jsonable(v))))
    return "\n".join(lines)


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


def balances(cr: Any) -> str:
    """The three balances of credits, and why they are frozen if they are: `consultation 74 · offer 34 · contact 15`."""
    b = cr.balances
    text = " · ".join(f"{words.kind(k)} {fmt.number(b[k])}" for k in ("consultation", "offer", "contact"))
    return text if cr.spendable else _("{balances} (frozen: {why})").format(
        balances=text, why=words.frozen(cr.frozen_reason))


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
    emit(a, a.pfn(s.platform, a, _who(s, a)), getattr(a, "ptext", None))


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

    def pcmd(self, name: str, fn: PlatformFn, help: str, with_project: bool = True,
             text: Callable[[Any], str] | None = None) -> argparse.ArgumentParser:
        """A verb of `pel platform`; its result is printed by `text`, else a line per field."""
        x: argparse.ArgumentParser = self._platform.add_parser(
            name, parents=[self._common], help=help, description=help
        )
        if with_project:
            self.with_id(x)
        x.set_defaults(pfn=fn, ptext=text)
        return x

    @staticmethod
    def with_id(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("id", type=project_id, metavar=_("ID"), help=_("project id (48213 or #48213)"))
        return sp


class UsageError(Exception):
    pass


def raise_usage(msg: str) -> None:
    raise UsageError(msg)
