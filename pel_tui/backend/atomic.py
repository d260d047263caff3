"""Files written whole or not at all: a temporary file beside the target, fsync, rename.

One helper for every file the engine keeps (stored invoices and images, generated invoices,
badges) and for the settings file: after a crash the target is the old file or the new one.
What it writes is its user's only, whatever the umask: files 0600 (0400 read-only), the folders
it makes 0700. A target that is a symbolic link is written through it: the file it points to is
replaced, and the link stays.

A process killed while writing (SIGKILL, a power cut) cannot remove its temporary file: each one is
named after its writer (`.<name>.<pid>@<host>.<random>.part`), and the next write of the same target
removes those whose writer, on this machine, is gone (`sweep`). A writer still alive, or one on
another machine sharing the folder, keeps its file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from local_store import faults

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


def owner() -> str:
    """This process, as temporary files name their writer: `<pid>@<host>` (the host's name made safe)."""
    return f"{os.getpid()}@{_HOST}"


_HOST = re.sub(r"[^A-Za-z0-9-]", "-", os.uname().nodename if hasattr(os, "uname") else "") or "host"
_OWNER = re.compile(r"(\d+)@([A-Za-z0-9-]+)")


def writer_gone(tag: str) -> bool:
    """Whether the writer a temporary file names (`<pid>@<host>`) is a process of this machine that has ended.

    A tag of another form, another host's, a live process's (this one's included): False, keep the file.
    """
    m = _OWNER.fullmatch(tag)
    if m is None or m.group(2) != _HOST or os.name != "posix":  # elsewhere os.kill(pid, 0) is no probe
        return False
    pid = int(m.group(1))
    if pid == os.getpid() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: alive, another user's
        return False
    return False


def sweep(target: Path) -> int:
    """Remove the temporary files of `target` that a writer killed midway left; how many."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return 0
    done = 0
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        tag = name[len(prefix):-len(".part")].rpartition(".")[0]  # <pid>@<host>.<random>
        if writer_gone(tag):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)
                done += 1
    return done


def write_atomic(target: Path, data: bytes, *, read_only: bool = False) -> None:
    """Replace `target` with `data` durably (the folder too); nothing is left behind on failure."""
    target = resolved(Path(target))
    parent = target.parent
    if make_dirs(parent):
        fsync_dir(parent.parent)
    else:
        sweep(target)  # what a writer killed before its rename left
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{owner()}.", suffix=".part", dir=parent)  # 0600
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        faults.point("atomic.written")  # crash test: the temporary file written and fsynced, not renamed
        os.chmod(tmp, READ_ONLY_MODE if read_only else FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(parent)
