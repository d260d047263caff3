"""The server's own tables, beside the store's: accounts, tokens, command outcomes, the change feed.

Every change to a row of a synced table (`tables.SYNCED`) appends to `sync_changes` (a trigger per
table and operation), with the server revision (`rev`, growing) and the transaction it belongs to
(`txn`, one per write transaction: `Store.write` inserts into `sync_txn` as it begins), so that a
page of the feed always ends where a transaction ends. A provider's consultation or contact
credit makes rows they could not see visible: triggers re-announce those rows.
"""

from __future__ import annotations

import secrets
import sqlite3

from pel_tui.server.tables import SYNCED

VERSION = 1

TABLES = r"""
CREATE TABLE IF NOT EXISTS accounts (
    id             INTEGER PRIMARY KEY,
    login          TEXT NOT NULL UNIQUE,
    role           TEXT NOT NULL CHECK (role IN ('provider', 'client', 'moderator', 'sma', 'scp',
                                                 'accounting', 'clock')),
    provider_id    INTEGER UNIQUE REFERENCES providers(id),
    client_id      INTEGER REFERENCES clients(id),
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    disabled_at    INTEGER,
    CHECK ((role = 'provider') = (provider_id IS NOT NULL)),
    CHECK ((role = 'client') = (client_id IS NOT NULL))
);
CREATE TABLE IF NOT EXISTS tokens (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    token_hash  TEXT NOT NULL UNIQUE,      -- SHA-256 of the token: the token itself is never stored
    device      TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    used_at     INTEGER
);
-- Every command a device pushed, by its id, with what came of it: a replay returns it.
CREATE TABLE IF NOT EXISTS outcomes (
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    command_id  TEXT NOT NULL,
    device      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    args        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('applied', 'refused')),
    result      TEXT,
    code        TEXT,
    params      TEXT,
    at          INTEGER NOT NULL,
    rev         INTEGER NOT NULL,          -- the feed's revision once it was done
    PRIMARY KEY (account_id, command_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sync_txn (id INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE TABLE IF NOT EXISTS sync_changes (
    rev   INTEGER PRIMARY KEY AUTOINCREMENT,
    txn   INTEGER NOT NULL,
    tbl   TEXT NOT NULL,
    key   TEXT NOT NULL,                   -- JSON array of the row's key
    gone  INTEGER NOT NULL DEFAULT 0,      -- deleted: a tombstone, for its owner only
    owner INTEGER                          -- a deleted private row's provider
);
CREATE INDEX IF NOT EXISTS sync_changes_txn ON sync_changes(txn);
"""

_TXN = "(SELECT max(id) FROM sync_txn)"


def _key(alias: str, columns: tuple[str, ...]) -> str:
    return "json_array(" + ", ".join(f"{alias}.{c}" for c in columns) + ")"


def triggers() -> list[str]:
    out = []
    for s in SYNCED:
        for op, alias in (("INSERT", "NEW"), ("UPDATE", "NEW")):
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS feed_{s.table}_{op.lower()} AFTER {op} ON {s.table} BEGIN "
                f"INSERT INTO sync_changes(txn, tbl, key) VALUES ({_TXN}, '{s.table}', {_key(alias, s.key)}); END"
            )
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS feed_{s.table}_delete BEFORE DELETE ON {s.table} BEGIN "
            f"INSERT INTO sync_changes(txn, tbl, key, gone, owner) VALUES ({_TXN}, '{s.table}', "
            f"{_key('OLD', s.key)}, 1, {s.owner or 'NULL'}); END"
        )
    # A consultation unlocks a project's report, a contact credit the client's details: announce
    # again the rows the provider could not see so far.
    announce = [
        ("projects", "SELECT json_array(NEW.project_id)"),
        ("offers", "SELECT json_array(id) FROM offers WHERE project_id = NEW.project_id"),
        ("offer_versions", "SELECT json_array(v.id) FROM offer_versions v JOIN offers o ON o.id = v.offer_id "
                           "WHERE o.project_id = NEW.project_id"),
        ("providers", "SELECT json_array(provider_id) FROM (SELECT DISTINCT provider_id FROM offers "
                      "WHERE project_id = NEW.project_id)"),
        ("messages", "SELECT json_array(id) FROM messages WHERE project_id = NEW.project_id"),
        ("project_files", "SELECT json_array(id) FROM project_files WHERE project_id = NEW.project_id"),
        ("stale_reports", "SELECT json_array(id) FROM stale_reports WHERE project_id = NEW.project_id"),
    ]
    stmts = []
    for t, q in announce:
        select = q.replace("SELECT ", f"SELECT {_TXN}, '{t}', ", 1)
        stmts.append(f"INSERT INTO sync_changes(txn, tbl, key) {select};")
    out.append(
        "CREATE TRIGGER IF NOT EXISTS feed_unlock_report AFTER INSERT ON credit_entries "
        "WHEN NEW.entry_type = 'debit' AND NEW.kind = 'consultation' AND NEW.project_id IS NOT NULL BEGIN "
        + " ".join(stmts) + " END"
    )
    # Hiding or unhiding a project changes whether a closed one is the provider's to see: say it again.
    for op, alias in (("INSERT", "NEW"), ("DELETE", "OLD")):
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS feed_touch_hidden_{op.lower()} AFTER {op} ON hidden_projects BEGIN "
            f"INSERT INTO sync_changes(txn, tbl, key) VALUES ({_TXN}, 'projects', json_array({alias}.project_id)); END"
        )
    out.append(
        "CREATE TRIGGER IF NOT EXISTS feed_unlock_contact AFTER INSERT ON credit_entries "
        "WHEN NEW.entry_type = 'debit' AND NEW.kind = 'contact' AND NEW.project_id IS NOT NULL BEGIN "
        f"INSERT INTO sync_changes(txn, tbl, key) SELECT {_TXN}, 'clients', json_array(client_id) "
        "FROM projects WHERE id = NEW.project_id; END"
    )
    return out


def install(conn: sqlite3.Connection) -> str:
    """Create what is missing (idempotent); the feed's epoch (changes when the feed starts over)."""
    for stmt in TABLES.split(";"):  # not executescript: it would commit the caller's transaction
        if stmt.strip():
            conn.execute(stmt)
    for stmt in triggers():
        conn.execute(stmt)
    row = conn.execute("SELECT value FROM meta WHERE key = 'server_epoch'").fetchone()
    if row is None:
        epoch = secrets.token_hex(8)
        conn.execute("INSERT INTO meta(key, value) VALUES ('server_epoch', ?)", (epoch,))
        conn.execute("INSERT INTO meta(key, value) VALUES ('server_schema', ?)", (str(VERSION),))
        return epoch
    return str(row[0])
