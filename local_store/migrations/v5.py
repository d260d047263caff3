"""Version 5: what remote sync needs in every store (the server's and a linked client's).

- `sync_state`: one row; while `rewinding` is set, the sync layer may take back rows of the
  append-only ledgers that a device wrote ahead of the server (its pending commands' effects,
  before it replays them on the server's rows). Nothing else ever may.
- `sync_undo`: the old image of every row a pending command changed on a linked store.
- `sync_link`: the server a store is linked to, the account, the feed's epoch and cursor.
- the journal says, for each command pushed, what the server made of it.
- OF-6: an offer whose selection the provider declined, or that was not confirmed in time, is
  `declined` or `revoked`, no longer `withdrawn` (the table is rebuilt for its CHECK).
- PA-7: a client's postal address, for the provider's invoice.
- SU-9: the plan chosen for the next period, with its confirmation sentence, until the renewal.
- FO-1: the provider's answers to Suivi Projet's progress requests.
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

-- OF-6: `declined` (the provider declined a selection) and `revoked` (a selection not confirmed in
-- time) beside `withdrawn`, which only the provider's own withdrawal makes. SQLite changes a CHECK
-- by rebuilding the table; the rows that reference offers are checked again at the commit.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE offers_v4 AS SELECT * FROM offers;
DROP TABLE offers;
CREATE TABLE offers (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    status       TEXT NOT NULL CHECK (status IN
                 ('submitted', 'read', 'withdrawn', 'declined', 'revoked', 'selected', 'won', 'lost')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (project_id, provider_id)
);
INSERT INTO offers(id, project_id, provider_id, status, created_at, updated_at)
    SELECT id, project_id, provider_id, status, created_at, updated_at FROM offers_v4;
DROP TABLE offers_v4;
CREATE INDEX offers_provider ON offers(provider_id, status);
-- An offer that a declined or revoked selection made `withdrawn` (nothing done on it since) says so.
UPDATE offers SET status = (SELECT k.status FROM contracts k WHERE k.offer_id = offers.id
                            AND k.status IN ('declined', 'revoked') AND k.ended_at = offers.updated_at
                            ORDER BY k.id DESC LIMIT 1)
WHERE status = 'withdrawn' AND EXISTS (SELECT 1 FROM contracts k WHERE k.offer_id = offers.id
                                       AND k.status IN ('declined', 'revoked') AND k.ended_at = offers.updated_at);

-- PA-7: the client's postal address, printed on the provider's invoice (NULL: not known).
ALTER TABLE clients ADD COLUMN address TEXT;

-- SU-9: the plan the provider chose for the next period and the sentence they typed for it; the
-- renewal applies it (its price and allotment from then), and it can be undone until then.
ALTER TABLE subscriptions ADD COLUMN next_plan TEXT;
ALTER TABLE subscriptions ADD COLUMN next_plan_text TEXT;
ALTER TABLE subscriptions ADD COLUMN next_plan_at INTEGER;

-- FO-1: the provider's progress reports, each answering Suivi Projet's latest request.
CREATE TABLE progress_reports (
    id              INTEGER PRIMARY KEY,
    contract_id     INTEGER NOT NULL REFERENCES contracts(id),
    at              INTEGER NOT NULL,
    body            TEXT NOT NULL CHECK (length(body) > 0),
    request_number  INTEGER NOT NULL DEFAULT 0   -- the request it answers (0: before the first)
);
CREATE INDEX progress_reports_contract ON progress_reports(contract_id, at);
"""
