"""Files written whole or not at all: a temporary file beside the target, fsync, rename.

One helper for every file the engine keeps (stored invoices and images, generated invoices,
badges) and for the settings file: after a crash the target is the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes, *, read_only: bool = False) -> None:
    """Replace `target` with `data` durably (the folder too); nothing is left behind on failure."""
    parent = target.parent
    created = not parent.is_dir()
    parent.mkdir(parents=True, exist_ok=True)
    if created:
        fsync_dir(parent.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if read_only:
            os.chmod(tmp, 0o444)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(parent)
