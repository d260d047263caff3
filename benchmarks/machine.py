"""The machine a benchmark ran on, printed with its figures."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def describe(*extra: str) -> str:
    """`machine: 2 CPUs (nproc), <CPU model>; SQLite x; Python y; <extra>`."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    parts = [f"{os.cpu_count()} CPUs (nproc), {model}", f"SQLite {sqlite3.sqlite_version}",
             f"Python {platform.python_version()}", *extra]
    return "machine: " + "; ".join(parts)
