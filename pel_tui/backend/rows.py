"""Rows read by name: a query's columns become a struct's (or a dataclass's) fields, never positions in a tuple."""

from __future__ import annotations

import sqlite3
from typing import Any, TypeVar

T = TypeVar("T")


def one(conn: sqlite3.Connection, cls: type[T], sql: str, params: Any = ()) -> T | None:
    """The first row of `sql` as a `cls` (its fields named as the columns), or None."""
    cur = conn.execute(sql, params)
    row = cur.fetchone()
    if row is None:
        return None
    return cls(**dict(zip([d[0] for d in cur.description], row, strict=True)))


def all_(conn: sqlite3.Connection, cls: type[T], sql: str, params: Any = ()) -> list[T]:
    """Every row of `sql` as a `cls`."""
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [cls(**dict(zip(names, row, strict=True))) for row in cur.fetchall()]


def scalar(conn: sqlite3.Connection, sql: str, params: Any = (), default: Any = None) -> Any:
    """The first column of the first row, or `default`."""
    row = conn.execute(sql, params).fetchone()
    return default if row is None or row[0] is None else row[0]
