"""What a rendering is given: a message's parameters by name, and the voice to say them in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pel_tui.i18n import _
from pel_tui.i18n.voice import Voice


class Params:
    """A message's parameters, read as attributes (`p.project_id`); a missing optional one is None."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)


Say = Callable[[Params, Voice], str]


def form(n: Any) -> int:
    """The count that chooses the form of a sentence (`ngettext`); a value that is not a count reads as plural."""
    return n if isinstance(n, int) and not isinstance(n, bool) else 2


def os_error(errno: Any) -> str:
    """Why the system could not read or write a file, in words (the system's own words for a rare case)."""
    import errno as codes
    import os

    if not isinstance(errno, int):
        return _("unknown error")
    said = {
        codes.ENOENT: _("no such file or folder"),
        codes.EACCES: _("permission denied"),
        codes.EPERM: _("operation not permitted"),
        codes.EISDIR: _("it is a folder"),
        codes.ENOTDIR: _("not a folder"),
        codes.EEXIST: _("it already exists"),
        codes.ENOSPC: _("no space left on the disk"),
        codes.EROFS: _("the disk is read-only"),
        codes.ENAMETOOLONG: _("the file name is too long"),
    }.get(errno)
    return said if said is not None else os.strerror(errno)
