"""The store: pragmas, versions, append-only journal, idempotent commands and catch-up."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from local_store import SCHEMA_VERSION, Store, StoreError, StoreTooNew
from tests.conftest import OFFER_MSG, World


def test_store_is_wal_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "s.sqlite")
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert s.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert s.user_version() == SCHEMA_VERSION


def test_store_from_a_newer_version_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    s = Store.open(path)
    s.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    s.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew, match="newer version of pel-tui"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("hello, this is not SQLite" * 100)
    with pytest.raises(StoreError, match="not a pel-tui store"):
        Store.open(path)


def test_failed_command_writes_nothing(world: World) -> None:
    pid = world.post()
    journal = world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(Exception, match="consult"):
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    assert world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal
    assert world.engine.conn.execute("SELECT count(*) FROM offers").fetchone()[0] == 0


def test_journal_records_each_command_and_replays_idempotently(world: World) -> None:
    pid = world.post()
    first = world.mp.consult(pid, command_id="cmd-1")  # type: ignore[call-arg]
    again = world.mp.consult(pid, command_id="cmd-1")  # type: ignore[call-arg]
    assert first["spent"] is True and again["spent"] is True  # the recorded result
    actor, name, version, args = world.engine.conn.execute(
        "SELECT actor, command, version, args FROM journal WHERE command_id = 'cmd-1'"
    ).fetchone()
    assert (actor, name, version, json.loads(args)) == ("provider:alice", "project.consult", 1, {"project_id": pid})
    assert world.engine.conn.execute(
        "SELECT count(*) FROM credit_entries WHERE entry_type = 'debit'"
    ).fetchone()[0] == 1
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        world.engine.conn.execute("DELETE FROM journal")


def test_catch_up_is_idempotent_after_a_long_pause(world: World) -> None:
    for _ in range(3):
        world.post()
    world.clock.advance(400 * 86_400)
    world.engine.catch_up()
    snapshot = [
        world.engine.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("credit_entries", "notifications", "subscription_periods", "platform_invoices")
    ]
    assert world.engine.catch_up() == 0
    again = [
        world.engine.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("credit_entries", "notifications", "subscription_periods", "platform_invoices")
    ]
    assert again == snapshot
    assert world.mp.projects().total == 0  # all expired (PR-2)
    # Four quarterly renewals happened, one period each, in order.
    assert snapshot[2] == 1 + 4


def test_backend_and_store_never_import_textual() -> None:
    code = (
        "import sys, pel_tui.backend, pel_tui.cli, local_store, pel_tui.backend.demo, pel_tui.filters,"
        " pel_tui.i18n.refusals, pel_tui.i18n.notices, pel_tui.sync.status, pel_tui.protocol, pel_tui.launch;"
        "assert 'textual' not in sys.modules, 'textual imported';"
        "assert 'pydantic' not in sys.modules, 'pydantic imported before a config file is read'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
