"""Selection and contract (CT)."""

from __future__ import annotations

from pel_tui.backend.errors import NotAllowed
from pel_tui.i18n.terms import terms
from tests.conftest import OFFER_MSG, World, body, refused


def _offered(world: World, amount: int = 150_000) -> int:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, amount, 20, OFFER_MSG)
    return pid


def test_ct_1_selection_notifies_and_confirmation_makes_the_offer_won(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice")
    assert world.mp.offers()[0].status == "selected"
    kinds = [n.kind for n in world.mp.notifications()]
    assert "selected" in kinds and "terms_to_confirm" in kinds
    k = world.mp.contracts()[0]
    assert k.status == "awaiting_confirmation"
    assert (k.confirm_by - k.selected_at).days == 7
    world.mp.confirm_terms(pid)
    assert world.mp.offers()[0].status == "won"
    assert world.mp.contracts()[0].status == "awaiting_commission"


def test_ct_1_decline_reopens_the_project(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice")
    world.mp.decline(pid)
    assert world.mp.project(pid).project.status == "open"
    with refused(NotAllowed, "no selection"):
        world.mp.confirm_terms(pid)


def test_ct_1_no_answer_within_7_days_revokes_the_selection(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice")
    world.days(6.9)
    assert world.mp.project(pid).project.status == "awarded"
    world.days(0.2)
    assert world.mp.project(pid).project.status == "open"
    assert world.mp.contracts()[0].status == "revoked"
    assert any(n.kind == "selection_revoked" for n in world.mp.notifications())


def test_ct_2_formula_shown_on_notification_and_report(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice", "r0")
    sel = next(n for n in world.mp.notifications() if n.kind == "selected")
    assert sel.data["formula"] == "r0" and "R0" in body(sel)
    contract = world.mp.project(pid).contract
    assert contract is not None and contract.formula == "r0"


def test_ct_3_commission_5_percent_at_least_10_euros_and_r0_fee(world: World) -> None:
    big = _offered(world, 150_000)
    world.pl.select(big, "alice", "r0")
    res = world.mp.confirm_terms(big)
    assert res["commission_cents"] == 7_500 and res["r0_fee_cents"] == 3_750
    small = _offered(world, 10_000)
    world.pl.select(small, "alice", "r0")
    res = world.mp.confirm_terms(small)
    assert res["commission_cents"] == 1_000 and res["r0_fee_cents"] == 1_000
    assert world.mp.project(big).project.status == "awarded"
    world.pl.pay_commission(big)
    assert world.mp.project(big).project.status == "in_progress"
    assert world.mp.platform_invoices()[0].kind == "subscription"  # the client paid, no invoice to alice


def test_ct_3_provider_pays_commission_only_with_explicit_agreement(world: World) -> None:
    pid = _offered(world, 200_000)
    world.pl.select(pid, "alice", commission_payer="provider")
    with refused(NotAllowed, "explicit agreement"):
        world.mp.confirm_terms(pid)
    assert world.mp.contracts()[0].status == "awaiting_confirmation"
    world.mp.confirm_terms(pid, accept_commission=True)
    world.pl.pay_commission(pid)
    inv = [i for i in world.mp.platform_invoices() if i.kind == "commission"]
    assert len(inv) == 1 and inv[0].amount_cents == 10_000 and inv[0].project_id == pid


def test_ct_4_amount_changes_never_reduce_and_charge_only_the_difference(world: World) -> None:
    pid = _offered(world, 200_000)
    world.pl.select(pid, "alice", "r0")
    world.mp.confirm_terms(pid)
    world.pl.pay_commission(pid)
    down = world.pl.amend(pid, 100_000)
    assert down["commission_cents"] == 10_000 and down["r0_fee_cents"] == 5_000
    up = world.pl.amend(pid, 160_000)
    # +600 € on the difference only: 5 % = 30 €, 2.5 % = 15 €.
    assert up["commission_cents"] == 13_000 and up["r0_fee_cents"] == 6_500
    k = world.mp.contracts()[0]
    assert (k.amount_cents, k.commission_cents, k.r0_fee_cents) == (160_000, 13_000, 6_500)


def test_ct_5_base_formula_says_no_payment_requests(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice", "base")
    k = world.mp.project(pid).contract
    assert k is not None
    assert any("no payment requests" in t for t in terms(k.terms))


def test_ct_6_and_ct_7_terms_say_electronic_signature_and_breach(world: World) -> None:
    pid = _offered(world)
    world.pl.select(pid, "alice", "r0")
    said = " ".join(terms(world.mp.contracts()[0].terms))
    assert "signed electronically on the platform" in said and "no paper contract" in said  # CT-6
    assert "commission stays due" in said  # CT-7
