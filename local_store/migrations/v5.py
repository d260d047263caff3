"""Version 5: what remote sync needs in every store (the server's and a linked client's).

- `sync_state`: one row; while `rewinding` is set, the sync layer may take back rows of the
  append-only ledgers that a device wrote ahead of the server (its pending commands' effects,
  before it replays them on the server's rows). Nothing else ever may.
- `sync_undo`: the old image of every row a pending command changed on a linked store.
- `sync_link`: the server a store is linked to, the account, the feed's epoch and cursor.
- the journal says, for each command pushed, what the server made of it.
"""

from __future__ import annotations

V5 = r"""
CREATE TABLE sync_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    recording  INTEGER NOT NULL DEFAULT 0 CHECK (recording IN (0, 1)),
    rewinding  INTEGER NOT NULL DEFAULT 0 CHECK (rewinding IN (0, 1)),
    bulk       INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1))   -- a first sync: indexes built at its end
);
INSERT INTO sync_state(id) VALUES (1);

CREATE TABLE sync_undo (
    n      INTEGER PRIMARY KEY,
    tbl    TEXT NOT NULL,
    key    TEXT NOT NULL,                  -- JSON array of the row's key
    op     TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
    old    TEXT                            -- JSON object: the row before (U, D)
);

CREATE TABLE sync_link (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    server       TEXT NOT NULL,
    account      TEXT NOT NULL,
    role         TEXT NOT NULL,
    device       TEXT NOT NULL,
    epoch        TEXT NOT NULL DEFAULT '',
    cursor       TEXT NOT NULL DEFAULT '',
    seen_rev     INTEGER NOT NULL DEFAULT 0,  -- the server revision the mirror holds every change of
    first_done   INTEGER NOT NULL DEFAULT 0,  -- the first sync is complete
    linked_at    INTEGER NOT NULL,
    synced_at    INTEGER,           -- the server's time of the last complete pull
    server_time  INTEGER,           -- and how far off the device's clock was, then
    device_time  INTEGER,
    last_error   TEXT,
    error_at     INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE journal ADD COLUMN outcome TEXT CHECK (outcome IN ('applied', 'refused'));
ALTER TABLE journal ADD COLUMN outcome_data TEXT;      -- JSON: the server's result, or code and params
ALTER TABLE journal ADD COLUMN outcome_at INTEGER;     -- the server's time
ALTER TABLE journal ADD COLUMN acked_at INTEGER;       -- a refusal the provider has seen
ALTER TABLE journal ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE journal ADD COLUMN last_error TEXT;

DROP TRIGGER credit_entries_no_update;
DROP TRIGGER credit_entries_no_delete;
CREATE TRIGGER credit_entries_no_update BEFORE UPDATE ON credit_entries
WHEN NOT (SELECT rewinding FROM sync_state)
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only (CR-7)'); END;
CREATE TRIGGER credit_entries_no_delete BEFORE DELETE ON credit_entries
WHEN NOT (SELECT rewinding FROM sync_state)
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only (CR-7)'); END;
DROP TRIGGER escrow_entries_no_update;
DROP TRIGGER escrow_entries_no_delete;
CREATE TRIGGER escrow_entries_no_update BEFORE UPDATE ON escrow_entries
WHEN NOT (SELECT rewinding FROM sync_state)
BEGIN SELECT RAISE(ABORT, 'the escrow ledger is append-only (ES-4)'); END;
CREATE TRIGGER escrow_entries_no_delete BEFORE DELETE ON escrow_entries
WHEN NOT (SELECT rewinding FROM sync_state)
BEGIN SELECT RAISE(ABORT, 'the escrow ledger is append-only (ES-4)'); END;
-- During a first sync (`bulk`), the full-text indexes are built once at its end, not row by row.
DROP TRIGGER projects_fts_ai;
DROP TRIGGER projects_fts_ad;
DROP TRIGGER projects_fts_au;
CREATE TRIGGER projects_fts_ai AFTER INSERT ON projects WHEN NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER projects_fts_ad AFTER DELETE ON projects WHEN NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO projects_fts(projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER projects_fts_au AFTER UPDATE OF title, summary, description ON projects
WHEN NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO projects_fts(projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
    INSERT INTO projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
DROP TRIGGER open_projects_fts_ai;
DROP TRIGGER open_projects_fts_ad;
DROP TRIGGER open_projects_fts_closed;
DROP TRIGGER open_projects_fts_opened;
DROP TRIGGER open_projects_fts_au;
CREATE TRIGGER open_projects_fts_ai AFTER INSERT ON projects
WHEN NEW.status = 'open' AND NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER open_projects_fts_ad AFTER DELETE ON projects
WHEN OLD.status = 'open' AND NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER open_projects_fts_closed AFTER UPDATE OF status ON projects
WHEN OLD.status = 'open' AND NEW.status <> 'open' AND NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER open_projects_fts_opened AFTER UPDATE OF status ON projects
WHEN OLD.status <> 'open' AND NEW.status = 'open' AND NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER open_projects_fts_au AFTER UPDATE OF title, summary, description ON projects
WHEN OLD.status = 'open' AND NEW.status = 'open' AND NOT (SELECT bulk FROM sync_state) BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
"""
