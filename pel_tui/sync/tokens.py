"""Where a server's token is kept: the system keyring, or a 0600 file only when asked; `PEL_TOKEN` wins.

With no keyring backend (a headless machine), saving refuses and says how to get one, or to pass
`--insecure-storage`; nothing falls back to plain text silently. The token never goes into the
store, a log, an error message or the journal.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from pel_tui.sync.errors import SyncError

SERVICE = "pel-tui"
ENV = "PEL_TOKEN"


def _name(server: str, account: str) -> str:
    return f"{server.rstrip('/')}|{account}"


def _file() -> Path:
    from pel_tui.locations import config_dir

    return config_dir() / "tokens.json"


def _keyring_ok() -> bool:
    import keyring
    from keyring.backends import fail

    return not isinstance(keyring.get_keyring(), fail.Keyring)


def load(server: str, account: str) -> tuple[str, str] | None:
    """(token, where it came from), or None."""
    if os.environ.get(ENV):
        return os.environ[ENV], f"the environment variable {ENV}"
    if _keyring_ok():
        import keyring

        token = keyring.get_password(SERVICE, _name(server, account))
        if token:
            return token, "the system keyring"
    try:
        saved = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    token = saved.get(_name(server, account)) if isinstance(saved, dict) else None
    return (token, f"the file {_file()} (insecure storage)") if token else None


def save(server: str, account: str, token: str, *, insecure: bool) -> str:
    """Keep the token; where it went. Refuses without a keyring unless `insecure`."""
    if _keyring_ok() and not insecure:
        import keyring

        keyring.set_password(SERVICE, _name(server, account), token)
        return "the system keyring"
    if not insecure:
        raise SyncError("sync.no_keyring")
    path = _file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    saved[_name(server, account)] = token
    fd = os.open(path.with_suffix(".part"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(saved, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(path.with_suffix(".part"), path)
    return f"the file {path} (insecure storage)"


def forget(server: str, account: str) -> None:
    if _keyring_ok():
        import keyring
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, _name(server, account))
    path = _file()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(saved, dict) and saved.pop(_name(server, account), None) is not None:
        fd = os.open(path.with_suffix(".part"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(saved, f)
        os.replace(path.with_suffix(".part"), path)
