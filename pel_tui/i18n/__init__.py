"""The words a person reads, in the user's language (French or English), and their local forms.

The engine says what happened as a code and its values (`pel_tui.backend.errors`,
`pel_tui.backend.events`); this package makes the sentence, through a `Voice` that knows how the
reader acts: the command line names its commands (`pel resume`), the application its keys
(`touche r sur l'écran Abonnement, 4`). Every sentence a person reads goes through `_` (and
`ngettext` where a count decides the form; `N_` marks a sentence kept in a constant, translated
where it is shown), and message catalogs (`locale/`, made from `po/`) translate them; English is
the source language. `lang` chooses the language, `formats` writes amounts, counts and dates.
"""

from __future__ import annotations

from pel_tui.i18n import lang


def _(message: str) -> str:
    """A sentence in the user's language."""
    return lang.translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence for `n` (French: 0 and 1 singular, 2 and more plural)."""
    return lang.translation().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A sentence whose translation depends on where it is used (a short word, a key label)."""
    return lang.translation().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a sentence kept in a constant, to translate with `_` where it is shown."""
    return message
