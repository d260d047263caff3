"""The command line's remote sync: `pel login`, `logout`, `auth status`, `sync`, and `pel serve`.

A store is standalone (the embedded marketplace) or linked to one server account. `pel login URL`
links an empty store (or, with `--new-store`, sets a standalone one aside and starts anew), keeps
the token in the system keyring and runs the first sync.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from pel_tui.cli.common import Registry, emit, field, positive_int, table
from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt


def _store_path(a: argparse.Namespace) -> Path:
    from pel_tui.locations import store_path

    return store_path(a.store)


def _progress(enabled: bool) -> Any:
    """A progress line on standard error for a long first sync (only on a terminal)."""
    if not enabled or not sys.stderr.isatty():
        return None
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        if time.perf_counter() - started < 0.5:
            return
        sys.stderr.write("\r" + (_("syncing: {done} / {total} rows").format(done=_n(done), total=_n(total)) if total
                                  else _("syncing: {done} rows").format(done=_n(done))))
        sys.stderr.flush()

    return show


def _n(n: int) -> str:
    return fmt.number(n)


def _summary(r: Any) -> str:
    return _("pushed {pushed} (applied {applied}, refused {refused}) · received {received} rows in {seconds} s").format(
        pushed=_n(r.pushed), applied=_n(r.applied), refused=_n(r.refused), received=_n(r.received),
        seconds=fmt.decimal(r.seconds, 1))


def cmd_login(s: Any, a: argparse.Namespace) -> None:
    from local_store import Store
    from pel_tui.sync import link, tokens
    from pel_tui.sync.api import Api
    from pel_tui.sync.errors import SyncError

    server = a.url.rstrip("/")
    path = _store_path(a)
    if not a.insecure_storage and not os.environ.get(tokens.ENV) and not tokens._keyring_ok():
        raise SyncError("sync.no_keyring")
    if path.exists():
        store = Store.open(path)
        here = link.current(store.conn)
        if here is None and link.has_data(store.conn):
            if not a.new_store:
                store.close()
                raise SyncError("sync.store_has_data", store=str(path))
            store.close()
            aside = link.set_aside(path, int(time.time()))
            print(_("pel: {message}").format(message=_("the standalone store is set aside, untouched, as {path}").format(
                path=aside)), file=sys.stderr)
            store = Store.open(path)
        elif here is not None and (here.server, here.account) != (server, a.user or here.account):
            store.close()
            raise SyncError("sync.linked", server=here.server, account=here.account)
    else:  # `pel login --store PATH` makes the store it names (and its folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        store = Store.open(path)
    try:
        with Api(server) as api:
            if a.with_token:
                token = sys.stdin.readline().strip()
                with Api(server, token) as authed:
                    me = authed.me()
                account, role, provider_id, expires = me.account, me.role, None, None
                session_pseudo = me.pseudo
            else:
                user = a.user or input(_("login: ")).strip()
                password = os.environ.get("PEL_PASSWORD") or getpass.getpass(
                    _("password for {user} on {server}: ").format(user=user, server=server))
                session = api.login(user, password, device=a.device or os.uname().nodename)
                token, account, role = session.token, session.account, session.role
                provider_id, expires, session_pseudo = session.provider_id, session.expires_at, session.pseudo
        if role != "provider":
            raise SyncError("sync.wrong_role", server=server)
        if provider_id is None:  # a token given: the provider's row comes with the first page
            provider_id = None
        where = tokens.save(server, account, token, insecure=a.insecure_storage)
        link.link(store, server=server, account=account, role=role, provider_id=provider_id,
                  now=int(time.time()))
    finally:
        store.close()
    print((_("Logged in to {server} as {account} ({role}); the token is kept in {where}, valid until {date}.")
           if expires else _("Logged in to {server} as {account} ({role}); the token is kept in {where}.")).format(
        server=server, account=session_pseudo or account, role=_role(role), where=where,
        date=fmt.day(expires) if expires else ""))
    _first_sync(a, path)


def _first_sync(a: argparse.Namespace, path: Path) -> None:
    from pel_tui.backend.engine import Engine
    from pel_tui.sync.run import sync

    engine = Engine.open(path)
    try:
        r = sync(engine, progress=_progress(True))
        if engine.store.get_meta("me") is None:
            _adopt_me(engine)
    finally:
        engine.store.close()
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(_("First sync: {summary}. `pel` opens the application.").format(summary=_summary(r)))


def _adopt_me(engine: Any) -> None:
    """A store linked with a token alone learns its provider from the first page (the one full row)."""
    from pel_tui.sync import link

    here = link.current(engine.conn)
    row = engine.conn.execute("SELECT id FROM providers WHERE pseudo = ?", (here.account if here else "",)).fetchone()
    if row is not None:
        with engine.store.write():
            engine.store.set_meta("me", str(row[0]))


def cmd_logout(s: Any, a: argparse.Namespace) -> None:
    from local_store import Store
    from pel_tui.sync import link, tokens
    from pel_tui.sync.api import Api
    from pel_tui.sync.errors import SyncError

    store = Store.open(_store_path(a), create=False)
    try:
        here = link.current(store.conn)
    finally:
        store.close()
    if here is None:
        raise SyncError("sync.not_linked")
    found = tokens.load(here.server, here.account)
    if found is not None:
        try:
            with Api(here.server, found[0]) as api:
                api.logout()
        except SyncError:
            pass  # offline: the token is forgotten here anyway, and expires on the server
    tokens.forget(here.server, here.account)
    print(_("Logged out of {server}; the store stays linked to {account}, its pending commands kept.").format(
        server=here.server, account=here.account))


def cmd_auth_status(s: Any, a: argparse.Namespace) -> None:
    from local_store import Store
    from pel_tui.sync import link, tokens
    from pel_tui.sync.api import Api
    from pel_tui.sync.errors import SyncError

    store = Store.open(_store_path(a), create=False)
    try:
        here = link.current(store.conn)
    finally:
        store.close()
    if here is None:
        emit(a, {"linked": False, "store": str(_store_path(a))},
             lambda r: _("{store} is a standalone store (no server); `pel login URL` links one.").format(
                 store=r["store"]))
        return
    found = tokens.load(here.server, here.account)
    out: dict[str, Any] = {"linked": True, "server": here.server, "account": here.account, "role": here.role,
                           "token": found[1] if found else None, "valid": None, "store": str(_store_path(a))}
    if found is not None:
        try:
            with Api(here.server, found[0]) as api:
                api.me()
            out["valid"] = True
        except SyncError as e:
            out["valid"] = e.code
    emit(a, out, lambda r: "\n".join([
        field(pgettext("auth", "server"), r["server"]), field(pgettext("auth", "account"), f"{r['account']} ({_role(r['role'])})"),
        field(pgettext("auth", "token"), (_("kept in {where}").format(where=r["token"]) if r["token"] else _("none (logged out)"))
              + ("" if r["valid"] in (None, True) else " — " + _refusal(r["valid"]))),
        field(pgettext("auth", "store"), r["store"]),
    ]))


def _role(role: str) -> str:
    """An account's role on the server."""
    return {"provider": pgettext("role", "provider"), "client": pgettext("role", "client"),
            "moderator": pgettext("role", "moderator"), "sma": pgettext("role", "SMA"),
            "accounting": pgettext("role", "accounting"), "scp": pgettext("role", "SCP"),
            "clock": pgettext("role", "clock")}.get(role) or role


def _refusal(code: str) -> str:
    """What a server said of a token, from its code."""
    from pel_tui.i18n.sync import render
    from pel_tui.i18n.voice import CliVoice
    from pel_tui.sync.errors import SyncError

    try:
        return render(SyncError(code), CliVoice())
    except Exception:  # a code this version does not know: the code itself
        return code


def cmd_sync(s: Any, a: argparse.Namespace) -> None:
    if a.status_flag:
        a.action = "status"
    if a.action == "status":
        return _status(s, a)
    if a.action == "ack":
        return _ack(s, a)
    from pel_tui.sync.run import sync

    r = sync(s.engine, progress=_progress(True))
    if sys.stderr.isatty() and r.received > 5_000:
        sys.stderr.write("\n")
    emit(a, r.__dict__, lambda _r: _summary(r))


def _status(s: Any, a: argparse.Namespace) -> None:
    from pel_tui.sync import link, outbox

    here = link.current(s.engine.conn)
    if here is None:
        from pel_tui.sync.errors import SyncError

        raise SyncError("sync.not_linked")
    pending = outbox.pending(s.engine.conn)
    refused = s.engine.conn.execute(
        "SELECT command_id, command, args, outcome_data, outcome_at, result FROM journal WHERE outcome = 'refused' "
        "AND acked_at IS NULL ORDER BY seq").fetchall()
    data = {
        "server": here.server, "account": here.account, "synced_at": here.synced_at, "last_error": here.last_error,
        "pending": [{"command_id": p.command_id, "command": p.command, "args": json.loads(p.args),
                     "attempts": p.attempts, "last_error": p.last_error} for p in pending],
        "refused": [{"command_id": c, "command": n, "args": json.loads(args), **json.loads(d or "{}"),
                     "refused_at": at, "local_result": json.loads(res)} for c, n, args, d, at, res in refused],
    }

    def text(d: dict[str, Any]) -> str:
        from pel_tui.backend.errors import from_wire
        from pel_tui.cli.common import say

        lines = [_("{account} on {server} · last sync {when}").format(
            account=d["account"], server=d["server"], when=fmt.when(d["synced_at"]) if d["synced_at"] else _("never"))
            + (" · " + _("last error: {error}").format(error=d["last_error"]) if d["last_error"] else "")]
        if d["pending"]:
            lines.append("\n" + ngettext("{n} command pending:", "{n} commands pending:", len(d["pending"])).format(
                n=fmt.number(len(d["pending"]))))
            lines.append(table([[p["command_id"][:8], p["command"], json.dumps(p["args"], ensure_ascii=False)[:50],
                                 fmt.number(p["attempts"]), p["last_error"] or ""] for p in d["pending"]],
                               [pgettext("column", "id"), pgettext("column", "command"),
                                pgettext("column", "arguments"), pgettext("column", "tries"),
                                pgettext("column", "last error")]))
        else:
            lines.append(_("Nothing pending."))
        for r in d["refused"]:
            why = say(from_wire(r.get("code") or "", r.get("params") or {}))
            back = " · " + _("what it spent was given back") if r["local_result"].get("spent") else ""
            lines.append("\n" + _("refused {id} {command} {arguments}").format(
                id=r["command_id"][:8], command=r["command"], arguments=json.dumps(r["args"], ensure_ascii=False))
                + f"\n  {why}{back}\n  " + _("pel sync ack {id} once seen").format(id=r["command_id"][:8]))
        return "\n".join(lines)

    emit(a, data, text)


def _ack(s: Any, a: argparse.Namespace) -> None:
    from pel_tui.cli.common import raise_usage

    if not a.id:
        raise_usage(_("give the refused command's id (pel sync --status lists them)"))
    with s.engine.store.write() as conn:
        cur = conn.execute("UPDATE journal SET acked_at = ? WHERE outcome = 'refused' AND acked_at IS NULL AND "
                           "command_id LIKE ? || '%'", (int(time.time()), a.id))
    if cur.rowcount == 0:
        raise_usage(_("no refused command {id} awaits acknowledgement").format(id=a.id))
    print(ngettext("Acknowledged {n} refused command.", "Acknowledged {n} refused commands.", cur.rowcount).format(
        n=fmt.number(cur.rowcount)))


def cmd_serve(s: Any, a: argparse.Namespace) -> None:
    if a.schema:
        from pel_tui.protocol import schema

        print(json.dumps(schema(), indent=2))
        return
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        from pel_tui.cli.common import raise_usage

        raise_usage(_("pel serve needs the server's extra: pip install 'pel-tui[server]'"))
    from pel_tui.server.main import serve

    path = Path(a.store) if a.store else _store_path(a).with_name("server.sqlite")
    serve(path, host=a.host, port=a.port, demo=a.demo, demo_projects=a.demo_projects)


def add_commands(reg: Registry) -> None:
    cmd = reg.cmd
    sp = cmd("login", cmd_login, _("link this store to a server account and sync (password read without echo)"))
    sp.add_argument("url", metavar="URL", help=_("the server, e.g. http://127.0.0.1:8700"))
    sp.add_argument("--user", metavar=_("LOGIN"), help=_("your pseudo"))
    sp.add_argument("--with-token", action="store_true", help=_("read a token from standard input instead"))
    sp.add_argument("--insecure-storage", action="store_true",
                    help=_("keep the token in a file readable by you only, when there is no keyring"))
    sp.add_argument("--new-store", action="store_true",
                    help=_("set a standalone store aside (kept) and start an empty linked one"))
    sp.add_argument("--device", metavar=_("NAME"), help=_("a name for this device (default: the host name)"))
    cmd("logout", cmd_logout, _("revoke and forget the token (the store stays linked, pending commands kept)"))
    sp = cmd("auth", cmd_auth_status, _("the server, the account and where the token is kept"))
    sp.add_argument("what", choices=["status"])
    sp = cmd("sync", cmd_sync, _("push the pending commands, then pull the server's changes"))
    sp.add_argument("action", nargs="?", choices=["status", "ack"], default=None,
                    help=_("status: pending and refused commands; ack ID: a refusal seen"))
    sp.add_argument("id", nargs="?", metavar="ID")
    sp.add_argument("--status", dest="status_flag", action="store_true",
                    help=_("pending commands, last sync, refusals awaiting acknowledgement"))
    sp = cmd("serve", cmd_serve, _("run the reference platform server (needs pel-tui[server])"))
    sp.add_argument("--host", default="127.0.0.1", metavar=_("ADDRESS"), help=_("the address to listen on (default: 127.0.0.1)"))
    sp.add_argument("--port", type=positive_int, default=8700, metavar="N", help=_("the port (default: 8700)"))
    sp.add_argument("--demo", action="store_true",
                    help=_("a demo marketplace with accounts to play every side, and a clock to move"))
    sp.add_argument("--demo-projects", type=positive_int, default=5_000, metavar="N",
                    help=_("projects of the demo marketplace"))
    sp.add_argument("--schema", action="store_true", help=_("print the protocol's JSON Schema and exit"))
