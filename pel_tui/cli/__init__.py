"""The `pel` command line: parses, calls the engine, prints text or `--json`.

Amounts are typed in euros (`1500`, `1500.50`, `1 500,50`); JSON carries integer cents in fields
whose names end in `_cents`, and times in UTC ISO 8601. A refused action exits non-zero with the
reason on standard error (and, with `--json`, a JSON object `{"error": {"code", "message",
"params"}}`) and changes nothing. Each area of the rules has its module of commands, listed in
`AREAS`.

Everything a person reads is in the user's language (`pel_tui.i18n.lang`, chosen at start by
`pel_tui.__main__`): the `--help` texts, the tables and sentences, argparse's own words
(`pel_tui.cli.parser`), amounts, counts and dates in the local forms and times in the user's time
zone (`pel_tui.i18n.formats`). JSON does not change with the language.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from pel_tui.cli import account, demo, doctor, escrow, payments, profile, projects, sync, words
from pel_tui.cli.common import Registry, Session, UsageError, _cut, _jsonable, balances, cmd_platform, say
from pel_tui.cli.parser import Parser, speaking
from pel_tui.i18n import _, ngettext
from pel_tui.i18n import formats as fmt
from pel_tui.sync.errors import SyncError

#: The command modules, in the order `pel --help` lists them.
AREAS = (projects, account, escrow, payments, profile, demo, doctor, sync)
#: Commands that open no store of the marketplace (or not the usual way).
STORELESS = {"login", "logout", "auth", "serve", "doctor"}


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, in the user's language: build it (and parse with it) within
    `parser.speaking()`, after `lang.start`, for argparse's own words to be in that language too."""
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print JSON (amounts in integer cents, fields ending in _cents)"))
    common.add_argument("--store", metavar=_("PATH"), default=argparse.SUPPRESS,
                        help=_("the store file (default: $PEL_STORE, else the user data directory)"))
    p = Parser(
        prog="pel", parents=[common],
        description=_("pel-tui: work the project marketplace from the terminal. "
                      "Amounts in euros (1500, 1500.50, 1 500,50)."),
    )
    sub = p.add_subparsers(dest="command", metavar=_("COMMAND"))

    def cmd(name: str, fn: Callable[..., None], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, parents=[common], help=help, description=help)
        sp.set_defaults(fn=fn)
        return sp

    cmd("summary", lambda s, a: None, _("where you stand, as text (`pel` alone opens the application)"))
    plat = cmd("platform", cmd_platform, _("play the other sides: clients, moderation, the clock"))
    plat.add_argument("--server", metavar=_("URL"), help=_("play them on this server, with a role account (--user)"))
    plat.add_argument("--user", metavar=_("LOGIN"), help=_("the role account (password: $PEL_PASSWORD, or asked)"))
    reg = Registry(cmd, plat.add_subparsers(dest="action", metavar=_("ACTION"), required=True), common)
    for area in AREAS:
        area.add_commands(reg)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for arg in argv:  # bytes that are not UTF-8 come as lone surrogates: nothing could store or print them
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "backslashreplace").decode("utf-8")
            _say(_("an argument is not valid text (UTF-8): {argument}; nothing was done. Check your "
                   "terminal's encoding (locale), or retype it.").format(argument=repr(shown)))
            return 2
    with speaking():  # argparse's own words (usage, error, options...) in the user's language
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
        _say(message)
        if args.json:
            print(json.dumps({"error": {"code": e.code, "message": message, "params": _jsonable(e.params)}},
                             ensure_ascii=False), file=sys.stderr)
        return e.exit_code
    except PelError as e:
        message = say(e)
        _say(message)
        if args.json:
            print(json.dumps({"error": {"code": e.code, "message": message, "params": _jsonable(e.params)}},
                             ensure_ascii=False), file=sys.stderr)
        return e.exit_code
    except (StoreError, UsageError, StoreError.RAW) as e:
        if isinstance(e, UsageError):
            _say(str(e))
            return 2
        fault = StoreError.of(e, args.store)  # a full disk, a damaged or locked store... (SQLite's too)
        if fault is None:
            raise
        _say(str(fault))
        if args.json:
            params = {"path": None if fault.path is None else str(fault.path), **fault.params}
            print(json.dumps({"error": {"code": fault.kind, "message": str(fault), "params": _jsonable(params)}},
                             ensure_ascii=False), file=sys.stderr)
        return fault.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _say(message: str) -> None:
    """A refusal or a problem on standard error, after the program's name: `pel: ...`."""
    print(_("pel: {message}").format(message=message), file=sys.stderr)


def _remote_platform(args: argparse.Namespace) -> int:
    """`pel platform --server URL --user LOGIN ACTION ...`: the same verb, played on the server."""
    import getpass
    import os

    from pel_tui.cli.common import emit, raise_usage
    from pel_tui.sync.api import Api
    from pel_tui.sync.remote import RemotePlatform

    if not args.user:
        raise_usage(_("--server needs --user LOGIN: the role account that plays this side"))
    password = os.environ.get("PEL_PASSWORD") or getpass.getpass(
        _("password for {user} on {server}: ").format(user=args.user, server=args.server))
    with Api(args.server) as anonymous:
        session = anonymous.login(args.user, password, device="pel-platform")
    with Api(args.server, session.token) as api:
        try:
            emit(args, args.pfn(RemotePlatform(api), args, getattr(args, "provider", None) or ""),
                 getattr(args, "ptext", None))
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
    print(_("{name} ({pseudo}) · store {path}").format(name=me.display_name, pseudo=me.pseudo, path=s.path))
    print(_("credits: {balances}").format(balances=balances(cr)))
    if sub:
        print(_("subscription: {plan}, {state}, period ends {date}").format(
            plan=sub.plan_label, state=words.subscription_state(sub.status), date=fmt.day(sub.period_end)))
    print(_("unread notifications: {n}").format(n=fmt.number(s.mp.unread_count())))
    pending = [k for k in s.mp.contracts() if k.status == "awaiting_confirmation"]
    for k in pending:
        print(_("terms to confirm on #{project} by {date}: pel confirm {project}").format(
            project=k.project_id, date=fmt.when(k.confirm_by)))
    print("\n" + ngettext("{n} available project; the newest:", "{n} available projects; the newest:",
                          page.total).format(n=fmt.number(page.total)))
    for p in page.projects:
        offers = ngettext("{n} offer", "{n} offers", p.offers).format(n=fmt.number(p.offers))
        print(f"  #{p.id}  {_cut(p.title, 70)}  ({offers})")
    print("\n" + _("pel --help lists every command."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
