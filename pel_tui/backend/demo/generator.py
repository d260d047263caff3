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

The text is French by construction ("French first"): `words` gives every noun its gender, number and
elision, each project one voice (the client's "nous", or "une agence ... son, sa"), each category its own
objects, deliverables, questions and files, and each client a city, address, phone number (and in
France a SIRET) of its own country. tests/test_demo_french.py holds the rules.

Three random streams: `seed` draws the marketplace's shape (categories, budgets, statuses, offers),
"{seed}:text" its words and "{seed}:people" its clients and the competitors' names, so that a change of
vocabulary never moves a project's status, budget or offers.

The app user's own provider is not created here: the engine adds it afterwards.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from local_store.connection import Store
from pel_tui.backend.demo.people import insert_clients, insert_providers
from pel_tui.backend.demo.words import (
    BUDGETS,
    DESC_BUDGET,
    IL,
    NOUS,
    OFFER_MESSAGES,
    SECTORS_VOICED,
    VOICED,
    Voiced,
    de,
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


def _text_bytes(*texts: str | None) -> int:
    return sum(len(t.encode()) for t in texts if t)


class _Text:
    """Project text from the templates of `words` ("French first"), with bound methods cached for speed.

    It draws from its own random stream, so that the marketplace's shape (statuses, offers, budgets)
    does not move when the words change.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.choice = rng.choice
        self.random = rng.random
        self.randint = rng.randint

    def _two(self, n: int) -> tuple[int, int]:
        """Two different indexes below n (n >= 2)."""
        i = int(self.random() * n)
        return i, (i + 1 + int(self.random() * (n - 1))) % n

    def slots(self, category: str, voice: int, sector: int, city: str) -> dict[str, object]:
        """The words of one project, in one voice; a client's sector and city."""
        c = self.choice
        w = VOICED[voice][category]
        sec = SECTORS_VOICED[voice][sector]
        t1, t2 = self._two(len(w.tools))
        f1, f2 = self._two(len(w.features))
        d1, d2 = self._two(len(w.deliverables))
        lo, hi = sec.staff
        return {
            "obj": c(w.objects),
            "action": c(w.actions),
            "verb": c(w.verbs),
            "role": c(w.roles),
            "tool": w.tools[t1],
            "tool2": w.tools[t2],
            "feature": w.features[f1],
            "feature2": w.features[f2],
            "tfeature": w.title_features[f1],
            "ofeature": w.offer_features[f1],
            "deliverable": w.deliverables[d1],
            "deliverable2": w.deliverables[d2],
            "sector": sec.noun,
            "audience": c(sec.audiences),
            "staff_word": sec.staff_word,
            "city": city,
            "de_city": de(city),
            "years": str(self.randint(2, 30)),
            "staff": str(self.randint(lo, hi)),
            "weeks": str(self.randint(2, 8)),
            "lots": str(self.randint(2, 5)),
            "_words": w,
        }

    def project(
        self, category: str, sector: int, city: str
    ) -> tuple[str, str, str, str | None, dict[str, object]]:
        """Title, summary, description, specification (or None) and the slots used.

        One voice for the whole project: the client's "nous", or "une agence ... son, sa" (PR-1's text).
        """
        c = self.choice
        voice = NOUS if self.random() < 0.6 else IL
        s = self.slots(category, voice, sector, city)
        w = VOICED[voice][category]
        title = c(w.titles).format_map(s)
        summary = c(w.summaries_projet if self.random() < 0.5 else w.summaries_plain).format_map(s)
        parts = [c(w.intros), c(w.tool_sentences)]
        if self.random() < 0.5:
            parts.append(DESC_BUDGET)
        parts.append(c(w.closings))
        description = "".join(parts).format_map(s)
        spec: str | None = None
        if self.random() < 0.25:
            spec = w.spec.format_map(s)
        return title, summary, description, spec, s

    def offer_message(self, slots: dict[str, object]) -> str:
        return self.choice(OFFER_MESSAGES).format_map(slots)

    def qa(self, slots: dict[str, object]) -> tuple[str, str]:
        """A question of a provider and the client's answer, fitting the project's category."""
        words = slots["_words"]
        assert isinstance(words, Voiced)
        return self.choice(words.qa)

    def file_names(self, slots: dict[str, object], k: int) -> list[str]:
        words = slots["_words"]
        assert isinstance(words, Voiced)
        return self.rng.sample(words.files, k)


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
    slots: dict[str, object],
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
            msg = text.offer_message(slots)
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
                confirmed = min(now, selected_at + rng.randint(3_600, 3 * DAY))  # not after the demo's now
                r0_fee = policy.r0_fee_cents(amount) if formula == "r0" else None
                ended = status_at if status == "finalized" else None
                out["contracts"].append((
                    ids.contracts, pid, prov, oid, formula, amount, delay, "client", status,
                    selected_at, selected_at + policy.confirm_terms_days * DAY, confirmed,
                    policy.commission_cents(amount), r0_fee, confirmed, ended))
    if rng.random() < 0.15:
        at = created + int(span * 0.3)
        q, a = text.qa(slots)
        ids.text_bytes += _text_bytes(q, a)
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "provider", q, at))
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "client", a, at + rng.randint(600, DAY)))
    if rng.random() < 0.2:
        for name in text.file_names(slots, rng.randint(1, 2)):
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
    # Words and people have their own random streams: the marketplace's shape (`rng`) stays the same
    # whatever the vocabulary.
    text = _Text(random.Random(f"{seed}:text"))
    people = random.Random(f"{seed}:people")
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
        clients = insert_clients(conn, people, n_clients)
        providers = insert_providers(conn, rng, people, n_providers, now, policy)
        project_rows: list[tuple[object, ...]] = []
        detail: dict[str, list[tuple[object, ...]]] = {k: [] for k in _DETAIL_SQL}
        for pid, created in enumerate(_creation_times(rng, projects, now), start=1):
            client_id = rng.randint(1, n_clients)
            client = clients[client_id - 1]
            country, city = client.country, client.city
            category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
            title, summary, description, spec, slots = text.project(category, client.sector, city)
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
            conn.execute("INSERT INTO open_projects_fts(rowid, title, summary, description, city) "
                         "SELECT id, title, summary, description, city FROM projects WHERE status = 'open'")
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
