"""The `pel` command line: parses, calls the engine, prints text or `--json`.

Amounts are typed in euros (`1500`, `1500.50`, `1 500,50`); JSON carries integer cents in fields
whose names end in `_cents`, and times in UTC ISO 8601. A refused action exits non-zero with the
reason on standard error (and, with `--json`, a JSON object `{"error": {"code", "message",
"params"}}`) and changes nothing. Each area of the rules has its module of commands, listed in
`AREAS`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from pel_tui.cli import account, demo, doctor, escrow, payments, profile, projects, sync
from pel_tui.cli.common import Registry, Session, UsageError, _cut, _jsonable, cmd_platform, say
from pel_tui.sync.errors import SyncError

#: The command modules, in the order `pel --help` lists them.
AREAS = (projects, account, escrow, payments, profile, demo, doctor, sync)
#: Commands that open no store of the marketplace (or not the usual way).
STORELESS = {"login", "logout", "auth", "serve", "doctor"}


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON (amounts in integer cents, fields ending in _cents)")
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store file (default: $PEL_STORE, else the user data directory)")
    p = argparse.ArgumentParser(
        prog="pel", parents=[common],
        description="pel-tui: work the project marketplace from the terminal. "
        "Amounts in euros (1500, 1500.50).",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, fn: Callable[..., None], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, parents=[common], help=help, description=help)
        sp.set_defaults(fn=fn)
        return sp

    cmd("summary", lambda s, a: None, "where you stand, as text (`pel` alone opens the application)")
    plat = cmd("platform", cmd_platform, "play the other sides: clients, moderation, the clock")
    plat.add_argument("--server", metavar="URL", help="play them on this server, with a role account (--user)")
    plat.add_argument("--user", metavar="LOGIN", help="the role account (password: $PEL_PASSWORD, or asked)")
    reg = Registry(cmd, plat.add_subparsers(dest="action", metavar="ACTION", required=True), common)
    for area in AREAS:
        area.add_commands(reg)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for arg in argv:  # bytes that are not UTF-8 come as lone surrogates: nothing could store or print them
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            print(f"pel: an argument is not valid text (UTF-8): {shown!r}; nothing was done. "
                  "Check your terminal's encoding (locale), or retype it.", file=sys.stderr)
            return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    if not hasattr(args, "store"):
        args.store = None
    from local_store import StoreError
    from pel_tui.backend.errors import PelError

    try:
        if args.command is None:
            from pel_tui.launch import run_app

            return run_app(args.store)
        if args.command == "summary":
            return dashboard(args)
        if args.command == "demo":
            demo.cmd_demo(None, args)
            return 0
        if args.command in STORELESS:
            args.fn(None, args)
            return 0
        if args.command == "platform" and args.server:
            return _remote_platform(args)
        session = Session(args)
        if args.command == "platform" and session.engine.linked:
            from pel_tui.sync import link

            here = link.current(session.engine.conn)
            raise SyncError("sync.platform_linked", server=here.server if here else "")
        args.fn(session, args)
        return 0
    except SyncError as e:
        from pel_tui.i18n.sync import render
        from pel_tui.i18n.voice import CliVoice

        message = render(e, CliVoice())
        print(f"pel: {message}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": {"code": e.code, "message": message, "params": _jsonable(e.params)}},
                             ensure_ascii=False), file=sys.stderr)
        return e.exit_code
    except PelError as e:
        message = say(e)
        print(f"pel: {message}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": {"code": e.code, "message": message, "params": _jsonable(e.params)}},
                             ensure_ascii=False), file=sys.stderr)
        return e.exit_code
    except (StoreError, UsageError, StoreError.RAW) as e:
        if isinstance(e, UsageError):
            print(f"pel: {e}", file=sys.stderr)
            return 2
        fault = StoreError.of(e, args.store)  # a full disk, a damaged or locked store... (SQLite's too)
        if fault is None:
            raise
        print(f"pel: {fault}", file=sys.stderr)
        if args.json:
            params = {"path": None if fault.path is None else str(fault.path), **fault.params}
            print(json.dumps({"error": {"code": fault.kind, "message": str(fault), "params": _jsonable(params)}},
                             ensure_ascii=False), file=sys.stderr)
        return fault.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _remote_platform(args: argparse.Namespace) -> int:
    """`pel platform --server URL --user LOGIN ACTION ...`: the same verb, played on the server."""
    import getpass
    import os

    from pel_tui.cli.common import emit, raise_usage
    from pel_tui.sync.api import Api
    from pel_tui.sync.remote import RemotePlatform

    if not args.user:
        raise_usage("--server needs --user LOGIN: the role account that plays this side")
    password = os.environ.get("PEL_PASSWORD") or getpass.getpass(f"password for {args.user} on {args.server}: ")
    with Api(args.server) as anonymous:
        session = anonymous.login(args.user, password, device="pel-platform")
    with Api(args.server, session.token) as api:
        try:
            emit(args, args.pfn(RemotePlatform(api), args, getattr(args, "provider", None) or ""))
        finally:
            api.logout()
    return 0


def dashboard(args: argparse.Namespace) -> int:
    """`pel` with no command: where you stand today, and what to do next."""
    args.command = "dashboard"
    s = Session(args)
    me = s.mp.whoami()
    cr = s.mp.credits(ledger_limit=0)
    sub = s.mp.subscription()
    page = s.mp.projects(limit=5)
    b = cr.balances
    print(f"{me.display_name} ({me.pseudo}) · store {s.path}")
    print(f"credits: consultation {b['consultation']} · offer {b['offer']} · contact {b['contact']}"
          + ("" if cr.spendable else f" (frozen: {cr.frozen_reason})"))
    if sub:
        print(f"subscription: {sub.plan_label}, {sub.status}, period ends {sub.period_end:%Y-%m-%d}")
    print(f"unread notifications: {s.mp.unread_count()}")
    pending = [k for k in s.mp.contracts() if k.status == "awaiting_confirmation"]
    for k in pending:
        print(f"terms to confirm on #{k.project_id} by {k.confirm_by:%Y-%m-%d}: pel confirm {k.project_id}")
    print(f"\n{page.total:,} available projects; the newest:")
    for p in page.projects:
        print(f"  #{p.id}  {_cut(p.title, 70)}  ({p.offers} offers)")
    print("\npel --help lists every command.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
