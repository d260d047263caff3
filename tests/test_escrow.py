"""Escrow, formula R0 (ES), and the project's follow-up and end (FO)."""

from __future__ import annotations

import sqlite3

import msgspec
import pytest

from pel_tui.backend.errors import InvalidInput, NotAllowed, UnfundedTranche
from pel_tui.backend.policy import DAY
from tests.conftest import OFFER_MSG, World, body, refused, title


def r0_project(world: World, amount: int = 300_000, formula: str = "r0") -> int:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, amount, 30, OFFER_MSG)
    world.pl.select(pid, "alice", formula)
    world.mp.confirm_terms(pid)
    world.pl.pay_commission(pid)
    return pid


def terms(world: World, pid: int) -> dict[str, int]:
    return msgspec.structs.asdict(world.mp.escrow(pid).figures)


def assert_es_4(f: dict[str, int]) -> None:
    assert f["deposited_cents"] == f["held_cents"] + f["released_cents"] + f["refunded_cents"]
    assert f["released_cents"] == f["available_cents"] + f["requested_cents"] + f["paid_cents"]
    assert all(v >= 0 for v in f.values())


def test_es_1_deposits_in_tranches_never_above_the_amount(world: World) -> None:
    pid = r0_project(world)
    world.pl.set_tranches(pid, [100_000, 200_000], ["Maquettes", "Développement"])
    world.pl.deposit(pid, 100_000, 1)
    with refused(InvalidInput, "never exceed the contract amount: €2,000.00"):
        world.pl.deposit(pid, 250_000)
    world.pl.deposit(pid, 200_000, 2)
    f = terms(world, pid)
    assert f["deposited_cents"] == f["held_cents"] == 300_000
    assert any(n.kind == "escrow_deposit" for n in world.mp.notifications())
    # The schema refuses it too, whatever the caller.
    cid = world.mp.escrow(pid).contract_id
    with pytest.raises(sqlite3.DatabaseError, match="ES-4"), world.engine.store.write() as c:
        c.execute("INSERT INTO escrow_entries(contract_id, at, kind, amount_cents) VALUES (?, 0, 'deposit', 1)",
                      (cid,))


def test_es_1_tranches_add_up_to_the_amount(world: World) -> None:
    pid = r0_project(world)
    with refused(InvalidInput, "adding up"):
        world.pl.set_tranches(pid, [100_000, 100_000])


def test_es_2_each_tranche_funded_or_not_and_a_warning_before_work(world: World) -> None:
    pid = r0_project(world)
    world.pl.set_tranches(pid, [100_000, 200_000])
    world.pl.deposit(pid, 100_000, 1)
    ts = world.mp.escrow(pid).tranches
    assert [(t.number, t.funded, t.funded_cents) for t in ts] == [(1, True, 100_000), (2, False, 0)]
    world.mp.start_tranche(pid, 1)
    with refused(UnfundedTranche, "work only on the funded part"):
        world.mp.start_tranche(pid, 2)
    with refused(UnfundedTranche, "tranche 2"):
        world.mp.deliver(pid, 2)
    assert world.mp.escrow(pid).deliverables == []
    res = world.mp.deliver(pid, 2, "Livraison anticipée", acknowledge_unfunded=True)
    assert res["unfunded"] is True


def test_es_3_client_releases_or_asks_for_changes_and_is_reminded(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 300_000)
    world.mp.deliver(pid, 1, "Version 1")
    world.pl.request_changes(pid, "Le logo est trop petit")
    assert world.mp.escrow(pid).deliverables[0].status == "changes_requested"
    world.mp.deliver(pid, 1, "Version 2")
    world.days(15)
    reminders = [n for n in world.mp.notifications() if n.kind == "client_reminded"]
    assert len(reminders) == 2  # every 7 days of silence
    world.pl.release(pid, 120_000)
    f = terms(world, pid)
    assert (f["held_cents"], f["released_cents"], f["available_cents"]) == (180_000, 120_000, 120_000)
    assert world.mp.escrow(pid).deliverables[-1].status == "accepted"
    with refused(InvalidInput, "what is held"):
        world.pl.release(pid, 200_000)
    world.days(30)
    assert len([n for n in world.mp.notifications() if n.kind == "client_reminded"]) == 2


def test_es_4_conservation_through_a_whole_life(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 250_000)
    world.pl.release(pid, 100_000)
    world.mp.agree_refund(pid, 20_000)
    f = terms(world, pid)
    assert_es_4(f)
    assert f == {"deposited_cents": 250_000, "held_cents": 130_000, "released_cents": 100_000,
                 "refunded_cents": 20_000, "available_cents": 100_000, "requested_cents": 0, "paid_cents": 0}
    cid = world.mp.escrow(pid).contract_id
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        world.engine.conn.execute("UPDATE escrow_entries SET amount_cents = 1 WHERE contract_id = ?", (cid,))


def test_es_5_refund_only_by_agreement_or_sma(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 100_000)
    assert not hasattr(world.pl, "refund")  # the client cannot take money back alone
    world.mp.agree_refund(pid, 30_000)
    world.pl.client_dispute(pid, "Retard important")
    world.pl.sma_decide(pid, 20_000, 50_000)
    f = terms(world, pid)
    assert f["refunded_cents"] == 80_000 and f["released_cents"] == 20_000


def test_es_6_dispute_caps_freezes_and_settles(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 200_000)
    world.pl.release(pid, 50_000)
    res = world.mp.open_dispute(pid, "Le client refuse la livraison sans motif")
    assert res["cap_cents"] == 150_000
    for frozen in (lambda: world.pl.release(pid, 1_000), lambda: world.pl.deposit(pid, 1_000),
                   lambda: world.mp.agree_refund(pid, 1_000)):
        with refused(NotAllowed, r"frozen|no deposit"):
            frozen()
    with refused(InvalidInput, "cap"):
        world.pl.sma_propose(pid, 100_000, 60_000)
    world.pl.sma_propose(pid, 100_000, 50_000)
    world.mp.accept_settlement(pid)
    assert world.mp.escrow(pid).frozen  # one side accepted: not applied yet
    world.pl.client_accept_settlement(pid)
    v = world.mp.escrow(pid)
    assert not v.frozen and v.disputes[0].status == "settled"
    f = msgspec.structs.asdict(v.figures)
    assert_es_4(f)
    assert (f["released_cents"], f["refunded_cents"], f["held_cents"]) == (150_000, 50_000, 0)


def test_es_6_only_the_filer_withdraws_and_sma_decides_within_cap(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 100_000)
    world.pl.client_dispute(pid, "Travail non conforme")
    with refused(NotAllowed, "only the client"):
        world.mp.withdraw_dispute(pid)
    with refused(InvalidInput, "cap"):
        world.pl.sma_decide(pid, 100_000, 1)
    world.pl.sma_decide(pid, 40_000, 60_000)
    d = world.mp.escrow(pid).disputes[0]
    assert (d.status, d.cap_cents, d.outcome_provider_cents, d.outcome_client_cents) == ("decided", 100_000, 40_000, 60_000)
    steps = [title(n) for n in world.mp.notifications() if n.kind == "dispute"]
    assert any("opened" in t for t in steps) and any("decided" in t for t in steps)


def test_es_6_nothing_paid_for_an_unfunded_part(world: World) -> None:
    pid = r0_project(world)
    world.mp.deliver(pid, 1, acknowledge_unfunded=True)
    res = world.mp.open_dispute(pid, "Aucun dépôt et le travail est livré")
    assert res["cap_cents"] == 0
    with refused(InvalidInput, "cap of €0.00"):
        world.pl.sma_decide(pid, 1, 0)


def test_ct_5_base_formula_has_no_escrow_and_says_why(world: World) -> None:
    pid = r0_project(world, formula="base")
    with refused(NotAllowed, r"base formula.*no payment request"):
        world.mp.escrow(pid)


def test_fo_1_progress_requests_every_7_days_until_declared(world: World) -> None:
    pid = r0_project(world)
    world.days(22)
    assert len([n for n in world.mp.notifications() if n.kind == "progress_request"]) == 3
    world.mp.declare_finalized(pid)
    world.pl.object_finalized(pid, "Il manque la page contact")
    world.days(3)
    assert len([n for n in world.mp.notifications() if n.kind == "progress_request"]) == 3
    world.mp.declare_finalized(pid)
    world.days(30)
    # Requests stop at the declaration (FO-2): none after it.
    assert len([n for n in world.mp.notifications() if n.kind == "progress_request"]) == 3


def test_fo_2_client_confirms_or_is_deemed_to_after_7_days(world: World) -> None:
    a, b = r0_project(world), r0_project(world)
    world.mp.declare_finalized(a)
    world.mp.declare_finalized(b)
    world.pl.confirm_finalized(a)
    assert world.mp.project(a).project.status == "finalized"
    world.days(6)
    assert world.mp.project(b).project.status == "in_progress"
    world.days(2)
    assert world.mp.project(b).project.status == "finalized"


def test_fo_3_ratings_once_visible_when_both_or_window_closed(world: World) -> None:
    a, b = r0_project(world), r0_project(world)
    for pid in (a, b):
        world.mp.declare_finalized(pid)
        world.pl.confirm_finalized(pid)
    with refused(InvalidInput, "1 to 5"):
        world.mp.rate_client(a, 6)
    world.mp.rate_client(a, 5, "Client clair et réactif")
    with refused(NotAllowed, "once"):
        world.mp.rate_client(a, 4)
    assert world.mp.escrow(a).ratings == []  # the client has not rated yet
    world.pl.rate_provider(a, 4, "Bon travail")
    assert [(r.by_side, r.stars) for r in world.mp.escrow(a).ratings] == [("client", 4), ("provider", 5)]
    world.pl.rate_provider(b, 3)
    assert world.mp.escrow(b).ratings == []
    world.days(31)
    assert [(r.by_side, r.stars) for r in world.mp.escrow(b).ratings] == [("client", 3)]
    with refused(NotAllowed, "window closed"):
        world.mp.rate_client(b, 5)


def test_es_2_the_unfunded_warning_says_how_to_go_ahead_in_each_interface(world: World) -> None:
    from pel_tui.i18n.refusals import render
    from pel_tui.i18n.voice import AppVoice, CliVoice

    pid = r0_project(world)
    with refused(UnfundedTranche) as err:
        world.mp.deliver(pid, 1)
    assert err.value.params["verb"] == "deliver"
    assert render(err.value, CliVoice()).endswith(f"Confirm anyway with pel deliver {pid} --tranche 1 --unfunded-ok.")
    app = render(err.value, AppVoice())
    assert "--unfunded-ok" not in app and app.endswith("Confirm anyway with key d on the Escrow screen, 5.")
    with refused(UnfundedTranche) as err:
        world.mp.start_tranche(pid, 1)
    assert "key t on the Escrow screen, 5" in render(err.value, AppVoice())


def test_es_6_dispute_steps_are_one_kind_with_the_step_as_data(world: World) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 100_000)
    world.mp.open_dispute(pid, "Retard")
    world.pl.sma_propose(pid, 60_000, 40_000)
    world.mp.accept_settlement(pid)
    world.pl.client_accept_settlement(pid)
    steps = [n.data["step"] for n in reversed(world.mp.notifications()) if n.kind == "dispute"]
    assert steps == ["opened", "proposed", "settled"]
    settled = next(n for n in world.mp.notifications() if n.kind == "dispute")
    assert title(settled) == f"Dispute on #{pid} settled by agreement"
    assert body(settled) == "€600.00 released to you, €400.00 refunded to the client."


def _kinds_after(world: World, kind: str, t: int) -> list[int]:
    """The times of the notifications of `kind` dated after `t`."""
    return sorted(int(n.at.timestamp()) for n in world.mp.notifications() if n.kind == kind
                  and n.at.timestamp() > t)


def test_es_3_fo_1_suivi_projet_stops_after_a_dispute_settled_the_deliverable_and_ended_the_contract(
        world: World) -> None:
    """ES-3: a deliverable a dispute's outcome answered is not reminded any more; FO-1: a contract that the
    outcome ended (nothing held, nothing left to fund) gets no more progress requests. Elsewhere they go on."""
    ended, going_on = r0_project(world), r0_project(world)
    world.pl.deposit(ended, 300_000)
    world.pl.deposit(going_on, 100_000)
    for pid in (ended, going_on):
        world.mp.deliver(pid, 1, "Première version", True)
    world.days(8)
    assert len(_kinds_after(world, "client_reminded", 0)) == 2  # one each, at 7 days
    world.pl.client_dispute(ended, "Le site livré ne correspond pas aux maquettes")
    world.pl.sma_propose(ended, 200_000, 100_000)
    world.mp.accept_settlement(ended)
    world.pl.client_accept_settlement(ended)
    world.pl.client_dispute(going_on, "Retard sur la première tranche")
    world.pl.sma_decide(going_on, 40_000, 60_000)
    settled = world.engine.now()
    world.days(30)
    reminded = {n.project_id for n in world.mp.notifications() if n.kind == "client_reminded"
                and n.at.timestamp() > settled}
    assert reminded == set()  # both deliverables were answered by the outcome
    asked = {n.project_id for n in world.mp.notifications() if n.kind == "progress_request"
             and n.at.timestamp() > settled}
    assert asked == {going_on}  # 200 000 € still to fund: the contract goes on
    # A new deliverable after the outcome is reminded as usual.
    world.mp.deliver(going_on, 1, "Version corrigée", True)
    delivered = world.engine.now()
    world.days(8)
    assert [n.project_id for n in world.mp.notifications() if n.kind == "client_reminded"
            and n.at.timestamp() > delivered] == [going_on]


def test_fo_1_the_provider_answers_a_progress_request_and_the_next_request_counts_from_it(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """FO-1: `pel progress ID TEXT` answers Suivi Projet (both formulas); the next request comes a full period
    after the report and says when it was made; no report once the end is declared (FO-2)."""
    from tests.conftest import run_cli

    pid = r0_project(world, formula="base")
    started = world.engine.now()
    world.days(8)
    assert _kinds_after(world, "progress_request", 0) == [started + 7 * DAY]
    with refused(InvalidInput, "say how the project is going"):
        world.mp.report_progress(pid, "   ")
    res = world.mp.report_progress(pid, "Les maquettes sont validées, l'API avance.")
    reported = world.engine.now()
    assert res["next_request_at"] == reported + 7 * DAY
    world.days(6.5)  # day 14.5: the old schedule's day-14 request does not come
    assert _kinds_after(world, "progress_request", started + 7 * DAY) == []
    world.days(1)
    (second,) = [n for n in world.mp.notifications() if n.kind == "progress_request" and n.data["number"] == 2]
    assert int(second.at.timestamp()) == reported + 7 * DAY
    assert second.data["last_report_at"] == reported
    assert "Your last report was on" in body(second) and f"pel progress {pid} TEXT" in body(second)
    import time

    from pel_tui.backend.clock import StoredClock

    world.engine.store.set_meta(StoredClock.KEY, str(world.clock.now() - int(time.time())))  # the CLI's clock
    code, out, _err = run_cli(capsys, "--store", str(world.path), "progress", str(pid), "Recette", "en", "cours")
    assert code == 0 and f"Progress report sent on #{pid}" in out
    assert world.engine.conn.execute("SELECT count(*), max(request_number) FROM progress_reports").fetchone() == (2, 2)
    world.mp.declare_finalized(pid)
    with refused(NotAllowed, "asks for no more progress reports"):
        world.mp.report_progress(pid, "Encore un point")
    other = world.post()
    with refused(NotAllowed, "no contract of yours"):
        world.mp.report_progress(other, "Rien")


def _cli(world: World, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`pel ARGV` on the world's store, at the world's time."""
    import time

    from pel_tui.backend.clock import StoredClock
    from tests.conftest import run_cli

    world.engine.store.set_meta(StoredClock.KEY, str(world.clock.now() - int(time.time())))
    return run_cli(capsys, "--store", str(world.path), *argv)


def test_fo_3_a_hidden_rating_counts_nowhere_and_ratings_show_on_the_report_and_profile_for_both_formulas(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """FO-3 (Decision): a rating not yet visible moves no average, no certification path; once visible,
    ratings show on the project's report and the provider's profile, base formula included (CT-5)."""
    base, r0 = r0_project(world, formula="base"), r0_project(world)
    for pid in (base, r0):
        world.mp.declare_finalized(pid)
        world.pl.confirm_finalized(pid)
    world.pl.rate_provider(base, 2, "Délais non tenus")
    rep = world.mp.certification()["reputation"]
    assert (rep["average_rating"], rep["ratings"]) == (None, 0)  # hidden: the provider has not rated yet
    assert world.mp.profile().ratings == [] and world.mp.project(base).ratings == []
    world.mp.rate_client(base, 4, "Client exigeant mais juste")
    rep = world.mp.certification()["reputation"]
    assert (rep["average_rating"], rep["ratings"]) == (2.0, 1)
    report = world.mp.project(base)
    assert [(x.by_side, x.stars) for x in report.ratings] == [("client", 2), ("provider", 4)]
    profile = world.mp.profile()
    assert [(x.project_id, x.stars) for x in profile.ratings] == [(base, 2)] and profile.average_rating == 2.0
    world.pl.rate_provider(r0, 5, "Parfait")  # hidden until the provider rates or the window closes
    rep = world.mp.certification()["reputation"]
    assert (rep["average_rating"], rep["ratings"]) == (2.0, 1)
    assert [x.project_id for x in world.mp.profile().ratings] == [base]
    code, out, _err = _cli(world, capsys, "show", str(base))
    assert code == 0 and "Rating by the client: ★★☆☆☆ Délais non tenus" in out
    assert "Rating by the provider: ★★★★☆" in out
    code, out, _err = _cli(world, capsys, "profile")
    assert code == 0 and "ratings by your clients (1, average 2.0):" in out and f"#{base}" in out
    world.days(31)
    rep = world.mp.certification()["reputation"]
    assert (rep["average_rating"], rep["ratings"]) == (3.5, 2)
    assert {x.project_id for x in world.mp.profile().ratings} == {base, r0}
    assert [(x.by_side, x.stars) for x in world.mp.project(r0).ratings] == [("client", 5)]
