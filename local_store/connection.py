"""Opening a store: checks, pragmas, migrations, and the one way to write (`Store.write`).

A store that cannot be used raises a `StoreError` whose message says what happened and what to do
(the words: `local_store.words`, in the user's language), never a traceback. Each kind has its exit code,
the one the command line and the application exit with:

    3   StoreError     another storage fault; StoreTooNew (written by a newer pel-tui)
    10  StoreMissing   no store at the path, or no such folder (`pel demo --store PATH` makes one)
    11  NotAStore      the file is not a pel-tui store: empty, another program's file, a folder
    12  StoreCorrupt   the store is damaged: nothing is written to it (restore the last backup, or
                       save what can be read with `pel doctor --salvage NEW`, SQLite's VACUUM INTO)
    13  StoreFull      the disk is full (SQLITE_FULL, ENOSPC, EDQUOT): nothing was written
    14  StoreReadOnly  the store file, or the disk it is on, is read-only
    15  StoreNoAccess  permission denied: on the file, or on its folder (SQLite writes -wal, -shm there)
    16  StoreBadPlace  a path in /proc, /sys or /dev: not a place for a store
    17  StoreBusy      another program held the store locked longer than the busy timeout
    18  StoreIOError   the disk returned an error (SQLITE_IOERR, EIO)

Where they are raised: `Store.open` (checks before SQLite sees the file, then what SQLite says),
and `Store.write` (what SQLite or the system raises inside the transaction: the transaction is
rolled back whole, so nothing is partial, and the store is usable again once the cause is gone).
`StoreError.of(error)` maps what SQLite raised elsewhere (a read meeting a damaged page).

The check at open is what is cheap enough on a large store (figures on a 1,000,000-project store,
1.5 GB: `PRAGMA quick_check` 1.4-1.8 s with the file in the page cache, 21 s cold; integrity_check
3.2-3.8 s, 25 s cold): the header (magic, page size) and the schema, always (Store.open ≈1.3 ms on
that store), and a full `PRAGMA quick_check` only when the store is at most `QUICK_CHECK_MAX_BYTES`
(≈1.2 ms per MB: 25 ms for the 19 MB default demo). A file cut short is found by SQLite at open.
`pel doctor` runs the full `PRAGMA integrity_check`. A write that meets damage marks the store, and
every later write is refused.

A new store is made whole in a temporary file beside the target and linked into place: no other
process ever sees a half-made store, and an existing empty file is refused, never filled. The file
is made 0600 (SQLite gives its -wal and -shm the same mode); no folder is made here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from local_store import faults
from local_store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
#: The store size up to which every open runs a full `PRAGMA quick_check` (≈10 ms at 8 MiB).
QUICK_CHECK_MAX_BYTES = 8 << 20
#: The mode of a store file (and, through SQLite, of its -wal and -shm): its user's only.
STORE_MODE = 0o600
#: Folders where a store cannot live (pseudo-filesystems of the kernel).
PSEUDO_ROOTS = ("/proc", "/sys", "/dev")
_PSEUDO_FS = {"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs",
              "securityfs", "configfs", "pstore", "bpf", "efivarfs", "fusectl", "mqueue", "hugetlbfs"}
_HEADER = b"SQLite format 3\x00"


# -- the errors ----------------------------------------------------------------------------------------

class StoreError(Exception):
    """A store that cannot be used as it is; the message says why and what to do."""

    exit_code: ClassVar[int] = 3
    kind: ClassVar[str] = "store.error"
    #: What SQLite raises that may be a storage fault (`StoreError.of` tells which): catch it beside
    #: StoreError where storage faults are printed, `except (StoreError, StoreError.RAW)`.
    RAW: ClassVar[type[Exception]] = sqlite3.DatabaseError

    def __init__(self, path: str | Path | None = None, /, detail: str = "", **params: Any) -> None:
        if type(self) is StoreError and isinstance(path, str) and not detail:
            detail, path = path, None  # StoreError("a sentence")
        self.path: Path | None = Path(path) if path is not None else None
        self.detail = detail
        self.params: dict[str, Any] = params
        super().__init__(str(path), detail)

    def __str__(self) -> str:
        from local_store.words import store_error_words

        return store_error_words(self)

    def __getattr__(self, name: str) -> Any:
        params = self.__dict__.get("params", {})
        if name in params:
            return params[name]
        raise AttributeError(name)

    @classmethod
    def of(cls, error: BaseException, path: str | Path | None = None) -> StoreError | None:
        """`error` as a storage fault (itself if it is one); None when it is not one (a bug: re-raise it)."""
        if isinstance(error, StoreError):
            return error
        return storage_fault(error, Path(path) if path is not None else None)


class StoreTooNew(StoreError):
    """The file was written by a newer version of pel-tui."""

    kind = "store.too_new"


class StoreMissing(StoreError):
    """No store at the path (`folder`: the folder it names does not exist either)."""

    exit_code = 10
    kind = "store.missing"


class NotAStore(StoreError):
    """The file is not a pel-tui store (`what`: empty, folder, special, other, foreign)."""

    exit_code = 11
    kind = "store.not_a_store"


class StoreCorrupt(StoreError):
    """The store is damaged; nothing is written to it."""

    exit_code = 12
    kind = "store.corrupt"


class StoreFull(StoreError):
    """The disk holding the store (or a file being written) is full; nothing was written."""

    exit_code = 13
    kind = "store.full"


class StoreReadOnly(StoreError):
    """The store file (`what="file"`) or its disk (`what="disk"`) is read-only."""

    exit_code = 14
    kind = "store.read_only"


class StoreNoAccess(StoreError):
    """Permission denied on the store's folder (`what="folder"`) or on a file (`what="file"`)."""

    exit_code = 15
    kind = "store.no_access"


class StoreBadPlace(StoreError):
    """A path on a pseudo-filesystem (/proc, /sys, /dev)."""

    exit_code = 16
    kind = "store.bad_place"


class StoreBusy(StoreError):
    """Another process held the store longer than the busy timeout."""

    exit_code = 17
    kind = "store.busy"


class StoreIOError(StoreError):
    """The disk returned an error."""

    exit_code = 18
    kind = "store.io_error"


# -- telling the faults apart ---------------------------------------------------------------------------

def storage_fault(error: BaseException, path: Path | None, *, opening: bool = False) -> StoreError | None:
    """The `StoreError` for what SQLite or the system raised, or None when it is not a storage fault."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        name = getattr(error, "sqlite_errorname", "") or ""
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(error)
        if primary == 13:  # SQLITE_FULL
            return StoreFull(path, text)
        if name == "SQLITE_READONLY_DBMOVED":
            return StoreMissing(path, "the file was moved or deleted while pel-tui had it open")
        if name == "SQLITE_READONLY_DIRECTORY":
            return StoreNoAccess(path, text, what="folder", folder=str(path.parent) if path else None)
        if primary == 8:  # SQLITE_READONLY
            return StoreReadOnly(path, text, what="disk" if path is not None and _read_only_fs(path) else "file")
        if primary == 11:  # SQLITE_CORRUPT
            return StoreCorrupt(path, text)
        if primary == 26:  # SQLITE_NOTADB
            return NotAStore(path, text) if opening else StoreCorrupt(path, text)
        if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            return StoreBusy(path, text, opening=opening, seconds=f"{BUSY_TIMEOUT_MS / 1000:g}")
        if primary == 10:  # SQLITE_IOERR: a full disk says so on some paths (-shm, fsync)
            if path is not None and _disk_full(path):
                return StoreFull(path, text)
            return StoreIOError(path, text)
        if primary in (3, 14, 23):  # SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH
            return _diagnose(path, text) if path is not None else StoreNoAccess(path, text)
        if primary is None and isinstance(error, sqlite3.OperationalError) and (
                "locked" in text or "busy" in text):
            return StoreBusy(path, text, opening=opening, seconds=f"{BUSY_TIMEOUT_MS / 1000:g}")
        return None
    if isinstance(error, OSError):
        filename = error.filename if isinstance(error.filename, str) else None
        text = error.strerror or str(error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            beside = filename is None or path is None or _under(Path(filename), path.parent)
            folder = str(Path(filename).parent) if filename and path is None else None
            return StoreFull(path, text, filename=None if beside else filename, folder=folder)
        if error.errno == errno.EROFS:
            return StoreReadOnly(Path(filename) if filename else path, text, what="disk")
        if error.errno in (errno.EACCES, errno.EPERM):
            return StoreNoAccess(path, text, what="file", filename=filename)
        if error.errno == errno.EIO:
            return StoreIOError(path, text)
        return None
    return None


def _under(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(folder))
    except ValueError:
        return False
    return True


def _read_only_fs(path: Path) -> bool:
    for p in (path, path.parent):
        with contextlib.suppress(OSError):
            return bool(os.statvfs(p).f_flag & os.ST_RDONLY)
    return False


def _disk_full(path: Path) -> bool:
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def _pseudo_root(path: Path, *, mounts: bool = True) -> str | None:
    """The system folder (/proc, /sys, /dev) or pseudo-filesystem (`mounts`) that `path` is in, if any."""
    try:
        real = os.path.realpath(path)
    except OSError:
        real = os.path.abspath(path)
    for root in PSEUDO_ROOTS:
        if (real == root or real.startswith(root + "/")) and not real.startswith("/dev/shm/"):
            return root
    if not mounts:
        return None
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as f:
            table = [line.split()[1:3] for line in f if len(line.split()) >= 3]
    except OSError:
        return None
    best, fs = "", ""
    for point, kind in table:
        point = point.replace("\\040", " ")
        if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, fs = point, kind
    return best if fs in _PSEUDO_FS else None


def _diagnose(path: Path, detail: str) -> StoreError:
    """Why a path cannot be opened, from the file system (after SQLite could not open it)."""
    root = _pseudo_root(path)
    if root is not None:
        return StoreBadPlace(path, detail, root=root)
    parent = path.parent
    if not parent.is_dir():
        return StoreMissing(path, detail, folder=str(parent))
    if path.is_dir():
        return NotAStore(path, detail, what="folder")
    if _read_only_fs(path):
        return StoreReadOnly(path, detail, what="disk")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return StoreNoAccess(path, detail, what="file", filename=str(path))
    if not os.access(parent, os.W_OK | os.X_OK):
        return StoreNoAccess(path, detail, what="folder", folder=str(parent))
    return StoreError(path, detail)


def check_new(p: Path) -> StoreError | None:
    """What forbids making a store at `p` (no folder, a system folder, a folder that cannot be written)."""
    if not p.parent.is_dir():
        return StoreMissing(p, folder=str(p.parent))
    root = _pseudo_root(p)
    if root is not None:
        return StoreBadPlace(p, root=root)
    if not os.access(p.parent, os.W_OK | os.X_OK):
        if _read_only_fs(p.parent):
            return StoreReadOnly(p, what="disk")
        return StoreNoAccess(p, what="folder", folder=str(p.parent), making=True)
    return None


def check_file(p: Path) -> StoreError | None:
    """What is wrong with an existing store file before SQLite opens it (cheap: a stat, two access calls)."""
    root = _pseudo_root(p, mounts=False)
    if root is not None:
        return StoreBadPlace(p, root=root)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        return StoreMissing(p)
    except NotADirectoryError:
        return StoreMissing(p, folder=str(p.parent))
    except OSError as e:
        return storage_fault(e, p) or StoreError(p, str(e))
    if stat.S_ISDIR(st.st_mode):
        return NotAStore(p, what="folder")
    if not stat.S_ISREG(st.st_mode):
        root = _pseudo_root(p)
        return StoreBadPlace(p, root=root) if root else NotAStore(p, what="special")
    if not os.access(p, os.R_OK):
        return StoreNoAccess(p, what="file", filename=str(p))
    if not os.access(p, os.W_OK):
        return StoreReadOnly(p, what="disk" if _read_only_fs(p) else "file")
    if not os.access(p.parent, os.W_OK | os.X_OK):
        if _read_only_fs(p.parent):
            return StoreReadOnly(p, what="disk")
        return StoreNoAccess(p, what="folder", folder=str(p.parent))
    if st.st_size == 0:
        wal = Path(f"{p}-wal")
        if not (wal.is_file() and wal.stat().st_size > 0):  # a store whose pages are all in its WAL is not empty
            root = _pseudo_root(p)
            return StoreBadPlace(p, root=root) if root else NotAStore(p, what="empty")
        return None
    return check_header(p)


def check_header(p: Path) -> StoreError | None:
    """The first 100 bytes: a SQLite database, with a sane page size (bytes that never change)."""
    try:
        with open(p, "rb") as f:
            h = f.read(100)
    except OSError as e:
        return storage_fault(e, p) or StoreError(p, str(e))
    if len(h) < 100 or h[:16] != _HEADER:
        root = _pseudo_root(p)
        if root is not None:
            return StoreBadPlace(p, root=root)
        return NotAStore(p, "file is not a database")
    page_size = int.from_bytes(h[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or h[21:24] != b"\x40\x20\x20":
        return StoreCorrupt(p, "its header is damaged")
    return None


def cut_short(p: Path) -> str | None:
    """'the file is cut short…' when its header counts more pages than it holds.

    Asked only once SQLite has found the store damaged: read without SQLite's locks, the header may
    be ahead of the file while another process checkpoints.
    """
    try:
        with open(p, "rb") as f:
            h = f.read(100)
        size = os.stat(p).st_size
    except OSError:
        return None
    if len(h) < 100 or h[:16] != _HEADER:
        return None
    page_size = int.from_bytes(h[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(h[28:32], "big")
    if pages and h[24:28] == h[92:96] and size < pages * page_size:
        return f"the file is cut short: {size:,} bytes of {pages * page_size:,}"
    return None


def integrity(conn: sqlite3.Connection, *, quick: bool = True, limit: int = 1) -> list[str]:
    """`PRAGMA quick_check` / `integrity_check`: [] when the store is whole, else what is wrong.

    Damage so bad that the check itself stops is what is wrong; any other fault (a lock) is raised.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({int(limit)})")]
    except sqlite3.DatabaseError as e:
        if isinstance(storage_fault(e, None), StoreCorrupt | NotAStore):
            return [str(e)]
        raise
    return [] if rows == ["ok"] else rows


def _uri(p: Path, mode: str) -> str:
    return f"{Path(os.path.abspath(p)).as_uri()}?mode={mode}"


# -- the store ------------------------------------------------------------------------------------------

class Store:
    """One SQLite connection to a store file.

    Reads run on the connection as it is (autocommit, WAL snapshot per statement); every write
    goes through `write()`, one `BEGIN IMMEDIATE` transaction that commits or rolls back whole.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0
        #: Run at the start of every write transaction (the sync server numbers its transactions).
        self.on_begin: list[Callable[[sqlite3.Connection], None]] = []
        #: Set when a write met damage: every later write is refused (`StoreCorrupt`).
        self.damage: str | None = None

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, check: bool = True) -> Store:
        """Open (and, with `create`, make or migrate) the store at `path`.

        A store written by a newer version is refused before anything is changed; so is a file that
        is not a pel-tui store (an empty one included), a damaged one (`check`), one that cannot be
        written. No folder is made: a missing one is `StoreMissing`.
        """
        p = Path(path)
        if not p.exists() and not p.is_symlink():
            if not create:
                raise StoreMissing(p)
            problem = check_new(p)
            if problem is not None:
                raise problem
            cls._create(p)
        problem = check_file(p)
        if problem is not None:
            raise problem
        try:
            conn = sqlite3.connect(_uri(p, "rw"), uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        except sqlite3.Error as e:
            raise storage_fault(e, p, opening=True) or StoreError(p, f"cannot open: {e}") from e
        store = cls(conn, p)
        try:
            store._open_checks(check)
        except BaseException:
            conn.close()
            raise
        return store

    def _open_checks(self, check: bool) -> None:
        p = self.path
        assert p is not None
        try:
            version = self.user_version()
            objects = int(self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        except sqlite3.Error as e:
            fault = storage_fault(e, p, opening=True) or NotAStore(p, str(e))
            if isinstance(fault, StoreCorrupt):
                fault.detail = cut_short(p) or fault.detail
            raise fault from e
        if version > SCHEMA_VERSION:
            raise StoreTooNew(p, version=version, known=SCHEMA_VERSION)
        if version == 0:  # every store pel-tui makes has its version: this file is someone else's
            raise NotAStore(p, what="empty" if objects == 0 else "foreign")
        if check:
            try:
                size = int(self.conn.execute("PRAGMA page_count").fetchone()[0]) * int(
                    self.conn.execute("PRAGMA page_size").fetchone()[0])
            except sqlite3.Error as e:
                raise storage_fault(e, p, opening=True) or StoreCorrupt(p, str(e)) from e
            if size <= QUICK_CHECK_MAX_BYTES:
                problems = integrity(self.conn, quick=True)
                if problems:
                    raise StoreCorrupt(p, problems[0])
        try:
            self._configure()
        except sqlite3.Error as e:
            raise storage_fault(e, p, opening=True) or StoreError(p, str(e)) from e
        if version < SCHEMA_VERSION:
            self._migrate(version)

    @classmethod
    def _create(cls, p: Path) -> None:
        """A new store at `p`, made whole beside it and linked into place (0600); a store already there stays."""
        import secrets  # only here: its import (hashlib, hmac) is not the first paint's to pay

        tmp = p.with_name(f".{p.name}.{secrets.token_hex(4)}.new")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), STORE_MODE)
        except OSError as e:
            raise storage_fault(e, p) or _diagnose(p, str(e)) from e
        try:
            try:
                os.fchmod(fd, STORE_MODE)  # past a umask that would take the user's own bits away
            finally:
                os.close(fd)
            try:
                conn = sqlite3.connect(_uri(tmp, "rw"), uri=True, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            except sqlite3.Error as e:
                raise storage_fault(e, p, opening=True) or StoreError(p, str(e)) from e
            new = cls(conn, tmp)
            try:
                new._configure()
                new._migrate(0)
            except sqlite3.Error as e:
                raise storage_fault(e, p) or StoreError(p, str(e)) from e
            except StoreError as e:
                e.path = p  # the fault is the target's, not the temporary file's
                raise
            finally:
                conn.close()
            try:
                os.link(tmp, p)  # never replaces: a store another process made meanwhile wins
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not p.exists():
                    os.rename(tmp, p)
            with contextlib.suppress(OSError):
                fd = os.open(p.parent, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as e:
            raise storage_fault(e, p) or StoreError(p, str(e)) from e
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{tmp}{suffix}")

    @classmethod
    def memory(cls) -> Store:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        store = cls(conn, None)
        store._configure()
        store._migrate(0)
        return store

    def user_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _configure(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.path is not None:
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = FULL")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA cache_size = -32000")

    def _migrate(self, current: int) -> None:
        with self.write():
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = self.user_version()
            for n in range(current, SCHEMA_VERSION):
                for stmt in _split_sql(MIGRATIONS[n]):
                    self.conn.execute(stmt)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE`); nested calls join the outer one.

        A storage fault inside (SQLite's or the system's: a full disk, a read-only file, damage)
        rolls the whole transaction back and is raised as its `StoreError`.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        if self.damage is not None:
            raise StoreCorrupt(self.path, self.damage)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            fault = self._fault(e)
            if fault is None:
                raise
            raise fault from e
        self._depth = 1
        try:
            for begin in self.on_begin:
                begin(self.conn)
            yield self.conn
            faults.point("store.commit.before")  # crash test: killed with the transaction whole, not committed
            self.conn.execute("COMMIT")
            faults.point("store.commit.after")  # crash test: killed once committed, before anything after it
        except BaseException as e:
            self._rollback()
            fault = self._fault(e)
            if fault is None:
                raise
            raise fault from e
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _fault(self, e: BaseException) -> StoreError | None:
        """The storage fault `e` is (a store met damaged is marked: later writes are refused)."""
        if not isinstance(e, sqlite3.Error | OSError):
            return None
        fault = storage_fault(e, self.path)
        if isinstance(fault, StoreCorrupt):
            self.damage = fault.detail or "damaged"
        return fault

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        self.conn.close()


def _split_sql(script: str) -> Iterator[str]:
    """Split a migration into statements (triggers contain `;` inside BEGIN ... END)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip():
        yield buf
