"""Project listing and full-text search (PR-3, PR-4), paged in SQL.

User text never reaches FTS5 as syntax: `fts_terms` keeps only word characters and quotes each
word, so quotes, `AND`, `-`, `:`, `*`, NUL and the like can neither raise an error nor name a column.

Why the SQL looks the way it does (figures in benchmarks/bench_search.py, 1M projects):

- Keyword search has two arms: title and summary for every project, and every column for the
  projects the provider consulted. Newest first, both arms deliver rows already in id order (the
  FTS doclists read backwards), a compound `UNION ALL ... ORDER BY` merges the two streams, and
  rows are pulled one by one until the page is full, so a word found in half the projects costs
  about as much as a rare one.
- The consulted arm scans its doclist once and tests membership in the provider's debits; it
  is left out when the provider consulted nothing in the range.
- Relevance ranks, in order, the projects newer than `sink_before` and then the older ones (PR-3),
  each group only as far as the page needs; older groups are bounded by `min_open_id`, since no
  project older than the expiry window can be open. Project ids grow with `created_at` (schema),
  so a creation time bound is also an id bound. See `_ranked` for why the score is not bm25.
- The last word is a prefix only while it is not a word of the index (see `_match_expressions`).
- `status` is written into the SQL as a literal (from the fixed list of statuses), so that the
  planner can use the partial index of open projects.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Literal

_WORD = re.compile(r"\w+", re.UNICODE)
#: The last word is matched as a prefix from this length on (shorter prefixes match too much).
PREFIX_MIN = 3
#: Relevance weights of title, summary, description (see `_ranked`).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
#: At most this many words reach the index (a pasted paragraph is not a query).
MAX_WORDS = 12
_STATUSES = frozenset(
    ("open", "awarded", "in_progress", "finalized", "cancelled", "removed", "stale", "expired")
)


#: French elided words (`l'application`, `qu'il`, `jusqu'à`): dropped from a query, as the
#: tokenizer of the index cuts them off at the apostrophe.
ELIDED = frozenset(("c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"))
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
_TOKEN = re.compile(r"(\w+)([" + _APOSTROPHES + r"]?)", re.UNICODE)


def fts_terms(text: str | None) -> list[str]:
    """The words of `text`, as quoted FTS5 terms; the last one a prefix if long enough.

    An elided article (`l'`, `d'`, `qu'`) is not a word of the search, nor is a single letter
    (`à`, `é`, or the `d` of a word being typed): found in nearly every project or in none, either
    would only empty the list.
    """
    if not text:
        return []
    words = []
    for m in _TOKEN.finditer(text.replace("\x00", " ")):
        w = m.group(1).replace("_", " ").strip()
        if not w or (m.group(2) and w.lower() in ELIDED):
            continue
        if len(w) == 1 and not w.isdigit():
            continue
        words.append(w)
    words = words[:MAX_WORDS]
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
    #: Posted at or before this time (the digest of a past day, PR-8).
    posted_before: int | None = None
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
#: The provider's consultation debits, through the partial unique index of CR-2.
_CONSULTED_IDS = (
    "SELECT ce.project_id FROM credit_entries ce WHERE ce.provider_id = :me "
    "AND ce.entry_type = 'debit' AND ce.duplicate_of IS NULL AND ce.kind = 'consultation'"
)


def _filters(q: ProjectQuery, params: dict[str, object], t: str = "p") -> list[str]:
    """The filters of `q` as SQL conditions on the projects row (or index) aliased `t`."""
    where: list[str] = []
    if q.status is not None:
        if q.status in _STATUSES:
            # A literal, so that the partial index of open projects applies.
            where.append(f"{t}.status = '{q.status}'")
        else:
            where.append(f"{t}.status = :status")
            params["status"] = q.status
    where.extend(_column_filters(q, params, t))
    where.extend(_provider_filters(q, f"{t}.id"))
    return where


def _column_filters(q: ProjectQuery, params: dict[str, object], t: str) -> list[str]:
    """Filters on the project's own columns (all of them in the `projects_open` index)."""
    where: list[str] = []
    if q.categories:
        names = []
        for i, c in enumerate(q.categories):
            params[f"cat{i}"] = c
            names.append(f":cat{i}")
        where.append(f"{t}.category IN ({', '.join(names)})")
    if q.countries:
        names = []
        for i, c in enumerate(q.countries):
            params[f"cty{i}"] = c
            names.append(f":cty{i}")
        where.append(f"{t}.country IN ({', '.join(names)})")
    if q.budget_min_cents is not None:
        where.append(f"{t}.budget_max_cents >= :bmin")
        params["bmin"] = q.budget_min_cents
    if q.budget_max_cents is not None:
        where.append(f"{t}.budget_min_cents <= :bmax")
        params["bmax"] = q.budget_max_cents
    if q.urgent is not None:
        where.append(f"{t}.urgent = :urgent")
        params["urgent"] = int(q.urgent)
    if q.posted_since is not None:
        where.append(f"{t}.created_at >= :since")
        params["since"] = q.posted_since
    if q.posted_before is not None:
        where.append(f"{t}.created_at <= :before")
        params["before"] = q.posted_before
    if q.max_offers is not None:
        where.append(f"{t}.offers_count <= :maxoff")
        params["maxoff"] = q.max_offers
    return where


def _provider_filters(q: ProjectQuery, pid: str) -> list[str]:
    """Consulted and hidden: what this provider did with the project `pid` (SQL expression)."""
    where: list[str] = []
    consulted_sql = (
        "EXISTS (SELECT 1 FROM credit_entries ce WHERE ce.provider_id = :me AND "
        f"ce.project_id = {pid} AND ce.kind = 'consultation' AND ce.entry_type = 'debit')"
    )
    if q.consulted is True:
        where.append(consulted_sql)
    elif q.consulted is False:
        where.append("NOT " + consulted_sql)
    hidden_sql = (
        "EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = :me "
        f"AND h.project_id = {pid})"
    )
    if q.hidden is True:
        where.append(hidden_sql)
    elif q.hidden is False:
        where.append("NOT " + hidden_sql)
    return where


def _hit_filters(q: ProjectQuery, params: dict[str, object]) -> str:
    """The filters of a keyword hit `f`, checked before its project row is read.

    For open projects every column filter is answered by the small `projects_open` index, so a
    hit that fails them costs an index probe instead of reading a row of about a kilobyte.
    """
    if q.status == "open":
        conds = ["o.id = f.rowid", "o.status = 'open'", *_column_filters(q, params, "o")]
        where = [
            "EXISTS (SELECT 1 FROM projects o INDEXED BY projects_open WHERE "
            + " AND ".join(conds) + ")",
            *_provider_filters(q, "f.rowid"),
        ]
    else:
        where = _filters(q, params, "p")
    return "".join(" AND " + w for w in where)


def _match_expressions(conn: sqlite3.Connection, q: ProjectQuery) -> tuple[str, str] | None:
    """(title and summary only, every column), or None without words.

    The last word is a prefix only while it is unfinished: FTS5 answers a prefix query by
    merging the doclists of every term that starts with it, over the whole index, which costs
    tens of milliseconds for a common word on a million projects; an exact word costs
    microseconds. So a last word that is itself a word of the index is matched exactly.
    """
    terms = fts_terms(q.words)
    if not terms:
        return None
    last = terms[-1]
    if last.endswith("*"):
        exact = last[:-1]
        fts = _index(q)
        known = conn.execute(f"SELECT 1 FROM {fts} WHERE {fts} MATCH ? LIMIT 1", (exact,)).fetchone()
        if known:
            terms[-1] = exact
    body = " ".join(terms)
    # Title, summary and city for everyone; the description only where the provider paid to read it.
    return "{title summary city} : (" + body + ")", body


def _index(q: ProjectQuery) -> str:
    """The full-text index to read: the open projects' own when only open ones are wanted.

    Open projects are a few percent of the store; a prefix query merges the doclists of every
    term it matches over the whole index it reads, so the small index makes typing fast.
    """
    return "open_projects_fts" if q.status == "open" else "projects_fts"


def _min_id(q: ProjectQuery) -> int:
    """The lowest id worth reading: nothing below `min_open_id` can be open."""
    return q.min_open_id if q.status == "open" and q.min_open_id > 0 else 0


def _sink_id(conn: sqlite3.Connection, sink_before: int) -> int:
    """The first project id created at or after `sink_before` (ids grow with created_at).

    Written as ORDER BY ... LIMIT 1 on purpose: `min(id) ... WHERE created_at >= ?` walks the
    table from id 1 (0.3 s on a million projects); this reads one entry of `projects_created`.
    """
    row = conn.execute(
        "SELECT id FROM projects WHERE created_at >= ? ORDER BY created_at, id LIMIT 1",
        (sink_before,),
    ).fetchone()
    if row is None:
        return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM projects").fetchone()[0])
    return int(row[0])


def _has_consulted(conn: sqlite3.Connection, provider_id: int, lo: int) -> bool:
    """Whether the description arm can find anything (most providers' first visit: no)."""
    row = conn.execute(
        _CONSULTED_IDS.replace(":me", "?") + " AND ce.project_id >= ? LIMIT 1",
        (provider_id, lo),
    ).fetchone()
    return row is not None


def _arms(cond: str, bounds: str, select: str, every: bool, fts: str) -> str:
    """The keyword arms as one compound: title and summary for every project, and (`every`)
    every column for the consulted ones. Each arm scans its doclist once, in id order."""
    # CROSS JOIN keeps the index outer: a hit's row is read only once the hit is known (the
    # other order would run one full-text query per project row). The row is not read at all
    # when neither the columns nor the filters need it.
    join = ""
    if "p." in select or "p." in cond:
        join = " CROSS JOIN projects p"
        cond = " AND p.id = f.rowid" + cond
    pub = f"""
        SELECT {select} FROM {fts} f{join}
        WHERE {fts} MATCH :pub{bounds}{cond}"""
    if not every:
        return pub
    # `+f.rowid`: scan the doclist once and test membership, instead of one full-text query per
    # consulted project (each of which would merge a prefix's doclists again).
    return pub + f"""
        UNION ALL
        SELECT {select} FROM {fts} f{join}
        WHERE {fts} MATCH :all{bounds} AND +f.rowid IN ({_CONSULTED_IDS}){cond}"""


def _bounds(lo: int, hi: int | None, params: dict[str, object]) -> str:
    sql = ""
    if lo:
        sql += " AND f.rowid >= :lo"
        params["lo"] = lo
    if hi is not None:
        sql += " AND f.rowid < :hi"
        params["hi"] = hi
    return sql


def search_projects(conn: sqlite3.Connection, q: ProjectQuery) -> list[sqlite3.Row]:
    """One page of projects for `q`."""
    q = _simplify(conn, q)
    params: dict[str, object] = {"me": q.provider_id, "limit": q.limit, "offset": q.offset}
    match = _match_expressions(conn, q)
    prev = conn.row_factory
    conn.row_factory = sqlite3.Row
    try:
        if match is None:
            # Ids grow with created_at, so newest first already puts the projects older than
            # `sink_before` last (PR-3): both orders are ORDER BY id DESC.
            where = _filters(q, params, "p")
            sql = f"SELECT {_COLUMNS} FROM projects p"
            if q.status == "open" and len(q.categories) == 1:
                # One category, read in id order from its own entries (the planner, without
                # statistics, would rather walk every open project in id order).
                sql += " INDEXED BY projects_open_category"
            if where:
                sql += " WHERE " + " AND ".join(where)
            sql += " ORDER BY p.id DESC LIMIT :limit OFFSET :offset"
            return conn.execute(sql, params).fetchall()
        params["pub"], params["all"] = match
        cond = _hit_filters(q, params)
        min_id = _min_id(q)
        if q.order == "relevance":
            return _ranked(conn, q, params, cond, min_id)
        every = _has_consulted(conn, q.provider_id, min_id)
        # Both arms deliver rows in id order, which the compound merges without sorting; the
        # rows are pulled one by one and the statement stops after the page, so a word found in
        # half the projects costs no more than a rare one. A project both arms find comes out
        # twice in a row: it is skipped here (UNION would sort on every column to remove it).
        columns = _COLUMNS.replace("p.id,", "f.rowid AS id,", 1)
        sql = _arms(cond, _bounds(min_id, None, params), columns, every, _index(q)) + "\nORDER BY 1 DESC"
        out: list[sqlite3.Row] = []
        skip = q.offset
        last_id: int | None = None
        cur = conn.execute(sql, params)
        try:
            for row in cur:
                if row[0] == last_id:
                    continue
                last_id = row[0]
                if skip:
                    skip -= 1
                    continue
                out.append(row)
                if len(out) >= q.limit:
                    break
        finally:
            cur.close()
        return out
    finally:
        conn.row_factory = prev


def _ranked(
    conn: sqlite3.Connection,
    q: ProjectQuery,
    params: dict[str, object],
    cond: str,
    min_id: int,
) -> list[sqlite3.Row]:
    """Relevance order: newer projects first by score, then the sunk ones by score (PR-3).

    The score is the sum of the weights (`BM25_WEIGHTS`) of the columns that hold every word,
    ties newest first. With column-level detail this is what bm25 would weigh, less its idf
    and length terms; bm25's idf alone reads each word's whole doclist on every query (70 ms
    for a word in half of a million projects), where these column sets read only the group's
    id range. Each group is ranked only if the page reaches it, so the usual page ranks the
    last 30 days alone.
    """
    sink_id = _sink_id(conn, q.sink_before) if q.sink_before else 0
    groups: list[tuple[int, int | None]]
    if sink_id > min_id:
        groups = [(sink_id, None), (min_id, sink_id)]
    else:
        groups = [(min_id, None)]
    body = str(params["all"])
    wt, ws, wd = BM25_WEIGHTS
    want = q.offset + q.limit
    skip = q.offset
    out: list[sqlite3.Row] = []
    for lo, hi in groups:
        if len(out) >= q.limit or want <= 0:
            break
        p = dict(params)
        p["want"] = want
        p["t"] = "{title} : (" + body + ")"
        p["s"] = "{summary} : (" + body + ")"
        p["d"] = "{description} : (" + body + ")"
        every = _has_consulted(conn, q.provider_id, lo)
        bounds = _bounds(lo, hi, p)
        fts = _index(q)
        hits = _arms(cond, bounds, "f.rowid", every, fts)
        desc = "0"
        ctes = ""
        if every:
            desc = f"{wd} * (h.id IN d)"
            ctes = f""", d(id) AS MATERIALIZED (
            SELECT f.rowid FROM {fts} f WHERE {fts} MATCH :d{bounds}
            AND +f.rowid IN ({_CONSULTED_IDS}))"""
        sql = f"""
        WITH hits(id) AS MATERIALIZED ({hits}
        ), t(id) AS MATERIALIZED (
            SELECT f.rowid FROM {fts} f WHERE {fts} MATCH :t{bounds}
        ), s(id) AS MATERIALIZED (
            SELECT f.rowid FROM {fts} f WHERE {fts} MATCH :s{bounds}
        ){ctes}, page(id, score) AS (
            SELECT h.id, {wt} * (h.id IN t) + {ws} * (h.id IN s) + {desc}
            FROM (SELECT DISTINCT id FROM hits) h ORDER BY 2 DESC, 1 DESC LIMIT :want
        )
        SELECT {_COLUMNS} FROM page b JOIN projects p ON p.id = b.id
        ORDER BY b.score DESC, p.id DESC"""
        rows = conn.execute(sql, p).fetchall()
        # `want` rows of a group fill the page; fewer mean the group is exhausted and the next
        # one continues the order.
        taken = rows[skip:]
        skip = max(0, skip - len(rows))
        out.extend(taken[: q.limit - len(out)])
        want -= len(rows)
    return out


def _simplify(conn: sqlite3.Connection, q: ProjectQuery) -> ProjectQuery:
    """Drop the hidden / not-consulted filters when the provider has no such rows at all: the
    same answer, without one probe per candidate project."""
    if q.hidden is False and not conn.execute(
        "SELECT 1 FROM hidden_projects WHERE provider_id = ? LIMIT 1", (q.provider_id,)
    ).fetchone():
        q = replace(q, hidden=None)
    if q.consulted is False and not conn.execute(
        "SELECT 1 FROM credit_entries WHERE provider_id = ? AND kind = 'consultation' "
        "AND entry_type = 'debit' LIMIT 1", (q.provider_id,)
    ).fetchone():
        q = replace(q, consulted=None)
    return q


def count_projects(conn: sqlite3.Connection, q: ProjectQuery) -> int:
    """How many projects match `q` (every page)."""
    q = _simplify(conn, q)
    params: dict[str, object] = {"me": q.provider_id}
    match = _match_expressions(conn, q)
    if match is None:
        where = _filters(q, params, "p")
        sql = "SELECT count(*) FROM projects p"
        if q.status == "open":
            # Every filter is in the covering partial indexes: the count never reads a row, and
            # with categories it reads only theirs.
            sql += " INDEXED BY projects_open_category" if q.categories else (
                " INDEXED BY projects_open")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(conn.execute(sql, params).fetchone()[0])
    params["pub"], params["all"] = match
    min_id = _min_id(q)
    cond = _hit_filters(q, params)
    every = _has_consulted(conn, q.provider_id, min_id)
    arms = _arms(cond, _bounds(min_id, None, params), "f.rowid", every, _index(q))
    if every:
        arms = arms.replace("UNION ALL", "UNION")
    return int(conn.execute(f"SELECT count(*) FROM ({arms})", params).fetchone()[0])
