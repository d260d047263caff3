"""The bulk of the demo marketplace (the generator): clients, competing providers, projects and their reports.

The local embedded mode has no server, so the other sides of the marketplace (clients, competing
providers) are simulated here. The same generator feeds the demo (5,000 projects, built in about
a second) and the search benchmark (1,000,000 projects, a few minutes), so it is written for speed:
text comes from per-category templates, rows go in with `executemany` in large batches inside one
`store.write()` transaction, and the full-text index is built once at the end (`rebuild`) instead
of row by row through the insert trigger.

Statuses are consistent with shared/RULES.md at time `now`: nothing older than the expiry window
is `open` (PR-2), an `awarded` project has a selection still awaiting confirmation (CT-1), offers
follow OF-6. Offers, Q&A messages and files exist only for recent projects; older ones carry just
their `offers_count`, which keeps a million-project store small and quick to build.

The app user's own provider is not created here: the engine adds it afterwards.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from local_store.connection import Store
from pel_tui.backend.demo.words import (
    ANSWERS,
    AUDIENCES,
    BUDGETS,
    COMPANY_WORDS,
    DESC_CLOSINGS,
    DESC_NEEDS,
    DESC_OPENINGS,
    DESC_TOOLS,
    FILE_NAMES,
    FIRST_NAMES,
    LAST_NAMES,
    LOCATIONS,
    OFFER_MESSAGES,
    PSEUDO_PARTS,
    QUESTIONS,
    SECTORS,
    SPEC_SECTIONS,
    SUMMARY_PLAIN,
    SUMMARY_WITH_PROJET,
    TITLE_TEMPLATES,
    VERBS,
    VOCAB,
)
from pel_tui.backend.models import CATEGORIES
from pel_tui.backend.policy import DAY, DEFAULT_POLICY, Policy

#: Rows per `executemany` call: large enough to amortise Python overhead, small enough to keep
#: memory flat on a million projects.
_BATCH = 20_000
#: Offers, messages and files are generated for projects younger than this (older ones only
#: carry `offers_count`).
_DETAILED_DAYS = 120


@dataclass
class DemoSummary:
    """What `generate_marketplace` wrote; `raw_text_bytes` sizes the store against its text."""

    projects: int
    clients: int
    providers: int
    offers: int
    open_projects: int
    raw_text_bytes: int


def _iso_date(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).date().isoformat()


def _weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in items)
    x = rng.random() * total
    for name, w in items:
        x -= w
        if x < 0:
            return name
    return items[-1][0]


def _text_bytes(*texts: str | None) -> int:
    return sum(len(t.encode()) for t in texts if t)


class _Text:
    """Project text from the templates, with bound methods cached for speed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.choice = rng.choice
        self.random = rng.random

    def slots(self, category: str, city: str) -> dict[str, str]:
        c = self.choice
        v = VOCAB[category]
        obj = c(v.objects)
        sector = c(SECTORS)
        role = c(v.roles)
        tool = c(v.tools)
        tool2 = c(v.tools)
        feature = c(v.features)
        feature2 = c(v.features)
        deliverable = c(v.deliverables)
        action = c(v.actions)
        return {
            "obj": obj,
            "obj_bare": obj.split(" ", 1)[1] if obj.startswith(("un ", "une ", "des ")) else obj,
            "obj_cap": obj[:1].upper() + obj[1:],
            "sector": sector,
            "sector_cap": sector[:1].upper() + sector[1:],
            "role": role,
            "role_l": role[:1].lower() + role[1:],
            "tool": tool,
            "tool2": tool2 if tool2 != tool else c(v.tools),
            "feature": feature,
            "feature2": feature2 if feature2 != feature else c(v.features),
            "deliverable": deliverable,
            "deliverable_cap": deliverable[:1].upper() + deliverable[1:],
            "action": action,
            "action_l": action[:1].lower() + action[1:],
            "verb": c(VERBS),
            "audience": c(AUDIENCES),
            "city": city,
            "years": str(self.rng.randint(2, 30)),
            "staff": str(self.rng.randint(1, 120)),
            "weeks": str(self.rng.randint(1, 8)),
            "lots": str(self.rng.randint(2, 5)),
        }

    def project(self, category: str, city: str) -> tuple[str, str, str, str | None, dict[str, str]]:
        """Title, summary, description, specification (or None) and the slots used."""
        c = self.choice
        s = self.slots(category, city)
        title = c(TITLE_TEMPLATES).format_map(s)
        title = title[:1].upper() + title[1:]
        summary_pool = SUMMARY_WITH_PROJET if self.random() < 0.5 else SUMMARY_PLAIN
        summary = c(summary_pool).format_map(s)
        summary = summary[:1].upper() + summary[1:]
        parts = [c(DESC_OPENINGS), c(DESC_NEEDS), c(DESC_TOOLS)]
        if self.random() < 0.5:
            parts.append(" Le budget est indicatif et peut évoluer selon la qualité des "
                         "propositions reçues.")
        parts.append(c(DESC_CLOSINGS))
        description = "".join(parts).format_map(s)
        spec: str | None = None
        if self.random() < 0.25:
            spec = ("Cahier des charges\n\n" + "\n".join(SPEC_SECTIONS)).format_map(s)
        return title, summary, description, spec, s


def _pick_client_location(rng: random.Random) -> tuple[str, str]:
    total = sum(w for _, _, w in LOCATIONS)
    x = rng.random() * total
    for country, cities, w in LOCATIONS:
        x -= w
        if x < 0:
            return country, rng.choice(cities)
    return LOCATIONS[0][0], LOCATIONS[0][1][0]


def _insert_clients(conn: sqlite3.Connection, rng: random.Random, n: int) -> list[tuple[str, str]]:
    rows = []
    locations = []
    for cid in range(1, n + 1):
        country, city = _pick_client_location(rng)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if rng.random() < 0.6:
            name = f"{rng.choice(COMPANY_WORDS)} {last}"
            email = f"contact{cid}@{last.lower().encode('ascii', 'ignore').decode()}.example"
        else:
            name = f"{first} {last}"
            email = f"client{cid}@mail.example"
        phone = f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        rows.append((cid, name, email, phone, country, city))
        locations.append((country, city))
    conn.executemany("INSERT INTO clients(id, name, email, phone, country, city) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return locations


def _insert_providers(
    conn: sqlite3.Connection, rng: random.Random, n: int, now: int, policy: Policy
) -> list[int]:
    """Competing providers (the app user's own provider is added later by the engine)."""
    rows = []
    seen: set[str] = set()
    countries = [(c, 12 if c == "FR" else 1) for c in policy.provider_countries]
    base_id = 1
    for i in range(n):
        while True:
            pseudo = f"{rng.choice(PSEUDO_PARTS)}{rng.choice('-_')}{rng.choice(PSEUDO_PARTS)}"
            pseudo += str(rng.randint(1, 999)) if rng.random() < 0.5 else ""
            if pseudo not in seen:
                seen.add(pseudo)
                break
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        rows.append((base_id + i, pseudo, name, f"{pseudo}@freelance.example",
                     _weighted(rng, countries), now - rng.randint(30, 2_000) * DAY))
    conn.executemany("INSERT INTO providers(id, pseudo, display_name, email, country, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return [r[0] for r in rows]


def _status_for(rng: random.Random, age_days: float, expiry_days: int) -> str:
    """PR-2 at `now`: nothing past the expiry window is open; a third of projects go ahead."""
    x = rng.random()
    if age_days >= expiry_days:
        if x < 0.45:
            return "expired"
        if x < 0.72:
            return "finalized"
        if x < 0.78:
            return "in_progress" if age_days < 365 else "finalized"
        if x < 0.90:
            return "cancelled"
        if x < 0.96:
            return "stale"
        return "removed"
    if age_days < 0.5:
        return "open" if x < 0.985 else "removed"
    if x < 0.80:
        return "open"
    if x < 0.84:
        return "awarded"
    if x < 0.91:
        return "in_progress"
    if x < 0.93:
        return "finalized" if age_days > 20 else "in_progress"
    if x < 0.97:
        return "cancelled"
    if x < 0.985:
        return "stale" if age_days > 8 else "cancelled"
    return "removed"


@dataclass
class _Counters:
    offers: int = 0
    versions: int = 0
    contracts: int = 0
    messages: int = 0
    files: int = 0
    text_bytes: int = 0


def _detail_rows(
    rng: random.Random,
    text: _Text,
    pid: int,
    created: int,
    status: str,
    status_at: int,
    budget: tuple[int, int],
    slots: dict[str, str],
    n_offers: int,
    providers: list[int],
    now: int,
    policy: Policy,
    ids: _Counters,
    out: dict[str, list[tuple[object, ...]]],
) -> int:
    """Offers (OF-6), a contract (CT) for competitors, Q&A and files of one recent project.

    Returns the number of non-withdrawn offers (the project's `offers_count`).
    """
    end = status_at if status not in ("open", "awarded") else now
    if status == "awarded":
        end = now - rng.randint(60, 6 * DAY)  # the selection happened in the last 6 days
        end = max(end, created + 60)
    span = max(60, end - created)
    chosen = rng.sample(providers, min(n_offers, len(providers)))
    winner_idx = 0 if status in ("awarded", "in_progress", "finalized") else -1
    active = 0
    lo, hi = budget
    for k, prov in enumerate(chosen):
        ids.offers += 1
        oid = ids.offers
        o_created = created + int(span * rng.random() * 0.8) + 30
        if k == winner_idx:
            o_status = {"awarded": "selected", "in_progress": "won", "finalized": "won"}[status]
        elif status in ("open", "awarded"):
            r = rng.random()
            o_status = "withdrawn" if r < 0.05 else ("read" if r < 0.6 else "submitted")
        else:
            o_status = "withdrawn" if rng.random() < 0.05 else "lost"
        if o_status != "withdrawn":
            active += 1
        amount = max(1_000, int((lo + (hi - lo) * rng.random()) / 1_000) * 1_000)
        delay = rng.randint(3, 90)
        slots["delay"] = str(delay)
        n_versions = 2 if rng.random() < 0.15 else 1
        v_time = o_created
        for v in range(1, n_versions + 1):
            ids.versions += 1
            msg = text.choice(OFFER_MESSAGES).format_map(slots)
            ids.text_bytes += len(msg.encode())
            last = v == n_versions
            read_at: int | None
            if not last or o_status not in ("submitted", "withdrawn"):
                read_at = min(end, v_time + rng.randint(600, 3 * DAY))
            else:
                read_at = None
            out["versions"].append((ids.versions, oid, v, amount, delay, msg, v_time, read_at))
            if not last:
                v_time = min(end, v_time + rng.randint(600, 5 * DAY))
                amount = max(1_000, amount - 5_000)
        out["offers"].append((oid, pid, prov, o_status, o_created, v_time))
        if k == winner_idx:
            ids.contracts += 1
            formula = "r0" if rng.random() < 0.3 else "base"
            selected_at = max(v_time + 60, end)
            if status == "awarded":
                out["contracts"].append((
                    ids.contracts, pid, prov, oid, formula, amount, delay, "client",
                    "awaiting_confirmation", selected_at, selected_at + policy.confirm_terms_days
                    * DAY, None, None, None, None, None))
            else:
                confirmed = selected_at + rng.randint(3_600, 3 * DAY)
                r0_fee = policy.r0_fee_cents(amount) if formula == "r0" else None
                ended = status_at if status == "finalized" else None
                out["contracts"].append((
                    ids.contracts, pid, prov, oid, formula, amount, delay, "client", status,
                    selected_at, selected_at + policy.confirm_terms_days * DAY, confirmed,
                    policy.commission_cents(amount), r0_fee, confirmed, ended))
    if rng.random() < 0.15:
        at = created + int(span * 0.3)
        q = text.choice(QUESTIONS)
        a = text.choice(ANSWERS)
        ids.text_bytes += _text_bytes(q, a)
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "provider", q, at))
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "client", a, at + rng.randint(600, DAY)))
    if rng.random() < 0.2:
        for name in rng.sample(FILE_NAMES, rng.randint(1, 2)):
            ids.files += 1
            out["files"].append((ids.files, pid, name, rng.randint(20_000, 4_000_000), created))
    return active


_PROJECT_SQL = (
    "INSERT INTO projects(id, client_id, title, summary, description, specification, category, "
    "budget_min_cents, budget_max_cents, country, city, created_at, urgent, deadline, status, "
    "status_at, offers_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_DETAIL_SQL = {
    "offers": "INSERT INTO offers(id, project_id, provider_id, status, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
    "versions": "INSERT INTO offer_versions(id, offer_id, version, amount_cents, delay_days, "
                "message, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "contracts": "INSERT INTO contracts(id, project_id, provider_id, offer_id, formula, "
                 "amount_cents, delay_days, commission_payer, status, selected_at, confirm_by, "
                 "confirmed_at, commission_cents, r0_fee_cents, commission_paid_at, ended_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "messages": "INSERT INTO messages(id, project_id, provider_id, author, body, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
    "files": "INSERT INTO project_files(id, project_id, name, size_bytes, posted_at) "
             "VALUES (?, ?, ?, ?, ?)",
}


def _creation_times(rng: random.Random, n: int, now: int) -> Iterator[int]:
    """Non-decreasing creation times over the span ending at `now`, so ids follow them."""
    span = max(120 * DAY, n * DAY // 900)
    start = now - span
    step = span / n
    for i in range(n):
        yield min(now, start + int((i + rng.random()) * step))


def generate_marketplace(
    store: Store, *, projects: int, seed: int, now: int, policy: Policy = DEFAULT_POLICY
) -> DemoSummary:
    """Fill an empty, migrated store with a simulated marketplace as it stands at `now`.

    Deterministic for a given (projects, seed, now). Runs in one write transaction, so a failure
    leaves the store empty.
    """
    rng = random.Random(seed)
    text = _Text(rng)
    n_clients = max(300, projects // 200)
    n_providers = max(40, min(300, projects // 3_000))
    expiry = policy.project_expiry_days
    detailed_from = now - _DETAILED_DAYS * DAY
    counters = _Counters()
    open_projects = 0
    budgets = [((lo, hi), w) for lo, hi, w in BUDGETS]
    budget_total = sum(w for _, w in budgets)
    conn = store.conn
    with store.write():
        prev_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        # A bigger cache during the bulk load keeps the b-tree pages of the indexes in memory.
        conn.execute("PRAGMA cache_size = -262144")
        # Indexing a million rows one by one through the triggers is slow; the indexes are
        # built once below, and the triggers restored in the same transaction.
        index_triggers = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN ('projects_fts_ai', 'open_projects_fts_ai')")]
        for name in ("projects_fts_ai", "open_projects_fts_ai"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        client_locations = _insert_clients(conn, rng, n_clients)
        providers = _insert_providers(conn, rng, n_providers, now, policy)
        project_rows: list[tuple[object, ...]] = []
        detail: dict[str, list[tuple[object, ...]]] = {k: [] for k in _DETAIL_SQL}
        for pid, created in enumerate(_creation_times(rng, projects, now), start=1):
            client_id = rng.randint(1, n_clients)
            country, city = client_locations[client_id - 1]
            category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
            title, summary, description, spec, slots = text.project(category, city)
            x = rng.random() * budget_total
            band = budgets[-1][0]
            for b, w in budgets:
                x -= w
                if x < 0:
                    band = b
                    break
            lo, hi = band
            if rng.random() < 0.15:  # a precise min-max instead of a band (PR-1)
                lo = lo + int((hi - lo) * rng.random() * 0.5) // 10_000 * 10_000
                hi = max(lo, hi - int((hi - lo) * rng.random() * 0.4) // 10_000 * 10_000)
            urgent = 1 if rng.random() < 0.1 else 0
            deadline = _iso_date(created + rng.randint(7 if urgent else 14, 120) * DAY)
            age_days = (now - created) / DAY
            status = _status_for(rng, age_days, expiry)
            if status == "open":
                status_at = created
                open_projects += 1
            elif status == "expired":
                status_at = created + expiry * DAY
            else:
                status_at = created + int((now - created) * (0.2 + 0.8 * rng.random()))
            n_offers = min(40, int(rng.expovariate(1 / 7)))
            if status in ("awarded", "in_progress", "finalized"):
                n_offers = max(1, n_offers)
            if created >= detailed_from:
                offers_count = _detail_rows(
                    rng, text, pid, created, status, status_at, (lo, hi), slots, n_offers,
                    providers, now, policy, counters, detail)
            else:
                offers_count = n_offers
            counters.text_bytes += _text_bytes(title, summary, description, spec)
            project_rows.append((pid, client_id, title, summary, description, spec, category,
                                 lo, hi, country, city, created, urgent, deadline, status,
                                 status_at, offers_count))
            if len(project_rows) >= _BATCH:
                _flush(conn, project_rows, detail)
        _flush(conn, project_rows, detail)
        if index_triggers:
            conn.execute("INSERT INTO projects_fts(projects_fts) VALUES ('rebuild')")
            # The open projects' index holds only them: filled by a query, not 'rebuild' (which
            # would index every row of the content table).
            conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('delete-all')")
            conn.execute("INSERT INTO open_projects_fts(rowid, title, summary, description) "
                         "SELECT id, title, summary, description FROM projects WHERE status = 'open'")
            # One segment each: smaller, and every query reads one b-tree instead of several.
            conn.execute("INSERT INTO projects_fts(projects_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('optimize')")
            for sql in index_triggers:
                conn.execute(sql)
        conn.execute(f"PRAGMA cache_size = {int(prev_cache)}")
    return DemoSummary(
        projects=projects,
        clients=n_clients,
        providers=n_providers,
        offers=counters.offers,
        open_projects=open_projects,
        raw_text_bytes=counters.text_bytes,
    )


def _flush(
    conn: sqlite3.Connection,
    project_rows: list[tuple[object, ...]],
    detail: dict[str, list[tuple[object, ...]]],
) -> None:
    """Write the pending rows (projects first: the details reference them) and clear them."""
    if project_rows:
        conn.executemany(_PROJECT_SQL, project_rows)
        project_rows.clear()
    for key, sql in _DETAIL_SQL.items():
        rows = detail[key]
        if rows:
            conn.executemany(sql, rows)
            rows.clear()
