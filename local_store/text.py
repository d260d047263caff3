"""Text that came from someone else, made safe to reach a terminal.

A title, a message or a client's name may hold terminal escape sequences (`\\x1b[2J` clears the
screen, `\\x1b]0;...\\x07` renames the window) or other control characters. `clean` drops them,
whole sequences first (CSI, OSC, DCS and the two-character ones), then any control character left
(C0 but tab and newline, DEL, C1), so that what is shown is only what can be read. The engine
cleans the text of every command before running it, the mirror every row it receives, and the
command line what it prints.
"""

from __future__ import annotations

import re

#: Escape sequences: CSI (`ESC [` … final byte), OSC / DCS / SOS / PM / APC (… up to BEL or ST),
#: and two-character escapes (`ESC c`, `ESC 7`).
_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x9e\x9f\x98][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` without escape sequences nor control characters (tab and newline stay)."""
    if not _CONTROLS.search(text):
        return text  # the usual case, at the cost of one scan
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def clean_row(values: list[object]) -> list[object]:
    """A row's values, its texts cleaned."""
    return [clean(v) if type(v) is str else v for v in values]
