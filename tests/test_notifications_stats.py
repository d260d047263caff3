"""Notifications (NO) and statistics (ST)."""

from __future__ import annotations

from tests.conftest import OFFER_MSG, World


def test_no_1_events_become_notifications_newest_first_with_read_state(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(1)
    world.pl.read_offers(pid)
    world.days(1)
    world.pl.answer(pid, "Pouvez-vous commencer lundi ?", "alice")
    world.days(1)
    world.pl.select(pid, "alice", "r0")
    ns = world.mp.notifications()
    kinds = [n.kind for n in ns]
    assert kinds.index("selected") < kinds.index("message") < kinds.index("offer_read")
    assert all(not n.read for n in ns)
    assert world.mp.unread_count() == len(ns)
    world.mp.mark_read([ns[0].id])
    assert world.mp.unread_count() == len(ns) - 1
    world.mp.mark_read()
    assert world.mp.unread_count() == 0


def test_no_1_credits_about_to_expire_notice_14_days_before(world: World) -> None:
    world.mp.cancel_subscription()  # no renewal: only the first allotment remains
    world.days(365 - 15)
    assert not any(n.kind == "credits_expiring" for n in world.mp.notifications())
    world.days(2)
    notices = [n for n in world.mp.notifications() if n.kind == "credits_expiring"]
    assert {n.data["kind"] for n in notices} == {"consultation", "offer", "contact"}


def test_no_1_refund_and_renewal_notices(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.pl.cancel(pid)
    assert any(n.kind == "credits_refunded" and n.project_id == pid for n in world.mp.notifications())
    world.days(62)  # pro is quarterly: the notice comes 30 days before the end
    assert any(n.kind == "renewal_notice" for n in world.mp.notifications())


def test_st_1_own_figures_beside_the_platform_reference(world: World) -> None:
    won, lost = world.post("Projet gagné"), world.post("Projet perdu")
    for pid in (won, lost):
        world.mp.consult(pid)
        world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.pl.offer_as(lost, "bob", 100_000, 10, "Bob réalise ce projet vite et bien, promis.")
    world.pl.offer_as(won, "bob", 100_000, 10, "Bob réalise ce projet vite et bien, promis.")
    world.pl.select(won, "alice")
    world.mp.confirm_terms(won)
    world.pl.select(lost, "bob")
    world.bob.confirm_terms(lost)
    st = world.mp.stats()
    assert (st.projects_consulted, st.offers_made, st.won) == (2, 2, 1)
    assert st.win_rate == 0.5
    assert st.credits_spent == 4 and st.credits_spent_per_won == 4.0
    assert st.average_competition == 2.0
    assert (st.platform_go_ahead_rate, st.platform_win_rate) == (0.33, 0.10)
