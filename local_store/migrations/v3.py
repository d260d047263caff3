"""Version 3: the open projects' own full-text index."""

from __future__ import annotations

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
