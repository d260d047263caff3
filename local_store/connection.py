"""Opening a store: pragmas, migrations, and the one way to write (`Store.write`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from local_store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A store that cannot be used as it is; the message says why and what to do."""


class StoreTooNew(StoreError):
    """The file was written by a newer version of pel-tui."""


class StoreBusy(StoreError):
    """Another process held the store longer than the busy timeout."""


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

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and, with `create`, make or migrate) the store at `path`.

        A store written by a newer version is refused before anything is changed.
        """
        p = Path(path)
        if not create and not p.exists():
            raise StoreError(f"no store at {p}")
        if p.exists() and p.is_dir():
            raise StoreError(f"{p} is a directory, not a store file")
        p.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(p, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {p}: {e}") from e
        store = cls(conn, p)
        try:
            version = store.user_version()
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"{p} is not a pel-tui store ({e})") from e
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreTooNew(
                f"{p} was written by a newer version of pel-tui (store version {version}, this "
                f"version knows up to {SCHEMA_VERSION}); upgrade pel-tui to open it. "
                "Nothing was changed."
            )
        store._configure()
        if version < SCHEMA_VERSION:
            store._migrate(version)
        return store

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
        """One write transaction (`BEGIN IMMEDIATE`); nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise StoreBusy(
                    "the store is busy in another pel process; try again in a moment"
                ) from e
            raise
        self._depth = 1
        try:
            for begin in self.on_begin:
                begin(self.conn)
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        else:
            self._depth = 0
            self.conn.execute("COMMIT")

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
