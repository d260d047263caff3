"""Remote sync, both ends on this machine: a first sync, an unchanged re-sync, a push of 1,000 commands.

Run: .venv/bin/python benchmarks/bench_sync.py [--projects 100000] [--runs 3]

The server (`pel serve --demo`, a subprocess) holds a demo marketplace of N projects (built once
and cached in benchmarks/out/); each run links a new empty store to the demo provider and syncs it
in a child process whose peak memory is read. Targets (issue "Remote sync, part 1"): first sync
under 5 s, unchanged re-sync under 0.3 s, 1,000 commands pushed under 5 s, client memory under
150 MB. The yardstick is the same rows read straight from the server's SQLite file, in process:
what no sync over HTTP can beat. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

CLIENT = r"""
import json, resource, sys, time
from pathlib import Path
from local_store import Store
from pel_tui.backend.engine import Engine
from pel_tui.backend.marketplace import Marketplace
from pel_tui.sync import link, run
from pel_tui.sync.api import Api
url, token, store, push_n = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
day_token, grant_token = sys.argv[5], sys.argv[6]
s = Store.open(store)
with Api(url, token) as api:
    me = api.me()
link.link(s, server=url, account="camille-dev", role="provider", provider_id=None, now=me.server_time)
s.close()
engine = Engine.open(store)
out = {}
first_page = []
with Api(url, token) as api:
    t = time.perf_counter()
    r = run.sync(engine, api, progress=lambda done, total: first_page.append(time.perf_counter() - t))
    out["first"] = time.perf_counter() - t
    out["first_page"] = first_page[0]
    out["rows"] = r.received
    row = engine.conn.execute("SELECT id FROM providers WHERE pseudo = 'camille-dev'").fetchone()
    with engine.store.write():
        engine.store.set_meta("me", str(row[0]))
    out["rss_first_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter(); run.sync(engine, api); out["resync"] = time.perf_counter() - t
    if day_token:
        import httpx
        for b in range(6):  # a day of activity on the server: 3,000 projects posted, 500 of the provider's rows
            cmds = [{"command_id": f"day-p{b}-{i}", "seq": i, "name": "project.post", "version": 1, "args": {
                "title": f"Projet du jour {b}-{i}", "summary": "Un besoin du jour.", "description": "Le détail.",
                "category": "Développement web", "budget_min_cents": 50000, "budget_max_cents": 150000}}
                for i in range(500)]
            httpx.post(url + "/v1/push", headers={"authorization": f"Bearer {day_token}"}, json={"device": "day",
                       "commands": cmds}, timeout=120)
        grants = [{"command_id": f"day-g{i}", "seq": i, "name": "credits.grant", "version": 1, "args": {
            "pseudo": "camille-dev", "kind": "offer", "quantity": 1}} for i in range(250)]
        httpx.post(url + "/v1/push", headers={"authorization": f"Bearer {grant_token}"}, json={"device": "day",
                   "commands": grants}, timeout=120)
        t = time.perf_counter(); r = run.sync(engine, api); out["day"] = time.perf_counter() - t
        out["day_rows"] = r.received
    if push_n:
        mp = Marketplace.for_user(engine)
        pids = [p.id for p in mp.projects(consulted=False, limit=500).projects]
        offset = 500
        while len(pids) < push_n:
            page = mp.projects(consulted=False, limit=500, offset=offset).projects
            if not page:
                break
            pids += [p.id for p in page]
            offset += 500
        for pid in pids[:push_n]:
            mp.consult(pid)
        t = time.perf_counter(); r = run.sync(engine, api); out["push"] = time.perf_counter() - t
        out["pushed"], out["applied"] = r.pushed, r.applied
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_store(projects: int) -> Path:
    """The cached server store of `projects` projects (benchmarks/out/server-N.sqlite), built once."""
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    cached = out_dir / f"server-{projects}.sqlite"
    if cached.exists() and _stale(cached):
        print(f"{cached.name} was made by an older schema: made again")
        for suffix in ("", "-wal", "-shm"):
            Path(str(cached) + suffix).unlink(missing_ok=True)
    if not cached.exists():
        from pel_tui.backend.demo import create_demo_store

        t = time.perf_counter()
        create_demo_store(cached, projects=projects)
        print(f"server store built in {time.perf_counter() - t:.1f} s")
    return cached


def _stale(store: Path) -> bool:
    """A cached store older than the newest migration, or at an older schema version, is made again."""
    import sqlite3

    from local_store import SCHEMA_VERSION

    newest = max(f.stat().st_mtime for f in (ROOT / "local_store" / "migrations").glob("v*.py"))
    with contextlib.closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True)) as c:
        version = int(c.execute("PRAGMA user_version").fetchone()[0])
    return version < SCHEMA_VERSION or store.stat().st_mtime < newest


@dataclass
class Server:
    """A `pel serve --demo` subprocess on a copy of a cached store, on a free port of 127.0.0.1."""

    url: str
    store: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def login(self, user: str) -> str:
        """A token of the demo account `user` (every password is `demo`)."""
        import httpx

        r = httpx.post(self.url + "/v1/login", json={"login": user, "password": "demo"}, timeout=30)
        r.raise_for_status()
        return str(r.json()["token"])

    def push(self, token: str, commands: list[dict[str, Any]], device: str = "bench") -> list[dict[str, Any]]:
        """Commands pushed as the token's account; their outcomes."""
        import httpx

        r = httpx.post(self.url + "/v1/push", headers={"authorization": f"Bearer {token}"},
                       json={"device": device, "commands": commands}, timeout=600)
        r.raise_for_status()
        return list(r.json()["outcomes"])


    def post_projects(self, client_token: str, n: int, tag: str = "bench") -> None:
        """`n` projects posted by the client, in batches of 500 (the server's most). Their words match none of
        the words bench_tui types (`développeur`, `react`...): those searches keep their figures."""
        for b in range(0, n, 500):
            self.push(client_token, [{"command_id": f"{tag}-{b + i}", "seq": b + i + 1, "name": "project.post",
                                      "version": 1, "args": {
                                          "title": f"Zèbre quinze {b + i}", "summary": "Un essai simple.",
                                          "description": "Aucun souci.", "category": "Développement web",
                                          "budget_min_cents": 50000, "budget_max_cents": 150000}}
                                     for i in range(min(500, n - b))], device=tag)


def start_server(cached: Path, folder: Path) -> Server:
    """Copy `cached` into `folder` and serve it (`pel serve --demo`); back once it answers."""
    import httpx

    store = folder / "server.sqlite"
    shutil.copy(cached, store)
    port = free_port()
    code = (f"import sys; from pathlib import Path; from pel_tui.server.main import serve; "
            f"sys.exit(serve(Path({str(store)!r}), port={port}, demo=True, quiet=True))")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server(f"http://127.0.0.1:{port}", store, process)
    for _ in range(1200):  # a million-project store takes a while to open the first time
        if process.poll() is not None:
            raise RuntimeError("pel serve exited: " + (process.stderr.read() if process.stderr else b"").decode()[-2000:])
        try:
            if httpx.get(server.url + "/v1/schema", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("pel serve did not answer within 2 minutes")


def link_store(url: str, token: str, path: Path, account: str = "camille-dev") -> Any:
    """Link a new store at `path` to `account` and sync it fully, as `pel login` does; the sync's summary."""
    from local_store import Store
    from pel_tui.backend.engine import Engine
    from pel_tui.sync import link, run
    from pel_tui.sync.api import Api

    s = Store.open(path)
    with Api(url, token) as api:
        me = api.me()
    link.link(s, server=url, account=account, role="provider", provider_id=None, now=me.server_time)
    s.close()
    engine = Engine.open(path)
    try:
        with Api(url, token) as api:
            summary = run.sync(engine, api)
        row = engine.conn.execute("SELECT id FROM providers WHERE pseudo = ?", (account,)).fetchone()
        with engine.store.write():
            engine.store.set_meta("me", str(row[0]))
    finally:
        engine.store.close()
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--projects", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--push", type=int, default=1_000)
    args = ap.parse_args()
    print(describe())
    cached = server_store(args.projects)

    results: list[dict[str, float]] = []
    yard: list[float] = []
    for run in range(args.runs):
        tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        server = start_server(cached, tmp)
        url = server.url
        try:
            token = server.login("camille-dev")
            grant = server.login("accounting")
            server.push(grant, [{"command_id": f"g{run}", "seq": 1, "name": "credits.grant", "version": 1,
                                 "args": {"pseudo": "camille-dev", "kind": "consultation", "quantity": args.push}}])
            yard.append(_yardstick(server.store))
            client = server.login("client")
            child = subprocess.run([sys.executable, "-c", CLIENT, url, token, str(tmp / "client.sqlite"),
                                    str(args.push), client, grant], capture_output=True, text=True,
                                   env={**os.environ})
            if child.returncode != 0:
                print(child.stderr[-3000:])
                raise SystemExit(1)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        finally:
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)

    def med(key: str) -> float:
        return statistics.median(r[key] for r in results)

    rows = int(results[0]["rows"])
    print(f"\nserver: {args.projects:,} projects; the provider's mirror: {rows:,} rows ({args.runs} runs, medians)")
    print(f"yardstick: the same rows read from the server's file in process   {statistics.median(yard):7.2f} s")
    print(f"first page of projects in the mirror (the first screen can show it)  {med('first_page'):7.2f} s   "
          "goal < 1 s")
    print(f"first sync (empty store → synced)                                {med('first'):7.2f} s   target < 5 s")
    print(f"unchanged re-sync                                                {med('resync'):7.3f} s   target < 0.3 s")
    if args.push:
        print(f"push of {int(results[0]['pushed']):,} commands (then the pull of their effects)"
              f"             {med('push'):7.2f} s   target < 5 s")
    print(f"a day of activity ({int(results[0]['day_rows']):,} rows: 3,000 projects, 500 of the provider's)"
          f"  {med('day'):7.2f} s")
    print(f"client peak memory after the first sync                          {med('rss_first_mb'):7.0f} MB  "
          "target < 150 MB")
    print(f"client peak memory in all                                        {med('rss_mb'):7.0f} MB")


def _yardstick(store: Path) -> float:
    """Read what the first sync sends, straight from SQLite (no HTTP, no visibility checks)."""
    import sqlite3

    from local_store.synced import SYNCED_TABLES

    t = time.perf_counter()
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as c:
        c.execute("SELECT * FROM projects WHERE status = 'open'").fetchall()
        for table, _key in SYNCED_TABLES:
            if table not in ("projects", "clients", "providers", "offers", "offer_versions", "messages"):
                c.execute(f"SELECT * FROM {table}").fetchall()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
