"""What went wrong talking to a server, in words (`pel_tui.sync.errors.SyncError`'s codes)."""

from __future__ import annotations

from typing import Any

from pel_tui.i18n import N_, _
from pel_tui.i18n.say import Params, Say
from pel_tui.i18n.voice import Voice

KEPT = N_("your pending commands are kept, and go at the next sync")


def _kept() -> str:
    return _(KEPT)


SAYS: dict[str, Say] = {
    "sync.offline": lambda p, v: _("cannot reach {server} (offline, or the server is down); {kept}").format(
        server=p.server, kept=_kept()),
    "sync.timeout": lambda p, v: _("{server} did not answer in time; {kept}").format(server=p.server, kept=_kept()),
    "sync.server_error": lambda p, v: _("{server} failed to answer (HTTP error {status}); {kept}").format(
        server=p.server, status=p.status, kept=_kept()),
    "sync.unauthorized": lambda p, v: _(
        "not logged in to {server}, or the session expired: log in again ({action}); {kept}").format(
        server=p.server, action=v.do("sync.login", server=p.server), kept=_kept()),
    "sync.bad_login": lambda p, v: _("wrong login or password for {server}").format(server=p.server),
    "sync.too_old": lambda p, v: _("{server} needs a newer pel-tui: update it; {kept}").format(
        server=p.server, kept=_kept()),
    "sync.refused": lambda p, v: _("{server} refused the request: {message}").format(
        server=p.server, message=p.message),
    "sync.wrong_role": lambda p, v: _("your account on {server} may not do this").format(server=p.server),
    "sync.not_linked": lambda p, v: _(
        "this store is standalone (the embedded marketplace); link it to a server with {action}").format(
        action=v.do("sync.login", server="URL")),
    "sync.linked": lambda p, v: _(
        "this store is linked to {account} on {server}; use another store (--store PATH) for another account"
    ).format(account=p.account, server=p.server),
    "sync.store_has_data": lambda p, v: _(
        "{store} holds a marketplace of its own, which is never merged into a server's: pass --new-store to "
        "set it aside (kept, untouched, beside it) and start an empty linked store, or choose another "
        "store with --store PATH").format(store=p.store),
    "sync.no_keyring": lambda p, v: _(
        "no system keyring to keep the token in (a headless machine?): install and unlock one (GNOME "
        "Keyring, KWallet, or the macOS or Windows one), or pass --insecure-storage to keep it in a file "
        "readable by you only, or set PEL_TOKEN for this shell"),
    "sync.platform_linked": lambda p, v: _(
        "this store is linked to {server}, which plays the other sides: play them there, with a role "
        "account ({action})").format(server=p.server, action=v.do("sync.platform", server=p.server)),
}


def render(error: Any, voice: Voice) -> str:
    say = SAYS.get(error.code)
    return error.code if say is None else say(Params(error.params), voice)
