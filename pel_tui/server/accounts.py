"""Accounts, passwords and tokens: passwords hashed with scrypt (memory-hard), tokens random and
stored only as their SHA-256, each with an expiry, revocable."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass

from pel_tui.backend import rows

#: scrypt's cost: 16 MiB of memory and about 50 ms per check on this kind of machine.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
TOKEN_DAYS = 30
TOKEN_PREFIX = "pel_"


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    role: str
    provider_id: int | None
    client_id: int | None


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        _name, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def create(conn: sqlite3.Connection, login: str, role: str, password: str, now: int, *,
           provider_id: int | None = None, client_id: int | None = None) -> Account:
    aid = int(conn.execute(
        "INSERT INTO accounts(login, role, provider_id, client_id, password_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (login, role, provider_id, client_id, hash_password(password), now),
    ).lastrowid or 0)
    return Account(aid, login, role, provider_id, client_id)


_COLUMNS = "a.id, a.login, a.role, a.provider_id, a.client_id"


def login(conn: sqlite3.Connection, name: str, password: str) -> Account | None:
    """The account whose login and password these are (a provider may log in by pseudo), or None."""
    row = conn.execute(
        "SELECT a.id, a.password_hash FROM accounts a WHERE a.login = ? AND a.disabled_at IS NULL", (name,),
    ).fetchone()
    if row is None:
        password_matches(hash_password("x"), password)  # the same time whether the login exists or not
        return None
    if not password_matches(row[1], password):
        return None
    return rows.one(conn, Account, f"SELECT {_COLUMNS} FROM accounts a WHERE a.id = ?", (row[0],))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(conn: sqlite3.Connection, account_id: int, device: str, now: int, days: int = TOKEN_DAYS) -> tuple[str, int]:
    """A new token for the account (given once, never stored as it is) and when it expires."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = now + days * 86_400
    conn.execute("INSERT INTO tokens(account_id, token_hash, device, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                 (account_id, token_hash(token), device[:100], now, expires))
    return token, expires


def for_token(conn: sqlite3.Connection, token: str, now: int) -> Account | None:
    """The account a live token belongs to: not expired, not revoked, the account not disabled."""
    return rows.one(
        conn, Account,
        f"SELECT {_COLUMNS} FROM tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ? "
        "AND t.revoked_at IS NULL AND t.expires_at > ? AND a.disabled_at IS NULL", (token_hash(token), now),
    )


def revoke(conn: sqlite3.Connection, token: str, now: int) -> bool:
    cur = conn.execute("UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                       (now, token_hash(token)))
    return cur.rowcount > 0
