"""Exporting a screen's table as CSV, and opening a file or a link with the system's opener."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pel_tui.i18n import _, formats, ngettext


def iso(d: datetime | None) -> str:
    """A time as CSV carries it: UTC ISO 8601, or nothing."""
    return "" if d is None else d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def export_csv(screen: Any, name: str, rows: list[list[str]], folder: Path) -> None:
    """Ask where (a folder, or a file name ending in .csv), then write `rows` there and say so."""
    from pel_tui.widgets.dialogs import PromptDialog

    stamp = datetime.now().strftime("%Y-%m-%d")
    default = (folder if folder.is_dir() else Path.cwd()) / f"{name}-{stamp}.csv"

    def target(value: str) -> Path:
        p = Path(value).expanduser()
        return p / default.name if p.is_dir() else p

    def check(value: str) -> str | None:
        p = target(value)
        if p.suffix.lower() != ".csv" or not p.parent.is_dir():
            return _("{value}: type an existing folder, or a file name ending in .csv in one.").format(value=value)
        return None

    def write(value: str | None) -> None:
        if not value:
            return
        p = target(value)
        try:
            p.write_text(csv_text(rows), encoding="utf-8")
        except OSError as e:
            screen.notify(_("Not exported: {reason}. Try another folder.").format(reason=e.strerror or e),
                          severity="error", timeout=8)
            return
        screen.notify(ngettext("{n} row exported to {file}", "{n} rows exported to {file}", n).format(
            n=formats.number(n), file=p), title="CSV", timeout=8)

    n = len(rows) - 1
    screen.app.push_screen(PromptDialog(ngettext("Export {n} row as CSV to", "Export {n} rows as CSV to", n).format(
        n=formats.number(n)), value=str(default), check=check), write)


def open_with_system(path_or_url: str) -> str | None:
    """Open a file or a link with the system's opener (xdg-open, open, start); None, or why not."""
    import shutil
    import subprocess
    import sys

    if sys.platform == "darwin":
        command = ["open", path_or_url]
    elif sys.platform.startswith("win"):
        command = ["cmd", "/c", "start", "", path_or_url]
    else:
        opener = shutil.which("xdg-open")
        if opener is None:
            return _("no opener on this system (xdg-open is not installed)")
        command = [opener, path_or_url]
    try:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError as e:
        return str(e.strerror or e)
    return None
