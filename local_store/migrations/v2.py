"""Version 2: profile, stored files, portfolio, references, referrals, escrow, payment requests,
invoice numbers, ratings."""

from __future__ import annotations

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
