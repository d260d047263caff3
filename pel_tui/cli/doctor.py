"""`pel doctor`: is the store whole? The full `PRAGMA integrity_check`, its stored files, who can read them.

The check at every open is a cheap one (`local_store.connection`: the header and the schema, and a
`quick_check` on a small store); `pel doctor` reads every page (≈3.6 s on a 1,000,000-project store
in the page cache). It opens the store read-only and changes nothing, so that it can look at a
store that pel refuses to open. `--salvage NEW` copies what can be read into a new store file
(SQLite's `VACUUM INTO`), checks the copy, and says how to use it.

Exit codes: 0 the store is whole; 12 it is damaged (StoreCorrupt); 1 stored files are missing or
differ; a store that cannot be looked at exits with its fault's code (`local_store.connection`).
The command opens no store the usual way: the command line lists it in `STORELESS`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

from local_store.connection import StoreError
from pel_tui.cli.common import Registry, emit, raise_usage
from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt

#: How many problems `integrity_check` reports at most.
MAX_PROBLEMS = 20


def cmd_doctor(s: Any, a: argparse.Namespace) -> None:
    from local_store.connection import SCHEMA_VERSION, StoreCorrupt, check_file, cut_short, storage_fault
    from pel_tui.locations import store_path

    path = store_path(a.store)
    problem = check_file(path)
    if problem is not None and not _still_readable(problem, path):
        raise problem
    report: dict[str, Any] = {"store": str(path), "size_bytes": path.stat().st_size}
    t0 = time.perf_counter()
    try:
        conn = _read_only(path)
        try:
            report["schema_version"] = int(conn.execute("PRAGMA user_version").fetchone()[0])
            report["known_version"] = SCHEMA_VERSION
            damage = _integrity(conn)
            report["files"] = _files(conn, path.parent / "files")
            if getattr(a, "salvage", None):
                report["salvage"] = _salvage(conn, path, Path(a.salvage).expanduser())
        finally:
            conn.close()
    except sqlite3.Error as e:
        fault = storage_fault(e, path, opening=True)
        if fault is None:
            raise
        if not isinstance(fault, StoreCorrupt):
            raise fault from e
        damage = [cut_short(path) or str(e)]
    if problem is not None and isinstance(problem, StoreCorrupt):
        damage = [problem.detail, *damage]
    report["integrity"] = damage or "ok"
    report["seconds"] = round(time.perf_counter() - t0, 2)
    report["problems"] = [] if problem is None or isinstance(problem, StoreCorrupt) else [str(problem)]
    report["loose"] = _loose(path)
    try:
        report["free_bytes"] = _free(path.parent)
    except OSError:
        report["free_bytes"] = None
    emit(a, report, _text)
    if damage:
        raise StoreCorrupt(path, damage[0])
    files = report.get("files") or {}
    if files.get("missing") or files.get("different"):
        raise FilesMissing(path, count=len(files["missing"]) + len(files["different"]))


class FilesMissing(StoreError):
    """Stored files the store records are missing from `files/`, or differ."""

    exit_code = 1
    kind = "store.files_missing"

    def __str__(self) -> str:
        assert self.path is not None
        count = int(self.params["count"])
        return ngettext("{n} stored file that {store} records is missing from {folder} or differs: restore that "
                        "folder from your last backup",
                        "{n} stored files that {store} records are missing from {folder} or differ: restore that "
                        "folder from your last backup", count).format(
            n=fmt.number(count), store=self.path, folder=self.path.parent / "files")


def _still_readable(problem: Exception, path: Path) -> bool:
    """A store pel would not write to, that the doctor can still read (damaged, read-only...)."""
    from local_store.connection import StoreCorrupt, StoreNoAccess, StoreReadOnly

    if isinstance(problem, StoreCorrupt | StoreReadOnly):
        return True
    return isinstance(problem, StoreNoAccess) and problem.params.get("what") == "folder" and os.access(path, os.R_OK)


def _read_only(path: Path) -> sqlite3.Connection:
    uri = f"{Path(os.path.abspath(path)).as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _integrity(conn: sqlite3.Connection) -> list[str]:
    from local_store.connection import integrity

    return integrity(conn, quick=False, limit=MAX_PROBLEMS)


def _files(conn: sqlite3.Connection, files_dir: Path) -> dict[str, Any]:
    """Every stored file the store records: present, and of its size."""
    from pel_tui.backend.files import folder

    try:
        rows = conn.execute("SELECT sha256, kind, size_bytes FROM blobs").fetchall()
    except sqlite3.OperationalError:  # a store from before stored files
        rows = []
    missing, different = [], []
    for sha, kind, size in rows:
        found = list((files_dir / folder(kind) / sha[:2]).glob(f"{sha}*"))
        if not found:
            missing.append(sha)
        elif all(f.stat().st_size != size for f in found):
            different.append(sha)
    return {"recorded": len(rows), "missing": missing, "different": different}


def _salvage(conn: sqlite3.Connection, path: Path, target: Path) -> dict[str, Any]:
    """What can be read of the store, copied into `target` (VACUUM INTO), and the copy checked."""
    from local_store.connection import STORE_MODE, integrity

    if target.exists() or target.is_symlink():
        raise_usage(_("{path} exists: give --salvage the path of a new file").format(path=target))
    if not target.parent.is_dir():
        raise_usage(_("no folder {folder}: give --salvage a path in an existing folder").format(folder=target.parent))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, STORE_MODE)  # VACUUM INTO fills an empty file
    os.close(fd)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as e:
        for suffix in ("", "-journal", "-wal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return {"path": str(target), "saved": False, "error": str(e)}
    os.chmod(target, STORE_MODE)
    copy = sqlite3.connect(f"{Path(os.path.abspath(target)).as_uri()}?mode=ro", uri=True)
    try:
        damage = integrity(copy, quick=False, limit=MAX_PROBLEMS)
    finally:
        copy.close()
    return {"path": str(target), "saved": True, "integrity": damage or "ok"}


def _loose(path: Path) -> list[str]:
    """The store's files and folders that others than its user can read."""
    out = []
    candidates = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), path.parent / "files"]
    files_dir = path.parent / "files"
    if files_dir.is_dir():
        for root, dirs, names in os.walk(files_dir):
            candidates += [Path(root) / d for d in dirs] + [Path(root) / n for n in names]
    for p in candidates:
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
            out.append(str(p))
    return out


def _free(folder: Path) -> int:
    import shutil

    return shutil.disk_usage(folder).free


def _size(n: int | None) -> str:
    """`512 B`, `3.6 MB` (en), `3,6 Mo` (fr): sizes in powers of 1000."""
    if n is None:
        return "?"
    units = (pgettext("size", "B"), pgettext("size", "KB"), pgettext("size", "MB"), pgettext("size", "GB"),
             pgettext("size", "TB"))
    x = float(n)
    for i, unit in enumerate(units[:-1]):
        if x < 1000:
            return f"{fmt.number(int(x))} {unit}" if i == 0 else f"{fmt.decimal(x, 1)} {unit}"
        x /= 1000
    return f"{fmt.decimal(x, 1)} {units[-1]}"


def _text(r: dict[str, Any]) -> str:
    labels = {"store": pgettext("doctor", "store"), "integrity": pgettext("doctor", "integrity"),
              "files": pgettext("doctor", "files"), "privacy": pgettext("doctor", "privacy"),
              "note": pgettext("doctor", "note"), "disk": pgettext("doctor", "disk"),
              "salvage": pgettext("doctor", "salvage")}
    width = max(len(label) for label in labels.values()) + 2
    under = " " * (width + 2)  # the lines that go on a label's value

    def line(label: str, text: str) -> str:
        return labels[label].ljust(width) + text

    version = r.get("schema_version", "?")
    newer = r.get("schema_version", 0) > r.get("known_version", 0)
    lines = [line("store", _("{path} ({size}, version {version})").format(
        path=r["store"], size=_size(r["size_bytes"]), version=version) if not newer else
        _("{path} ({size}, version {version}, newer than this pel-tui)").format(
            path=r["store"], size=_size(r["size_bytes"]), version=version))]
    if r["integrity"] == "ok":
        lines.append(line("integrity", _("ok (every page read: PRAGMA integrity_check, {seconds} s)").format(
            seconds=fmt.decimal(r["seconds"], 2))))
    else:
        lines.append(line("integrity", _("DAMAGED:")))
        lines += [f"{under}{d}" for d in r["integrity"]]
    f = r.get("files")
    if f is not None:
        recorded = ngettext("{n} stored file", "{n} stored files", f["recorded"]).format(n=fmt.number(f["recorded"]))
        if not f["missing"] and not f["different"]:
            lines.append(line("files", _("{recorded}, all present").format(recorded=recorded)))
        else:
            lines.append(line("files", _("{recorded}: {missing} missing, {different} of another size than "
                                         "recorded").format(recorded=recorded, missing=fmt.number(len(f["missing"])),
                                                            different=fmt.number(len(f["different"])))))
            lines += [under + _("missing {sha}").format(sha=sha) for sha in f["missing"][:MAX_PROBLEMS]]
    if r["loose"]:
        lines.append(line("privacy", ngettext("{n} file or folder others can read: chmod go= {paths}",
                                              "{n} files or folders others can read: chmod go= {paths}",
                                              len(r["loose"])).format(
            n=fmt.number(len(r["loose"])), paths=" ".join(r["loose"][:5]) + (" ..." if len(r["loose"]) > 5 else ""))))
    else:
        lines.append(line("privacy", _("ok: the store and its files are readable by their user only")))
    for p in r["problems"]:
        lines.append(line("note", p))
    lines.append(line("disk", _("{size} free").format(size=_size(r["free_bytes"]))))
    salvage = r.get("salvage")
    if salvage:
        if salvage["saved"]:
            state = (pgettext("salvage", "whole") if salvage["integrity"] == "ok"
                     else _("still damaged: {problem}").format(problem=salvage["integrity"][0]))
            lines.append(line("salvage", _("what could be read is in {path} ({state}); use it with pel --store {path}, "
                                           "or keep the damaged file aside and put the copy in its place").format(
                path=salvage["path"], state=state)))
        else:
            lines.append(line("salvage", _("VACUUM INTO stopped at the damage ({error}): restore your last backup, "
                                           "or try SQLite's own: sqlite3 {store} .recover | sqlite3 {path}").format(
                error=salvage["error"], store=r["store"], path=salvage["path"])))
    return "\n".join(lines)


def add_commands(reg: Registry) -> None:
    sp = reg.cmd("doctor", cmd_doctor,
                 _("check the whole store (every page), its stored files and who can read them; changes nothing"))
    sp.add_argument("--salvage", metavar=_("NEW"),
                    help=_("copy what can be read into the new store file NEW (VACUUM INTO), then check it"))
