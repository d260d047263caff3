"""The engine as a core: commands as typed values, one transaction each, replays, the journal, store v4."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import msgspec
import pytest

from local_store import Store
from local_store.migrations import MIGRATIONS
from pel_tui.backend import registry
from pel_tui.backend.commands.base import encode
from pel_tui.backend.commands.projects import Consult, MakeOffer
from pel_tui.backend.errors import InvalidInput
from tests.conftest import OFFER_MSG, World, body, run_cli, title


def test_a_command_is_a_typed_value_with_a_name_a_version_and_a_wire_form() -> None:
    cmd = MakeOffer(project_id=7, amount_cents=150_000, delay_days=20, message=OFFER_MSG)
    wire = json.loads(encode(cmd))
    assert wire == {"name": "offer.make", "version": 1, "args": {
        "project_id": 7, "amount_cents": 150_000, "delay_days": 20, "message": OFFER_MSG}}
    assert registry.decode(wire["name"], wire["version"], wire["args"]) == cmd
    with pytest.raises(InvalidInput) as err:
        registry.decode("offer.make", 1, {**wire["args"], "provider_id": 3})  # never named in the args
    assert err.value.code == "command.invalid"
    with pytest.raises(InvalidInput) as err:
        registry.decode("offer.make", 99, wire["args"])
    assert err.value.code == "command.unknown"


def test_every_command_has_one_handler_and_a_role() -> None:
    from pel_tui.backend.commands.base import ROLES

    for name, cmd_type in registry.BY_NAME.items():
        assert name == cmd_type.NAME and "." in name
        assert cmd_type.ROLE in ROLES, name
        assert registry.handler(cmd_type) is registry.HANDLERS[cmd_type]
        assert isinstance(cmd_type.VERSION, int)


def test_a_replayed_command_id_returns_its_recorded_result_and_changes_nothing(world: World) -> None:
    pid = world.post()
    first = world.mp.consult(pid, command_id="c-1")
    rows = world.ledger_rows()
    again = world.mp.consult(pid, command_id="c-1")
    assert again == first and world.ledger_rows() == rows
    with pytest.raises(InvalidInput) as err:  # the same id for another command: a client's bug
        world.mp.run(Consult(project_id=pid + 1), "c-1")
    assert err.value.code == "command.id_reused"


def test_a_command_that_fails_writes_nothing_not_even_its_journal_row(world: World) -> None:
    pid = world.post()
    journal = world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with pytest.raises(InvalidInput):
        world.mp.consult(pid)
        world.mp.make_offer(pid, 150_000, 20, "court")
    assert world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal + 1


def test_notifications_are_stored_as_a_kind_and_data_never_prose(world: World) -> None:
    pid = world.post("Traduction d'un catalogue")
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.pl.cancel(pid)
    stored = world.engine.conn.execute(
        "SELECT kind, title, body, data, rendered FROM notifications WHERE kind = 'credits_refunded'").fetchone()
    assert stored[1:3] == ("", "") and stored[4] == 0
    assert json.loads(stored[3]) == {"kinds": ["offer"], "reason": "cancelled"}
    n = next(n for n in world.mp.notifications() if n.kind == "credits_refunded")
    assert title(n) == f"Credits refunded for #{pid}"
    assert body(n) == "The project was cancelled: your offer credit came back."


def test_a_version_3_store_keeps_its_notifications_and_moves_state_out_of_meta(tmp_path: Path) -> None:
    """Store v4: old notifications read as they were written; meta keys become tables."""
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO providers(id, pseudo, display_name, country, created_at) "
                 "VALUES (1, 'alice', 'Alice', 'FR', 0)")
    conn.execute("INSERT INTO notifications(provider_id, at, kind, title, body) "
                 "VALUES (1, 10, 'lost', 'Offer lost on #3 Site', 'the project expired without an award')")
    for key, value in (("card_declined:1", "1"), ("digest_last:1", "86400"), ("last_seen_project:1", "41"),
                       ("me", "1")):
        conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (key, value))
    conn.close()
    store = Store.open(path)
    c = store.conn
    assert c.execute("SELECT declined FROM payment_methods WHERE provider_id = 1").fetchone() == (1,)
    assert c.execute("SELECT last_at FROM digest_runs WHERE provider_id = 1").fetchone() == (86_400,)
    assert c.execute("SELECT last_seen_project FROM list_marks WHERE provider_id = 1").fetchone() == (41,)
    assert [k for (k,) in c.execute("SELECT key FROM meta ORDER BY key")] == ["me"]
    from pel_tui.backend import Engine, Marketplace

    n = Marketplace.for_user(Engine(store)).notifications()[0]
    assert n.prose == ("Offer lost on #3 Site", "the project expired without an award")
    assert (title(n), body(n)) == n.prose


def test_json_refusals_carry_the_code_message_and_params(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    pid = world.post()
    world.engine.store.close()
    code, _out, err = run_cli(capsys, "--store", str(world.path), "offer", str(pid), "--amount", "1500",
                              "--days", "10", "--message", OFFER_MSG, "--json")
    assert code == 1
    first, second = err.strip().splitlines()
    assert first == f"pel: consult project #{pid} first (pel consult {pid}): every action on a project starts " \
                    "from its report"
    assert json.loads(second) == {"error": {"code": "project.consult_first", "message": first[5:],
                                            "params": {"project_id": pid}}}


def test_results_decode_to_their_declared_types(world: World) -> None:
    pid = world.post()
    res = world.mp.consult(pid)
    assert msgspec.convert(res, Consult.RESULT) == res
