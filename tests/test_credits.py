"""Credits (CR-1 … CR-8) on a real store: balances, ledger entries, refusals, refunds."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import msgspec
import pytest

from pel_tui.backend.clock import add_months, to_datetime
from pel_tui.backend.errors import ConsultFirst, CreditsFrozen, NoCreditsLeft, NotAllowed
from pel_tui.backend.models import LedgerEntry
from pel_tui.backend.policy import DAY
from tests.conftest import OFFER_MSG, T0, World, make_world, refused, said, title

PRO = {"consultation": 75, "offer": 35, "contact": 15}


def _entries(world: World, **match: object) -> list[LedgerEntry]:
    """alice's ledger entries (newest first) whose fields equal `match`."""
    return [
        e for e in world.mp.credits().ledger
        if all(getattr(e, k) == v for k, v in match.items())
    ]


def _balances(world: World) -> dict[str, int]:
    return dict(world.mp.credits().balances)


def _all_three(world: World) -> int:
    """A project alice consulted, made an offer on and revealed the contact of."""
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.mp.reveal_contact(pid)
    return pid


# -- CR-1 ------------------------------------------------------------------------------------------


def test_cr_1_each_kind_unlocks_its_own_part_of_the_project(world: World) -> None:
    pid = world.post(specification="Cahier des charges v1")
    world.pl.offer_as(pid, "bob", 120_000, 10, OFFER_MSG)
    report = world.mp.project(pid)
    assert report.description is None and report.other_offers is None and report.contact is None
    assert report.unlocked == {"consultation": False, "offer": False, "contact": False}

    res = world.mp.consult(pid)
    assert res["spent"] is True
    report = world.mp.project(pid)
    assert report.description is not None and report.specification == "Cahier des charges v1"
    assert [o.provider for o in report.other_offers or []] == ["bob"]
    assert report.contact is None  # consultation does not reveal the client's details

    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.mp.ask(pid, "Quelle base de données utilisez-vous ?")
    assert world.mp.project(pid).contact is None

    revealed = world.mp.reveal_contact(pid)
    assert (revealed["name"], revealed["email"], revealed["phone"]) == (
        "Sophie Client", "sophie@client.fr", "+33 6 12 34 56 78",
    )
    contact = world.mp.project(pid).contact
    assert contact is not None and contact.email == "sophie@client.fr"
    assert _balances(world) == {k: v - 1 for k, v in PRO.items()}
    debits = _entries(world, entry_type="debit")
    assert sorted((d.kind, d.delta, d.project_id, d.reason) for d in debits) == [
        ("consultation", -1, pid, "consultation"),
        ("contact", -1, pid, "contact"),
        ("offer", -1, pid, "offer"),
    ]


# -- CR-2 ------------------------------------------------------------------------------------------


def test_cr_2_second_consult_offer_edit_question_and_reveal_cost_nothing(world: World) -> None:
    pid = _all_three(world)
    after_first = _balances(world)
    rows = world.ledger_rows()
    assert world.mp.quote(pid, "offer").already_paid is True

    assert world.mp.consult(pid)["spent"] is False
    edit = world.mp.make_offer(pid, 140_000, 18, OFFER_MSG + " Prix revu.")
    assert edit["spent"] is False and edit["version"] == 2
    assert world.mp.ask(pid, "Une question de plus.")["spent"] is False
    assert world.mp.reveal_contact(pid)["spent"] is False

    assert _balances(world) == after_first
    assert world.ledger_rows() == rows
    assert len(_entries(world, entry_type="debit", project_id=pid)) == 3


def test_cr_2_one_credit_per_project_not_per_provider_total(world: World) -> None:
    a, b = world.post("Projet A"), world.post("Projet B")
    world.mp.consult(a)
    assert world.mp.consult(b)["spent"] is True  # another project costs its own credit
    assert _balances(world)["consultation"] == PRO["consultation"] - 2


def test_cr_2_duplicate_debit_from_an_import_is_refunded_with_reason_duplicate(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    before = _balances(world)
    res = world.pl.import_debit("alice", pid, "consultation")
    assert res == {"recorded": True, "duplicate": True}
    assert _balances(world) == before  # the duplicate came back at once
    refunds = _entries(world, entry_type="refund", project_id=pid)
    assert [(r.kind, r.delta, r.reason) for r in refunds] == [("consultation", 1, "duplicate")]
    dup_debits = _entries(world, entry_type="debit", project_id=pid, kind="consultation")
    assert len(dup_debits) == 2  # the duplicate stays visible in the ledger (CR-7)
    note = [n for n in world.mp.notifications() if n.kind == "credits_refunded"]
    assert len(note) == 1 and note[0].project_id == pid

    # A second duplicate is refunded too; the project is still paid once.
    world.pl.import_debit("alice", pid, "consultation")
    assert _balances(world) == before
    assert len(_entries(world, entry_type="refund", reason="duplicate")) == 2


def test_cr_2_first_imported_debit_counts_as_the_one_credit(world: World) -> None:
    pid = world.post()
    assert world.pl.import_debit("alice", pid, "consultation") == {"recorded": True, "duplicate": False}
    assert _balances(world)["consultation"] == PRO["consultation"] - 1
    assert _entries(world, entry_type="refund") == []
    assert world.mp.consult(pid)["spent"] is False  # already unlocked by the imported debit
    assert world.mp.project(pid).description is not None
    assert _balances(world)["consultation"] == PRO["consultation"] - 1


def test_cr_2_the_store_refuses_a_second_plain_debit(world: World) -> None:
    """The unique index is the last line of defence behind the engine's check."""
    pid = world.post()
    world.mp.consult(pid)
    grant_id = world.mp.credits().next_expiries[0].grant_id
    me = world.mp.provider_id
    rows = world.ledger_rows()
    with pytest.raises(sqlite3.IntegrityError):
        world.engine.conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, project_id, "
            "reason, at) VALUES (?, 'consultation', 'debit', -1, ?, ?, 'race', ?)",
            (me, grant_id, pid, world.engine.now()),
        )
    assert world.ledger_rows() == rows


# -- CR-3 ------------------------------------------------------------------------------------------


def test_cr_3_offer_contact_and_question_need_the_consultation_first(world: World) -> None:
    pid = world.post()
    before, rows = _balances(world), world.ledger_rows()
    with refused(ConsultFirst, rf"consult project #{pid} first"):
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    with refused(ConsultFirst, rf"pel consult {pid}"):
        world.mp.reveal_contact(pid)
    with pytest.raises(ConsultFirst):
        world.mp.ask(pid, "Bonjour, une question ?")
    assert _balances(world) == before and world.ledger_rows() == rows
    assert world.mp.offers() == []
    assert world.mp.project(pid).messages is None


def test_cr_3_offer_and_contact_are_independent_of_each_other(world: World) -> None:
    p1, p2 = world.post("Projet contact seul"), world.post("Projet offre seule")
    world.mp.consult(p1)
    world.mp.consult(p2)
    assert world.mp.reveal_contact(p1)["spent"] is True  # no offer needed
    assert world.mp.make_offer(p2, 150_000, 20, OFFER_MSG)["spent"] is True  # no contact needed
    assert world.mp.project(p1).unlocked == {"consultation": True, "offer": False, "contact": True}
    assert world.mp.project(p2).unlocked == {"consultation": True, "offer": True, "contact": False}


# -- CR-4 ------------------------------------------------------------------------------------------


def test_cr_4_each_subscription_period_grants_the_plan_allotment(world: World) -> None:
    grants = _entries(world, entry_type="grant")
    assert sorted((g.kind, g.delta) for g in grants) == sorted(PRO.items())
    assert all(g.project_id is None and g.reason.startswith("Pro ") for g in grants)
    period_end = world.mp.subscription().period_end  # type: ignore[union-attr]
    world.clock.advance(int(period_end.timestamp()) - world.engine.now() - 1)
    world.engine.catch_up()
    assert len(_entries(world, entry_type="grant")) == 3  # not one second early
    world.days(1)
    grants = _entries(world, entry_type="grant")
    assert len(grants) == 6
    assert {g.at for g in grants[:3]} == {period_end}
    assert _balances(world) == {k: 2 * v for k, v in PRO.items()}


def test_cr_4_a_pack_expires_12_months_after_it_is_granted(world: World) -> None:
    world.mp.cancel_subscription()  # no renewals: only the pack's lot matters below
    world.days(10)
    granted_at = world.engine.now()
    res = world.pl.grant_credits("alice", "contact", 5)
    (entry,) = _entries(world, entry_type="grant", grant_id=res["grant_id"])
    assert (entry.kind, entry.delta, entry.reason) == ("contact", 5, "pack")
    expires = add_months(granted_at, 12)
    lot = [x for x in world.mp.credits().next_expiries if x.grant_id == res["grant_id"]]
    assert lot[0].expires_at == to_datetime(expires) and lot[0].source == "pack"

    world.clock.advance(expires - 1 - world.engine.now())
    world.engine.catch_up()
    assert _entries(world, entry_type="expiry", grant_id=res["grant_id"]) == []
    assert _balances(world)["contact"] == 5  # the allotment's 15 expired 10 days earlier

    world.days(3)
    (exp,) = _entries(world, entry_type="expiry", grant_id=res["grant_id"])
    assert (exp.kind, exp.delta, exp.reason, exp.at) == ("contact", -5, "expired", to_datetime(expires))
    assert _balances(world) == {"consultation": 0, "offer": 0, "contact": 0}


def test_cr_4_only_what_is_left_of_a_lot_expires(world: World) -> None:
    world.mp.cancel_subscription()
    for _ in range(2):
        pid = world.post()
        world.mp.consult(pid)
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(370)  # one long pause: the catch-up applies every expiry at its own time
    expiries = {e.kind: e for e in _entries(world, entry_type="expiry")}
    assert {k: e.delta for k, e in expiries.items()} == {
        "consultation": -(PRO["consultation"] - 2), "offer": -(PRO["offer"] - 2),
        "contact": -PRO["contact"],
    }
    assert {e.at for e in expiries.values()} == {to_datetime(add_months(T0, 12))}
    rows = world.ledger_rows()
    assert world.engine.catch_up() == 0 and world.ledger_rows() == rows


def _history(path: Path, step_days: int) -> tuple[object, ...]:
    """Ledger, notices and subscription after 700 days with a pack, a suspension and a failed card."""
    w = make_world(path)
    try:
        w.mp.set_preferences(digest=False)
        pid = w.post()
        w.mp.consult(pid)
        w.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
        w.pl.grant_credits("alice", "offer", 3)
        w.days(10)
        w.mp.suspend(2)
        w.days(100)
        w.pl.set_card_declined("alice", True)
        for _ in range(0, 600, step_days):
            w.days(step_days)
        ledger = [(e.kind, e.entry_type, e.delta, e.at, e.reason, e.project_id) for e in w.mp.credits().ledger]
        notes = sorted((n.kind, n.at, title(n)) for n in w.mp.notifications())
        sub = w.mp.subscription()
        assert sub is not None
        return ledger, notes, (sub.status, sub.period_end, sub.amount_due_cents)
    finally:
        w.engine.store.close()


def test_cr_4_one_long_pause_gives_the_same_ledger_as_every_day(tmp_path: Path) -> None:
    """Expiries, renewals, the suspension's end and the incident, applied by one catch-up or 600."""
    jump = _history(tmp_path / "jump.sqlite", 600)
    daily = _history(tmp_path / "daily.sqlite", 1)
    assert jump == daily
    ledger = jump[0]
    assert {t for _k, t, *_r in ledger} == {"grant", "debit", "expiry"}  # type: ignore[union-attr]


# -- CR-5 ------------------------------------------------------------------------------------------


def test_cr_5_spending_takes_the_lot_that_expires_soonest(world: World) -> None:
    long_lot = world.pl.grant_credits("alice", "consultation", 1)["grant_id"]  # 12 months
    world.engine.policy = msgspec.structs.replace(world.engine.policy, credit_validity_months=2)
    short_lot = world.pl.grant_credits("alice", "consultation", 1)["grant_id"]  # newer, sooner
    lots = [x.grant_id for x in world.mp.credits().next_expiries if x.kind == "consultation"]
    assert lots[0] == short_lot and lots[-1] == long_lot

    pid = world.post()
    world.mp.consult(pid)
    (debit,) = _entries(world, entry_type="debit", project_id=pid)
    assert debit.grant_id == short_lot
    remaining = {x.grant_id: x.remaining for x in world.mp.credits().next_expiries}
    assert short_lot not in remaining  # emptied
    assert remaining[long_lot] == 1


def test_cr_5_no_credit_left_is_refused_with_kind_zero_and_how_to_get_more(tmp_path: Path) -> None:
    w = make_world(tmp_path / "s.sqlite", subscribe="essentiel")  # 5 contact credits
    try:
        for i in range(5):
            pid = w.post(f"Projet {i}")
            w.mp.consult(pid)
            w.mp.reveal_contact(pid)
        pid = w.post("Un projet de trop")
        w.mp.consult(pid)
        before, rows = _balances(w), w.ledger_rows()
        assert before["contact"] == 0
        with pytest.raises(NoCreditsLeft) as err:
            w.mp.reveal_contact(pid)
        assert err.value.kind == "contact"
        msg = said(err.value)
        assert "contact" in msg and "(0)" in msg
        assert "next allotment comes on 2 December 2026" in msg
        assert _balances(w) == before and w.ledger_rows() == rows
        assert w.mp.project(pid).contact is None  # nothing revealed
        assert all(v >= 0 for v in before.values())

        # Without a renewal to wait for, the message says how to get more.
        w.mp.cancel_subscription()
        with refused(NoCreditsLeft, "buy a pack"):
            w.mp.reveal_contact(pid)
        w.pl.grant_credits("alice", "contact", 3)
        assert w.mp.reveal_contact(pid)["spent"] is True
        assert _balances(w)["contact"] == 2
    finally:
        w.engine.store.close()


def test_cr_5_the_store_refuses_a_lot_going_negative(world: World) -> None:
    gid = world.pl.grant_credits("alice", "contact", 1)["grant_id"]
    pid = world.post()
    me = world.mp.provider_id
    conn = world.engine.conn
    conn.execute(
        "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, project_id, "
        "reason, at) VALUES (?, 'contact', 'adjustment', -1, ?, ?, 'test', ?)",
        (me, gid, pid, world.engine.now()),
    )
    rows = world.ledger_rows()
    with pytest.raises(sqlite3.IntegrityError, match="negative"):
        conn.execute(
            "INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, project_id, "
            "reason, at) VALUES (?, 'contact', 'adjustment', -1, ?, ?, 'test', ?)",
            (me, gid, pid, world.engine.now()),
        )
    assert world.ledger_rows() == rows


# -- CR-6 ------------------------------------------------------------------------------------------


def _refused_frozen(world: World, status: str, hint: str) -> None:
    pid = world.post("Projet pendant le gel")
    before, rows = _balances(world), world.ledger_rows()
    with refused(CreditsFrozen, hint) as err:
        world.mp.consult(pid)
    assert err.value.status == status
    assert world.mp.credits().spendable is False and world.mp.credits().frozen_reason == status
    assert _balances(world) == before and world.ledger_rows() == rows
    assert before["consultation"] > 0  # there are credits: they are frozen, not missing


def test_cr_6_credits_are_frozen_while_suspended_and_usable_after_resume(world: World) -> None:
    paid = world.post("Déjà consulté")
    world.mp.consult(paid)
    world.mp.suspend(1)
    _refused_frozen(world, "suspended", "resume")
    with pytest.raises(CreditsFrozen):
        world.mp.make_offer(paid, 150_000, 20, OFFER_MSG)
    assert world.mp.consult(paid)["spent"] is False  # what was paid stays readable
    world.days(5)
    world.mp.resume()
    pid = world.post()
    assert world.mp.consult(pid)["spent"] is True


def test_cr_6_credits_are_frozen_in_payment_incident(world: World) -> None:
    world.pl.set_card_declined("alice", True)
    world.days(92)  # past the quarterly renewal
    assert world.mp.subscription().status == "payment_incident"  # type: ignore[union-attr]
    _refused_frozen(world, "payment_incident", "settle")


def test_cr_6_credits_are_frozen_once_the_subscription_ended(world: World) -> None:
    world.mp.cancel_subscription()
    world.days(92)
    assert world.mp.subscription().status == "ended"  # type: ignore[union-attr]
    _refused_frozen(world, "ended", "subscribe again")


def test_cr_6_a_suspension_pushes_every_expiry_out_by_its_length(world: World) -> None:
    world.days(1)
    pack = world.pl.grant_credits("alice", "offer", 2)["grant_id"]
    before = {x.grant_id: x.expires_at for x in world.mp.credits().next_expiries}
    start = world.engine.now()
    world.mp.suspend(1)  # not resumed: it ends by itself a month later
    planned_end = add_months(start, 1)
    world.days(40)
    assert world.mp.subscription().status == "active"  # type: ignore[union-attr]
    after = {x.grant_id: x.expires_at for x in world.mp.credits().next_expiries}
    pushed = planned_end - start
    assert set(after) >= set(before)
    assert all(
        int(after[g].timestamp()) - int(before[g].timestamp()) == pushed for g in before
    )
    # The pack does not expire at its old date, but at the pushed one.
    old_exp = int(before[pack].timestamp())
    world.clock.advance(old_exp + DAY - world.engine.now())
    world.engine.catch_up()
    assert _entries(world, entry_type="expiry", grant_id=pack) == []
    world.clock.advance(pushed)
    world.engine.catch_up()
    (exp,) = _entries(world, entry_type="expiry", grant_id=pack)
    assert exp.delta == -2 and int(exp.at.timestamp()) == old_exp + pushed


# -- CR-7 ------------------------------------------------------------------------------------------


def test_cr_7_the_ledger_is_append_only(world: World) -> None:
    _all_three(world)
    conn = world.engine.conn
    rows = world.ledger_rows()
    total = conn.execute("SELECT sum(delta) FROM credit_entries").fetchone()[0]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE credit_entries SET delta = 100 WHERE entry_type = 'debit'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM credit_entries WHERE entry_type = 'debit'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM credit_entries")
    assert world.ledger_rows() == rows
    assert conn.execute("SELECT sum(delta) FROM credit_entries").fetchone()[0] == total


def test_cr_7_every_entry_shows_its_project_reason_and_time(world: World) -> None:
    a = _all_three(world)
    world.days(1)
    b = _all_three(world)
    world.pl.cancel(b)  # refunds
    world.pl.import_debit("alice", a, "offer")  # duplicate, refunded
    world.pl.grant_credits("alice", "offer", 2)  # pack
    world.mp.cancel_subscription()
    world.days(400)  # expiries
    ledger = world.mp.credits().ledger
    types = {e.entry_type for e in ledger}
    assert types == {"grant", "debit", "refund", "expiry"}
    for e in ledger:
        assert e.reason.strip(), e
        assert e.at.tzinfo is not None
        if e.entry_type in ("debit", "refund"):
            assert e.project_id in (a, b), e
        if e.entry_type in ("grant", "expiry"):
            assert e.project_id is None, e
    assert [e.at for e in ledger] == sorted((e.at for e in ledger), reverse=True)  # newest first
    sums = {k: sum(e.delta for e in ledger if e.kind == k) for k in PRO}
    assert world.mp.credits().balances == sums
    lots = world.mp.credits().next_expiries
    assert sums == {k: sum(x.remaining for x in lots if x.kind == k) for k in PRO}


# -- CR-8 ------------------------------------------------------------------------------------------


def _assert_refunded(world: World, pid: int, reason: str) -> None:
    refunds = _entries(world, entry_type="refund", project_id=pid)
    assert sorted((r.kind, r.delta, r.reason) for r in refunds) == [
        ("contact", 1, reason), ("offer", 1, reason),
    ]  # never the consultation
    at = world.engine.now()
    lots = {x.grant_id: x for x in world.mp.credits().next_expiries}
    for r in refunds:
        assert lots[r.grant_id].source == "refund"
        assert lots[r.grant_id].expires_at == to_datetime(add_months(int(r.at.timestamp()), 12))
        assert int(r.at.timestamp()) <= at
    assert _balances(world) == {**PRO, "consultation": PRO["consultation"] - 1}
    notes = [n for n in world.mp.notifications() if n.kind == "credits_refunded"]
    assert [n.project_id for n in notes] == [pid]


def test_cr_8_cancelled_project_refunds_offer_and_contact(world: World) -> None:
    pid = _all_three(world)
    world.pl.cancel(pid)
    _assert_refunded(world, pid, "project cancelled")


def test_cr_8_removed_project_refunds_offer_and_contact(world: World) -> None:
    pid = _all_three(world)
    world.pl.remove(pid)
    _assert_refunded(world, pid, "project removed")


def test_cr_8_stale_confirmed_by_the_client_refunds(world: World) -> None:
    pid = _all_three(world)
    world.mp.report_stale(pid)
    assert _entries(world, entry_type="refund") == []
    world.pl.answer_stale(pid, True)
    assert world.mp.project(pid).project.status == "stale"
    _assert_refunded(world, pid, "project stale")


def test_cr_8_stale_without_answer_within_7_days_refunds(world: World) -> None:
    pid = _all_three(world)
    world.mp.report_stale(pid)
    reported = world.engine.now()
    world.days(6)
    assert world.mp.project(pid).project.status == "open"
    assert _entries(world, entry_type="refund") == []
    world.days(2)
    assert world.mp.project(pid).project.status == "stale"
    _assert_refunded(world, pid, "project stale")
    assert {int(r.at.timestamp()) for r in _entries(world, entry_type="refund")} == {reported + 7 * DAY}


def test_cr_8_client_denying_staleness_refunds_nothing(world: World) -> None:
    pid = _all_three(world)
    world.mp.report_stale(pid)
    world.pl.answer_stale(pid, False)
    world.days(10)
    assert world.mp.project(pid).project.status == "open"
    assert _entries(world, entry_type="refund") == []


def test_cr_8_a_refund_is_given_once_even_if_the_project_ends_twice(world: World) -> None:
    pid = _all_three(world)
    world.pl.cancel(pid)
    with contextlib.suppress(NotAllowed):  # moderation may remove the already cancelled project
        world.pl.remove(pid)
    assert len(_entries(world, entry_type="refund", project_id=pid)) == 2
    assert _balances(world) == {**PRO, "consultation": PRO["consultation"] - 1}


def test_cr_8_no_refund_for_a_withdrawn_offer(world: World) -> None:
    pid = _all_three(world)
    world.mp.withdraw(pid)
    world.days(1)
    assert _entries(world, entry_type="refund") == []
    assert _balances(world) == {k: v - 1 for k, v in PRO.items()}


def test_cr_8_no_refund_for_a_lost_tender(world: World) -> None:
    pid = _all_three(world)
    world.pl.offer_as(pid, "bob", 120_000, 10, OFFER_MSG)
    world.pl.select(pid, "bob")
    world.bob.confirm_terms(pid)
    assert world.mp.offers()[0].status == "lost"
    assert _entries(world, entry_type="refund") == []
    assert _balances(world) == {k: v - 1 for k, v in PRO.items()}


def test_cr_8_no_refund_when_the_project_expires_after_90_days(world: World) -> None:
    pid = _all_three(world)
    world.days(91)
    assert world.mp.project(pid).project.status == "expired"
    assert world.mp.offers()[0].status == "lost"
    assert _entries(world, entry_type="refund") == []
    assert _balances(world) == {k: v - 1 for k, v in PRO.items()}  # renewal is on day 92


def test_cr_8_removing_an_already_expired_project_refunds_nothing(world: World) -> None:
    """CR-8: an expired project is not refunded, even if moderation removes it afterwards."""
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(91)
    balances = world.mp.credits().balances
    world.pl.remove(pid)
    assert world.mp.project(pid).project.status == "removed"
    assert world.mp.credits().balances == balances


@pytest.mark.parametrize("end", ["cancelled", "removed", "stale"])
def test_cr_8_a_withdrawn_offer_stays_unrefunded_when_the_project_ends_later(world: World, end: str) -> None:
    """CR-8 (Decision): the provider gave the offer up first; the contact credit is still refunded."""
    pid = _all_three(world)
    world.mp.withdraw(pid)
    if end == "cancelled":
        world.pl.cancel(pid)
    elif end == "removed":
        world.pl.remove(pid)
    else:
        world.mp.report_stale(pid)
        world.pl.answer_stale(pid, True)
    assert world.mp.project(pid).project.status == end
    refunds = _entries(world, entry_type="refund", project_id=pid)
    assert [(r.kind, r.delta) for r in refunds] == [("contact", 1)]
    assert _balances(world) == {**PRO, "consultation": PRO["consultation"] - 1, "offer": PRO["offer"] - 1}
    (note,) = [n for n in world.mp.notifications() if n.kind == "credits_refunded"]
    assert note.data["kinds"] == ["contact"]
