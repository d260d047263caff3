"""Remote sync against a real `pel serve --demo`: login, the first sync, commands applied exactly once,
refusals compensated, CR-2 across two devices, the token's keeping."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from pel_tui.backend import Engine, Marketplace
from pel_tui.protocol import Push, WireCommand
from pel_tui.sync import outbox
from pel_tui.sync.api import Api
from pel_tui.sync.errors import SyncError
from pel_tui.sync.run import sync
from tests.conftest import OFFER_MSG, run_cli
from tests.sync.conftest import MemoryKeyring, Server, login
from tests.sync.proxy import Faults, Proxy

pytestmark = pytest.mark.usefixtures("memory_keyring")


def linked(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "device",
           user: str = "camille-dev") -> Path:
    """A new store linked to `user`, after its first sync (through the command line)."""
    path = tmp_path / name / "store.sqlite"
    os.environ["PEL_PASSWORD"] = "demo"
    try:
        code, out, err = run_cli(capsys, "login", server.url, "--user", user, "--store", str(path))
    finally:
        del os.environ["PEL_PASSWORD"]
    assert code == 0, err
    assert "First sync" in out
    return path


def server_db(server: Server) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{server.store}?mode=ro", uri=True)


def server_view(server: Server) -> Marketplace:
    """The demo provider as the server sees them (read from the server's store)."""
    return Marketplace.for_user(Engine.open(server.store))


def open_project_of_client(server: Server) -> int:
    """An open project the demo's `client` account owns (it may cancel it)."""
    with server_db(server) as c:
        return int(c.execute(
            "SELECT p.id FROM projects p JOIN accounts a ON a.client_id = p.client_id WHERE a.login = 'client' "
            "AND p.status = 'open' ORDER BY p.id DESC LIMIT 1").fetchone()[0])


def debits(server: Server, project_id: int) -> list[tuple[str, str]]:
    with server_db(server) as c:
        return c.execute(
            "SELECT v.pseudo, e.kind FROM credit_entries e JOIN providers v ON v.id = e.provider_id WHERE "
            "e.project_id = ? AND e.entry_type = 'debit' ORDER BY e.id", (project_id,)).fetchall()


def test_login_links_an_empty_store_and_the_first_sync_brings_the_marketplace(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring) -> None:
    path = linked(server, tmp_path, capsys)
    assert list(memory_keyring.saved) == [("pel-tui", f"{server.url}|camille-dev")]
    engine = Engine.open(path)
    mp = Marketplace.for_user(engine)
    assert mp.pseudo == "camille-dev"
    there = server_view(server)
    assert mp.projects(limit=1).total == there.projects(limit=1).total > 100
    assert [(o.project_id, o.status, len(o.versions)) for o in mp.offers()] == [
        (o.project_id, o.status, len(o.versions)) for o in there.offers()]
    assert mp.credits().balances == there.credits().balances
    assert mp.subscription() == there.subscription()
    # Nothing another provider keeps to themselves reaches this device.
    assert engine.conn.execute("SELECT count(*) FROM credit_entries WHERE provider_id <> ?",
                               (mp.provider_id,)).fetchone()[0] == 0
    code, out, _ = run_cli(capsys, "auth", "status", "--store", str(path))
    assert code == 0 and "camille-dev (provider)" in out and "the system keyring" in out
    code, out, _ = run_cli(capsys, "--store", str(path), "platform", "status")
    assert code == 6


def test_without_a_keyring_login_refuses_unless_told_to_use_a_private_file(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "s.sqlite"
    os.environ["PEL_PASSWORD"] = "demo"
    try:
        code, _, err = run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", str(path))
        assert code == 6 and "--insecure-storage" in err and not path.exists()
        code, out, err = run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", str(path),
                                 "--insecure-storage")
    finally:
        del os.environ["PEL_PASSWORD"]
    assert code == 0, err
    saved = Path(os.environ["XDG_CONFIG_HOME"]) / "pel-tui" / "tokens.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600 and "insecure storage" in out
    token = next(iter(json.loads(saved.read_text()).values()))
    assert token not in path.read_bytes().decode("latin-1")  # never in the store


def test_a_standalone_store_with_a_marketplace_is_never_merged_into_a_server(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pel_tui.backend.demo import create_demo_store

    path = tmp_path / "mine" / "store.sqlite"
    create_demo_store(path, projects=300)
    before = path.read_bytes()
    os.environ["PEL_PASSWORD"] = "demo"
    try:
        code, _, err = run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", str(path))
        assert code == 6 and "--new-store" in err
        assert path.read_bytes() == before
        code, _out, err = run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", str(path),
                                  "--new-store")
    finally:
        del os.environ["PEL_PASSWORD"]
    assert code == 0, err
    aside = [p for p in path.parent.iterdir() if ".standalone-" in p.name and p.suffix == ".sqlite"]
    assert len(aside) == 1 and aside[0].read_bytes()[:100] == before[:100]


def test_a_batch_pushed_twice_and_a_lost_reply_apply_each_command_once(server: Server) -> None:
    token = login(server, "camille-dev")
    with server_db(server) as c:
        pid = int(c.execute("SELECT id FROM projects WHERE status = 'open' AND id NOT IN (SELECT project_id FROM "
                            "credit_entries WHERE project_id IS NOT NULL) ORDER BY id DESC LIMIT 1").fetchone()[0])
    batch = Push(device="d1", commands=[
        WireCommand(command_id="c-1", seq=1, name="project.consult", version=1, args={"project_id": pid})])
    with Api(server.url, token) as api:
        first = api.push(batch).outcomes[0]
        again = api.push(batch).outcomes[0]
    assert first.status == again.status == "applied" and first.result == again.result
    proxy = Proxy(server.port, Faults(mode="drop_reply"))
    try:
        lost = Push(device="d1", commands=[WireCommand(command_id="c-2", seq=2, name="offer.make", version=1, args={
            "project_id": pid, "amount_cents": 150_000, "delay_days": 20, "message": OFFER_MSG})])
        with Api(proxy.url, token) as api, pytest.raises(SyncError) as err:
            api.push(lost)
        assert err.value.code == "sync.offline"  # the reply never came: unknown, so send it again
        proxy.faults.mode = "pass"
        with Api(proxy.url, token) as api:
            retried = api.push(lost).outcomes[0]
    finally:
        proxy.close()
    assert retried.status == "applied" and retried.result["version"] == 1  # type: ignore[index]
    assert debits(server, pid) == [("camille-dev", "consultation"), ("camille-dev", "offer")]
    with Api(server.url, token) as api:  # the same id with other arguments: a client's bug
        other = Push(device="d1", commands=[WireCommand(command_id="c-1", seq=3, name="project.consult",
                                                        version=1, args={"project_id": pid + 1})])
        refused = api.push(other).outcomes[0]
    assert (refused.status, refused.code) == ("refused", "command.id_reused")


def test_an_offline_command_the_server_refuses_is_compensated_and_shown(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = linked(server, tmp_path, capsys)
    engine = Engine.open(path)
    mp = Marketplace.for_user(engine)
    pid = open_project_of_client(server)
    before = mp.credits().balances
    mp.consult(pid)
    mp.make_offer(pid, 180_000, 15, OFFER_MSG)  # offline: applied here, pending
    assert mp.credits().balances["offer"] == before["offer"] - 1
    assert len(outbox.pending(engine.conn)) == 2
    os.environ["PEL_PASSWORD"] = "demo"
    try:  # meanwhile the client cancels the project, on the server
        code, _, err = run_cli(capsys, "platform", "--server", server.url, "--user", "client", "cancel", str(pid))
    finally:
        del os.environ["PEL_PASSWORD"]
    assert code == 0, err
    summary = sync(engine)
    assert (summary.pushed, summary.refused) == (2, 2)  # the consultation too: the project is no longer open
    assert mp.credits().balances == server_view(server).credits().balances == before  # what they spent is back
    assert pid not in [o.project_id for o in mp.offers()]
    assert pid not in [p.id for p in mp.projects(limit=500).projects]  # closed, and never the provider's
    code, out, _ = run_cli(capsys, "sync", "--status", "--store", str(path))
    assert "refused" in out and f"project #{pid} is cancelled" in out and "given back" in out
    for (refused_id,) in engine.conn.execute("SELECT command_id FROM journal WHERE outcome = 'refused'").fetchall():
        code, out, _ = run_cli(capsys, "sync", "ack", refused_id[:8], "--store", str(path))
        assert code == 0
    code, out, _ = run_cli(capsys, "sync", "--status", "--store", str(path))
    assert "refused" not in out


@pytest.mark.parametrize("order", ["a_then_b", "b_then_a"])
def test_cr_2_two_devices_offline_on_the_same_projects_spend_one_credit_per_kind(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], order: str) -> None:
    a = Engine.open(linked(server, tmp_path, capsys, "laptop"))
    b = Engine.open(linked(server, tmp_path, capsys, "phone"))
    with server_db(server) as c:
        pids = [r[0] for r in c.execute("SELECT id FROM projects WHERE status = 'open' ORDER BY id DESC LIMIT 3")]
    for engine, amount in ((a, 150_000), (b, 160_000)):
        mp = Marketplace.for_user(engine)
        for pid in pids:
            mp.consult(pid)
            mp.make_offer(pid, amount, 20, OFFER_MSG)
    first, second = (a, b) if order == "a_then_b" else (b, a)
    sync(first)
    sync(second)
    sync(first)
    for pid in pids:
        assert sorted(debits(server, pid)) == [("camille-dev", "consultation"), ("camille-dev", "offer")]
    server_balances = server_view(server).credits().balances
    for engine in (a, b):
        mp = Marketplace.for_user(engine)
        assert mp.credits().balances == server_balances
        assert outbox.pending(engine.conn) == []
        assert {o.project_id: len(o.versions) for o in mp.offers() if o.project_id in pids} == dict.fromkeys(pids, 2)


def test_pr_5_a_closed_project_the_mirror_does_not_keep_is_fetched_when_opened_by_id(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = linked(server, tmp_path, capsys)
    with server_db(server) as c:
        pid, title = c.execute(
            "SELECT id, title FROM projects WHERE status = 'expired' AND id NOT IN (SELECT project_id FROM "
            "credit_entries WHERE project_id IS NOT NULL) ORDER BY id LIMIT 1").fetchone()
    engine = Engine.open(path)
    assert engine.conn.execute("SELECT 1 FROM projects WHERE id = ?", (pid,)).fetchone() is None
    code, out, err = run_cli(capsys, "show", str(pid), "--store", str(path))
    assert code == 0, err
    assert title in out and "expired" in out
    code, _, err = run_cli(capsys, "show", "99999999", "--store", str(path))
    assert code == 4 and "no project #99999999" in err


def test_opening_a_linked_store_writes_nothing_unless_its_triggers_are_stale(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The undo triggers that record a device's own changes are made at link time and kept: opening the
    store again (each `pel`, each command line run) changes no schema, so the other connections'
    data_version does not move; a column added since (a migration) has its trigger made again."""
    path = linked(server, tmp_path, capsys)
    Engine.open(path).store.close()
    watcher = sqlite3.connect(path)
    schema, version = (watcher.execute(f"PRAGMA {p}").fetchone()[0] for p in ("schema_version", "data_version"))
    engine = Engine.open(path)
    assert watcher.execute("PRAGMA schema_version").fetchone()[0] == schema
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == version
    engine.store.close()
    with watcher:
        watcher.execute("ALTER TABLE projects ADD COLUMN note TEXT")
    engine = Engine.open(path)
    sql = engine.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'undo_projects_update'").fetchone()[0]
    assert "'note', OLD.note" in sql
    watcher.close()
    engine.store.close()
