"""The engine's messages say what to do as command lines (`pel resume`); in the app, as keys.

The engine speaks to both interfaces, so its refusals and notifications name the CLI command.
`for_app` rewrites each command that has a key in the application into that key and its screen
(after the user's keymap); a command with no screen equivalent stays, said to be for a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: A CLI command (as the engine writes it) → (binding id, default key, where).
_KEYS: list[tuple[str, str, str, str]] = [
    (r"pel resume", "subscription.resume", "r", "the Subscription screen, 4"),
    (r"pel settle", "subscription.settle", "$", "the Subscription screen, 4"),
    (r"pel cancel", "subscription.cancel", "c", "the Subscription screen, 4"),
    (r"pel subscribe(?: PLAN)?", "subscription.subscribe", "s", "the Subscription screen, 4"),
    (r"pel invoices", "subscription.save", "e", "the Subscription screen, 4"),
    (r"pel consult [\w#]+", "report.consult", "c", "the project's report"),
    (r"pel confirm [\w#]+(?: --accept-commission)?", "offers.confirm", "f", "the My offers screen, 2"),
    (r"pel pay [\w#]+", "payments.submit", "s", "the Payments screen, 6"),
    (r"pel dispute-accept [\w#]+", "escrow.accept", "a", "the Escrow screen, 5"),
    (r"pel rate [\w#]+ STARS", "escrow.rate", "R", "the Escrow screen, 5"),
    (r"pel badge", "profile.badge", "b", "the Profile screen, 7"),
    (r"pel profile set", "profile.edit", "e", "the Profile screen, 7"),
]
_WRAP = r"(?:`|\()?{}(?:`|\))?"
_ANY_CLI = re.compile(r"(?:`|\()?(pel [a-z][a-z-]*(?: (?:--?[\w-]+|[\w#]+|\.\.\.))*)(?:`|\))?")


def for_app(message: str, keymap: Mapping[str, str] | None = None) -> str:
    """`message` with its CLI commands turned into the app's keys (the user's keymap applied)."""
    keymap = keymap or {}

    for pattern, binding_id, default, where in _KEYS:
        key = keymap.get(binding_id, default).split(",")[0]
        message = re.sub(_WRAP.format(pattern), f"(key {key} on {where})", message)
    return _ANY_CLI.sub(lambda m: f"(in a terminal: {m.group(1).strip()})", message)
