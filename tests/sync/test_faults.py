"""Sync under faults, against a real `pel serve --demo`: connections reset, replies lost after the
server committed, truncated replies, a blackholed server, the server killed mid-batch; and a seeded
random walk of two devices and the client's side that ends, at rest, with every mirror equal to
the server's view (PEL_SYNC_STEPS sets its length: 300 in CI, 10,000 for a long run)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from local_store import Store
from local_store.synced import SYNCED_TABLES
from pel_tui.backend import Engine, Marketplace
from pel_tui.backend.errors import PelError
from pel_tui.sync import link, outbox, tokens
from pel_tui.sync.api import Api
from pel_tui.sync.errors import SyncError
from pel_tui.sync.run import sync
from tests.conftest import OFFER_MSG, run_cli
from tests.sync.conftest import Server, login
from tests.sync.proxy import Faults, Proxy

pytestmark = pytest.mark.usefixtures("memory_keyring")

STEPS = int(os.environ.get("PEL_SYNC_STEPS", "300"))
SEED = int(os.environ.get("PEL_SYNC_SEED", str(random.randrange(2**32))))


def device(server_url: str, tmp_path: Path, name: str, token: str) -> Engine:
    """A store linked to camille-dev on `server_url` (through a proxy, say), after its first sync."""
    path = tmp_path / name / "store.sqlite"
    path.parent.mkdir()
    store = Store.open(path)
    link.link(store, server=server_url, account="camille-dev", role="provider", provider_id=None, now=0)
    store.close()
    engine = Engine.open(path)
    tokens.save(server_url, "camille-dev", token, insecure=False)
    settle(engine, server_url, token)
    me = engine.conn.execute("SELECT id FROM providers WHERE pseudo = 'camille-dev'").fetchone()[0]
    with engine.store.write():
        engine.store.set_meta("me", str(me))
    return engine


def settle(engine: Engine, url: str, token: str, tries: int = 60) -> int:
    """Sync until it goes through and nothing is pending; how many attempts it took."""
    for attempt in range(1, tries + 1):
        try:
            with Api(url, token, keepalive=False, timeout=httpx.Timeout(5.0, connect=2.0)) as api:
                sync(engine, api)
            if not outbox.pending(engine.conn):
                return attempt
        except SyncError:
            continue
    raise AssertionError(f"no clean sync in {tries} attempts")


def mirror(engine_or_path: Engine | Path) -> dict[str, list[Any]]:
    path = engine_or_path.store.path if isinstance(engine_or_path, Engine) else engine_or_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        return {t: c.execute(f"SELECT * FROM {t} ORDER BY {', '.join(k)}").fetchall() for t, k in SYNCED_TABLES}


def server_journal(server: Server) -> list[str]:
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        return [r[0] for r in c.execute("SELECT command_id FROM outcomes ORDER BY command_id")]


def test_2000_commands_through_failed_connections_and_lost_replies_apply_exactly_once(
        server: Server, tmp_path: Path) -> None:
    token = login(server, "camille-dev")
    proxy = Proxy(server.port, Faults(mix={"reset": 0.2, "drop_reply": 0.3}, seed=SEED))
    try:
        engine = device(proxy.url, tmp_path, "d", token)
        mp = Marketplace.for_user(engine)
        pids = [p.id for p in mp.projects(limit=100).projects][:50]
        t0 = time.perf_counter()
        for i in range(2_000):
            pid = pids[i % len(pids)]
            (mp.hide if (i // len(pids)) % 2 == 0 else mp.unhide)(pid)
        ids = {p.command_id for p in outbox.pending(engine.conn)}
        assert len(ids) == 2_000
        attempts = settle(engine, proxy.url, token, tries=400)
        seconds = time.perf_counter() - t0
    finally:
        proxy.close()
    print(f"\n2,000 commands through 20 % resets and 30 % lost replies (seed {SEED}): {attempts} syncs, "
          f"{proxy.faults.faults} faults of {proxy.faults.connections} connections, {seconds:.1f} s")
    applied = [i for i in server_journal(server) if i in ids]
    assert sorted(applied) == sorted(ids)  # every one, once (the outcomes are keyed by id)
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        runs = c.execute("SELECT count(*) FROM journal WHERE command_id LIKE '%:%'").fetchone()[0]
    assert runs >= 2_000
    assert mirror(engine)["hidden_projects"] == mirror(server.store)["hidden_projects"]


def test_a_server_killed_in_the_middle_of_a_batch_applies_each_command_once_after_its_restart(
        server: Server, tmp_path: Path) -> None:
    token = login(server, "camille-dev")
    engine = device(server.url, tmp_path, "d", token)
    mp = Marketplace.for_user(engine)
    pids = [p.id for p in mp.projects(limit=300).projects]
    for pid in pids:
        mp.hide(pid)
    ids = {p.command_id for p in outbox.pending(engine.conn)}
    killer = threading.Timer(0.4, lambda: server.process.send_signal(signal.SIGKILL))
    killer.start()
    with pytest.raises(SyncError), Api(server.url, token) as api:  # the connection dies under it
        for _ in range(50):
            sync(engine, api)
            time.sleep(0.05)
    killer.join()
    server.process.wait(10)
    done = [i for i in server_journal(server) if i in ids]
    server.start()
    settle(engine, server.url, token)
    assert sorted(i for i in server_journal(server) if i in ids) == sorted(ids)
    assert len(done) < len(ids) or done  # the kill landed during the pushes (or after them)
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert mirror(engine)["hidden_projects"] == mirror(server.store)["hidden_projects"]


@pytest.mark.parametrize("mode", ["truncate", "blackhole", "reset"])
def test_a_broken_reply_is_a_clear_error_and_the_pending_commands_stay(
        server: Server, tmp_path: Path, mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    token = login(server, "camille-dev")
    proxy = Proxy(server.port)
    try:
        engine = device(proxy.url, tmp_path, "d", token)
        mp = Marketplace.for_user(engine)
        pid = mp.projects(limit=1).projects[0].id
        mp.hide(pid)
        proxy.faults.mode = mode
        started = time.monotonic()
        with pytest.raises(SyncError) as err, Api(proxy.url, token, timeout=httpx.Timeout(2.0, connect=1.0)) as api:
            sync(engine, api)
        assert time.monotonic() - started < 10  # bounded by the timeouts
        assert err.value.code in ("sync.offline", "sync.timeout", "sync.server_error")
        assert len(outbox.pending(engine.conn)) in (0, 1)  # a truncated reply may follow a commit: sent again
        proxy.faults.mode = "pass"
        settle(engine, proxy.url, token)
        assert outbox.pending(engine.conn) == []
    finally:
        proxy.close()


def test_offline_the_command_line_says_so_and_keeps_the_pending_commands(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.environ["PEL_PASSWORD"] = "demo"
    path = tmp_path / "d" / "store.sqlite"
    try:
        assert run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", str(path))[0] == 0
    finally:
        del os.environ["PEL_PASSWORD"]
    engine = Engine.open(path)
    pid = Marketplace.for_user(engine).projects(limit=1).projects[0].id
    code, _, _ = run_cli(capsys, "hide", str(pid), "--store", str(path))
    server.stop(signal.SIGKILL)
    code, _, err = run_cli(capsys, "sync", "--store", str(path))
    assert code == 6 and "cannot reach" in err and "pending commands are kept" in err
    assert len(outbox.pending(engine.conn)) == 1


def test_a_client_of_an_older_protocol_is_told_to_update(server: Server) -> None:
    token = login(server, "camille-dev")
    r = httpx.get(server.url + "/v1/me", headers={"authorization": f"Bearer {token}", "pel-protocol": "0"})
    assert r.status_code == 426 and r.json()["code"] == "api.client_too_old"


def test_must_refetch_starts_the_mirror_over_and_keeps_the_pending_commands(server: Server, tmp_path: Path) -> None:
    token = login(server, "camille-dev")
    engine = device(server.url, tmp_path, "d", token)
    mp = Marketplace.for_user(engine)
    pid = mp.projects(limit=1).projects[0].id
    mp.hide(pid)
    server.stop()
    with sqlite3.connect(server.store) as c:  # the server starts a new feed (a restored backup, say)
        c.execute("UPDATE meta SET value = 'a-new-epoch' WHERE key = 'server_epoch'")
    server.start()
    settle(engine, server.url, token)
    here = link.current(engine.conn)
    assert here is not None and here.epoch == "a-new-epoch"
    assert outbox.pending(engine.conn) == []
    assert mirror(engine)["hidden_projects"] == mirror(server.store)["hidden_projects"]


# -- a random walk: two devices of one provider, the client's side, faults -----------------------------


def test_two_devices_the_client_and_faults_at_rest_every_mirror_is_the_servers_view(
        server: Server, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    token, client = login(server, "camille-dev"), login(server, "client")
    proxy = Proxy(server.port, Faults(seed=SEED))
    devices = [device(proxy.url, tmp_path, name, token) for name in ("laptop", "phone")]
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        owned = [r[0] for r in c.execute("SELECT p.id FROM projects p JOIN accounts a ON a.client_id = "
                                         "p.client_id WHERE a.login = 'client' AND p.status = 'open'")]
    counts: dict[str, int] = {}
    try:
        for _step in range(STEPS):
            action = rng.choice(("consult", "offer", "withdraw", "hide", "unhide", "ask", "sync", "sync",
                                 "cancel", "read", "faults"))
            counts[action] = counts.get(action, 0) + 1
            engine = rng.choice(devices)
            mp = Marketplace.for_user(engine)
            pid = rng.choice(owned)
            try:
                if action == "consult":
                    mp.consult(pid)
                elif action == "offer":
                    mp.make_offer(pid, rng.randrange(50_000, 300_000, 5_000), rng.randint(5, 60), OFFER_MSG)
                elif action == "withdraw":
                    mp.withdraw(pid)
                elif action == "hide":
                    mp.hide(pid)
                elif action == "unhide":
                    mp.unhide(pid)
                elif action == "ask":
                    mp.ask(pid, "Le budget comprend-il la maintenance ?")
                elif action == "sync":
                    with Api(proxy.url, token, keepalive=False, timeout=httpx.Timeout(3.0, connect=1.0)) as api:
                        sync(engine, api)
                elif action in ("cancel", "read"):
                    name = "project.cancel" if action == "cancel" and rng.random() < 0.2 else "offers.read"
                    httpx.post(server.url + "/v1/push", headers={"authorization": f"Bearer {client}"}, json={
                        "device": "client", "commands": [{"command_id": f"c{_step}", "seq": _step, "name": name,
                                                          "version": 1, "args": {"project_id": pid}}]})
                elif action == "faults":
                    proxy.faults.mix = rng.choice(({}, {"reset": 0.3}, {"drop_reply": 0.4},
                                                   {"reset": 0.2, "drop_reply": 0.2, "truncate": 0.1}))
            except (PelError, SyncError):
                pass  # refused here, or a fault: the walk goes on
        proxy.faults.mix = {}
        for _ in range(2):
            for engine in devices:
                settle(engine, proxy.url, token)
    finally:
        proxy.close()
    fresh = device(server.url, tmp_path, "fresh", token)  # what the server shows a new device now
    expected = mirror(fresh)
    print(f"\nrandom walk of {STEPS} steps (PEL_SYNC_SEED={SEED}): {counts}")
    for engine in devices:
        got = mirror(engine)
        for table, _key in SYNCED_TABLES:
            assert got[table] == expected[table], (table, SEED)
        assert outbox.pending(engine.conn) == []
        refused = engine.conn.execute("SELECT count(*) FROM journal WHERE outcome = 'refused'").fetchone()[0]
        applied = engine.conn.execute("SELECT count(*) FROM journal WHERE outcome = 'applied'").fetchone()[0]
        assert applied + refused == engine.conn.execute(
            "SELECT count(*) FROM journal WHERE version > 0").fetchone()[0]
    there = Marketplace.for_user(Engine.open(server.store)).credits().balances
    for engine in devices:
        assert Marketplace.for_user(engine).credits().balances == there
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        ids = [r[0] for r in c.execute("SELECT command_id FROM journal")]
    assert len(ids) == len(set(ids))  # no command ran twice
