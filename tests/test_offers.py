"""Offers (OF): making, editing, read receipts, withdrawing, messages, states, lost offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pel_tui.backend.errors import InvalidInput, NotAllowed, ProjectNotOpen
from tests.conftest import OFFER_MSG, World, body, refused


def _consulted(world: World) -> int:
    pid = world.post()
    world.mp.consult(pid)
    return pid


def test_of_1_offer_needs_amount_delay_and_a_30_character_message(world: World) -> None:
    pid = _consulted(world)
    before = world.ledger_rows()
    with refused(InvalidInput, "at least 30"):
        world.mp.make_offer(pid, 150_000, 20, "Trop court")
    with refused(InvalidInput, "positive"):
        world.mp.make_offer(pid, 0, 20, OFFER_MSG)
    with refused(InvalidInput, "delay"):
        world.mp.make_offer(pid, 150_000, 0, OFFER_MSG)
    assert world.ledger_rows() == before and world.mp.offers() == []
    res = world.mp.make_offer(pid, 150_050, 20, OFFER_MSG)
    o = world.mp.offers()[0]
    assert (o.amount_cents, o.delay_days, o.status, res["spent"]) == (150_050, 20, "submitted", True)
    assert world.mp.project(pid).project.offers == 1


def test_of_1_offer_only_on_an_open_project(world: World) -> None:
    pid = _consulted(world)
    world.pl.cancel(pid)
    with refused(ProjectNotOpen, "cancelled"):
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)


def test_of_2_edit_keeps_every_version_and_costs_nothing(world: World) -> None:
    pid = _consulted(world)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    offer_balance = world.mp.credits().balances["offer"]
    res = world.mp.make_offer(pid, 140_000, 18, OFFER_MSG + " Prix revu.")
    assert res["spent"] is False and res["version"] == 2
    assert world.mp.credits().balances["offer"] == offer_balance
    o = world.mp.offers()[0]
    assert [v.amount_cents for v in o.versions] == [150_000, 140_000]
    assert o.amount_cents == 140_000  # the client sees the latest
    world.pl.select(pid, "alice")
    with pytest.raises(ProjectNotOpen):
        world.mp.make_offer(pid, 130_000, 18, OFFER_MSG)


def test_of_3_read_receipt_per_version_reset_by_an_edit(world: World) -> None:
    pid = _consulted(world)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(1)
    world.pl.read_offers(pid)
    o = world.mp.offers()[0]
    assert o.status == "read" and o.read_at is not None
    assert any(n.kind == "offer_read" for n in world.mp.notifications())
    world.mp.make_offer(pid, 145_000, 20, OFFER_MSG)
    o = world.mp.offers()[0]
    assert o.status == "submitted" and o.read_at is None
    assert o.versions[0].read_at is not None and o.versions[1].read_at is None


def test_of_4_withdraw_while_open_without_refund(world: World) -> None:
    pid = _consulted(world)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    offer_balance = world.mp.credits().balances["offer"]
    world.mp.withdraw(pid)
    assert world.mp.offers()[0].status == "withdrawn"
    assert world.mp.credits().balances["offer"] == offer_balance
    assert world.mp.project(pid).project.offers == 0
    with refused(NotAllowed, "no live offer"):
        world.mp.withdraw(pid)


def test_of_5_write_to_client_with_the_offer_credit_and_read_answers(world: World) -> None:
    pid = _consulted(world)
    res = world.mp.ask(pid, "Le budget inclut-il l'hébergement ?")
    assert res["spent"] is True
    world.pl.answer(pid, "Oui, l'hébergement est inclus.", "alice")
    world.pl.answer(pid, "Réponse privée à Bob", "bob")
    msgs = world.mp.project(pid).messages or []
    assert [(m.author, m.body) for m in msgs] == [
        ("provider", "Le budget inclut-il l'hébergement ?"),
        ("client", "Oui, l'hébergement est inclus."),
    ]
    # The offer made afterwards costs nothing more (CR-2).
    assert world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)["spent"] is False


def test_of_6_offer_states_through_a_lost_tender(world: World) -> None:
    pid = _consulted(world)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    assert world.mp.offers()[0].status == "submitted"
    world.pl.read_offers(pid)
    assert world.mp.offers()[0].status == "read"
    world.pl.offer_as(pid, "bob", 120_000, 10, "Bob réalise ce projet vite et bien, promis.")
    world.pl.select(pid, "bob")
    assert world.mp.offers()[0].status == "read"  # not lost until bob confirms
    world.bob.confirm_terms(pid)
    assert world.mp.offers()[0].status == "lost"
    assert world.bob.offers()[0].status == "won"


def test_of_7_losing_provider_gets_recommendations(world: World) -> None:
    pid = _consulted(world)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(1)
    world.pl.offer_as(pid, "bob", 120_000, 10, "Bob réalise ce projet vite et bien, promis.")
    world.pl.select(pid, "bob")
    world.bob.confirm_terms(pid)
    lost = [n for n in world.mp.notifications() if n.kind == "lost"]
    assert len(lost) == 1
    data = lost[0].data["recommendations"]
    assert data["price_range_cents"] == [120_000, 150_000]
    assert data["your_offer_was_read"] is False
    assert isinstance(data["profile_completeness"], int)
    assert data["your_answer_hours"] == 0.0 and data["winner_answer_hours"] == 24.0
    assert "€1,200–1,500" in body(lost[0])


def test_of_6_a_declined_or_revoked_selection_leaves_the_offer_declined_or_revoked(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """OF-6 (Decision): `withdrawn` is the provider's own withdrawal only; a declined selection leaves the
    offer `declined`, one not confirmed in time `revoked`, in the engine, the command line and the notice."""
    from tests.conftest import run_cli

    declined, revoked, withdrawn = _consulted(world), _consulted(world), _consulted(world)
    for pid in (declined, revoked, withdrawn):
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.mp.withdraw(withdrawn)
    world.pl.select(declined, "alice")
    world.mp.decline(declined)
    world.pl.select(revoked, "alice")
    world.days(7.1)
    states = {o.project_id: o.status for o in world.mp.offers()}
    assert states == {declined: "declined", revoked: "revoked", withdrawn: "withdrawn"}
    assert [o.project_id for o in world.mp.offers("declined")] == [declined]
    notice = next(n for n in world.mp.notifications() if n.kind == "selection_revoked")
    assert "your offer is revoked" in body(notice)
    with refused(NotAllowed, "no live offer"):
        world.mp.withdraw(declined)
    code, out, _err = run_cli(capsys, "--store", str(world.path), "offers", "--status", "revoked")
    assert code == 0 and f"#{revoked}" in out and "revoked" in out and f"#{declined}" not in out
    # The provider may make it again: a new version, in the running again.
    world.mp.make_offer(declined, 140_000, 20, OFFER_MSG)
    assert {o.project_id: o.status for o in world.mp.offers()}[declined] == "submitted"
    assert world.mp.project(declined).project.offers == 1


def test_of_6_a_store_of_version_4_says_declined_and_revoked_for_its_old_selections(tmp_path: Path) -> None:
    """OF-6: the offers a declined or revoked selection had made `withdrawn` are read as such after v5."""
    import sqlite3

    from local_store import Store
    from local_store.migrations import MIGRATIONS

    path = tmp_path / "v4.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:4]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript("""
        INSERT INTO providers(id, pseudo, display_name, country, created_at) VALUES (1, 'alice', 'Alice', 'FR', 0);
        INSERT INTO clients(id, name, email, phone, country, city) VALUES (1, 'C', 'c@x.fr', '1', 'FR', 'Lyon');
        INSERT INTO projects(id, client_id, title, summary, description, category, budget_min_cents,
            budget_max_cents, country, city, created_at, status, status_at) VALUES
            (1, 1, 'A', 's', 'd', 'c', 1, 2, 'FR', 'Lyon', 0, 'open', 0),
            (2, 1, 'B', 's', 'd', 'c', 1, 2, 'FR', 'Lyon', 0, 'open', 0),
            (3, 1, 'C', 's', 'd', 'c', 1, 2, 'FR', 'Lyon', 0, 'open', 0);
        INSERT INTO offers(id, project_id, provider_id, status, created_at, updated_at) VALUES
            (1, 1, 1, 'withdrawn', 0, 50), (2, 2, 1, 'withdrawn', 0, 70), (3, 3, 1, 'withdrawn', 0, 90);
        INSERT INTO offer_versions(offer_id, version, amount_cents, delay_days, message, created_at) VALUES
            (1, 1, 100, 1, 'm', 0), (2, 1, 100, 1, 'm', 0), (3, 1, 100, 1, 'm', 0);
        INSERT INTO contracts(project_id, provider_id, offer_id, formula, amount_cents, delay_days, commission_payer,
            status, selected_at, confirm_by, ended_at) VALUES
            (1, 1, 1, 'base', 100, 1, 'client', 'declined', 10, 20, 50),
            (2, 1, 2, 'base', 100, 1, 'client', 'revoked', 10, 70, 70),
            (3, 1, 3, 'base', 100, 1, 'client', 'declined', 10, 20, 30);
    """)
    conn.close()
    store = Store.open(path)
    assert store.conn.execute("SELECT id, status FROM offers ORDER BY id").fetchall() == [
        (1, "declined"), (2, "revoked"), (3, "withdrawn")]  # 3: withdrawn by its provider later
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()
