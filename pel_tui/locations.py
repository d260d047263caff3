"""Every path pel-tui uses, in one place (platformdirs); its own folders are its user's only.

The store path is resolved once, here: with `PEL_STORE` (or `--store`) a symbolic link, the store
is the file it points to, and its `files/` folder is looked for beside that real file. Only the
default location (the user data directory) is made on a first start, 0700; a store anywhere else
is made only when asked (`pel demo --store PATH`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

APP = "pel-tui"
#: The modes of what pel-tui writes in its own folders: its user's only.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def data_dir() -> Path:
    from platformdirs import user_data_path

    return Path(user_data_path(APP, appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_path

    return Path(user_config_path(APP, appauthor=False))


def store_path(explicit: str | None = None) -> Path:
    """`--store PATH`, else `PEL_STORE`, else the store in the user data directory (made, 0700); resolved."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("PEL_STORE")
    if env:
        return Path(env).expanduser().resolve()
    folder = data_dir()
    make_private_dir(folder)
    return (folder / "store.sqlite").resolve()


def config_path() -> Path:
    """`config.toml` in the user config directory (`PEL_CONFIG` overrides it)."""
    env = os.environ.get("PEL_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def make_private_dir(folder: Path) -> None:
    """Make `folder` (and its missing parents) 0700, whatever the umask; an existing one is tightened.

    Best effort: a folder that cannot be made is left to the operation that needs it to report.
    """
    with contextlib.suppress(OSError):
        from pel_tui.backend.atomic import make_dirs

        make_dirs(folder)
        tighten(folder, PRIVATE_DIR)


def tighten(path: Path, mode: int) -> None:
    """Take group and others' bits away from `path` if it is the user's own (never widens a mode)."""
    try:
        st = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid() or not st.st_mode & 0o077:
        return
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IMODE(st.st_mode) & mode)


def make_store_private(path: Path) -> None:
    """The store of the user data directory, its -wal and -shm 0600, its folders 0700 (an older pel-tui's).

    Only there: a store elsewhere keeps the mode its user gave it (a store shared with a group).
    """
    tighten(path.parent, PRIVATE_DIR)
    for suffix in ("", "-wal", "-shm"):
        tighten(Path(f"{path}{suffix}"), PRIVATE_FILE)
    tighten(path.parent / "files", PRIVATE_DIR)
