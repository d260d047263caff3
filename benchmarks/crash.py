"""Crash test: kill the write commands at random moments and at injected points, check the store after each.

    .venv/bin/python benchmarks/crash.py --kills 200 --seed N      # the long run (seed random and printed if not given)
    .venv/bin/python benchmarks/crash.py --points-only              # one kill at each injected point reached
    .venv/bin/python benchmarks/crash.py --via cli                  # through `pel` instead of the engine's API

The commands: consult, offer, contact (reveal), pay (a payment request carrying an invoice PDF),
invoice (`pel invoice -o`), deposit, release and advance (`pel platform ...`). Each trial copies a
prepared store (a small demo, an R0 contract with money released and an invoice generated for
`pay`), starts the command in its own process and kills it: with SIGKILL after a random delay, or
at an injected point (`PEL_CRASH_AT=point[:N]`, `local_store/faults.py`: before and after COMMIT,
a file written but not renamed, a kept file staged or not yet published, an invoice PDF made but
not written). By default the child runs the command through the engine's API the way `pel` does
(`pel_tui.launch.open_store`, then the `Marketplace`/`Platform` call behind the command, so that a
broken command line in progress elsewhere does not stop the test); `--via cli` runs `pel` itself.

After each kill, on the store as left (read with plain sqlite3, nothing repaired yet):
  - `PRAGMA integrity_check` is ok;
  - credit ledgers: every lot's sum is >= 0, the balance the engine derives (ledger.credits.balances)
    equals the sum of the live lots and is never negative; one debit per (provider, project, kind);
  - journal against effects, since the prepared store: consult debits <-> `project.consult`, contact
    debits <-> `contact.reveal`, offer versions and offer debits <-> `offer.make`, payment requests
    and their escrow `request` entries <-> `payment.request`, invoice numbers <-> `invoice.generate`,
    deposits <-> `escrow.deposit`, releases of the test contract <-> `escrow.release`, the clock's
    offset <-> `clock.advance`;
  - escrow conservation for every contract (from its ledger);
  - every file under `files/` outside `.staging/` is a blob with its row, referenced by a row
    (payment request, photo, portfolio image), and holds the bytes its name says; no `.part` there;
  - every invoice PDF `invoice -o` wrote carries a number the store has taken.
Then the store is opened as `pel` opens it (which finishes or undoes what a crash left in
`files/.staging`): the escrow figures of every contract (`Marketplace.escrow(pid).figures`)
conserve (deposited = held + released + refunded, released = available + requested + paid), the
balances the engine shows equal the ledger's, `.staging` is empty, every blob has its file. The
same command is run again (the next command works: done, or refused with a reason), and every
check runs once more; no `.part` or temporary file is left anywhere in the trial's folder.

At the end: kills per command and per point, checks passed, failures with the seed to replay.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COMMANDS = ("consult", "offer", "contact", "pay", "invoice", "deposit", "release", "advance")
POINTS = ("store.commit.before", "store.commit.after", "atomic.written", "files.staged", "files.publish",
          "invoice.rendered")
#: How many passes of a point are tried at most (a command passes COMMIT once for the catch-up, once for itself).
MAX_NTH = 3
OFFER_MSG = "Je réalise ce projet en trois semaines, avec des tests et une documentation complète."
KILLED = (-signal.SIGKILL, 137)


# -- the prepared store ------------------------------------------------------------------------------------

@dataclass
class Template:
    """The prepared store, and what the commands act on."""

    folder: Path
    me: int
    pay_project: int          # an R0 contract with money available (pay, invoice)
    pay_invoice: Path         # an invoice for `pay`, generated (its number taken)
    pay_amount_cents: int
    escrow_project: int       # an R0 contract with room to deposit and money held (deposit, release)
    to_consult: list[int]
    to_offer: list[int]       # consulted, no offer yet
    to_contact: list[int]     # consulted, contact not revealed

    @property
    def store(self) -> Path:
        return self.folder / "store.sqlite"


def prepare(work: Path, projects: int) -> Template:
    """A small demo store, then: money released on one R0 contract, an invoice for `pay`, projects consulted."""
    from pel_tui.backend import Marketplace, Platform
    from pel_tui.backend.demo import create_demo_store
    from pel_tui.launch import open_store

    folder = work / "template"
    folder.mkdir(parents=True)
    create_demo_store(folder / "store.sqlite", projects=projects, seed=7)
    _, engine = open_store(str(folder / "store.sqlite"), create=False)
    try:
        mp = Marketplace.for_user(engine)
        pl = Platform(engine)
        from pel_tui.backend.errors import PelError

        pay_project = 0
        for v in sorted(mp.escrows(), key=lambda v: v.figures.held_cents, reverse=True):
            try:  # the first contract that can release (not frozen by a dispute)
                pl.release(v.project_id, v.figures.held_cents // 2)
            except PelError:
                continue
            pay_project = v.project_id
            break
        assert pay_project, "no R0 contract of the demo can release"
        escrow_project = pay_project  # deposit and release act on it too: room left, money held
        inputs = work / "inputs"
        inputs.mkdir()
        pay_amount = 5_000
        res = mp.generate_invoice(pay_project, pay_amount, str(inputs / "pay.pdf"))
        pay_invoice = Path(res["path"])
        open_ids = [int(r[0]) for r in engine.conn.execute(
            "SELECT id FROM projects WHERE status = 'open' AND id NOT IN (SELECT project_id FROM credit_entries "
            "WHERE provider_id = ? AND project_id IS NOT NULL) ORDER BY id", (mp.provider_id,))]
        rng = random.Random(7)
        rng.shuffle(open_ids)
        to_offer, to_contact = open_ids[:8], open_ids[8:20]
        for pid in to_offer + to_contact:  # an offer and a contact come after the consultation
            mp.consult(pid)
        to_consult = open_ids[20:60]
        me = mp.provider_id
        engine.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.store.close()
    return Template(folder, me, pay_project, pay_invoice, pay_amount, escrow_project, to_consult, to_offer,
                    to_contact)


# -- the commands ----------------------------------------------------------------------------------------

@dataclass
class Call:
    """One command: its name, the engine call behind it (for the API child) and its `pel` argv."""

    name: str
    api: list[Any]           # [method, *args], see `_run_api`
    cli: list[str]


def make_call(name: str, t: Template, trial: Path, rng: random.Random) -> Call:
    def eur(cents: int) -> str:
        return f"{cents / 100:.2f}"

    if name == "consult":
        pid = rng.choice(t.to_consult)
        return Call(name, ["consult", pid], ["consult", str(pid)])
    if name == "offer":
        pid = rng.choice(t.to_offer)
        amount, days = rng.randint(500, 3_000) * 100, rng.randint(5, 60)
        return Call(name, ["offer", pid, amount, days, OFFER_MSG],
                    ["offer", str(pid), "--amount", eur(amount), "--days", str(days), "--message", OFFER_MSG])
    if name == "contact":
        pid = rng.choice(t.to_contact)
        return Call(name, ["contact", pid], ["contact", str(pid)])
    if name == "pay":
        return Call(name, ["pay", t.pay_project, t.pay_amount_cents, str(t.pay_invoice)],
                    ["pay", str(t.pay_project), "--amount", eur(t.pay_amount_cents), "--invoice", str(t.pay_invoice)])
    if name == "invoice":
        amount = rng.randint(60, 500) * 100  # within what is available (600 €), never the 50 € of `pay`
        out = trial / "out" / "facture.pdf"
        return Call(name, ["invoice", t.pay_project, amount, str(out)],
                    ["invoice", str(t.pay_project), "--amount", eur(amount), "-o", str(out)])
    if name == "deposit":
        amount = rng.randint(1, 300) * 100
        return Call(name, ["deposit", t.escrow_project, amount],
                    ["platform", "deposit", str(t.escrow_project), eur(amount)])
    if name == "release":
        amount = rng.randint(1, 300) * 100
        return Call(name, ["release", t.escrow_project, amount],
                    ["platform", "release", str(t.escrow_project), eur(amount)])
    if name == "advance":
        days = rng.randint(1, 40)
        return Call(name, ["advance", days], ["platform", "advance", str(days)])
    raise ValueError(name)


def run_api(store: str, api: list[Any]) -> Any:
    """The engine call behind a command, on the store opened as `pel` opens it."""
    from pel_tui.backend import Marketplace, Platform
    from pel_tui.launch import open_store

    _, engine = open_store(store, create=False)
    try:
        mp = Marketplace.for_user(engine)
        pl = Platform(engine)
        verb, *args = api
        if verb == "consult":
            return mp.consult(args[0])
        if verb == "offer":
            return mp.make_offer(*args)
        if verb == "contact":
            return mp.reveal_contact(args[0])
        if verb == "pay":
            return mp.request_payment(*args)
        if verb == "invoice":
            return mp.generate_invoice(*args)
        if verb == "deposit":
            return pl.deposit(*args)
        if verb == "release":
            return pl.release(*args)
        if verb == "advance":
            return pl.advance(args[0])
        raise ValueError(verb)
    finally:
        engine.store.close()


def child_argv(via: str, store: Path, call: Call) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PEL_CRASH_AT"}
    env["PEL_STORE"] = str(store)
    env.setdefault("PEL_LANG", "en")
    if via == "cli":
        pel = Path(sys.executable).parent / "pel"
        return [str(pel), *call.cli], env
    return [sys.executable, str(Path(__file__).resolve()), "--child", str(store), json.dumps(call.api)], env


# -- the checks ----------------------------------------------------------------------------------------

@dataclass
class Baseline:
    """What the prepared store holds, to tell what a trial added."""

    seq: int
    credit_id: int
    version_id: int
    request_id: int
    escrow_id: int
    numbers: frozenset[str]
    offset: int


def baseline(store: Path) -> Baseline:
    conn = sqlite3.connect(store)
    try:
        def one(sql: str) -> int:
            return int(conn.execute(sql).fetchone()[0] or 0)
        return Baseline(
            one("SELECT max(seq) FROM journal"), one("SELECT max(id) FROM credit_entries"),
            one("SELECT max(id) FROM offer_versions"), one("SELECT max(id) FROM payment_requests"),
            one("SELECT max(id) FROM escrow_entries"),
            frozenset(r[0] for r in conn.execute("SELECT number FROM provider_invoice_numbers")),
            int(conn.execute("SELECT coalesce((SELECT value FROM meta WHERE key = 'clock_offset'), 0)").fetchone()[0]),
        )
    finally:
        conn.close()


class Checks:
    """Runs the checks, counting those passed; each failure is a sentence."""

    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)


def check_store(c: Checks, trial: Path, base: Baseline, t: Template) -> None:
    """Every check that reads the store as it is, with plain sqlite3 (nothing repaired)."""
    from pel_tui.backend.ledger import credits as ledger

    store = trial / "store.sqlite"
    conn = sqlite3.connect(store)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        c.check(rows == [("ok",)], f"integrity_check: {rows[:3]}")
        if rows != [("ok",)]:
            return
        # credit ledgers
        neg = conn.execute("SELECT grant_id, sum(delta) FROM credit_entries GROUP BY grant_id "
                           "HAVING sum(delta) < 0").fetchall()
        c.check(not neg, f"credit lots below zero: {neg[:5]}")
        providers = [int(r[0]) for r in conn.execute("SELECT DISTINCT provider_id FROM credit_entries")]
        bad = []
        for p in providers:
            derived = ledger.balances(conn, p)
            for kind, value in derived.items():
                lots = sum(lot.remaining for lot in ledger.live_lots(conn, p, kind))
                total = int(conn.execute("SELECT coalesce(sum(delta), 0) FROM credit_entries WHERE provider_id = ? "
                                         "AND kind = ?", (p, kind)).fetchone()[0])
                if value != total or value != lots or value < 0:
                    bad.append((p, kind, value, total, lots))
        c.check(not bad, f"credit balances (provider, kind, derived, ledger sum, live lots): {bad[:5]}")
        dup = conn.execute(
            "SELECT provider_id, project_id, kind, count(*) FROM credit_entries WHERE entry_type = 'debit' AND "
            "duplicate_of IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1").fetchall()
        c.check(not dup, f"more than one debit per (provider, project, kind): {dup[:5]}")
        _journal_against_effects(c, conn, base, t)
        _escrow_conservation(c, conn)
        _files_against_rows(c, conn, trial)
    finally:
        conn.close()


def _journal(conn: sqlite3.Connection, base: Baseline, command: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(json.loads(a), json.loads(r)) for a, r in conn.execute(
        "SELECT args, result FROM journal WHERE seq > ? AND command = ? ORDER BY seq", (base.seq, command))]


def _journal_against_effects(c: Checks, conn: sqlite3.Connection, base: Baseline, t: Template) -> None:
    def debits(kind: str) -> list[int]:
        return sorted(int(r[0]) for r in conn.execute(
            "SELECT project_id FROM credit_entries WHERE id > ? AND provider_id = ? AND kind = ? AND "
            "entry_type = 'debit'", (base.credit_id, t.me, kind)))

    for command, kind in (("project.consult", "consultation"), ("contact.reveal", "contact"),
                          ("offer.make", "offer")):
        spent = sorted(a["project_id"] for a, r in _journal(conn, base, command) if r.get("spent"))
        c.check(debits(kind) == spent, f"{kind} debits {debits(kind)} against {command} rows that spent {spent}")
    versions = sorted((int(p), int(a)) for p, a in conn.execute(
        "SELECT o.project_id, v.amount_cents FROM offer_versions v JOIN offers o ON o.id = v.offer_id "
        "WHERE v.id > ?", (base.version_id,)))
    made = sorted((a["project_id"], a["amount_cents"]) for a, _ in _journal(conn, base, "offer.make"))
    c.check(versions == made, f"offer versions {versions} against offer.make rows {made}")
    requests = sorted((int(p), int(a), n) for p, a, n in conn.execute(
        "SELECT k.project_id, r.amount_cents, r.invoice_number FROM payment_requests r JOIN contracts k ON "
        "k.id = r.contract_id WHERE r.id > ?", (base.request_id,)))
    asked = sorted((a["project_id"], a["amount_cents"], r["invoice_number"])
                   for a, r in _journal(conn, base, "payment.request"))
    c.check(requests == asked, f"payment requests {requests} against payment.request rows {asked}")
    unbooked = conn.execute(
        "SELECT r.id FROM payment_requests r WHERE r.id > ? AND NOT EXISTS (SELECT 1 FROM escrow_entries e "
        "WHERE e.request_id = r.id AND e.kind = 'request' AND e.amount_cents = r.amount_cents)",
        (base.request_id,)).fetchall()
    c.check(not unbooked, f"payment requests without their escrow entry: {unbooked}")
    numbers = sorted(set(r[0] for r in conn.execute("SELECT number FROM provider_invoice_numbers")) - base.numbers)
    generated = sorted(r["number"] for _, r in _journal(conn, base, "invoice.generate") if not r.get("again"))
    c.check(numbers == generated, f"invoice numbers taken {numbers} against invoice.generate rows {generated}")

    def entries(kind: str, project: int | None = None) -> list[tuple[int, int]]:
        sql = ("SELECT k.project_id, e.amount_cents FROM escrow_entries e JOIN contracts k ON k.id = e.contract_id "
               "WHERE e.id > ? AND e.kind = ?")
        params: list[Any] = [base.escrow_id, kind]
        if project is not None:
            sql += " AND k.project_id = ?"
            params.append(project)
        return sorted((int(p), int(a)) for p, a in conn.execute(sql, params))

    deposits = sorted((a["project_id"], a["amount_cents"]) for a, _ in _journal(conn, base, "escrow.deposit"))
    c.check(entries("deposit") == deposits, f"deposits {entries('deposit')} against escrow.deposit rows {deposits}")
    releases = sorted((a["project_id"], a["amount_cents"]) for a, _ in _journal(conn, base, "escrow.release")
                      if a["project_id"] == t.escrow_project)
    got = entries("release", t.escrow_project)
    c.check(got == releases, f"releases {got} against escrow.release rows {releases}")
    offset = int(conn.execute("SELECT coalesce((SELECT value FROM meta WHERE key = 'clock_offset'), 0)").fetchone()[0])
    moved = sum(a["seconds"] for a, _ in _journal(conn, base, "clock.advance"))
    c.check(offset - base.offset == moved, f"clock moved {offset - base.offset} s against clock.advance rows {moved} s")


_FIGURES = """
    SELECT k.id, k.project_id, k.amount_cents,
        coalesce(sum(CASE e.kind WHEN 'deposit' THEN e.amount_cents END), 0),
        coalesce(sum(CASE e.kind WHEN 'release' THEN e.amount_cents END), 0),
        coalesce(sum(CASE e.kind WHEN 'refund' THEN e.amount_cents END), 0),
        coalesce(sum(CASE e.kind WHEN 'request' THEN e.amount_cents END), 0),
        coalesce(sum(CASE e.kind WHEN 'request_reversal' THEN e.amount_cents END), 0),
        coalesce(sum(CASE e.kind WHEN 'payment' THEN e.amount_cents END), 0)
    FROM contracts k LEFT JOIN escrow_entries e ON e.contract_id = k.id GROUP BY k.id
"""


def _escrow_conservation(c: Checks, conn: sqlite3.Connection) -> None:
    bad = []
    for kid, _pid, amount, dep, rel, ref, req, rev, pay in conn.execute(_FIGURES):
        held, requested = dep - rel - ref, req - rev - pay
        available = rel - requested - pay
        if min(held, requested, available) < 0 or dep > amount:
            bad.append((kid, dep, rel, ref, req, rev, pay))
    c.check(not bad, f"escrow ledger breaks conservation (contract, dep, rel, ref, req, rev, pay): {bad[:5]}")


def _referenced(conn: sqlite3.Connection) -> set[str]:
    shas = {r[0] for r in conn.execute("SELECT invoice_sha256 FROM payment_requests")}
    shas |= {r[0] for r in conn.execute("SELECT photo_sha256 FROM providers WHERE photo_sha256 IS NOT NULL")}
    shas |= {r[0] for r in conn.execute("SELECT sha256 FROM portfolio_images")}
    return shas


def _files_against_rows(c: Checks, conn: sqlite3.Connection, trial: Path) -> None:
    from pel_tui.backend.files import STAGING, final_path

    files = trial / "files"
    blobs = {sha: kind for sha, kind in conn.execute("SELECT sha256, kind FROM blobs")}
    referenced = _referenced(conn)
    orphans, temps, wrong = [], [], []
    for p in sorted(files.rglob("*")) if files.exists() else []:
        if not p.is_file():
            continue
        rel = p.relative_to(files)
        if rel.parts[0] == STAGING:
            continue  # what a crash left staged: `recover` finishes or undoes it when the store is opened
        if p.name.endswith(".part") or p.name.startswith("."):
            temps.append(str(rel))
            continue
        sha, ext = p.name[:64], p.name[64:]
        kind = blobs.get(sha)
        if kind is None or sha not in referenced or final_path(files, kind, sha, ext) != p:
            orphans.append(str(rel))
        elif hashlib.sha256(p.read_bytes()).hexdigest() != sha:
            wrong.append(str(rel))
    c.check(not orphans, f"files under files/ that no row references: {orphans[:5]}")
    c.check(not temps, f"temporary files under files/: {temps[:5]}")
    c.check(not wrong, f"files whose bytes are not their name's: {wrong[:5]}")
    taken = {r[0] for r in conn.execute("SELECT number FROM provider_invoice_numbers")}
    for pdf in sorted((trial / "out").glob("*.pdf")):
        number = _printed_number(pdf)
        c.check(number is not None and number in taken,
                f"{pdf.name} carries the number {number}, which the store has not taken")


def _printed_number(pdf: Path) -> str | None:
    from pypdf import PdfReader

    from pel_tui.backend.invoice_text import find_invoice_number

    try:
        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    except Exception as e:  # a PDF cut short is a failure of its own
        return f"<unreadable: {e}>"
    return find_invoice_number(text)


def check_opened(c: Checks, trial: Path) -> None:
    """Open the store as `pel` does (recovery of `files/`), then the engine's own figures."""
    from pel_tui.backend import Marketplace
    from pel_tui.backend.errors import PelError
    from pel_tui.backend.files import STAGING, final_path
    from pel_tui.backend.ledger import credits as ledger
    from pel_tui.launch import open_store

    store = trial / "store.sqlite"
    try:
        _, engine = open_store(str(store), create=False)
    except Exception as e:
        c.check(False, f"the store does not open: {type(e).__name__}: {e}")
        return
    c.check(True, "opens")
    try:
        conn = engine.conn
        bad = []
        for (provider,) in conn.execute("SELECT DISTINCT provider_id FROM contracts").fetchall():
            mp = Marketplace(engine, int(provider))
            for (pid,) in conn.execute("SELECT project_id FROM contracts WHERE provider_id = ? AND formula = 'r0'",
                                       (provider,)).fetchall():
                try:
                    f = mp.escrow(int(pid)).figures
                except PelError:  # no escrow account yet (terms not confirmed): its ledger was checked above
                    continue
                if (f.deposited_cents != f.held_cents + f.released_cents + f.refunded_cents
                        or f.released_cents != f.available_cents + f.requested_cents + f.paid_cents
                        or min(msgspec.structs.asdict(f).values()) < 0):
                    bad.append((pid, f))
        c.check(not bad, f"escrow figures break conservation: {bad[:3]}")
        me = Marketplace.for_user(engine)
        shown = me.credits(ledger_limit=1).balances
        c.check(dict(shown) == ledger.balances(conn, me.provider_id),
                f"balances shown {dict(shown)} against the ledger {ledger.balances(conn, me.provider_id)}")
        files = trial / "files"
        staged = sorted(os.listdir(files / STAGING)) if (files / STAGING).is_dir() else []
        c.check(not staged, f"files left staged once the store was opened: {staged[:5]}")
        missing = [sha for sha, kind in conn.execute("SELECT sha256, kind FROM blobs")
                   if not any(final_path(files, kind, sha, ext).is_file() for ext in (".pdf", ".jpg", ".png", ""))]
        c.check(not missing, f"blobs whose file is lost: {missing[:5]}")
    finally:
        engine.store.close()


def check_no_temporary(c: Checks, trial: Path) -> None:
    left = [str(p.relative_to(trial)) for p in trial.rglob("*")
            if p.is_file() and (p.name.endswith((".part", ".new", ".tmp")) or ".demo" in p.name)]
    c.check(not left, f"temporary files left: {left[:5]}")


def _committed(store: Path, base: Baseline) -> bool:
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0]) > base.seq
    finally:
        conn.close()


def another_invoice(c: Checks, trial: Path, t: Template) -> None:
    """A new invoice (another amount) gets a number no PDF written before carries: numbers are never given twice."""
    printed = {p.name: _printed_number(p) for p in (trial / "out").glob("*.pdf")}
    try:
        res = run_api(str(trial / "store.sqlite"), ["invoice", t.pay_project, 55 * 100, str(trial / "out" / "next.pdf")])
    except Exception as e:
        c.check(False, f"a new invoice after the kill fails: {type(e).__name__}: {e}")
        return
    again = sorted(name for name, number in printed.items() if number == res["number"])
    c.check(not again, f"the store gave again the number {res['number']}, printed on {again}")


def next_command(c: Checks, store: Path, call: Call) -> str:
    """The same command again, in this process: done, or refused with a reason; anything else fails."""
    from pel_tui.backend.errors import PelError

    try:
        run_api(str(store), call.api)
    except PelError as e:
        return f"refused ({type(e).__name__})"
    except Exception as e:
        c.check(False, f"the next command fails: {type(e).__name__}: {e}")
        return "failed"
    c.check(True, "next command")
    return "done"


# -- the run -------------------------------------------------------------------------------------------

@dataclass
class Trial:
    n: int
    command: str
    how: str                 # "random" or the point "name:N"
    outcome: str = ""        # "killed", "finished" (the point was not reached / it ended before the kill)
    committed: bool = False  # killed once its command had committed (its journal row is there)
    failures: list[str] = field(default_factory=list)


@dataclass
class Run:
    template: Template
    base: Baseline
    work: Path
    via: str
    seed: int
    durations: dict[str, float] = field(default_factory=dict)
    trials: list[Trial] = field(default_factory=list)
    passed: int = 0
    log: Callable[[str], None] = print
    replay: str = ""

    def fresh(self, n: int) -> Path:
        trial = self.work / f"trial-{n:04d}"
        trial.mkdir()
        shutil.copy2(self.template.store, trial / "store.sqlite")
        shutil.copytree(self.template.folder / "files", trial / "files")
        (trial / "out").mkdir()
        return trial

    def trial(self, command: str, how: str, rng: random.Random, *, delay: float | None = None,
              keep: bool = False) -> Trial:
        n = len(self.trials) + 1
        t = Trial(n, command, how)
        trial = self.fresh(n)
        call = make_call(command, self.template, trial, rng)
        argv, env = child_argv(self.via, trial / "store.sqlite", call)
        if delay is None:
            env["PEL_CRASH_AT"] = how
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        took = time.perf_counter() - start
        if proc.returncode in KILLED:
            t.outcome = "killed"
        elif proc.returncode == 0:
            t.outcome = "finished"
            self.durations[command] = min(took, self.durations.get(command, took))  # the quickest whole run
        else:
            t.outcome = "error"
            t.failures.append(f"the command exited {proc.returncode}: {err.decode(errors='replace')[-600:]}")
        if t.outcome == "killed":
            t.committed = _committed(trial / "store.sqlite", self.base)
        c = Checks()
        check_store(c, trial, self.base, self.template)
        check_opened(c, trial)
        after = next_command(c, trial / "store.sqlite", call)
        if command == "invoice":
            another_invoice(c, trial, self.template)
        check_store(c, trial, self.base, self.template)
        check_opened(c, trial)
        check_no_temporary(c, trial)
        t.failures += c.failures
        self.passed += c.passed
        self.trials.append(t)
        if t.failures:
            self.log(f"FAIL trial {n} {command} {how}{'' if delay is None else f' after {delay:.3f} s'}"
                     f" ({t.outcome}, next: {after}):")
            for f in t.failures:
                self.log(f"    {f}")
        if not keep and not t.failures:
            shutil.rmtree(trial)
        if t.outcome == "killed" and self.kills % 25 == 0:
            self.log(f"  {self.kills} kills, {self.passed} checks passed, "
                     f"{sum(bool(x.failures) for x in self.trials)} trials failed")
        return t

    @property
    def kills(self) -> int:
        return sum(t.outcome == "killed" for t in self.trials)


def calibrate(run: Run, rng: random.Random) -> None:
    """Each command once, whole: it must work, and how long it takes sets the random delays."""
    for command in COMMANDS:
        t = run.trial(command, "none", rng, delay=None)
        if t.outcome != "finished" or command not in run.durations:
            raise SystemExit(f"crash.py: `{command}` does not run on the prepared store: {t.failures}")


def at_points(run: Run, rng: random.Random, limit: int | None = None,
              only: list[tuple[str, str]] | None = None) -> None:
    """One kill at each injected point each command reaches (its 1st, 2nd, ... pass, up to MAX_NTH)."""
    pairs = only or [(c, p) for c in COMMANDS for p in POINTS]
    for command, point in pairs:
        for nth in range(1, MAX_NTH + 1):
            if limit is not None and run.kills >= limit:
                return
            t = run.trial(command, f"{point}:{nth}", rng)
            if t.outcome != "killed":
                run.trials.remove(t)  # not reached: not a kill (its checks still ran and counted)
                break


def at_random(run: Run, rng: random.Random, kills: int) -> None:
    """SIGKILL after a random delay, until `kills` kills: half over the whole command, half over its end."""
    tries = 0
    while run.kills < kills and tries < kills * 4:
        tries += 1
        command = rng.choice(COMMANDS)
        took = run.durations[command]
        delay = rng.uniform(0, took) if tries % 2 else rng.uniform(0.6 * took, 1.05 * took)
        run.trial(command, "random", rng, delay=delay)


def report(run: Run, elapsed: float) -> str:
    killed = [t for t in run.trials if t.outcome == "killed"]
    per_command = Counter(t.command for t in killed)
    per_point = Counter(t.how.rsplit(":", 1)[0] if t.how != "random" else "random (SIGKILL)" for t in killed)
    finished = sum(t.outcome == "finished" for t in run.trials)
    failed = [t for t in run.trials if t.failures]
    randomly = [t for t in killed if t.how == "random"]
    lines = [f"crash test: seed {run.seed}, via {run.via}, {len(run.trials)} trials in {elapsed:.0f} s: "
             f"{len(killed)} kills, {finished} ended before their kill (checked all the same)",
             f"random kills: {len(randomly)}, {sum(t.committed for t in randomly)} of them once the command "
             f"had committed; at the points: {sum(t.committed for t in killed if t.how != 'random')} "
             f"of {len(killed) - len(randomly)} after the commit",
             "kills per command: " + ", ".join(f"{c} {per_command[c]}" for c in COMMANDS),
             "kills per point:   " + ", ".join(f"{p} {n}" for p, n in sorted(per_point.items())),
             f"checks passed: {run.passed}",
             f"failures: {sum(len(t.failures) for t in failed)} in {len(failed)} trials"]
    for t in failed:
        lines.append(f"  trial {t.n} ({t.command}, {t.how}, {t.outcome}): {t.failures[0]}"
                     f"  [replay: {run.replay}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--kills", type=int, default=200, help="kills in all (injected points first, then random)")
    ap.add_argument("--seed", type=int, default=None, help="default: random, printed")
    ap.add_argument("--via", choices=("api", "cli"), default="api")
    ap.add_argument("--points-only", action="store_true", help="only the injected points, once each")
    ap.add_argument("--projects", type=int, default=300, help="projects in the prepared demo store")
    ap.add_argument("--work", type=Path, default=None, help="keep the trials' folders here (failed ones stay)")
    ap.add_argument("--child", nargs=2, metavar=("STORE", "CALL"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        run_api(a.child[0], json.loads(a.child[1]))
        return 0
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1 << 31)
    replay = (f"benchmarks/crash.py --seed {seed} --kills {a.kills}{' --via cli' if a.via == 'cli' else ''}"
              f"{' --points-only' if a.points_only else ''}")
    print(f"crash test: seed {seed} (replay: {replay})", flush=True)
    rng = random.Random(seed)
    owned = a.work is None
    work = Path(tempfile.mkdtemp(prefix="pel-crash-")) if owned else a.work
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        template = prepare(work, a.projects)
        run = Run(template, baseline(template.store), work, a.via, seed,
                  log=lambda s: print(s, flush=True), replay=replay)
        calibrate(run, rng)
        run.trials.clear()
        at_points(run, rng, limit=a.kills)
        if not a.points_only:
            at_random(run, rng, a.kills)
        print(report(run, time.perf_counter() - start))
        failed = any(t.failures for t in run.trials)
    finally:
        if owned:
            with contextlib.suppress(OSError):
                if not locals().get("failed", True):
                    shutil.rmtree(work)
    if failed and owned:
        print(f"the failed trials' folders are in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
