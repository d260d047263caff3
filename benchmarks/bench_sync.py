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
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--projects", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--push", type=int, default=1_000)
    args = ap.parse_args()
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    cached = out_dir / f"server-{args.projects}.sqlite"
    print(describe())
    if not cached.exists():
        from pel_tui.backend.demo import create_demo_store

        t = time.perf_counter()
        create_demo_store(cached, projects=args.projects)
        print(f"server store built in {time.perf_counter() - t:.1f} s")
    import httpx

    results: list[dict[str, float]] = []
    yard: list[float] = []
    for run in range(args.runs):
        tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
        store = tmp / "server.sqlite"
        shutil.copy(cached, store)
        port = free_port()
        code = (f"import sys; from pathlib import Path; from pel_tui.server.main import serve; "
                f"sys.exit(serve(Path({str(store)!r}), port={port}, demo=True, quiet=True))")
        server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(1200):  # a million-project store takes a while to open the first time
                try:
                    if httpx.get(url + "/v1/schema", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            token = httpx.post(url + "/v1/login", json={"login": "camille-dev", "password": "demo"}).json()["token"]
            grant = httpx.post(url + "/v1/login", json={"login": "accounting", "password": "demo"}).json()["token"]
            httpx.post(url + "/v1/push", headers={"authorization": f"Bearer {grant}"}, json={
                "device": "bench", "commands": [{"command_id": f"g{run}", "seq": 1, "name": "credits.grant",
                                                 "version": 1, "args": {"pseudo": "camille-dev", "kind":
                                                                        "consultation", "quantity": args.push}}]})
            yard.append(_yardstick(store))
            client = httpx.post(url + "/v1/login", json={"login": "client", "password": "demo"}).json()["token"]
            child = subprocess.run([sys.executable, "-c", CLIENT, url, token, str(tmp / "client.sqlite"),
                                    str(args.push), client, grant], capture_output=True, text=True,
                                   env={**os.environ})
            if child.returncode != 0:
                print(child.stderr[-3000:])
                raise SystemExit(1)
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
        finally:
            server.terminate()
            server.wait(10)
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
