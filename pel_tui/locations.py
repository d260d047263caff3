"""Every path pel-tui uses, in one place (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "pel-tui"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return Path(user_data_path(APP, appauthor=False))


def config_dir() -> Path:
    from platformdirs import user_config_path

    return Path(user_config_path(APP, appauthor=False))


def store_path(explicit: str | None = None) -> Path:
    """`--store PATH`, else `PEL_STORE`, else the store in the user data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("PEL_STORE")
    if env:
        return Path(env).expanduser()
    return data_dir() / "store.sqlite"


def config_path() -> Path:
    """`config.toml` in the user config directory (`PEL_CONFIG` overrides it)."""
    env = os.environ.get("PEL_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"
