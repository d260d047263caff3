"""How a message speaks to its reader: the command line's commands, or the application's keys.

A `Voice` also writes the values a message holds (amounts, dates, counts, words for states),
so that the language and the local conventions are chosen in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pel_tui.backend.money import euros
from pel_tui.i18n import _
from pel_tui.i18n.actions import ACTIONS


class Voice:
    """The values of a message in words; `do` is left to the command line and the application."""

    def do(self, action: str, **params: Any) -> str:
        raise NotImplementedError  # each voice says actions its own way

    def command(self, action: str, **params: Any) -> str:
        """The command line's command for `action`."""
        return ACTIONS[action][0].format(**params)

    def money(self, cents: int | None) -> str:
        return "-" if cents is None else euros(cents)

    def date(self, ts: int | None) -> str:
        return "-" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")

    def when(self, ts: int | None) -> str:
        return "-" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M")

    def project(self, project_id: int) -> str:
        return f"#{project_id}"

    def kind(self, kind: str) -> str:
        """A credit kind in words."""
        return {"consultation": _("consultation"), "offer": _("offer"), "contact": _("contact")}.get(kind, kind)

    def kinds(self, kinds: list[str]) -> str:
        return _(" and ").join(self.kind(k) for k in kinds)

    def status(self, status: str) -> str:
        """A project's, an offer's, a subscription's or a contract's state, in words."""
        return {
            "open": _("open"), "awarded": _("awarded"), "in_progress": _("in progress"),
            "finalized": _("finalized"), "cancelled": _("cancelled"), "removed": _("removed"),
            "stale": _("stale"), "expired": _("expired"), "submitted": _("submitted"), "read": _("read"),
            "withdrawn": _("withdrawn"), "selected": _("selected"), "won": _("won"), "lost": _("lost"),
            "declined": _("declined"), "revoked": _("revoked"), "active": _("active"),
            "suspended": _("suspended"), "payment_incident": _("in payment incident"), "ended": _("ended"),
            "validated": _("validated"), "paid": _("paid"), "rejected": _("rejected"),
        }.get(status, status.replace("_", " "))


class CliVoice(Voice):
    """The command line: an action is a command to type."""

    def do(self, action: str, **params: Any) -> str:
        return self.command(action, **params)


class AppVoice(Voice):
    """The application: an action is a key on a screen, after the user's keymap."""

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        self.keymap = dict(keymap or {})

    def do(self, action: str, **params: Any) -> str:
        _cli, binding, default, where = ACTIONS[action]
        if binding is None:
            return _("in a terminal: {command}").format(command=self.command(action, **params))
        key = self.keymap.get(binding, default).split(",")[0]
        return _("key {key} on {where}").format(key=key, where=_(where))
