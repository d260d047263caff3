"""argparse in the user's language: its own words (`usage:`, `error:`, `options`, `show this help
message and exit`, `the following arguments are required`, `invalid choice`...) from our catalogs.

How. argparse asks gettext for every sentence of its own through two globals of its module, `_` and
`ngettext` (`from gettext import gettext as _, ngettext`, in Python 3.11, 3.12, 3.13 and 3.14),
looked up when the sentence is made: while a parser is built (`positional arguments`, `options`,
`show this help message and exit`), while it parses (`invalid choice: %(value)r (choose from
%(choices)s)`, `the following arguments are required: %s`), and while it prints its help or an error
(`usage: `, `%(prog)s: error: %(message)s`). `speaking()` points those two globals at our catalog
for the time of a `with` block (the command line builds its parser and parses inside one, after
`lang.start`) and puts gettext's own back after it. Our catalog holds argparse's sentences under the
context `argparse` (`pgettext`), so that `options` or `usage: ` never take the translation of the
same English word elsewhere; `_marked()` lists them for the extraction.

Why not another way. Overriding `ArgumentParser.error()` and `format_usage()` gets sentences that
argparse has already made in English (`argument id: invalid choice: ...`), to take apart again with
patterns that differ between versions; binding our catalog as gettext's default domain
(`gettext.textdomain`) would change `gettext.gettext` for every library of the process, and would
follow `LANGUAGE` and `LC_MESSAGES` rather than the language `pel_tui.i18n.lang` chose (config.toml,
then `PEL_LANG`, then the locale). A sentence a later Python adds stays English until `_marked()`
has it; nothing breaks.

`Parser` adds the one thing argparse writes without asking gettext before Python 3.14: the colon
after a heading of the help (`options:`), written as the catalog says (`options :` in French).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from pel_tui.i18n import ngettext, pgettext

#: The context of argparse's sentences in our catalog.
CONTEXT = "argparse"


def _argparse_gettext(message: str) -> str:
    return pgettext(CONTEXT, message) if message else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n)


@contextmanager
def speaking() -> Iterator[None]:
    """argparse's own sentences in the user's language within the block (see the module's docstring)."""
    saved = getattr(argparse, "_", None), getattr(argparse, "ngettext", None)
    setattr(argparse, "_", _argparse_gettext)  # noqa: B010 - a module's private global, on purpose
    setattr(argparse, "ngettext", _argparse_ngettext)  # noqa: B010
    try:
        yield
    finally:
        for name, value in zip(("_", "ngettext"), saved, strict=True):
            if value is None:
                delattr(argparse, name)
            else:
                setattr(argparse, name, value)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help writes its headings' colon as the catalog does (`options :`)."""

    def format_help(self) -> str:
        text = super().format_help()
        for group in self._action_groups:
            title = group.title
            if not title:
                continue
            heading = pgettext("argparse", "%(heading)s:") % {"heading": title}
            if heading != f"{title}:":  # before 3.14 argparse writes `title:` itself
                text = text.replace(f"\n{title}:\n", f"\n{heading}\n")
        return text


def _marked() -> list[str]:
    """argparse's sentences that a user of `pel` can meet, marked for the catalog (never needed at run
    time: `speaking()` asks the catalog for whatever argparse asks). Also what a test checks."""
    return [
        pgettext("argparse", "usage: "),
        pgettext("argparse", "positional arguments"),
        pgettext("argparse", "options"),
        pgettext("argparse", "show this help message and exit"),
        pgettext("argparse", "%(heading)s:"),
        pgettext("argparse", "argument %(argument_name)s: %(message)s"),
        pgettext("argparse", "%(prog)s: error: %(message)s\n"),
        pgettext("argparse", "%(prog)s: warning: %(message)s\n"),
        pgettext("argparse", "unrecognized arguments: %s"),
        pgettext("argparse", "not allowed with argument %s"),
        pgettext("argparse", "ignored explicit argument %r"),
        pgettext("argparse", "the following arguments are required: %s"),
        pgettext("argparse", "one of the arguments %s is required"),
        pgettext("argparse", "expected one argument"),
        pgettext("argparse", "expected at most one argument"),
        pgettext("argparse", "expected at least one argument"),
        ngettext("expected %s argument", "expected %s arguments", 2),
        pgettext("argparse", "ambiguous option: %(option)s could match %(matches)s"),
        pgettext("argparse", "unexpected option string: %s"),
        pgettext("argparse", "invalid %(type)s value: %(value)r"),
        pgettext("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
        pgettext("argparse", "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"),
        pgettext("argparse", "unknown parser %(parser_name)r (choices: %(choices)s)"),
    ]
