"""Project search on a big demo store: build time, store size, and query latencies (PR-3, PR-4).

Run from the repository root:

    .venv/bin/python benchmarks/bench_search.py [--projects 1000000] [--store PATH] [--rebuild]

The store is built once with the demo generator and cached (benchmarks/out/ is git-ignored);
a reused store reports its build figures from its `meta` table. Figures are printed, never
asserted: the targets are in the output beside each figure, for a person to judge.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from local_store.connection import Store  # noqa: E402
from local_store.search import ProjectQuery, count_projects, search_projects  # noqa: E402
from pel_tui.backend.demo.generator import generate_marketplace  # noqa: E402
from pel_tui.backend.models import CATEGORIES  # noqa: E402
from pel_tui.backend.policy import DAY, DEFAULT_POLICY  # noqa: E402

#: The demo's "now" (2026-01-01 UTC), fixed so that a cached store stays consistent.
NOW = 1_767_225_600
SEED = 20_240_601
CONSULTED = 200
#: Words of the generator's vocabulary, as a user would type them (accents optional).
COMMON = ("développeur", "site", "création", "application", "refonte", "logo", "boutique",
          "traduction", "audit", "vidéo")
RARE = ("symfony", "flutter", "figma", "prestashop", "airflow", "néerlandais", "blender",
        "pennylane", "sylius", "ahrefs", "kotlin", "odoo")
#: Found in the summary of about half the projects.
HALF = "projet"
UNFINISHED = ("dévelop", "applic", "référenc", "traduc", "boutiq")


def _human(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _machine() -> str:
    return describe()


def build(path: Path, projects: int, rebuild: bool) -> Store:
    """Open the cached store, or build it (printing how long that took)."""
    if rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        store = Store.open(path)
        t = time.perf_counter()
        summary = generate_marketplace(store, projects=projects, seed=SEED, now=NOW)
        built = time.perf_counter() - t
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total = time.perf_counter() - t
        with store.write():
            store.set_meta("demo_raw_text_bytes", str(summary.raw_text_bytes))
            store.set_meta("demo_build_seconds", f"{built:.1f}")
            store.set_meta("demo_build_with_checkpoint_seconds", f"{total:.1f}")
            store.set_meta("demo_now", str(NOW))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"built {summary.projects:,} projects, {summary.clients:,} clients, "
              f"{summary.providers} providers, {summary.offers:,} offers "
              f"({summary.open_projects:,} open) in {built:.1f} s "
              f"({total:.1f} s with the WAL checkpoint)")
        return store
    store = Store.open(path)
    print(f"reusing {path} (built in {store.get_meta('demo_build_seconds')} s, "
          f"{store.get_meta('demo_build_with_checkpoint_seconds')} s with the checkpoint)")
    return store


def consult(store: Store, provider_id: int, rng: random.Random) -> None:
    """Give the provider consultation debits on random open projects (the description arm)."""
    conn = store.conn
    if conn.execute("SELECT 1 FROM credit_entries WHERE provider_id = ? AND entry_type = 'debit'"
                    " LIMIT 1", (provider_id,)).fetchone():
        return
    ids = [r[0] for r in conn.execute("SELECT id FROM projects WHERE status = 'open'")]
    chosen = sorted(rng.sample(ids, min(CONSULTED, len(ids))))
    with store.write():
        grant = conn.execute(
            "INSERT INTO credit_grants(provider_id, kind, quantity, source, granted_at, "
            "expires_at) VALUES (?, 'consultation', 1000, 'adjustment', ?, ?)",
            (provider_id, NOW - DAY, NOW + 3_650 * DAY),
        ).lastrowid
        conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, reason, "
            "at) VALUES (?, 'consultation', 'grant', 1000, ?, 'adjustment', ?)",
            (provider_id, grant, NOW - DAY),
        )
        conn.executemany(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, "
            "project_id, reason, at) VALUES (?, 'consultation', 'debit', -1, ?, ?, "
            "'consultation', ?)",
            [(provider_id, grant, pid, NOW - 3_600) for pid in chosen],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def random_filters(rng: random.Random, base: ProjectQuery) -> ProjectQuery:
    """A provider's usual filters: categories, a minimum budget, sometimes urgent or country."""
    q = base
    r = rng.random()
    if r < 0.5:
        q = replace(q, categories=(rng.choice(CATEGORIES),))
    elif r < 0.65:
        q = replace(q, categories=tuple(rng.sample(CATEGORIES, 2)))
    if rng.random() < 0.4:
        q = replace(q, budget_min_cents=rng.choice((50_000, 100_000, 300_000)))
    if rng.random() < 0.1:
        q = replace(q, urgent=True)
    if rng.random() < 0.2:
        q = replace(q, countries=("FR",))
    if rng.random() < 0.1:
        q = replace(q, max_offers=5)
    return q


def keyword_queries(conn: sqlite3.Connection, rng: random.Random, base: ProjectQuery,
                    n: int) -> list[ProjectQuery]:
    """Queries as a provider types them: one to three words, common or rare, sometimes in
    capitals, mostly words of a recent project's title (so that pages are not empty), with
    the usual filters (the category, when filtered, is that project's)."""
    top = int(conn.execute("SELECT max(id) FROM projects").fetchone()[0])
    out = []
    for _ in range(n):
        pid = rng.randint(base.min_open_id or 1, top)
        title, category = conn.execute(
            "SELECT title, category FROM projects WHERE id = ?", (pid,)).fetchone()
        words = [w for w in title.replace("'", " ").split() if len(w) >= 4 and w.isalpha()]
        r = rng.random()
        if r < 0.15 or not words:
            chosen = [rng.choice(RARE)]
        elif r < 0.3:
            chosen = [rng.choice(COMMON)]
        else:
            chosen = rng.sample(words, min(len(words), rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.2:
            chosen.append(HALF)
        text = " ".join(w.upper() if rng.random() < 0.1 else w for w in chosen)
        q = random_filters(rng, replace(base, words=text))
        if q.categories:
            q = replace(q, categories=(category,))
        out.append(q)
    return out


@dataclass
class Case:
    name: str
    target: str
    times_ms: list[float]
    rows: list[int]


def measure(name: str, target: str, queries: list[ProjectQuery],
            fn: Callable[[ProjectQuery], int]) -> Case:
    """Run every query once to warm the cache, then time each one."""
    for q in queries:
        fn(q)
    times: list[float] = []
    rows: list[int] = []
    for q in queries:
        t = time.perf_counter()
        n = fn(q)
        times.append((time.perf_counter() - t) * 1000)
        rows.append(n)
    return Case(name, target, times, rows)


def _p95(xs: list[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=1_000_000)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--queries", type=int, default=100)
    args = ap.parse_args()
    label = "1M" if args.projects == 1_000_000 else str(args.projects)
    path = args.store or ROOT / "benchmarks" / "out" / f"demo-{label}.sqlite"

    store = build(path, args.projects, args.rebuild)
    conn = store.conn
    now = int(store.get_meta("demo_now") or NOW)
    raw = int(store.get_meta("demo_raw_text_bytes") or 0)
    rng = random.Random(SEED)
    provider_id = int(conn.execute("SELECT min(id) FROM providers").fetchone()[0])
    consult(store, provider_id, rng)
    size = path.stat().st_size
    wal = Path(str(path) + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0

    min_open_id = int(conn.execute(
        "SELECT coalesce(min(id), 0) FROM projects WHERE created_at >= ?",
        (now - DEFAULT_POLICY.project_expiry_days * DAY,)).fetchone()[0])
    sink_before = now - DEFAULT_POLICY.sink_after_days * DAY
    total = int(conn.execute("SELECT count(*) FROM projects").fetchone()[0])
    open_n = int(conn.execute("SELECT count(*) FROM projects WHERE status = 'open'").fetchone()[0])
    half_n = int(conn.execute("SELECT count(*) FROM projects_fts WHERE projects_fts MATCH ?",
                              (f'{{title summary}} : "{HALF}"',)).fetchone()[0])
    base = ProjectQuery(provider_id=provider_id, min_open_id=min_open_id,
                        sink_before=sink_before)

    keyword = keyword_queries(conn, rng, base, args.queries)
    half = [random_filters(rng, replace(base, words=HALF)) for _ in range(args.queries // 2)]
    half += [replace(base, words=HALF) for _ in range(args.queries // 10)]
    filters_only = [random_filters(rng, base) for _ in range(args.queries)]
    unfinished = [replace(base, words=f"{rng.choice(COMMON)} {w}") for w in UNFINISHED]
    unfinished += [replace(base, words=w) for w in UNFINISHED]

    def page(q: ProjectQuery) -> int:
        return len(search_projects(conn, q))

    def count(q: ProjectQuery) -> int:
        return count_projects(conn, q)

    def ranked(q: ProjectQuery) -> int:
        return len(search_projects(conn, replace(q, order="relevance")))

    cases = [
        measure("keyword page, newest first", "median < 5 ms", keyword, page),
        measure("keyword page, relevance", "p95 < 100 ms", keyword, ranked),
        measure(f"'{HALF}' (half the projects) page, newest", "median < 5 ms", half, page),
        measure(f"'{HALF}' (half the projects) page, relevance", "p95 < 100 ms", half, ranked),
        measure("filter-only page (no words)", "< 2 ms", filters_only, page),
        measure("filter-only count_projects", "< 10 ms", filters_only, count),
        measure("keyword count_projects (no target)", "-", keyword, count),
        measure("unfinished last word, prefix (no target)", "-", unfinished, page),
    ]

    lines = [
        "=" * 100,
        "pel-tui project search benchmark",
        _machine(),
        f"store: {path}",
        f"  {total:,} projects, {open_n:,} open, min_open_id {min_open_id:,}, "
        f"'{HALF}' in title/summary of {half_n:,} ({100 * half_n / max(total, 1):.0f} %)",
        f"  size {_human(size)} (+ WAL {_human(wal_size)}), raw text {_human(raw)}, "
        f"ratio {size / raw if raw else float('nan'):.2f} (target <= 1.8)",
        f"  provider {provider_id} consulted {CONSULTED} open projects (description arm)",
        "page = first page of 50; each query run once to warm up, then timed (perf_counter)",
        "",
        f"{'case':<48}{'n':>5}{'median':>10}{'p95':>10}{'max':>10}{'rows(med)':>11}  target",
    ]
    for c in cases:
        lines.append(
            f"{c.name:<48}{len(c.times_ms):>5}{statistics.median(c.times_ms):>8.2f}ms"
            f"{_p95(c.times_ms):>8.2f}ms{max(c.times_ms):>8.2f}ms"
            f"{statistics.median(c.rows):>11.0f}  {c.target}"
        )
    lines.append("=" * 100)
    print("\n".join(lines))
    store.close()


if __name__ == "__main__":
    main()
