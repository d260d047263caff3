"""`pel`, and `python -m pel_tui`: the application alone, or a command of the command line.

`pel` (or `pel --store PATH`) goes straight to the application (`pel_tui.launch`) without building
the command line's parser (≈40 ms); anything else is a command of `pel_tui.cli`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any


def _app_store(argv: list[str]) -> tuple[bool, str | None]:
    """(True, store) when the arguments ask for the application: none, or only `--store PATH`."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--store":
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--store="):
        return True, argv[0].split("=", 1)[1]
    return False, None


class CleanOutput:
    """Standard output that lets no escape sequence nor control character through: titles, messages and
    names come from others (`local_store.text.clean`)."""

    def __init__(self, stream: Any) -> None:
        from local_store.text import clean

        self._stream = stream
        self._clean = clean  # imported once, not at every write

    def write(self, text: str) -> int:
        return int(self._stream.write(self._clean(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from pel_tui.i18n import lang
    from pel_tui.locations import config_path

    lang.start(config_path())  # every word after this is in the user's language
    is_app, store = _app_store(args)
    if not is_app:
        from pel_tui.cli import main as cli_main

        real = sys.stdout
        sys.stdout = CleanOutput(real)  # type: ignore[assignment]
        try:
            return cli_main(args)
        finally:
            sys.stdout = real
    from pel_tui.launch import run_app

    return run_app(store)


if __name__ == "__main__":
    sys.exit(main())
