"""Version 4: commands versioned in the journal, notifications as data, domain state out of `meta`."""

from __future__ import annotations

V4 = r"""
-- The journal records each command's name and version as the wire carries them; rows before
-- version 4 (version 0) hold a method's name and keyword arguments.
ALTER TABLE journal ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER journal_no_rewrite;
CREATE TRIGGER journal_no_rewrite
BEFORE UPDATE OF command_id, at, actor, command, version, args, result, seq ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

-- Notifications are a kind and its data, made into words at the edge; rows written before
-- version 4 hold an English title and body, shown as they are (rendered = 1).
ALTER TABLE notifications ADD COLUMN rendered INTEGER NOT NULL DEFAULT 1 CHECK (rendered IN (0, 1));

-- Domain state that lived in `meta` keys, in tables of its own.
-- SU-6: the provider's payment method, as the bank answers (the simulation sets it).
CREATE TABLE payment_methods (
    provider_id  INTEGER PRIMARY KEY REFERENCES providers(id),
    declined     INTEGER NOT NULL CHECK (declined IN (0, 1))
);
-- PR-8: when each provider's last digest went out.
CREATE TABLE digest_runs (
    provider_id  INTEGER PRIMARY KEY REFERENCES providers(id),
    last_at      INTEGER NOT NULL
);
-- The newest project the provider's list showed, to mark what is new at the next visit.
CREATE TABLE list_marks (
    provider_id        INTEGER PRIMARY KEY REFERENCES providers(id),
    last_seen_project  INTEGER NOT NULL
);
INSERT INTO payment_methods(provider_id, declined)
    SELECT p.id, CAST(m.value AS INTEGER) = 1 FROM meta m JOIN providers p
    ON p.id = CAST(substr(m.key, 15) AS INTEGER) WHERE m.key LIKE 'card\_declined:%' ESCAPE '\';
INSERT INTO digest_runs(provider_id, last_at)
    SELECT p.id, CAST(m.value AS INTEGER) FROM meta m JOIN providers p
    ON p.id = CAST(substr(m.key, 13) AS INTEGER) WHERE m.key LIKE 'digest\_last:%' ESCAPE '\';
INSERT INTO list_marks(provider_id, last_seen_project)
    SELECT p.id, CAST(m.value AS INTEGER) FROM meta m JOIN providers p
    ON p.id = CAST(substr(m.key, 19) AS INTEGER) WHERE m.key LIKE 'last\_seen\_project:%' ESCAPE '\';
DELETE FROM meta WHERE key LIKE 'card\_declined:%' ESCAPE '\' OR key LIKE 'digest\_last:%' ESCAPE '\'
    OR key LIKE 'last\_seen\_project:%' ESCAPE '\';
"""
