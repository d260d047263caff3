"""The escrow (ES, FO), payments (PA) and profile (PF) screens, driven from the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace, Platform
from pel_tui.screens.escrow import EscrowScreen, TrancheDialog
from pel_tui.screens.payments import PaymentsScreen
from pel_tui.screens.profile import PreferencesForm, ProfileScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PromptDialog
from tests.tui.helpers import settle, text


def contracts(engine: Engine) -> dict[str, int]:
    """The demo's three R0 contracts of camille-dev, by what they show."""
    views = Marketplace.for_user(engine).escrows()
    return {
        "tranches": next(v.project_id for v in views if len(v.tranches) > 1),
        "dispute": next(v.project_id for v in views if v.frozen),
        "finalized": next(v.project_id for v in views if v.finalized_at is not None),
    }


async def open_escrow(pilot, app: PelApp, project_id: int) -> EscrowScreen:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await pilot.press("5")
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, EscrowScreen)
    options = screen.query_one("#escrow-list", OptionList)
    options.highlighted = next(i for i in range(options.option_count)
                               if options.get_option_at_index(i).id == str(project_id))
    await settle(pilot, app)
    assert screen.selected == project_id
    return screen


async def test_es_4_figures_and_es_2_tranches_are_shown(app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["tranches"]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, app, pid)
        shown = text(app, "#escrow-detail")
        f = Marketplace.for_user(demo_engine).escrow(pid).figures
        assert "Deposited €2,900.00  =  held      €1,200.00" in shown
        assert f.deposited_cents == f.held_cents + f.released_cents + f.refunded_cents
        assert "Released  €1,700.00  =  available     €0.00" in shown
        assert "NOT FUNDED" in shown and "funded €1,200.00 of €2,500.00" in shown


async def test_es_2_delivering_on_an_unfunded_tranche_warns_first(app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["tranches"]
    mp = Marketplace.for_user(demo_engine)
    before = len(mp.escrow(pid).deliverables)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, app, pid)
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, TrancheDialog)
        await pilot.press("enter")  # the first tranche without a delivery: tranche 2, not funded
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        warning = " ".join(str(s.content) for s in app.screen.query(Static))
        assert "Work only on the funded part; the SMA never pays for work on an unfunded part." in warning
        assert len(mp.escrow(pid).deliverables) == before  # nothing recorded before the answer
        await pilot.press("n")
        await settle(pilot, app)
        assert len(mp.escrow(pid).deliverables) == before
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Version 1", "enter")
        await settle(pilot, app)
        delivered = mp.escrow(pid).deliverables
        assert len(delivered) == before + 1
        assert delivered[-1].tranche == 2 and delivered[-1].unfunded and delivered[-1].note == "Version 1"
        assert "unfunded, acknowledged" in text(app, "#escrow-detail")


async def test_es_6_accepting_the_sma_proposal_settles_the_dispute(app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["dispute"]
    mp = Marketplace.for_user(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, app, pid)
        shown = text(app, "#escrow-detail")
        assert "SMA cap €2,500.00" in shown and "accepted by nobody yet" in shown
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
        # the demo's client has not accepted: the store records the provider's acceptance only
        d = mp.escrow(pid).disputes[0]
        assert d.provider_accepted and d.status == "proposed"
        assert "accepted by you" in text(app, "#escrow-detail")
        Platform(demo_engine).client_accept_settlement(pid)
        app.screen.reload()  # type: ignore[attr-defined]
        await settle(pilot, app)
        d = mp.escrow(pid).disputes[0]
        assert d.status == "settled" and d.outcome_provider_cents == 150_000
        assert "(settled)" in text(app, "#escrow-detail")


async def test_es_6_accepting_last_applies_the_settlement(app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["dispute"]
    Platform(demo_engine).client_accept_settlement(pid)
    mp = Marketplace.for_user(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, app, pid)
        await pilot.press("A", "y")
        await settle(pilot, app)
        v = mp.escrow(pid)
        assert v.disputes[0].status == "settled" and not v.frozen
        assert v.figures.released_cents == 150_000 and v.figures.refunded_cents == 100_000
        shown = text(app, "#escrow-detail")
        assert "€1,500.00 released to you" in shown and "Dispute open" not in shown


async def test_pa_7_generate_check_and_submit(app: PelApp, demo_engine: Engine, tmp_path: Path) -> None:
    pid = contracts(demo_engine)["tranches"]
    Platform(demo_engine).release(pid, 50_000, tranche=2)
    mp = Marketplace.for_user(demo_engine)
    before = len(mp.payments().requests)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        assert screen.query_one("#pay-amount", Input).value == "500.00"
        screen.invoice_dir = tmp_path
        await pilot.press("i")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")
        await settle(pilot, app)
        path = screen.query_one("#pay-path", Input).value
        assert Path(path).parent == tmp_path and Path(path).is_file()
        checks = text(app, "#pay-checks")
        assert checks.count("✓") == 12 and "✗" not in checks and "All checks pass" in checks
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        confirm = " ".join(str(s.content) for s in app.screen.query(Static))
        assert "€500.00" in confirm and "F-2026-0004" in confirm
        await pilot.press("y")
        await settle(pilot, app)
        reqs = mp.payments().requests
        assert len(reqs) == before + 1
        assert (reqs[0].project_id, reqs[0].amount_cents, reqs[0].state) == (pid, 50_000, "submitted")
        assert mp.escrow(pid).figures.available_cents == 0
        assert "submitted 2 · €1,200.00" in text(app, "#pay-totals")


async def test_pa_2_a_corrupt_invoice_shows_failed_checks_and_sends_nothing(
    app: PelApp, demo_engine: Engine, tmp_path: Path
) -> None:
    pid = contracts(demo_engine)["tranches"]
    Platform(demo_engine).release(pid, 50_000, tranche=2)
    mp = Marketplace.for_user(demo_engine)
    before = len(mp.payments().requests)
    stored = sorted(p for p in demo_engine.files_dir.rglob("*") if p.is_file())
    bad = tmp_path / "facture.pdf"
    bad.write_bytes(b"this is not a PDF at all \x00\xff" * 50)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        app.screen.query_one("#pay-path", Input).focus()
        await pilot.press(*str(bad), "enter")
        await settle(pilot, app)
        checks = text(app, "#pay-checks")
        assert "✗ PDF header" in checks and "refused" in checks
        await pilot.press("ctrl+s")  # submit, from the path field itself
        await settle(pilot, app)
        assert not isinstance(app.screen, ConfirmDialog)
        assert len(mp.payments().requests) == before
        assert demo_engine.conn.execute("SELECT count(*) FROM payment_requests").fetchone()[0] == before
        assert sorted(p for p in demo_engine.files_dir.rglob("*") if p.is_file()) == stored
        assert mp.escrow(pid).figures.available_cents == 50_000


async def test_ct_5_escrow_key_p_opens_payments_for_the_project(app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["tranches"]
    Platform(demo_engine).release(pid, 20_000, tranche=2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, app, pid)
        await pilot.press("i")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        assert screen.query_one("#pay-project").value == pid  # type: ignore[attr-defined]
        assert screen.query_one("#pay-amount", Input).value == "200.00"


async def test_pf_1_preferences_are_edited_from_the_profile(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    assert mp.whoami().digest
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("7")
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        assert "SIRET 84913726010005" in text(app, "#prof-legal")
        assert "100%" in text(app, "#prof-main")
        assert "2 of 3 certified" in text(app, "#prof-cert")
        await pilot.press("f")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, PreferencesForm)
        form.query_one("#keywords", Input).value = "django, api"
        form.query_one("#min-budget", Input).value = "800"
        form.query_one("#digest").value = False  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        who = mp.whoami()
        assert not who.digest
        assert who.preferences["keywords"] == ["django", "api"] and who.preferences["min_budget_cents"] == 80_000
        shown = text(app, "#prof-prefs")
        assert "Keywords: django, api" in shown and "€800.00" in shown and "digest off" in shown


async def test_pf_8_badge_refused_says_what_is_missing(app: PelApp, demo_engine: Engine, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("7")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        screen.badge_dir = tmp_path / "badge"
        await pilot.press("b")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert not (tmp_path / "badge").exists()
        assert any("1 more certified reference" in str(n.message) for n in app._notifications)


# -- snapshots --------------------------------------------------------------------------------------------

def _goto(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press(key)
        await settle(pilot, pilot.app)

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("key", ["5", "6", "7"], ids=["escrow", "payments", "profile"])
def test_screens_b_snapshot(app: PelApp, snap_compare, key: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_goto(key), terminal_size=size)
