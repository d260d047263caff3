"""Refusals of the engine itself, of accounts and stores, and of amounts typed by hand."""

from __future__ import annotations

from pel_tui.i18n import _, ngettext
from pel_tui.i18n.say import Params, Say, form
from pel_tui.i18n.voice import Voice


def _no_account(p: Params, v: Voice) -> str:
    return _("this store has no provider account yet; {action} creates a demo marketplace with one").format(
        action=v.do("store.demo"))


SAYS: dict[str, Say] = {
    "command.id_reused": lambda p, v: _(
        "the command id {command_id} was already used for {name}: a new command needs a new id"
    ).format(command_id=p.command_id, name=p.name),
    "command.unknown": lambda p, v: _(
        "unknown command {name} (version {version}): this version of pel-tui does not know it"
    ).format(name=p.name, version=p.version),
    "command.invalid": lambda p, v: _("the command {name} is malformed: {detail}").format(
        name=p.name, detail=p.detail),
    "command.refused_elsewhere": lambda p, v: _(
        "the server refused the command ({code}); update pel-tui to read why").format(code=p.code),
    "store.in_memory": lambda p, v: _("files need a store on disk, not in memory"),
    "file.empty": lambda p, v: _("an empty file cannot be stored"),
    "store.no_account": _no_account,
    "store.taken": lambda p, v: _("{path} already holds a marketplace; choose another --store path").format(
        path=p.path),
    "provider.not_found": lambda p, v: _("no provider with pseudo {provider}").format(provider=v.quote(p.provider)),
    "client.not_found": lambda p, v: _("no client {client_id}").format(client_id=p.client_id),
    "clock.backwards": lambda p, v: _("advance by a positive number of days"),
    "clock.too_far": lambda p, v: ngettext("advance by at most {max_days} day at a time",
                                           "advance by at most {max_days} days at a time", form(p.max_days)).format(
        max_days=v.number(p.max_days)),
    "page.out_of_range": lambda p, v: _("a page holds 1 to {max_limit} projects, from offset 0 on").format(
        max_limit=v.number(p.max_limit)),
    "amount.not_a_number": lambda p, v: _("{text} is not an amount in euros (e.g. 1500 or 1500.50)").format(
        text=v.quote(p.text)),
    "amount.negative": lambda p, v: _("{text} is not a positive amount in euros").format(text=v.quote(p.text)),
    "amount.too_many_decimals": lambda p, v: _("{text} has more than two decimals").format(text=v.quote(p.text)),
    "amount.ambiguous": lambda p, v: _(
        "{text} can be read two ways: write the euros without a separator (1234), or two decimals (1.23)"
    ).format(text=v.quote(p.text)),
    "amount.too_high": lambda p, v: _("{text} is above {max}").format(text=v.quote(p.text), max=v.money(p.max_cents)),
}
