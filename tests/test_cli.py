"""The `pel` command line, as a script or a user drives it."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pel_tui.cli.common import euros_to_cents
from tests.conftest import OFFER_MSG, make_world
from tests.conftest import run_cli as run


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite"
    w = make_world(path)
    w.post("Développeur Django pour une API")
    w.post("Traduction d'un site en anglais", summary="Un site vitrine à traduire en anglais.",
           description="Vingt pages.", category="Traduction")
    w.engine.store.close()
    monkeypatch.setenv("PEL_STORE", str(path))
    return path


def test_amounts_in_euros_become_cents() -> None:
    assert euros_to_cents("1500") == 150_000
    assert euros_to_cents("1500.50") == 150_050
    assert euros_to_cents("1 500,5") == 150_050
    for bad in ("-3", "abc", "1.234", "nan", "inf", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            euros_to_cents(bad)


def test_projects_json_lists_the_available_projects(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "projects", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["Traduction d'un site en anglais", "Développeur Django pour une API"]
    assert {"id", "title", "category", "status", "offers", "consulted", "budget_min_cents"} <= set(rows[0])
    code, out, _ = run(capsys, "projects", "developpeur", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Développeur Django pour une API"]
    code, out, _ = run(capsys, "projects", '"AND title: -* NEAR(', "--json")
    assert code == 0 and json.loads(out) == []


def test_a_provider_day_on_the_command_line(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pid = "1"
    assert run(capsys, "consult", pid)[0] == 0
    code, out, _ = run(capsys, "offer", f"#{pid}", "--amount", "1500.50", "--days", "20", "--message", OFFER_MSG)
    assert code == 0 and "1 offer credit spent" in out
    code, out, _ = run(capsys, "offer", pid, "--amount", "1400", "--days", "20", "--message", OFFER_MSG)
    assert "version 2" in out and "no credit spent" in out
    code, out, _ = run(capsys, "offers", "--json")
    offer = json.loads(out)[0]
    assert offer["amount_cents"] == 140_000 and len(offer["versions"]) == 2
    assert run(capsys, "platform", "select", pid, "--formula", "r0")[0] == 0
    code, out, _ = run(capsys, "confirm", pid)
    assert code == 0 and "commission €70.00" in out
    assert run(capsys, "platform", "pay-commission", pid)[0] == 0
    code, out, _ = run(capsys, "show", pid, "--json")
    assert json.loads(out)["project"]["status"] == "in_progress"
    code, out, _ = run(capsys, "credits", "--json")
    data = json.loads(out)
    assert data["balances"] == {"consultation": 74, "offer": 34, "contact": 15}
    assert {e["entry_type"] for e in data["ledger"]} == {"grant", "debit"}
    code, out, _ = run(capsys, "notifications", "--json")
    assert any(n["kind"] == "selected" for n in json.loads(out))
    for cmd in ("subscription", "stats", "whoami", "contracts", "invoices"):
        code, out, _ = run(capsys, cmd, "--json")
        assert code == 0 and json.loads(out) is not None


def test_refused_action_exits_non_zero_with_the_reason_and_changes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before, _ = run(capsys, "credits", "--json")
    code, out, err = run(capsys, "offer", "2", "--amount", "100", "--days", "3", "--message", OFFER_MSG)
    assert code != 0 and out == "" and "consult project #2 first" in err
    code, _, err = run(capsys, "show", "424242")
    assert code == 4 and "no project #424242" in err
    code, _, err = run(capsys, "subscribe", "expert", "--confirm", "oui")
    assert code != 0 and "confirmation text does not match" in err
    assert run(capsys, "credits", "--json")[1] == before


def test_platform_advance_persists_the_clock(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "platform", "post", "--title", "Nouveau projet urgent", "--summary", "Vite",
                       "--urgent", "--json")
    new_id = json.loads(out)["project_id"]
    code, out, _ = run(capsys, "platform", "advance", "91", "--json")
    assert code == 0
    code, out, _ = run(capsys, "show", str(new_id), "--json")
    assert json.loads(out)["project"]["status"] == "expired"


def test_first_start_creates_a_demo_store_and_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PEL_STORE"}
    env["XDG_DATA_HOME"] = str(tmp_path / "fresh")  # the default location: the only one made on a first start
    r = subprocess.run([sys.executable, "-m", "pel_tui", "whoami"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "created a demo marketplace (5,000 projects)" in r.stderr
    assert "camille-dev" in r.stdout
    r = subprocess.run([sys.executable, "-m", "pel_tui", "projects", "--limit", "3", "--json"], env=env,
                       capture_output=True, text=True)
    assert r.returncode == 0 and len(json.loads(r.stdout)) == 3 and r.stderr == ""


def test_store_option_overrides_the_environment(tmp_path: Path, store: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.sqlite"
    w = make_world(other)
    w.post("Projet dans l'autre store")
    w.engine.store.close()
    _, out, _ = run(capsys, "--store", str(other), "projects", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Projet dans l'autre store"]
    _code, out, _ = run(capsys, "projects", "--json", "--store", str(other))
    assert [r["title"] for r in json.loads(out)] == ["Projet dans l'autre store"]


def test_pel_alone_refuses_a_store_from_a_newer_version_without_touching_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from local_store import Store
    from pel_tui.__main__ import main as pel

    path = tmp_path / "store.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    assert pel(["--store", str(path)]) == 3  # the application's path: no Textual started
    assert "newer version" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_pel_with_a_command_is_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pel_tui.__main__ import main as pel

    path = tmp_path / "store.sqlite"
    assert pel(["demo", "--projects", "200", "--store", str(path)]) == 0
    capsys.readouterr()
    assert pel(["projects", "--store", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all("id" in p and "title" in p for p in listed)
