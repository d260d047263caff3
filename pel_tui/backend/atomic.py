"""Files written whole or not at all: a temporary file beside the target, fsync, rename.

One helper for every file the engine keeps (stored invoices and images, generated invoices,
badges) and for the settings file: after a crash the target is the old file or the new one.
What it writes is its user's only, whatever the umask: files 0600 (0400 read-only), the folders
it makes 0700. A target that is a symbolic link is written through it: the file it points to is
replaced, and the link stays.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

#: The modes of what is written here: the user's only.
FILE_MODE = 0o600
READ_ONLY_MODE = 0o400
DIR_MODE = 0o700


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(folder: Path) -> bool:
    """Make `folder` and its missing parents, each 0700 whatever the umask; whether it was missing.

    Unlike `Path.mkdir(parents=True)`, the parents get the mode too; folders already there keep theirs.
    """
    if folder.is_dir():
        return False
    missing = []
    p = folder
    while not p.is_dir():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, DIR_MODE)
        except FileExistsError:
            if not d.is_dir():
                raise
            continue
        os.chmod(d, DIR_MODE)  # the umask may have taken the user's own bits
    return True


def resolved(target: Path) -> Path:
    """The file a write to `target` replaces: `target`, or what it points to when it is a symbolic link."""
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def write_atomic(target: Path, data: bytes, *, read_only: bool = False) -> None:
    """Replace `target` with `data` durably (the folder too); nothing is left behind on failure."""
    target = resolved(Path(target))
    parent = target.parent
    if make_dirs(parent):
        fsync_dir(parent.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=parent)  # 0600
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, READ_ONLY_MODE if read_only else FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(parent)
