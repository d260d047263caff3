"""Project listing and full-text search (PR-3, PR-4), paged in SQL.

User text never reaches FTS5 as syntax: `fts_terms` keeps only word characters and quotes each
word, so quotes, `AND`, `-`, `:`, `*`, NUL and the like can neither raise an error nor name a column.

Why the SQL looks the way it does (figures in benchmarks/bench_search.py, 1M projects):

- Keyword search has two arms: title and summary for every project, and every column for the
  projects the provider consulted. Newest first, both arms deliver rows already in id order (the
  FTS doclist read backwards; the consulted debits read through their unique index), and a
  compound `UNION ... ORDER BY ... LIMIT` merges the two streams and stops after one page, so
  a word found in half the projects costs about as much as a rare one.
- The consulted arm is driven by the provider's debits (hundreds of rows), each checked against
  the index by rowid, never by scanning a common word's doclist in search of consulted ids.
- Relevance ranks, in order, the projects newer than `sink_before` and then the older ones (PR-3),
  each group only as far as the page needs; older groups are bounded by `min_open_id`, since no
  project older than the expiry window can be open. Project ids grow with `created_at` (schema),
  so a creation time bound is also an id bound.
- `status` is written into the SQL as a literal (from the fixed list of statuses), so that the
  planner can use the partial index of open projects.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Literal

_WORD = re.compile(r"\w+", re.UNICODE)
#: The last word is matched as a prefix from this length on (shorter prefixes match too much).
PREFIX_MIN = 3
#: bm25 weights of title, summary, description.
BM25_WEIGHTS = (10.0, 4.0, 1.0)
#: At most this many words reach the index (a pasted paragraph is not a query).
MAX_WORDS = 12
_STATUSES = frozenset(
    ("open", "awarded", "in_progress", "finalized", "cancelled", "removed", "stale", "expired")
)


def fts_terms(text: str | None) -> list[str]:
    """The words of `text`, as quoted FTS5 terms; the last one a prefix if long enough."""
    if not text:
        return []
    words = [w.replace("_", " ").strip() for w in _WORD.findall(text.replace("\x00", " "))]
    words = [w for w in words if w][:MAX_WORDS]
    terms = []
    for i, w in enumerate(words):
        for part in w.split():
            term = '"' + part.replace('"', "") + '"'
            terms.append(term)
        if i == len(words) - 1 and len(w) >= PREFIX_MIN and " " not in w:
            terms[-1] += "*"
    return terms


@dataclass(frozen=True)
class ProjectQuery:
    """What a provider asks of the project list. `None` means no filter."""

    provider_id: int
    words: str | None = None
    categories: tuple[str, ...] = ()
    budget_min_cents: int | None = None
    budget_max_cents: int | None = None
    countries: tuple[str, ...] = ()
    urgent: bool | None = None
    posted_since: int | None = None
    max_offers: int | None = None
    consulted: bool | None = None
    #: False: hide hidden projects; True: only hidden ones; None: both.
    hidden: bool | None = False
    #: 'open' for the available projects; None for every status.
    status: str | None = "open"
    order: Literal["newest", "relevance"] = "newest"
    #: Projects created before this time sink below newer ones (PR-3).
    sink_before: int = 0
    #: Lowest id that can still be `open` (posted within the expiry window); bounds ranking.
    min_open_id: int = 0
    limit: int = 50
    offset: int = 0
    extra: dict[str, object] = field(default_factory=dict, compare=False)


_COLUMNS = """
    p.id, p.title, p.summary, p.category, p.budget_min_cents, p.budget_max_cents, p.country,
    p.city, p.created_at, p.urgent, p.deadline, p.status, p.offers_count,
    EXISTS (SELECT 1 FROM credit_entries ce WHERE ce.provider_id = :me AND ce.project_id = p.id
            AND ce.kind = 'consultation' AND ce.entry_type = 'debit') AS consulted,
    EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = :me AND h.project_id = p.id)
        AS hidden,
    (SELECT o.status FROM offers o WHERE o.project_id = p.id AND o.provider_id = :me) AS my_offer
"""
#: The provider's consultation debits, through the partial unique index of CR-2 (ordered by
#: project id for a given provider).
_CONSULTED_DEBITS = (
    "ce.provider_id = :me AND ce.entry_type = 'debit' AND ce.duplicate_of IS NULL "
    "AND ce.kind = 'consultation'"
)


def _filters(q: ProjectQuery, params: dict[str, object]) -> list[str]:
    where: list[str] = []
    if q.status is not None:
        if q.status in _STATUSES:
            # A literal, so that the partial index of open projects applies.
            where.append(f"p.status = '{q.status}'")
        else:
            where.append("p.status = :status")
            params["status"] = q.status
    if q.categories:
        names = []
        for i, c in enumerate(q.categories):
            params[f"cat{i}"] = c
            names.append(f":cat{i}")
        where.append(f"p.category IN ({', '.join(names)})")
    if q.countries:
        names = []
        for i, c in enumerate(q.countries):
            params[f"cty{i}"] = c
            names.append(f":cty{i}")
        where.append(f"p.country IN ({', '.join(names)})")
    if q.budget_min_cents is not None:
        where.append("p.budget_max_cents >= :bmin")
        params["bmin"] = q.budget_min_cents
    if q.budget_max_cents is not None:
        where.append("p.budget_min_cents <= :bmax")
        params["bmax"] = q.budget_max_cents
    if q.urgent is not None:
        where.append("p.urgent = :urgent")
        params["urgent"] = int(q.urgent)
    if q.posted_since is not None:
        where.append("p.created_at >= :since")
        params["since"] = q.posted_since
    if q.max_offers is not None:
        where.append("p.offers_count <= :maxoff")
        params["maxoff"] = q.max_offers
    consulted_sql = (
        "EXISTS (SELECT 1 FROM credit_entries ce WHERE ce.provider_id = :me AND "
        "ce.project_id = p.id AND ce.kind = 'consultation' AND ce.entry_type = 'debit')"
    )
    if q.consulted is True:
        where.append(consulted_sql)
    elif q.consulted is False:
        where.append("NOT " + consulted_sql)
    hidden_sql = (
        "EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = :me AND h.project_id = p.id)"
    )
    if q.hidden is True:
        where.append(hidden_sql)
    elif q.hidden is False:
        where.append("NOT " + hidden_sql)
    return where


def _match_expressions(q: ProjectQuery) -> tuple[str, str] | None:
    """(title and summary only, every column), or None without words."""
    terms = fts_terms(q.words)
    if not terms:
        return None
    body = " ".join(terms)
    # Title and summary for everyone; the description only where the provider paid to read it.
    return "{title summary} : (" + body + ")", body


def _min_id(q: ProjectQuery) -> int:
    """The lowest id worth reading: nothing below `min_open_id` can be open."""
    return q.min_open_id if q.status == "open" and q.min_open_id > 0 else 0


def _sink_id(conn: sqlite3.Connection, sink_before: int) -> int:
    """The first project id created at or after `sink_before` (ids grow with created_at)."""
    row = conn.execute(
        "SELECT coalesce((SELECT min(id) FROM projects WHERE created_at >= ?),"
        " (SELECT coalesce(max(id), 0) + 1 FROM projects))",
        (sink_before,),
    ).fetchone()
    return int(row[0])


def _arms(cond: str, lo: str, hi: str, select_pub: str, select_all: str) -> tuple[str, str]:
    """The two keyword arms, each restricted to ids in [lo, hi) (SQL expressions, may be '')."""
    pub_bounds = ""
    all_bounds = ""
    if lo:
        pub_bounds += f" AND f.rowid >= {lo}"
        all_bounds += f" AND ce.project_id >= {lo}"
    if hi:
        pub_bounds += f" AND f.rowid < {hi}"
        all_bounds += f" AND ce.project_id < {hi}"
    pub = f"""
        SELECT {select_pub} FROM projects_fts f JOIN projects p ON p.id = f.rowid
        WHERE projects_fts MATCH :pub{pub_bounds}{cond}"""
    # Driven by the debits (CROSS JOIN fixes the loop order): each consulted project is
    # checked by rowid against the index.
    every = f"""
        SELECT {select_all} FROM credit_entries ce
        CROSS JOIN projects_fts f CROSS JOIN projects p
        WHERE {_CONSULTED_DEBITS}{all_bounds} AND f.rowid = ce.project_id
        AND projects_fts MATCH :all AND p.id = ce.project_id{cond}"""
    return pub, every


def search_projects(conn: sqlite3.Connection, q: ProjectQuery) -> list[sqlite3.Row]:
    """One page of projects for `q`."""
    params: dict[str, object] = {"me": q.provider_id, "limit": q.limit, "offset": q.offset}
    where = _filters(q, params)
    match = _match_expressions(q)
    prev = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        if match is None:
            # Ids grow with created_at, so newest first already puts the projects older than
            # `sink_before` last (PR-3): both orders are ORDER BY id DESC.
            sql = f"SELECT {_COLUMNS} FROM projects p"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += " ORDER BY p.id DESC LIMIT :limit OFFSET :offset"
            return conn.execute(sql, params).fetchall()
        params["pub"], params["all"] = match
        cond = (" AND " + " AND ".join(where)) if where else ""
        min_id = _min_id(q)
        if q.order == "relevance":
            return _ranked(conn, q, params, cond, min_id)
        lo = ":minid" if min_id else ""
        params["minid"] = min_id
        # The id column comes from the loop that orders each arm, so that both deliver rows in
        # order and the compound merges them without sorting.
        pub, every = _arms(cond, lo, "", _COLUMNS.replace("p.id,", "f.rowid AS id,", 1),
                           _COLUMNS.replace("p.id,", "ce.project_id AS id,", 1))
        sql = f"{pub}\nUNION\n{every}\nORDER BY 1 DESC LIMIT :limit OFFSET :offset"
        return conn.execute(sql, params).fetchall()
    finally:
        conn.row_factory = prev


def _ranked(
    conn: sqlite3.Connection,
    q: ProjectQuery,
    params: dict[str, object],
    cond: str,
    min_id: int,
) -> list[sqlite3.Row]:
    """Relevance order: newer projects first by score, then the sunk ones by score (PR-3)."""
    w = ", ".join(str(x) for x in BM25_WEIGHTS)
    sink_id = _sink_id(conn, q.sink_before) if q.sink_before else 0
    groups: list[tuple[int, int | None]] = []
    if sink_id > min_id:
        groups = [(sink_id, None), (min_id, sink_id)]
    else:
        groups = [(min_id, None)]
    want = q.offset + q.limit
    skip = q.offset
    out: list[sqlite3.Row] = []
    for lo, hi in groups:
        if len(out) >= q.limit:
            break
        p = dict(params)
        p["lo"], p["hi"] = lo, hi
        pub, every = _arms(cond, ":lo" if lo else "", ":hi" if hi is not None else "",
                           f"f.rowid AS id, bm25(projects_fts, {w}) AS score",
                           f"ce.project_id AS id, bm25(projects_fts, {w}) AS score")
        p["want"] = want
        sql = f"""
        WITH hits(id, score) AS ({pub}
            UNION ALL {every}
        ), page(id, score) AS (
            SELECT id, min(score) FROM hits GROUP BY id ORDER BY 2, 1 DESC LIMIT :want
        )
        SELECT {_COLUMNS} FROM page b JOIN projects p ON p.id = b.id ORDER BY b.score, p.id DESC"""
        rows = conn.execute(sql, p).fetchall()
        # `want` rows of this group are enough to fill the page; fewer means it is exhausted
        # and the next group continues the order.
        taken = rows[skip:]
        skip = max(0, skip - len(rows))
        out.extend(taken[: q.limit - len(out)])
        want = max(0, want - len(rows))
    return out


def count_projects(conn: sqlite3.Connection, q: ProjectQuery) -> int:
    """How many projects match `q` (every page)."""
    params: dict[str, object] = {"me": q.provider_id}
    where = _filters(q, params)
    match = _match_expressions(q)
    if match is None:
        sql = "SELECT count(*) FROM projects p"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(conn.execute(sql, params).fetchone()[0])
    params["pub"], params["all"] = match
    min_id = _min_id(q)
    params["minid"] = min_id
    cond = (" AND " + " AND ".join(where)) if where else ""
    pub, every = _arms(cond, ":minid" if min_id else "", "", "f.rowid", "ce.project_id")
    sql = f"SELECT count(*) FROM ({pub}\nUNION\n{every})"
    return int(conn.execute(sql, params).fetchone()[0])
