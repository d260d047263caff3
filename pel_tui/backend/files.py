"""Stored files (invoices, images): content-addressed beside the store, visible once their command commits.

A command that keeps a file calls `keep(ctx, data, kind, ext)` inside its transaction: the bytes
are written to `files/.staging/` (fsync) and the `blobs` row is inserted with the command's other
rows; once the transaction has committed, the staged file is renamed into
`files/<kind>s/<sha[:2]>/<sha><ext>`, read-only. A command that fails removes what it staged.
After a crash, `recover` (run when an engine opens the store) finishes the job the store says
was done: a staged file whose blob is recorded is moved into place, any other is deleted. A staged
file names its writer (`<sha>__<kind>__<token>__<pid>@<host><ext>`): one whose writer is still
running (a command of another process, not committed yet) is left to it. So a
file never outlives a command that did not commit, and a committed file is never lost.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from local_store import faults
from pel_tui.backend.atomic import fsync_dir, make_dirs, owner, write_atomic, writer_gone
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput

STAGING = ".staging"
KINDS = ("invoice", "image")


def folder(kind: str) -> str:
    return "images" if kind == "image" else f"{kind}s"


def final_path(files_dir: Path, kind: str, sha: str, ext: str) -> Path:
    return files_dir / folder(kind) / sha[:2] / f"{sha}{ext}"


def sha256(data: bytes) -> str:
    import hashlib  # here: OpenSSL's import weighs on every start, for a file stored now and then

    return hashlib.sha256(data).hexdigest()


def keep(ctx: Ctx, data: bytes, kind: str, ext: str = "") -> str:
    """Keep `data` as a blob of `kind`, made visible when the command commits; its SHA-256."""
    if not data:
        raise InvalidInput("file.empty")
    assert kind in KINDS and "__" not in ext
    sha = sha256(data)
    files = ctx.files_dir
    final = final_path(files, kind, sha, ext)
    ctx.conn.execute(
        "INSERT OR IGNORE INTO blobs(sha256, kind, size_bytes, stored_at) VALUES (?, ?, ?, ?)",
        (sha, kind, len(data), ctx.now),
    )
    if _same(final, data):
        return sha
    import secrets  # here, not at the top: the first screen, which only reads, does not pay its import

    staged = files / STAGING / f"{sha}__{kind}__{secrets.token_hex(4)}__{owner()}{ext}"
    write_atomic(staged, data, read_only=True)
    faults.point("files.staged")  # crash test: the file staged, its command not committed
    ctx.after_commit.append(lambda: _publish(staged, final))
    ctx.on_abort.append(lambda: _discard(staged))
    return sha


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _publish(staged: Path, final: Path) -> None:
    created = make_dirs(final.parent)  # 0700, as every folder of files/
    if created:
        fsync_dir(final.parent.parent)
    faults.point("files.publish")  # crash test: committed, the staged file not yet renamed into place
    os.replace(staged, final)
    fsync_dir(final.parent)


def _discard(staged: Path) -> None:
    with contextlib.suppress(OSError):
        staged.unlink()


def recover(files_dir: Path, conn: sqlite3.Connection) -> int:
    """Finish or undo what a crash left in the staging folder; how many files it handled."""
    staging = files_dir / STAGING
    try:
        names = os.listdir(staging)
    except OSError:
        return 0
    done = 0
    for name in names:
        parts = name.split("__")
        path = staging / name
        # <sha>__<kind>__<token>__<pid>@<host><ext>, or its write_atomic's .<that>.<pid>@<host>.<random>.part:
        # a writer still alive (another process's command, not committed yet) is left to finish its job.
        if len(parts) == 4 and not writer_gone(parts[3].partition(".")[0]):
            continue
        if len(parts) not in (3, 4) or name.endswith(".part"):
            _discard(path)  # a write cut short
            done += 1
            continue
        sha, kind = parts[0], parts[1]
        ext = parts[2][8:] if len(parts) == 3 else parts[3][len(parts[3].partition(".")[0]):]  # from the dot
        recorded = conn.execute("SELECT 1 FROM blobs WHERE sha256 = ?", (sha,)).fetchone() is not None
        final = final_path(files_dir, kind, sha, ext)
        if recorded and not final.exists():
            _publish(path, final)
        else:
            _discard(path)
        done += 1
    return done
