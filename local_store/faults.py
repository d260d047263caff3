"""Fault injection for the crash test (`benchmarks/crash.py`): die at a named point.

`point(name)` ends the process at once (`os._exit(137)`, as a SIGKILL would: no cleanup, no
`finally`, no flush) when the environment variable `PEL_CRASH_AT` is `name` (the first time the
point is reached) or `name:N` (the Nth time). The variable is read once, at import; when it is
unset, a point costs one comparison.

The points (one line each, where they are called):

    store.commit.before   Store.write, just before COMMIT        (local_store/connection.py)
    store.commit.after    Store.write, just after COMMIT         (local_store/connection.py)
    atomic.written        write_atomic: the temporary file written and fsynced, before its rename
                                                                 (pel_tui/backend/atomic.py)
    files.staged          files.keep: the kept file staged, before the command commits
    files.publish         files._publish: after the commit, before the staged file is renamed into place
                                                                 (pel_tui/backend/files.py)
    invoice.rendered      render_invoice: the PDF's bytes made, before anything writes them
                                                                 (pel_tui/backend/invoice_pdf.py)
"""

from __future__ import annotations

import os

#: Where to die: (point name, how many times it is passed before dying), or None.
_AT: tuple[str, int] | None = None
_seen = 0


def _parse(value: str | None) -> tuple[str, int] | None:
    if not value:
        return None
    name, sep, nth = value.rpartition(":")
    if sep and nth.isdigit() and int(nth) >= 1:
        return name, int(nth)
    return value, 1


_AT = _parse(os.environ.get("PEL_CRASH_AT"))


def point(name: str) -> None:
    """Die here (exit status 137) if `PEL_CRASH_AT` names this point (and this is its Nth pass)."""
    if _AT is None or _AT[0] != name:
        return
    global _seen
    _seen += 1
    if _seen == _AT[1]:
        os._exit(137)
