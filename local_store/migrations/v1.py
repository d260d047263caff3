"""Version 1: providers, clients, projects and their full-text index, credits, offers, contracts,
subscriptions, notifications, the journal."""

from __future__ import annotations

V1 = r"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE providers (
    id            INTEGER PRIMARY KEY,
    pseudo        TEXT NOT NULL UNIQUE
                  CHECK (length(pseudo) BETWEEN 3 AND 30 AND pseudo NOT GLOB '*[^a-z0-9_-]*'),
    display_name  TEXT NOT NULL,
    email         TEXT,
    country       TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    preferences   TEXT NOT NULL DEFAULT '{}',   -- JSON (PF-1)
    digest        INTEGER NOT NULL DEFAULT 1 CHECK (digest IN (0, 1)),
    deleted_at    INTEGER                       -- SU-7: anonymised, ledgers kept
);
-- PF-2: the pseudo never changes.
CREATE TRIGGER providers_pseudo_immutable BEFORE UPDATE OF pseudo ON providers
WHEN NEW.pseudo IS NOT OLD.pseudo AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL
BEGIN SELECT RAISE(ABORT, 'the pseudo is immutable (PF-2)'); END;

CREATE TABLE clients (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    email    TEXT NOT NULL,
    phone    TEXT NOT NULL,
    country  TEXT NOT NULL,
    city     TEXT NOT NULL
);

-- Project ids grow with their creation time: newest first is ORDER BY id DESC.
CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients(id),
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL,
    description       TEXT NOT NULL,
    specification     TEXT,
    category          TEXT NOT NULL,
    budget_min_cents  INTEGER NOT NULL CHECK (budget_min_cents >= 0),
    budget_max_cents  INTEGER NOT NULL CHECK (budget_max_cents >= budget_min_cents),
    country           TEXT NOT NULL,
    city              TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    urgent            INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    deadline          TEXT,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                      ('open', 'awarded', 'in_progress', 'finalized', 'cancelled', 'removed',
                       'stale', 'expired')),
    status_at         INTEGER NOT NULL,
    offers_count      INTEGER NOT NULL DEFAULT 0 CHECK (offers_count >= 0)
);
CREATE INDEX projects_status_id ON projects(status, id);
-- The available list (PR-3, PR-4) reads only open projects: a partial index keeps it small, and
-- carries every filter column, so that filtering a page, a count or a search hit by id needs no
-- read of the (large) project row.
CREATE INDEX projects_open ON projects(id, category, budget_min_cents, budget_max_cents,
    urgent, offers_count, country, created_at) WHERE status = 'open';
-- The same by category: a page or a count for the provider's categories reads only theirs.
CREATE INDEX projects_open_category ON projects(category, id, budget_min_cents,
    budget_max_cents, urgent, offers_count, country, created_at) WHERE status = 'open';
CREATE INDEX projects_created ON projects(created_at);
-- PR-2's expiry finds the oldest open projects without reading the others.
CREATE INDEX projects_open_created ON projects(created_at) WHERE status = 'open';

-- Accent- and case-insensitive full text over the project's text (PR-4); the text lives once,
-- in `projects`. Searches are words, never phrases: column-level detail is enough for the
-- column filter and bm25, at a third of the size of full positions; no prefix index, whose
-- size would double the index for a small gain (measured in benchmarks/bench_search.py).
CREATE VIRTUAL TABLE projects_fts USING fts5(
    title, summary, description,
    content='projects', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    detail=column
);
CREATE TRIGGER projects_fts_ai AFTER INSERT ON projects BEGIN
    INSERT INTO projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER projects_fts_ad AFTER DELETE ON projects BEGIN
    INSERT INTO projects_fts(projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER projects_fts_au AFTER UPDATE OF title, summary, description ON projects BEGIN
    INSERT INTO projects_fts(projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
    INSERT INTO projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;

CREATE TABLE project_files (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    name        TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    posted_at   INTEGER NOT NULL
);
CREATE INDEX project_files_project ON project_files(project_id);

CREATE TABLE hidden_projects (
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    hidden_at   INTEGER NOT NULL,
    PRIMARY KEY (provider_id, project_id)
) WITHOUT ROWID;

CREATE TABLE stale_reports (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    reported_at  INTEGER NOT NULL,
    resolved_at  INTEGER,
    outcome      TEXT CHECK (outcome IN ('confirmed', 'denied', 'no_answer', 'moot'))
);
-- One pending question to the client per project.
CREATE UNIQUE INDEX stale_reports_pending ON stale_reports(project_id) WHERE resolved_at IS NULL;

-- Credits (CR). A grant is a lot with an expiry; entries move credits in and out of lots.
CREATE TABLE credit_grants (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('consultation', 'offer', 'contact')),
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    source       TEXT NOT NULL CHECK (source IN
                 ('subscription', 'pack', 'referral', 'refund', 'adjustment')),
    granted_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL CHECK (expires_at > granted_at)
);
CREATE INDEX credit_grants_provider ON credit_grants(provider_id, kind, expires_at);

-- SU-5: a suspension pushes a lot's expiry out; extensions are appended, never edited.
CREATE TABLE credit_grant_extensions (
    id             INTEGER PRIMARY KEY,
    grant_id       INTEGER NOT NULL REFERENCES credit_grants(id),
    suspension_id  INTEGER NOT NULL REFERENCES suspensions(id),
    seconds        INTEGER NOT NULL CHECK (seconds >= 0),
    UNIQUE (grant_id, suspension_id)
);

CREATE TABLE credit_entries (
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES providers(id),
    kind          TEXT NOT NULL CHECK (kind IN ('consultation', 'offer', 'contact')),
    entry_type    TEXT NOT NULL CHECK (entry_type IN
                  ('grant', 'debit', 'refund', 'expiry', 'adjustment')),
    delta         INTEGER NOT NULL CHECK (delta <> 0),
    grant_id      INTEGER NOT NULL REFERENCES credit_grants(id),
    project_id    INTEGER REFERENCES projects(id),
    reason        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    duplicate_of  INTEGER REFERENCES credit_entries(id),
    refund_of     INTEGER REFERENCES credit_entries(id),
    CHECK ((entry_type IN ('grant', 'refund')) = (delta > 0) OR entry_type = 'adjustment'),
    CHECK (entry_type <> 'debit' OR (delta = -1 AND project_id IS NOT NULL))
);
CREATE INDEX credit_entries_provider ON credit_entries(provider_id, kind, at);
CREATE INDEX credit_entries_grant ON credit_entries(grant_id);
CREATE INDEX credit_entries_project ON credit_entries(project_id, kind) WHERE project_id IS NOT NULL;
-- CR-2: at most one (non-duplicate) debit per provider, project and kind.
CREATE UNIQUE INDEX credit_entries_one_debit ON credit_entries(provider_id, project_id, kind)
    WHERE entry_type = 'debit' AND duplicate_of IS NULL;
-- CR-2: a debit, a refund of a project's credits, is refunded at most once.
CREATE UNIQUE INDEX credit_entries_one_refund ON credit_entries(refund_of) WHERE refund_of IS NOT NULL;
CREATE TRIGGER credit_entries_no_update BEFORE UPDATE ON credit_entries
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only (CR-7)'); END;
CREATE TRIGGER credit_entries_no_delete BEFORE DELETE ON credit_entries
BEGIN SELECT RAISE(ABORT, 'the credit ledger is append-only (CR-7)'); END;
-- CR-5: no lot goes below zero.
CREATE TRIGGER credit_entries_lot_not_negative AFTER INSERT ON credit_entries
WHEN (SELECT coalesce(sum(delta), 0) FROM credit_entries WHERE grant_id = NEW.grant_id) < 0
BEGIN SELECT RAISE(ABORT, 'a credit lot would go negative (CR-5)'); END;

-- Offers (OF)
CREATE TABLE offers (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    status       TEXT NOT NULL CHECK (status IN
                 ('submitted', 'read', 'withdrawn', 'selected', 'won', 'lost')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (project_id, provider_id)
);
CREATE INDEX offers_provider ON offers(provider_id, status);

CREATE TABLE offer_versions (
    id           INTEGER PRIMARY KEY,
    offer_id     INTEGER NOT NULL REFERENCES offers(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    delay_days   INTEGER NOT NULL CHECK (delay_days > 0),
    message      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    UNIQUE (offer_id, version)
);
CREATE TRIGGER offer_versions_immutable BEFORE UPDATE OF amount_cents, delay_days, message
ON offer_versions BEGIN SELECT RAISE(ABORT, 'an offer version is never edited (OF-2)'); END;

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    provider_id  INTEGER REFERENCES providers(id),   -- the provider's thread; NULL: public
    author       TEXT NOT NULL CHECK (author IN ('provider', 'client')),
    body         TEXT NOT NULL CHECK (length(body) > 0),
    at           INTEGER NOT NULL
);
CREATE INDEX messages_project ON messages(project_id, at);

-- Selection and contract (CT)
CREATE TABLE contracts (
    id                      INTEGER PRIMARY KEY,
    project_id              INTEGER NOT NULL REFERENCES projects(id),
    provider_id             INTEGER NOT NULL REFERENCES providers(id),
    offer_id                INTEGER NOT NULL REFERENCES offers(id),
    formula                 TEXT NOT NULL CHECK (formula IN ('base', 'r0')),
    amount_cents            INTEGER NOT NULL CHECK (amount_cents > 0),
    delay_days              INTEGER NOT NULL CHECK (delay_days > 0),
    commission_payer        TEXT NOT NULL CHECK (commission_payer IN ('client', 'provider')),
    status                  TEXT NOT NULL CHECK (status IN
                            ('awaiting_confirmation', 'declined', 'revoked',
                             'awaiting_commission', 'in_progress', 'finalized', 'cancelled')),
    selected_at             INTEGER NOT NULL,
    confirm_by              INTEGER NOT NULL,
    confirmed_at            INTEGER,
    commission_cents        INTEGER CHECK (commission_cents >= 0),
    r0_fee_cents            INTEGER CHECK (r0_fee_cents >= 0),
    commission_paid_at      INTEGER,
    ended_at                INTEGER
);
CREATE INDEX contracts_provider ON contracts(provider_id, status);
CREATE INDEX contracts_pending ON contracts(status, confirm_by);
-- One live selection per project.
CREATE UNIQUE INDEX contracts_one_live ON contracts(project_id)
    WHERE status IN ('awaiting_confirmation', 'awaiting_commission', 'in_progress', 'finalized');

CREATE TABLE contract_amendments (
    id                     INTEGER PRIMARY KEY,
    contract_id            INTEGER NOT NULL REFERENCES contracts(id),
    at                     INTEGER NOT NULL,
    old_amount_cents       INTEGER NOT NULL,
    new_amount_cents       INTEGER NOT NULL CHECK (new_amount_cents > 0),
    extra_commission_cents INTEGER NOT NULL CHECK (extra_commission_cents >= 0),
    extra_r0_fee_cents     INTEGER NOT NULL CHECK (extra_r0_fee_cents >= 0)
);

-- Subscription (SU)
CREATE TABLE subscriptions (
    id                   INTEGER PRIMARY KEY,
    provider_id          INTEGER NOT NULL REFERENCES providers(id),
    plan                 TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN
                         ('active', 'suspended', 'payment_incident', 'ended')),
    started_at           INTEGER NOT NULL,
    period_start         INTEGER NOT NULL,
    period_end           INTEGER NOT NULL CHECK (period_end > period_start),
    cancel_requested_at  INTEGER,
    incident_since       INTEGER,
    ended_at             INTEGER,
    confirmation_text    TEXT NOT NULL
);
CREATE UNIQUE INDEX subscriptions_one_live ON subscriptions(provider_id) WHERE status <> 'ended';

CREATE TABLE subscription_periods (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions(id),
    period_start     INTEGER NOT NULL,
    period_end       INTEGER NOT NULL,
    amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
    charged_at       INTEGER NOT NULL,
    paid             INTEGER NOT NULL CHECK (paid IN (0, 1)),
    UNIQUE (subscription_id, period_start)
);

CREATE TABLE suspensions (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions(id),
    started_at       INTEGER NOT NULL,
    planned_end      INTEGER NOT NULL CHECK (planned_end > started_at),
    ended_at         INTEGER
);

-- Money the provider owes the platform (SU-6: an unsettled renewal stays due).
CREATE TABLE provider_debts (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    reason       TEXT NOT NULL,
    at           INTEGER NOT NULL,
    settled_at   INTEGER
);

-- SU-8: the platform's invoices to the provider; numbers have no gap.
CREATE TABLE platform_invoices (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    number       TEXT NOT NULL UNIQUE,
    issued_at    INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('subscription', 'commission', 'r0_fee')),
    label        TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    vat_cents    INTEGER NOT NULL CHECK (vat_cents >= 0),
    project_id   INTEGER REFERENCES projects(id)
);

-- Notifications (NO). dedup_key makes the catch-up's notices idempotent.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    at           INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    project_id   INTEGER REFERENCES projects(id),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}',
    read_at      INTEGER,
    dedup_key    TEXT UNIQUE
);
CREATE INDEX notifications_provider ON notifications(provider_id, id);

-- Every command, with an id made before it runs, recorded with its effects (sync replays it).
CREATE TABLE journal (
    command_id   TEXT PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    command      TEXT NOT NULL,
    args         TEXT NOT NULL,
    result       TEXT NOT NULL,
    seq          INTEGER NOT NULL UNIQUE,
    synced_at    INTEGER
);
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_rewrite BEFORE UPDATE OF command_id, at, actor, command, args, result, seq
ON journal BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
"""
