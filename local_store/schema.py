"""The store's schema, as an ordered list of migrations.

Migration N (1-based) brings a store from `PRAGMA user_version = N-1` to N. A migration is never
edited once released: a change is a new migration appended to the list.

Times are INTEGER unix seconds (UTC); money is INTEGER cents; credits are whole numbers.
Ledgers (`credit_entries`, `journal`) are append-only: triggers refuse UPDATE and DELETE.
"""

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


V2 = r"""
-- Profile (PF-3): everything but the pseudo can change.
ALTER TABLE providers ADD COLUMN headline TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';          -- JSON list
ALTER TABLE providers ADD COLUMN photo_sha256 TEXT;
ALTER TABLE providers ADD COLUMN legal_status TEXT CHECK (legal_status IN
    ('company', 'micro_entreprise', 'umbrella'));
ALTER TABLE providers ADD COLUMN legal_name TEXT;
ALTER TABLE providers ADD COLUMN siret TEXT;
ALTER TABLE providers ADD COLUMN vat_number TEXT;
ALTER TABLE providers ADD COLUMN address TEXT;

-- Files the engine stores content-addressed (invoices, photos, portfolio images).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'image')),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0),
    stored_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE portfolio_items (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    title        TEXT NOT NULL CHECK (length(title) > 0),
    description  TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL,
    link         TEXT,
    created_at   INTEGER NOT NULL
);
CREATE TABLE portfolio_images (
    item_id  INTEGER NOT NULL REFERENCES portfolio_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    sha256   TEXT NOT NULL REFERENCES blobs(sha256),
    PRIMARY KEY (item_id, position)
) WITHOUT ROWID;

-- PF-7: references the SCP checks with the client.
CREATE TABLE provider_references (
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES providers(id),
    client_name   TEXT NOT NULL,
    client_email  TEXT NOT NULL,
    work          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                  ('pending', 'certified', 'refused', 'expired')),
    refusal       TEXT CHECK (refusal IN ('denied', 'unreachable', 'not_verifiable', 'duplicate',
                  'personal_relation', 'own_domain')),
    resolved_at   INTEGER
);
CREATE TABLE reference_sends (
    reference_id INTEGER NOT NULL REFERENCES provider_references(id),
    n            INTEGER NOT NULL CHECK (n BETWEEN 1 AND 3),
    sent_at      INTEGER NOT NULL,
    PRIMARY KEY (reference_id, n)
) WITHOUT ROWID;

-- RF-1
CREATE TABLE referrals (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    url          TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    status       TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'rewarded', 'refused')),
    checked_at   INTEGER,
    note         TEXT
);
-- The same URL is rewarded once.
CREATE UNIQUE INDEX referrals_url_rewarded ON referrals(url) WHERE status = 'rewarded';

-- Escrow, formula R0 (ES). Tranches (milestones) of a contract; deposits may name one.
CREATE TABLE escrow_tranches (
    contract_id   INTEGER NOT NULL REFERENCES contracts(id),
    number        INTEGER NOT NULL CHECK (number >= 1),
    label         TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    started_at    INTEGER,
    PRIMARY KEY (contract_id, number)
) WITHOUT ROWID;

CREATE TABLE disputes (
    id                 INTEGER PRIMARY KEY,
    contract_id        INTEGER NOT NULL REFERENCES contracts(id),
    opened_by          TEXT NOT NULL CHECK (opened_by IN ('provider', 'client')),
    reason             TEXT NOT NULL CHECK (length(reason) > 0),
    opened_at          INTEGER NOT NULL,
    cap_cents          INTEGER NOT NULL CHECK (cap_cents >= 0),   -- ES-6: held when it opened
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                       ('open', 'proposed', 'settled', 'decided', 'withdrawn')),
    proposal_provider_cents INTEGER CHECK (proposal_provider_cents >= 0),
    proposal_client_cents   INTEGER CHECK (proposal_client_cents >= 0),
    provider_accepted  INTEGER NOT NULL DEFAULT 0,
    client_accepted    INTEGER NOT NULL DEFAULT 0,
    resolved_at        INTEGER,
    outcome_provider_cents INTEGER CHECK (outcome_provider_cents >= 0),
    outcome_client_cents   INTEGER CHECK (outcome_client_cents >= 0),
    CHECK (proposal_provider_cents IS NULL OR proposal_provider_cents + proposal_client_cents <= cap_cents),
    CHECK (outcome_provider_cents IS NULL OR outcome_provider_cents + outcome_client_cents <= cap_cents)
);
-- ES-6: one open dispute per contract at a time.
CREATE UNIQUE INDEX disputes_one_open ON disputes(contract_id) WHERE status IN ('open', 'proposed');

CREATE TABLE deliverables (
    id            INTEGER PRIMARY KEY,
    contract_id   INTEGER NOT NULL REFERENCES contracts(id),
    tranche       INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    submitted_at  INTEGER NOT NULL,
    status        TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN
                  ('submitted', 'accepted', 'changes_requested')),
    answered_at   INTEGER,
    unfunded_ack  INTEGER NOT NULL DEFAULT 0,
    reminders_sent INTEGER NOT NULL DEFAULT 0   -- ES-3: Suivi Projet's reminders to the client
);

-- PA: payment requests, each with its invoice.
CREATE TABLE payment_requests (
    id               INTEGER PRIMARY KEY,
    contract_id      INTEGER NOT NULL REFERENCES contracts(id),
    provider_id      INTEGER NOT NULL REFERENCES providers(id),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    invoice_number   TEXT NOT NULL,
    invoice_sha256   TEXT NOT NULL REFERENCES blobs(sha256),
    file_name        TEXT NOT NULL,
    submitted_at     INTEGER NOT NULL,
    state            TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN
                     ('submitted', 'validated', 'paid', 'rejected')),
    validated_at     INTEGER,
    pay_on           INTEGER,
    paid_at          INTEGER,
    rejected_at      INTEGER,
    reject_reason    TEXT,
    UNIQUE (provider_id, invoice_number)
);
CREATE INDEX payment_requests_contract ON payment_requests(contract_id);
CREATE INDEX payment_requests_due ON payment_requests(state, pay_on);

-- ES-4: the escrow ledger; every figure is derived from it.
CREATE TABLE escrow_entries (
    id            INTEGER PRIMARY KEY,
    contract_id   INTEGER NOT NULL REFERENCES contracts(id),
    at            INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN
                  ('deposit', 'release', 'refund', 'request', 'request_reversal', 'payment')),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    tranche       INTEGER,
    dispute_id    INTEGER REFERENCES disputes(id),
    request_id    INTEGER REFERENCES payment_requests(id),
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escrow_entries_contract ON escrow_entries(contract_id, kind);
-- One resolution per payment request: one request, at most one reversal or one payment.
CREATE UNIQUE INDEX escrow_entries_one_per_request ON escrow_entries(request_id, kind)
    WHERE request_id IS NOT NULL;
CREATE TRIGGER escrow_entries_no_update BEFORE UPDATE ON escrow_entries
BEGIN SELECT RAISE(ABORT, 'the escrow ledger is append-only (ES-4)'); END;
CREATE TRIGGER escrow_entries_no_delete BEFORE DELETE ON escrow_entries
BEGIN SELECT RAISE(ABORT, 'the escrow ledger is append-only (ES-4)'); END;
-- ES-4: no term ever negative (held, available, requested), deposits within the amount.
CREATE TRIGGER escrow_entries_conservation AFTER INSERT ON escrow_entries
WHEN (
    SELECT min(
        dep - rel - ref,                      -- held
        rel - (req - rev - pay) - pay,        -- available
        req - rev - pay                       -- requested
    ) < 0 OR dep > amount
    FROM (SELECT
        coalesce(sum(CASE kind WHEN 'deposit' THEN amount_cents END), 0) AS dep,
        coalesce(sum(CASE kind WHEN 'release' THEN amount_cents END), 0) AS rel,
        coalesce(sum(CASE kind WHEN 'refund' THEN amount_cents END), 0) AS ref,
        coalesce(sum(CASE kind WHEN 'request' THEN amount_cents END), 0) AS req,
        coalesce(sum(CASE kind WHEN 'request_reversal' THEN amount_cents END), 0) AS rev,
        coalesce(sum(CASE kind WHEN 'payment' THEN amount_cents END), 0) AS pay,
        (SELECT amount_cents FROM contracts WHERE id = NEW.contract_id) AS amount
        FROM escrow_entries WHERE contract_id = NEW.contract_id)
)
BEGIN SELECT RAISE(ABORT, 'the escrow account would break ES-4'); END;

-- PA-7: gap-free invoice numbers per provider.
CREATE TABLE provider_invoice_numbers (
    provider_id  INTEGER NOT NULL REFERENCES providers(id),
    year         INTEGER NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    number       TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    project_id   INTEGER NOT NULL REFERENCES projects(id),
    issued_at    INTEGER NOT NULL,
    PRIMARY KEY (provider_id, year, seq)
) WITHOUT ROWID;

-- FO: follow-up and end.
ALTER TABLE contracts ADD COLUMN finalize_declared_at INTEGER;
ALTER TABLE contracts ADD COLUMN finalized_at INTEGER;
ALTER TABLE contracts ADD COLUMN progress_requests_sent INTEGER NOT NULL DEFAULT 0;  -- FO-1
-- FO-1: when the next progress request is due (NULL: none), so the catch-up finds it by index.
ALTER TABLE contracts ADD COLUMN next_progress_at INTEGER;
CREATE INDEX contracts_next_progress ON contracts(next_progress_at) WHERE next_progress_at IS NOT NULL;
CREATE INDEX contracts_declared ON contracts(finalize_declared_at) WHERE finalize_declared_at IS NOT NULL;
CREATE TABLE ratings (
    contract_id  INTEGER NOT NULL REFERENCES contracts(id),
    by_side      TEXT NOT NULL CHECK (by_side IN ('provider', 'client')),
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment      TEXT NOT NULL DEFAULT '',
    at           INTEGER NOT NULL,
    PRIMARY KEY (contract_id, by_side)
) WITHOUT ROWID;
"""

# The open projects' own full-text index (PR-4, as you type): the list searches open projects
# only, a few percent of the store, and a prefix query ("dév", while typing "développeur") merges
# the doclists of every term it matches over the whole index it reads: 50-350 ms on the full
# index of a million projects, a few ms on this one. Triggers keep it to the open projects as
# statuses change, both ways (a declined selection opens a project again).
V3 = r"""
CREATE VIRTUAL TABLE open_projects_fts USING fts5(
    title, summary, description,
    content='projects', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2',
    detail=column
);
INSERT INTO open_projects_fts(rowid, title, summary, description)
    SELECT id, title, summary, description FROM projects WHERE status = 'open';
INSERT INTO open_projects_fts(open_projects_fts) VALUES ('optimize');
CREATE TRIGGER open_projects_fts_ai AFTER INSERT ON projects WHEN NEW.status = 'open' BEGIN
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER open_projects_fts_ad AFTER DELETE ON projects WHEN OLD.status = 'open' BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER open_projects_fts_closed AFTER UPDATE OF status ON projects
WHEN OLD.status = 'open' AND NEW.status <> 'open' BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
END;
CREATE TRIGGER open_projects_fts_opened AFTER UPDATE OF status ON projects
WHEN OLD.status <> 'open' AND NEW.status = 'open' BEGIN
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
CREATE TRIGGER open_projects_fts_au AFTER UPDATE OF title, summary, description ON projects
WHEN OLD.status = 'open' AND NEW.status = 'open' BEGIN
    INSERT INTO open_projects_fts(open_projects_fts, rowid, title, summary, description)
    VALUES ('delete', OLD.id, OLD.title, OLD.summary, OLD.description);
    INSERT INTO open_projects_fts(rowid, title, summary, description)
    VALUES (NEW.id, NEW.title, NEW.summary, NEW.description);
END;
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3)
SCHEMA_VERSION = len(MIGRATIONS)
