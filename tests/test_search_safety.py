"""Project search (PR-3, PR-4) on a small generated store: user text is words, never syntax."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local_store.connection import Store
from local_store.search import (
    ProjectQuery,
    count_projects,
    fts_terms,
    search_projects,
)
from pel_tui.backend.demo.generator import generate_marketplace
from pel_tui.backend.policy import DAY

NOW = 1_767_225_600
SINK = NOW - 30 * DAY

NASTY = st.sampled_from([
    '"', "'", '""', "AND", "OR", "NOT", "NEAR", "NEAR(a b, 2)", "a AND", "OR b", "NOT NOT",
    "-", "--", "-x", ":", "title:", "description: secret", "{title summary}:", "*", "a*", "**",
    "^", "^title", "(", ")", "()", "(a OR b", "\x00", "a\x00b", "_", "__init__", "é", "É*",
    "l'été", "c++", "\\", ";", "DROP TABLE projects;", "%", "?", "\u0301", "\ufeff", "１２３",
])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(tmp_path_factory.mktemp("search") / "demo.sqlite")
    generate_marketplace(s, projects=300, seed=3, now=NOW)
    yield s
    s.close()


def _base(store: Store, **kw: object) -> ProjectQuery:
    conn = store.conn
    provider_id = int(conn.execute("SELECT min(id) FROM providers").fetchone()[0])
    min_open_id = int(conn.execute(
        "SELECT coalesce(min(id), 0) FROM projects WHERE created_at >= ?", (NOW - 90 * DAY,)
    ).fetchone()[0])
    q = ProjectQuery(provider_id=provider_id, min_open_id=min_open_id, sink_before=SINK,
                     limit=1_000)
    return replace(q, **kw)  # type: ignore[arg-type]


def _ids(store: Store, q: ProjectQuery) -> list[int]:
    return [int(r["id"]) for r in search_projects(store.conn, q)]


def _consult(store: Store, provider_id: int, project_id: int) -> None:
    """A consultation debit for the provider (CR-1), with the grant it is taken from."""
    with store.write() as conn:
        grant = conn.execute(
            "INSERT INTO credit_grants(provider_id, kind, quantity, source, granted_at, "
            "expires_at) VALUES (?, 'consultation', 1, 'adjustment', ?, ?)",
            (provider_id, NOW - DAY, NOW + 365 * DAY),
        ).lastrowid
        conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, reason, "
            "at) VALUES (?, 'consultation', 'grant', 1, ?, 'adjustment', ?)",
            (provider_id, grant, NOW - DAY),
        )
        conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, "
            "project_id, reason, at) VALUES (?, 'consultation', 'debit', -1, ?, ?, "
            "'consultation', ?)",
            (provider_id, grant, project_id, NOW - 60),
        )


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(), NASTY, st.lists(NASTY, max_size=6).map(" ".join)),
       order=st.sampled_from(["newest", "relevance"]),
       status=st.sampled_from(["open", None]))
def test_pr_4_user_text_never_raises(store: Store, text: str, order: str,
                                     status: str | None) -> None:
    """PR-4: any user text is words, never query syntax: no error, whatever is typed."""
    q = _base(store, words=text, order=order, status=status, limit=20)
    rows = search_projects(store.conn, q)
    n = count_projects(store.conn, q)
    assert len(rows) <= n or q.offset
    for term in fts_terms(text):
        assert re.fullmatch(r'"[^"\x00]+"\*?', term), term


def test_pr_4_accent_insensitive(store: Store) -> None:
    """PR-4: "developpeur" finds "Développeur", in any case."""
    row = store.conn.execute(
        "SELECT id FROM projects WHERE title LIKE '%Développeur%' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row is not None
    target = int(row[0])
    found = {}
    for words in ("developpeur", "DEVELOPPEUR", "Développeur", "dÉveloppEUR"):
        ids = _ids(store, _base(store, words=words, status=None))
        assert target in ids, words
        found[words] = ids
        assert count_projects(store.conn, _base(store, words=words, status=None)) == len(ids)
    assert len({tuple(v) for v in found.values()}) == 1


def test_pr_4_description_only_after_consultation(store: Store) -> None:
    """PR-4: the description is searched only for projects the provider consulted."""
    conn = store.conn
    q0 = _base(store)
    pid = int(conn.execute(
        "SELECT max(id) FROM projects WHERE status = 'open' AND id NOT IN "
        "(SELECT project_id FROM credit_entries WHERE project_id IS NOT NULL)"
    ).fetchone()[0])
    with store.write():
        conn.execute("UPDATE projects SET description = description || ' Mot rare : zorglubesque.'"
                     " WHERE id = ?", (pid,))
    for order in ("newest", "relevance"):
        q = replace(q0, words="zorglubesque", order=order)  # type: ignore[arg-type]
        assert _ids(store, q) == []
        assert count_projects(conn, q) == 0
    other = int(conn.execute("SELECT max(id) FROM providers").fetchone()[0])
    _consult(store, other, pid)  # someone else's consultation unlocks nothing for this one
    assert _ids(store, replace(q0, words="zorglubesque")) == []
    _consult(store, q0.provider_id, pid)
    for order in ("newest", "relevance"):
        q = replace(q0, words="ZORGLUBESQUE", order=order)  # type: ignore[arg-type]
        assert _ids(store, q) == [pid]
        assert count_projects(conn, q) == 1
    rows = search_projects(conn, replace(q0, words="zorglubesque"))
    assert rows[0]["consulted"] == 1


def test_pr_4_consulted_project_listed_once_and_pages_agree(store: Store) -> None:
    """PR-4: a consulted project that matches by title and description comes out once, and
    pages of the list join into the whole list."""
    conn = store.conn
    q = _base(store, words="projet")
    ids = _ids(store, q)
    assert ids and ids == sorted(ids, reverse=True)
    for pid in ids[:3]:
        if not conn.execute("SELECT 1 FROM credit_entries WHERE provider_id = ? AND "
                            "project_id = ?", (q.provider_id, pid)).fetchone():
            _consult(store, q.provider_id, pid)
    ids = _ids(store, q)
    assert len(ids) == len(set(ids)) == count_projects(conn, q)
    for order in ("newest", "relevance"):
        whole = _ids(store, replace(q, order=order))  # type: ignore[arg-type]
        paged: list[int] = []
        for offset in range(0, len(whole) + 7, 7):
            paged += _ids(store, replace(q, order=order, limit=7, offset=offset))  # type: ignore[arg-type]
        assert paged == whole, order


@pytest.mark.parametrize("words", ["projet", None, "site"])
def test_pr_3_relevance_sinks_old_projects(store: Store, words: str | None) -> None:
    """PR-3: projects older than sink_before come after every newer one, whatever the sort."""
    conn = store.conn
    for order in ("relevance", "newest"):
        q = _base(store, words=words, order=order)
        rows = search_projects(conn, q)
        assert all(r["status"] == "open" for r in rows)
        sunk = [int(r["created_at"]) < SINK for r in rows]
        assert sunk == sorted(sunk), order
        if words != "site":
            assert any(sunk) and not all(sunk), "the demo store has both kinds"
