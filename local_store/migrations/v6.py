"""Version 6: the client's city in the full-text indexes (a provider types `Nantes` or `Liège`).

Both indexes are made again with a fourth column, `city`, and their triggers name it. On a store
of a million projects this rebuild takes about 30 s, once (26 s measured here for the full index).
Elided articles (`l'application`) need no change here: the tokenizer already cuts at the
apostrophe, and the search drops the elided article from what the user types
(`local_store.search.fts_terms`).
"""

from __future__ import annotations

COLUMNS = "title, summary, description, city"
_NEW = ", ".join(f"NEW.{c}" for c in COLUMNS.split(", "))
_OLD = ", ".join(f"OLD.{c}" for c in COLUMNS.split(", "))
_NOT_BULK = "NOT (SELECT bulk FROM sync_state)"


def _index(name: str) -> str:
    return (f"CREATE VIRTUAL TABLE {name} USING fts5({COLUMNS}, content='projects', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2', detail=column);")


def _add(name: str) -> str:
    return f"INSERT INTO {name}(rowid, {COLUMNS}) VALUES (NEW.id, {_NEW});"


def _delete(name: str) -> str:
    return f"INSERT INTO {name}({name}, rowid, {COLUMNS}) VALUES ('delete', OLD.id, {_OLD});"


_TRIGGERS = (
    ("projects_fts_ai", f"AFTER INSERT ON projects WHEN {_NOT_BULK}", _add("projects_fts")),
    ("projects_fts_ad", f"AFTER DELETE ON projects WHEN {_NOT_BULK}", _delete("projects_fts")),
    ("projects_fts_au", f"AFTER UPDATE OF {COLUMNS} ON projects WHEN {_NOT_BULK}",
     _delete("projects_fts") + " " + _add("projects_fts")),
    ("open_projects_fts_ai", f"AFTER INSERT ON projects WHEN NEW.status = 'open' AND {_NOT_BULK}",
     _add("open_projects_fts")),
    ("open_projects_fts_ad", f"AFTER DELETE ON projects WHEN OLD.status = 'open' AND {_NOT_BULK}",
     _delete("open_projects_fts")),
    ("open_projects_fts_closed",
     f"AFTER UPDATE OF status ON projects WHEN OLD.status = 'open' AND NEW.status <> 'open' AND {_NOT_BULK}",
     _delete("open_projects_fts")),
    ("open_projects_fts_opened",
     f"AFTER UPDATE OF status ON projects WHEN OLD.status <> 'open' AND NEW.status = 'open' AND {_NOT_BULK}",
     _add("open_projects_fts")),
    ("open_projects_fts_au",
     f"AFTER UPDATE OF {COLUMNS} ON projects WHEN OLD.status = 'open' AND NEW.status = 'open' AND {_NOT_BULK}",
     _delete("open_projects_fts") + " " + _add("open_projects_fts")),
)

V6 = "\n".join(
    [f"DROP TRIGGER {name};" for name, _when, _body in _TRIGGERS]
    + ["DROP TABLE projects_fts;", "DROP TABLE open_projects_fts;",
       _index("projects_fts"), _index("open_projects_fts"),
       "INSERT INTO projects_fts(projects_fts) VALUES ('rebuild');",
       f"INSERT INTO open_projects_fts(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM projects WHERE status = 'open';",
       "INSERT INTO projects_fts(projects_fts) VALUES ('optimize');",
       "INSERT INTO open_projects_fts(open_projects_fts) VALUES ('optimize');"]
    + [f"CREATE TRIGGER {name} {when} BEGIN {body} END;" for name, when, body in _TRIGGERS]
)
