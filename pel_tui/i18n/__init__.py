"""The words a person reads: refusals, notifications and their actions, in the user's language.

The engine says what happened as a code and its values (`pel_tui.backend.errors`,
`pel_tui.backend.events`); this package makes the sentence, through a `Voice` that knows how the
reader acts: the command line names its commands (`pel resume`), the application its keys
(`key r on the Subscription screen, 4`). Every sentence goes through `_` (and `ngettext` where a
count decides the form), so that message catalogs can translate them.
"""

from __future__ import annotations


def _(message: str) -> str:
    """A sentence to translate (English is the source language of the catalogs)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural
