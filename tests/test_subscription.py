"""Subscription (SU-1 … SU-8): plans, confirmation, renewal, cancel, suspension, incidents, invoices."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from pel_tui.backend.clock import add_months, to_datetime
from pel_tui.backend.errors import CreditsFrozen, InvalidInput, NotAllowed, NotFound
from pel_tui.backend.policy import DAY, DEFAULT_POLICY
from pel_tui.i18n.formats import day_long
from tests.conftest import OFFER_MSG, T0, World, body, make_world, refused, said, title

PLANS = {  # SU-1, as RULES.md decides it
    "essentiel": (1, 3_900, {"consultation": 20, "offer": 10, "contact": 5}),
    "pro": (3, 9_900, {"consultation": 75, "offer": 35, "contact": 15}),
    "expert": (12, 34_900, {"consultation": 320, "offer": 150, "contact": 60}),
}


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[World]:
    """A world where alice has not subscribed yet."""
    w = make_world(tmp_path / "fresh.sqlite", subscribe=None)
    yield w
    w.engine.store.close()


def _world(tmp_path: Path, plan: str) -> World:
    return make_world(tmp_path / f"{plan}.sqlite", subscribe=plan)


def _grants(world: World) -> list[tuple[str, int, int]]:
    return sorted(
        (e.kind, e.delta, int(e.at.timestamp()))
        for e in world.mp.credits().ledger if e.entry_type == "grant"
    )


def _to(world: World, ts: int) -> None:
    """Move the clock to `ts` exactly and catch up."""
    world.clock.advance(ts - world.engine.now())
    world.engine.catch_up()


def _notes(world: World, kind: str) -> list[int]:
    return sorted(int(n.at.timestamp()) for n in world.mp.notifications() if n.kind == kind)


# -- SU-1 ------------------------------------------------------------------------------------------


def test_su_1_plans_prices_and_allotments_come_from_the_policy() -> None:
    got = {
        name: (p.months, p.price_cents, p.allotment()) for name, p in DEFAULT_POLICY.plans.items()
    }
    assert got == PLANS


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_su_1_subscribing_grants_the_plan_allotment_for_its_period(tmp_path: Path, plan: str) -> None:
    months, price, allot = PLANS[plan]
    w = _world(tmp_path, plan)
    try:
        sub = w.mp.subscription()
        assert sub is not None
        assert (sub.plan, sub.status, sub.months, sub.price_cents) == (plan, "active", months, price)
        assert sub.period_start == to_datetime(T0)
        assert sub.period_end == to_datetime(add_months(T0, months))
        assert w.mp.credits().balances == allot
        assert w.mp.credits().spendable is True
    finally:
        w.engine.store.close()


def test_su_1_an_unknown_plan_is_refused_with_the_list(fresh: World) -> None:
    with refused(InvalidInput, "essentiel, pro, expert"):
        fresh.mp.subscribe("gold", "Je souscris")
    assert fresh.mp.subscription() is None


# -- SU-2 ------------------------------------------------------------------------------------------


def test_su_2_the_exact_confirmation_sentence_is_required(fresh: World) -> None:
    sentence = fresh.mp.subscription_sentence("pro")
    assert "99,00 € HT par trimestre" in sentence and "renouvelable tacitement" in sentence
    wrong = [
        "",
        "oui",
        sentence.lower(),
        sentence.replace("99,00", "39,00"),
        fresh.mp.subscription_sentence("essentiel"),  # another plan's sentence
        sentence[:-1],
    ]
    rows = fresh.ledger_rows()
    for text in wrong:
        with refused(InvalidInput, "type exactly") as err:
            fresh.mp.subscribe("pro", text)
        assert sentence in said(err.value)  # the message shows what to type
    assert fresh.mp.subscription() is None
    assert fresh.ledger_rows() == rows == 0
    assert fresh.mp.platform_invoices() == []
    assert fresh.mp.credits().balances == {"consultation": 0, "offer": 0, "contact": 0}

    res = fresh.mp.subscribe("pro", sentence)
    assert res["granted"] == PLANS["pro"][2]
    sub = fresh.mp.subscription()
    assert sub is not None and sub.status == "active"
    assert fresh.mp.credits().balances == PLANS["pro"][2]


def test_su_2_no_second_subscription_while_one_is_live(world: World) -> None:
    rows = world.ledger_rows()
    with refused(NotAllowed, "already have"):
        world.mp.subscribe("expert", world.mp.subscription_sentence("expert"))
    assert world.ledger_rows() == rows and world.mp.subscription().plan == "pro"  # type: ignore[union-attr]


def test_su_2_without_a_subscription_credits_cannot_be_spent(fresh: World) -> None:
    fresh.pl.grant_credits("alice", "consultation", 2)
    pid = fresh.post()
    with refused(CreditsFrozen, "subscribe"):
        fresh.mp.consult(pid)


# -- SU-3 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "notice_days"), [("essentiel", 7), ("pro", 30), ("expert", 30)])
def test_su_3_renewal_notice_before_the_end_then_tacit_renewal(
    tmp_path: Path, plan: str, notice_days: int
) -> None:
    months, price, allot = PLANS[plan]
    w = _world(tmp_path, plan)
    try:
        end = add_months(T0, months)
        notice = end - notice_days * DAY
        assert w.mp.subscription().renewal_notice_at == to_datetime(notice)  # type: ignore[union-attr]
        _to(w, notice - 60)
        assert _notes(w, "renewal_notice") == []
        _to(w, notice)
        assert _notes(w, "renewal_notice") == [notice]
        (n,) = [x for x in w.mp.notifications() if x.kind == "renewal_notice"]
        assert day_long(end) in title(n) and "cancel" in body(n)
        _to(w, end - 1)
        assert len(_grants(w)) == 3 and len(w.mp.platform_invoices()) == 1

        _to(w, end + 60)
        sub = w.mp.subscription()
        assert sub is not None and sub.status == "active" and sub.renews
        assert sub.period_start == to_datetime(end)
        assert sub.period_end == to_datetime(add_months(end, months))
        new = [g for g in _grants(w) if g[2] == end]
        assert sorted((k, q) for k, q, _ in new) == sorted(allot.items())
        inv = w.mp.platform_invoices()
        assert [i.amount_cents for i in inv] == [price, price]
        # the next period's notice comes in its turn, once
        _to(w, add_months(end, months) - notice_days * DAY)
        assert len(_notes(w, "renewal_notice")) == 2
        assert w.engine.catch_up() == 0 and len(_notes(w, "renewal_notice")) == 2
    finally:
        w.engine.store.close()


# -- SU-4 ------------------------------------------------------------------------------------------


def test_su_4_cancel_keeps_the_paid_period_then_ends_without_refund(world: World) -> None:
    world.days(20)
    res = world.mp.cancel_subscription()
    end = add_months(T0, 3)
    assert res == {"active_until": end, "refund_cents": 0}
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "active" and sub.renews is False
    assert sub.period_end == to_datetime(end)  # no shortening of the period
    pid = world.post()
    assert world.mp.consult(pid)["spent"] is True  # still usable until the end

    _to(world, end - 1)
    assert world.mp.subscription().status == "active"  # type: ignore[union-attr]
    assert _notes(world, "renewal_notice") == []  # no renewal to announce

    _to(world, end + DAY)
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "ended"
    assert len(_grants(world)) == 3  # no new allotment
    assert [i.amount_cents for i in world.mp.platform_invoices()] == [9_900]  # no credit note
    assert sub.amount_due_cents == 0
    assert _notes(world, "subscription_ended") == [end]
    assert all(e.entry_type != "refund" for e in world.mp.credits().ledger)
    with pytest.raises(CreditsFrozen):
        world.mp.consult(world.post("Après la fin"))


def test_su_4_cancelling_twice_changes_nothing(world: World) -> None:
    world.mp.cancel_subscription()
    first = world.mp.subscription()
    world.days(3)
    world.mp.cancel_subscription()
    assert world.mp.subscription().cancel_requested_at == first.cancel_requested_at  # type: ignore[union-attr]


# -- SU-5 ------------------------------------------------------------------------------------------


def test_su_5_suspension_lasts_1_to_3_months(world: World) -> None:
    for months in (0, 4, -1):
        with refused(InvalidInput, "1 to 3 months"):
            world.mp.suspend(months)
    assert world.mp.subscription().status == "active"  # type: ignore[union-attr]


def test_su_5_resume_early_moves_period_and_expiries_by_the_days_suspended(world: World) -> None:
    world.days(10)
    sub0 = world.mp.subscription()
    lots0 = {x.grant_id: x.expires_at for x in world.mp.credits().next_expiries}
    res = world.mp.suspend(3)
    start = world.engine.now()
    assert res["suspended_until"] == add_months(start, 3)
    assert world.mp.subscription().status == "suspended"  # type: ignore[union-attr]
    assert world.mp.credits().spendable is False

    world.days(12)
    world.mp.resume()
    pushed = 12 * DAY
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "active"
    assert int(sub.period_end.timestamp()) == int(sub0.period_end.timestamp()) + pushed  # type: ignore[union-attr]
    lots = {x.grant_id: x.expires_at for x in world.mp.credits().next_expiries}
    assert {g: int(t.timestamp()) - int(lots0[g].timestamp()) for g, t in lots.items()} == dict.fromkeys(
        lots0, pushed
    )
    (s,) = sub.suspensions
    assert s.ended_at == to_datetime(start + pushed)
    assert world.mp.consult(world.post())["spent"] is True
    # The renewal comes at the pushed end, not before.
    _to(world, int(sub.period_end.timestamp()) - 1)
    assert len(_grants(world)) == 3
    _to(world, int(sub.period_end.timestamp()))
    assert len(_grants(world)) == 6


def test_su_5_suspension_ends_by_itself_and_renewal_waits_for_it(world: World) -> None:
    world.days(70)  # the quarter would end during the suspension
    start = world.engine.now()
    world.mp.suspend(1)
    planned = add_months(start, 1)
    _to(world, add_months(T0, 3) + DAY)
    assert world.mp.subscription().status == "suspended"  # type: ignore[union-attr]
    assert len(_grants(world)) == 3  # no renewal while suspended
    _to(world, planned + DAY)
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "active"
    new_end = add_months(T0, 3) + (planned - start)
    assert sub.period_end == to_datetime(new_end)
    assert _notes(world, "subscription_resumed") == [planned]
    _to(world, new_end)
    assert [g[2] for g in _grants(world)].count(new_end) == 3


def test_su_5_at_most_one_suspension_per_12_months(world: World) -> None:
    world.mp.suspend(1)
    first = world.engine.now()
    world.days(2)
    with refused(NotAllowed, "suspended"):
        world.mp.suspend(1)  # already suspended
    world.mp.resume()
    with refused(NotAllowed, f"possible from {day_long(add_months(first, 12))}"):
        world.mp.suspend(1)
    assert len(world.mp.subscription().suspensions) == 1  # type: ignore[union-attr]
    _to(world, add_months(first, 12) - DAY)
    with refused(NotAllowed, "one suspension per 12 months"):
        world.mp.suspend(2)
    _to(world, add_months(first, 12))
    assert world.mp.suspend(2)["suspended_until"]
    assert len(world.mp.subscription().suspensions) == 2  # type: ignore[union-attr]


def test_su_5_resume_without_suspension_is_refused(world: World) -> None:
    with refused(NotAllowed, "not suspended"):
        world.mp.resume()


# -- SU-6 ------------------------------------------------------------------------------------------


def _incident(world: World) -> int:
    world.pl.set_card_declined("alice", True)
    end = add_months(T0, 3)
    _to(world, end + DAY)
    return end


def test_su_6_failed_renewal_is_a_payment_incident_until_settled(world: World) -> None:
    end = _incident(world)
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "payment_incident"
    assert sub.incident_since == to_datetime(end) and sub.amount_due_cents == 9_900
    assert _notes(world, "payment_incident") == [end]
    assert len(_grants(world)) == 3  # no allotment for an unpaid period
    assert len(world.mp.platform_invoices()) == 1
    with refused(CreditsFrozen, "settle"):
        world.mp.consult(world.post())

    rows = world.ledger_rows()
    with refused(NotAllowed, "declined"):
        world.mp.settle()  # the card still fails: nothing changes
    assert world.mp.subscription().amount_due_cents == 9_900  # type: ignore[union-attr]
    assert world.ledger_rows() == rows

    world.pl.set_card_declined("alice", False)
    world.days(3)
    assert world.mp.settle() == {"paid_cents": 9_900}
    now = world.engine.now()
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "active" and sub.amount_due_cents == 0
    assert sub.period_start == to_datetime(now) and sub.period_end == to_datetime(add_months(now, 3))
    assert [g for g in _grants(world) if g[2] == now] == sorted(
        (k, q, now) for k, q in PLANS["pro"][2].items()
    )
    assert len(world.mp.platform_invoices()) == 2
    assert world.mp.consult(world.post())["spent"] is True
    with refused(NotAllowed, "nothing is due"):
        world.mp.settle()


def test_su_6_unsettled_for_30_days_ends_and_the_amount_stays_due(world: World) -> None:
    end = _incident(world)
    _to(world, end + 30 * DAY - 1)
    assert world.mp.subscription().status == "payment_incident"  # type: ignore[union-attr]
    _to(world, end + 31 * DAY)
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "ended" and sub.amount_due_cents == 9_900
    assert _notes(world, "subscription_ended") == [end + 30 * DAY]
    with refused(CreditsFrozen, "ended"):
        world.mp.consult(world.post())
    with refused(NotAllowed, r"€99\.00 .* still due"):
        world.mp.subscribe("pro", world.mp.subscription_sentence("pro"))
    world.pl.set_card_declined("alice", False)
    assert world.mp.settle() == {"paid_cents": 9_900}
    assert world.mp.subscription().status == "ended"  # type: ignore[union-attr]
    world.mp.subscribe("pro", world.mp.subscription_sentence("pro"))
    assert world.mp.subscription().status == "active"  # type: ignore[union-attr]


# -- SU-7 ------------------------------------------------------------------------------------------


def _ledger_snapshot(world: World) -> list[tuple[object, ...]]:
    return world.engine.conn.execute(
        "SELECT id, provider_id, kind, entry_type, delta, project_id, reason, at FROM credit_entries "
        "ORDER BY id"
    ).fetchall()


def test_su_7_deleting_the_account_anonymises_and_keeps_ledger_and_invoices(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    ledger, invoices = _ledger_snapshot(world), world.mp.platform_invoices()
    with refused(InvalidInput, "type your pseudo"):
        world.mp.delete_account("bob")
    assert world.mp.whoami().email == "alice@example.fr"

    res = world.mp.delete_account("alice")
    assert res["deleted"] is True and res["paid_until"] == add_months(T0, 3)
    me = world.mp.whoami()
    assert me.email is None and "Alice" not in me.display_name and "Martin" not in me.display_name
    assert _ledger_snapshot(world) == ledger
    assert world.mp.platform_invoices() == invoices
    sub = world.mp.subscription()
    assert sub is not None and sub.renews is False  # no renewal after deletion
    _to(world, add_months(T0, 3) + DAY)
    assert world.mp.subscription().status == "ended"  # type: ignore[union-attr]
    assert world.mp.platform_invoices() == invoices


def test_su_7_deleting_the_account_does_not_cancel_an_amount_due(world: World) -> None:
    _incident(world)
    world.mp.delete_account("alice")
    world.days(40)
    sub = world.mp.subscription()
    assert sub is not None and sub.status == "ended" and sub.amount_due_cents == 9_900


def test_su_7_deleting_the_account_clears_every_personal_profile_field(world: World) -> None:
    """Regression: delete_account used to leave the PF-3 profile columns (legal name, SIRET...)."""
    world.engine.conn.execute(
        "UPDATE providers SET headline = 'Développeuse Python', description = 'Alice Martin, Lyon', "
        "skills = '[\"python\"]', photo_sha256 = ?, legal_status = 'micro_entreprise', "
        "legal_name = 'Alice Martin EI', siret = '73282932000074', vat_number = 'FR12732829320', "
        "address = '3 rue de la Paix, 69001 Lyon' WHERE id = ?",
        ("a" * 64, world.mp.provider_id),
    )
    world.mp.delete_account("alice")
    row = world.engine.conn.execute(
        "SELECT headline, description, skills, photo_sha256, legal_name, siret, vat_number, address "
        "FROM providers WHERE id = ?", (world.mp.provider_id,),
    ).fetchone()
    assert not any("Alice" in str(v) or "Lyon" in str(v) for v in row), row
    assert row[3] is None and row[5] is None and row[6] is None


# -- SU-8 ------------------------------------------------------------------------------------------


def test_su_8_subscription_invoices_have_gap_free_numbers(world: World) -> None:
    world.days(400)  # renewals into the next year
    inv = world.mp.platform_invoices()
    assert len(inv) == 5  # the first period and four renewals
    assert all(i.kind == "subscription" and i.amount_cents == 9_900 for i in inv)
    assert all(i.vat_cents == 1_980 for i in inv)  # 20 % VAT
    by_year: dict[str, list[int]] = defaultdict(list)
    for i in inv:
        m = re.fullmatch(r"PEL-(\d{4})-(\d{6})", i.number)
        assert m, i.number
        assert m.group(1) == str(i.issued_at.year)
        by_year[m.group(1)].append(int(m.group(2)))
    assert {y: sorted(n) for y, n in by_year.items()} == {"2026": [1], "2027": [1, 2, 3, 4]}
    assert [i.issued_at for i in inv] == sorted((i.issued_at for i in inv), reverse=True)


def test_su_8_an_invoice_is_saved_as_a_real_pdf(world: World, tmp_path: Path) -> None:
    """Regression: the "€" sign made fpdf2's core font refuse to write any invoice."""
    from pypdf import PdfReader

    (inv,) = world.mp.platform_invoices()
    out = tmp_path / "factures"
    out.mkdir()
    path = Path(world.mp.save_platform_invoice(inv.number, str(out)))
    assert path.parent == out and path.name == f"{inv.number}.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert inv.number in text and "99,00" in text and "118,80" in text
    with refused(NotFound, "no invoice"):
        world.mp.save_platform_invoice("PEL-1999-000001", str(out))


# -- SU-9 ------------------------------------------------------------------------------------------


def test_su_9_a_plan_change_takes_effect_at_the_renewal_with_its_price_and_allotment(world: World) -> None:
    """SU-9 (Decision): another plan for the next period, confirmed by its sentence (SU-2); the period under way
    keeps its plan, nothing is prorated or refunded; from the renewal date, the new price and allotment."""
    sub = world.mp.subscription()
    assert sub is not None and sub.plan == "pro"
    end = int(sub.period_end.timestamp())
    balances = world.mp.credits().balances
    with refused(InvalidInput, "type exactly: Je souscris à l'abonnement Expert"):
        world.mp.change_plan("expert", world.mp.subscription_sentence("pro"))
    with refused(NotAllowed, "already on Pro"):
        world.mp.change_plan("pro", world.mp.subscription_sentence("pro"))
    res = world.mp.change_plan("expert", world.mp.subscription_sentence("expert"))
    assert res == {"plan": "expert", "from_plan": "pro", "effective_at": end, "price_cents": 34_900,
                   "granted": PLANS["expert"][2], "refund_cents": 0}
    sub = world.mp.subscription()
    assert sub is not None and (sub.plan, sub.next_plan, sub.next_price_cents) == ("pro", "expert", 34_900)
    assert world.mp.credits().balances == balances  # nothing granted, nothing refunded now
    invoices = len(world.mp.platform_invoices())
    _to(world, end - 30 * DAY)  # the renewal notice says the next period's plan and price
    notice = next(n for n in world.mp.notifications() if n.kind == "renewal_notice")
    assert (notice.data["plan"], notice.data["price_cents"]) == ("expert", 34_900)
    _to(world, end)
    sub = world.mp.subscription()
    assert sub is not None and (sub.plan, sub.next_plan, sub.price_cents, sub.months) == ("expert", None, 34_900, 12)
    assert int(sub.period_end.timestamp()) == add_months(end, 12)
    assert [(k, d) for k, d, at in _grants(world) if at == end] == sorted(PLANS["expert"][2].items())
    (inv,) = world.mp.platform_invoices()[: len(world.mp.platform_invoices()) - invoices]
    assert inv.amount_cents == 34_900 and "Expert" in inv.label
    changed = next(n for n in world.mp.notifications() if n.kind == "plan_changed")
    assert title(changed) == "Your subscription is now Expert" and "€349.00" in body(changed)


def test_su_9_a_plan_change_can_be_undone_until_the_renewal_and_not_after_a_cancellation(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """SU-9: `pel change-plan` / `pel keep-plan`; the subscription then renews on its own plan. A cancelled
    subscription has no next period; one in payment incident settles first."""
    from tests.conftest import run_cli

    with refused(NotAllowed, "no plan change is waiting"):
        world.mp.keep_plan()
    import time

    from pel_tui.backend.clock import StoredClock

    sentence = world.mp.subscription_sentence("essentiel")
    world.engine.store.set_meta(StoredClock.KEY, str(world.clock.now() - int(time.time())))  # the CLI's clock
    world.engine.store.close()
    code, out, _err = run_cli(capsys, "--store", str(world.path), "change-plan", "essentiel", "--confirm", sentence)
    assert code == 0 and "your subscription is Essentiel at €39.00 excl. VAT" in out and "no refund" in out
    code, out, _err = run_cli(capsys, "--store", str(world.path), "subscription")
    assert "Essentiel at €39.00 excl. VAT, as you chose" in out
    code, out, _err = run_cli(capsys, "--store", str(world.path), "keep-plan")
    assert code == 0 and "renews on Pro" in out
    w = make_world(world.path.parent / "again.sqlite")
    sub = w.mp.subscription()
    assert sub is not None
    w.mp.change_plan("essentiel", w.mp.subscription_sentence("essentiel"))
    w.mp.keep_plan()
    end = int(sub.period_end.timestamp())
    _to(w, end)
    renewed = w.mp.subscription()
    assert renewed is not None and (renewed.plan, renewed.price_cents) == ("pro", 9_900)
    w.mp.cancel_subscription()
    with refused(NotAllowed, "you cancelled your subscription"):
        w.mp.change_plan("expert", w.mp.subscription_sentence("expert"))
    w.engine.store.close()
