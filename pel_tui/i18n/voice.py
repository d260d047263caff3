"""How a message speaks to its reader: the command line's commands, or the application's keys.

A `Voice` also writes the values a message holds (amounts, dates, counts, words for states), so
that the language and the local conventions are chosen in one place: amounts, counts and dates
through `pel_tui.i18n.formats` (the reader's locale and time zone), states and formulas in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pel_tui.i18n import _, formats, pgettext
from pel_tui.i18n.actions import ACTIONS

Moment = int | float | datetime | None


def _moment(ts: Moment) -> int | datetime | None:
    return int(ts) if isinstance(ts, float) else ts


def _project_states() -> dict[str, str]:
    """A project's or a contract's state (French: masculine, `le projet est …`, `le contrat est …`)."""
    return {
        "open": pgettext("state of a project", "open"),
        "awarded": pgettext("state of a project", "awarded"),
        "in_progress": pgettext("state of a project", "in progress"),
        "finalized": pgettext("state of a project", "finalized"),
        "cancelled": pgettext("state of a project", "cancelled"),
        "removed": pgettext("state of a project", "removed by moderation"),
        "stale": pgettext("state of a project", "closed as no longer current"),
        "expired": pgettext("state of a project", "expired"),
        "awaiting_confirmation": pgettext("state of a project", "awaiting your confirmation"),
        "awaiting_commission": pgettext("state of a project", "awaiting the commission"),
        "declined": pgettext("state of a project", "declined"),
        "revoked": pgettext("state of a project", "revoked"),
    }


def _offer_states() -> dict[str, str]:
    """An offer's state (French: feminine, `votre offre est …`)."""
    return {
        "submitted": pgettext("state of an offer", "submitted"),
        "read": pgettext("state of an offer", "read by the client"),
        "withdrawn": pgettext("state of an offer", "withdrawn"),
        "declined": pgettext("state of an offer", "declined"),
        "revoked": pgettext("state of an offer", "revoked"),
        "selected": pgettext("state of an offer", "selected"),
        "won": pgettext("state of an offer", "won"),
        "lost": pgettext("state of an offer", "lost"),
    }


def _subscription_states() -> dict[str, str]:
    """A subscription's state (French: masculine, `votre abonnement est …`)."""
    return {
        "active": pgettext("state of a subscription", "active"),
        "suspended": pgettext("state of a subscription", "suspended"),
        "payment_incident": pgettext("state of a subscription", "in payment incident"),
        "ended": pgettext("state of a subscription", "ended"),
    }


def _payment_states() -> dict[str, str]:
    """A payment request's state (French: feminine, `la demande de paiement est …`)."""
    return {
        "submitted": pgettext("state of a payment request", "submitted"),
        "validated": pgettext("state of a payment request", "validated"),
        "paid": pgettext("state of a payment request", "paid"),
        "rejected": pgettext("state of a payment request", "rejected"),
    }


def _reference_states() -> dict[str, str]:
    """A client reference's state (French: feminine, `la référence est …`)."""
    return {
        "pending": pgettext("state of a reference", "pending"),
        "certified": pgettext("state of a reference", "certified"),
        "refused": pgettext("state of a reference", "refused"),
        "expired": pgettext("state of a reference", "expired"),
    }


def _referral_states() -> dict[str, str]:
    """A promotion's state, for a referral reward (French: feminine, `la promotion est …`)."""
    return {
        "submitted": pgettext("state of a promotion", "being checked"),
        "rewarded": pgettext("state of a promotion", "rewarded"),
        "refused": pgettext("state of a promotion", "refused"),
    }


#: What a state is the state of → its words (each a function: the words are in the current language).
STATES = {
    "project": _project_states, "contract": _project_states, "offer": _offer_states,
    "subscription": _subscription_states, "payment": _payment_states, "reference": _reference_states,
    "referral": _referral_states,
}


class Voice:
    """The values of a message in words; `do` is left to the command line and the application."""

    def do(self, action: str, **params: Any) -> str:
        raise NotImplementedError  # each voice says actions its own way

    def command(self, action: str, **params: Any) -> str:
        """The command line's command for `action`."""
        return ACTIONS[action][0].format(**params)

    # -- figures, amounts and dates: the reader's locale and time zone --

    def money(self, cents: int | None) -> str:
        """`2 400,00 €` (fr), `€2,400.00` (en)."""
        return formats.money(cents) if isinstance(cents, int) or cents is None else str(cents)

    def money_short(self, cents: int | None) -> str:
        """An amount without its cents when there are none: `40 €` (fr), `€40` (en)."""
        return formats.money(cents, short=True) if isinstance(cents, int) or cents is None else str(cents)

    def budget(self, lo: int, hi: int) -> str:
        """A range of amounts: `1 000–3 000 €` (fr), `€1,000–3,000` (en)."""
        return formats.budget(lo, hi)

    def number(self, n: Any) -> str:
        """A count: `2 877` (fr), `2,877` (en); a value that is not a whole number, as it is."""
        if isinstance(n, bool) or not isinstance(n, int | float):
            return "—" if n is None else str(n)
        if isinstance(n, float) and not n.is_integer():
            return formats.decimal(n, 1)
        return formats.number(int(n))

    def decimal(self, x: Any, places: int = 1) -> str:
        """`9,8` (fr), `9.8` (en)."""
        if isinstance(x, bool) or not isinstance(x, int | float):
            return "—" if x is None else str(x)
        return formats.decimal(float(x), places)

    def percent(self, rate: Any) -> str:
        """A share (0.33): `33 %` (fr), `33%` (en)."""
        return formats.percent(rate) if isinstance(rate, int | float) else str(rate)

    def date(self, ts: Moment) -> str:
        """A day, in a sentence: `1 décembre 2026` (fr), `1 December 2026` (en), in the reader's time zone."""
        return formats.day_long(_moment(ts))

    def day(self, ts: Moment) -> str:
        """A day, short: `01/12/2026`."""
        return formats.day(_moment(ts))

    def when(self, ts: Moment) -> str:
        """A day and a time, in the reader's time zone: `01/12/2026 14:05`."""
        return formats.when(_moment(ts))

    # -- things in words --

    def quote(self, text: Any) -> str:
        """A text the user typed or named (a file, a pseudo, an amount), between the language's quotation
        marks (`'facture.pdf'`; French `« facture.pdf »`), its control characters escaped as `repr` does."""
        inner = repr(str(text))[1:-1]
        return pgettext("quotation marks around a text the user typed", "'{text}'").format(text=inner)

    def project(self, project_id: int) -> str:
        return f"#{project_id}"

    def kind(self, kind: str) -> str:
        """A credit kind, as it qualifies a credit (`offer credit`; French `crédit d’offre`)."""
        return {
            "consultation": pgettext("kind of credit", "consultation"),
            "offer": pgettext("kind of credit", "offer"),
            "contact": pgettext("kind of credit", "contact"),
        }.get(kind, kind)

    def kinds(self, kinds: list[str]) -> str:
        return _(" and ").join(self.kind(k) for k in kinds)

    def status(self, status: str | None, of: str = "project") -> str:
        """The state of a project or contract (`of="project"`), an offer, a subscription, a payment
        request, a reference or a promotion (`referral`), in words."""
        if not status:
            return "—"
        words = STATES.get(of, _project_states)()
        if status in words:
            return words[status]
        for other in STATES.values():  # a state of another thing: still words, not an id
            said = other().get(status)
            if said is not None:
                return said
        return status.replace("_", " ")

    def formula(self, name: str | None) -> str:
        """A contract's formula as a label: `Formula R0 (risk 0)`, `Base formula`."""
        return {"r0": _("Formula R0 (risk 0)"), "base": _("Base formula")}.get(name or "", name or "—")

    def plan(self, name: Any) -> str:
        """A subscription plan's name: `Essentiel`, `Pro`, `Expert`."""
        return str(name).capitalize() if name else "—"


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
