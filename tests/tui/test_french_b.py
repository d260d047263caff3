"""The escrow account, payment requests, subscription, profile and sync screens in French: the words,
the amounts (`1 500,00 €`), the dates (`13/10/2026`), the plural forms, and a French amount typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace, Platform
from pel_tui.i18n import formats
from pel_tui.screens.escrow import EscrowScreen
from pel_tui.screens.payments import PaymentsScreen
from pel_tui.screens.profile import ProfileScreen
from pel_tui.screens.subscription import SubscriptionScreen
from pel_tui.screens.sync import SyncScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PromptDialog
from tests.conftest import speak
from tests.tui.helpers import screen_text, settle, text, toasts
from tests.tui.test_screens_b import contracts

NBSP = "\u00a0"


def fr(expected: str) -> str:
    """A French sentence as the screen writes it: `1 500,00 €` with a narrow no-break space between the
    thousands and a no-break space before the euro sign."""
    return re.sub(r"(\d) (\d{3})", "\\1\u202f\\2", expected).replace(" €", f"{NBSP}€")


@pytest.fixture
def fr_app(demo_engine: Engine) -> PelApp:
    """The application on the demo store, in French (chosen before the app is built)."""
    speak("fr")
    return PelApp(demo_engine)


async def goto(pilot, app: PelApp, key: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await pilot.press(key)
    await settle(pilot, app)


async def open_escrow(pilot, app: PelApp, project_id: int) -> EscrowScreen:  # type: ignore[no-untyped-def]
    await goto(pilot, app, "5")
    screen = app.screen
    assert isinstance(screen, EscrowScreen)
    options = screen.query_one("#escrow-list", OptionList)
    options.highlighted = next(i for i in range(options.option_count)
                               if options.get_option_at_index(i).id == str(project_id))
    await settle(pilot, app)
    return screen


def dialog_text(app: PelApp) -> str:
    return " ".join(str(s.content) for s in app.screen.query(Static))


# -- the escrow account ---------------------------------------------------------------------------------

async def test_es_4_the_account_reads_in_french(fr_app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["tranches"]
    v = Marketplace.for_user(demo_engine).escrow(pid)
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, fr_app, pid)
        shown = text(fr_app, "#escrow-detail")
        assert "Compte interne (formule R0)" in shown
        assert fr("Déposé 2 900,00 €  =  en compte  1 200,00 €") in shown
        assert fr("Libéré 1 700,00 €  =  disponible     0,00 €") in shown
        assert fr(f"NON FINANCÉE  2. Application complète — 2 500,00 €{NBSP}: 1 200,00 € financés sur 2 500,00 €") \
            in shown
        started = v.tranches[0].started_at
        assert started is not None and f"commencée le {formats.day(started)}" in shown
        assert re.fullmatch(r"\d\d/\d\d/2026", formats.day(started))
        assert "Le contrat en formule de base" in shown and "n’a pas de compte interne" in shown
        for word in ("ES-", "CT-", "in_progress", "escrow"):
            assert word not in shown


async def test_es_6_the_dispute_and_plural_reminders_in_french(fr_app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["dispute"]
    v = Marketplace.for_user(demo_engine).escrow(pid)
    reminded = v.deliverables[0].reminders_sent
    assert reminded > 1
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, fr_app, pid)
        shown = text(fr_app, "#escrow-detail")
        assert f"Litige en cours{NBSP}: les fonds en compte sont gelés" in shown
        assert fr(f"proposition du SMA{NBSP}: 1 500,00 € pour vous, 1 000,00 € pour le client") in shown
        assert "acceptée par personne pour l’instant" in shown
        assert f"client relancé {reminded} fois" in shown
        assert f"ouvert par le client le {formats.day(v.disputes[0].opened_at)}" in shown
        await pilot.press("A")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, ConfirmDialog)
        said = dialog_text(fr_app)
        assert f"Accepter la proposition du SMA{NBSP}?" in str(fr_app.screen.title_text)
        assert fr("1 500,00 € libérés pour vous, 1 000,00 € remboursés au client.") in said


async def test_fo_2_declaring_finalized_says_the_days_in_french(fr_app: PelApp, demo_engine: Engine) -> None:
    pid = contracts(demo_engine)["tranches"]
    days = demo_engine.policy.finalize_deemed_days
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await open_escrow(pilot, fr_app, pid)
        await pilot.press("F")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, ConfirmDialog)
        assert f"réputé confirmer après {days} jours sans objection" in dialog_text(fr_app)
        await pilot.press("y")
        await settle(pilot, fr_app)
        shown = text(fr_app, "#escrow-detail")
        assert f"(réputé confirmé après {days} jours)" in shown
        assert any("le client a jusqu’au" in t for t in toasts(fr_app))


# -- payment requests -----------------------------------------------------------------------------------

async def test_pa_5_the_dashboard_reads_in_french(fr_app: PelApp, demo_engine: Engine) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "6")
        assert isinstance(fr_app.screen, PaymentsScreen)
        totals = text(fr_app, "#pay-totals")
        assert totals.startswith(fr(f"Totaux{NBSP}: envoyée 1 · 700,00 €"))
        assert fr("payée 2 · 2 200,00 €") in totals and fr("rejetée 0 · 0,00 €") in totals
        assert "compte interne (formule R0)" in text(fr_app, "#pay-note")
        row = fr_app.screen.query_one("#pay-table").get_row_at(0)  # type: ignore[attr-defined]
        assert str(row[4]) == "envoyée" and re.fullmatch(r"\d\d/\d\d/2026", str(row[5]))


async def test_pa_1_a_french_amount_is_accepted(fr_app: PelApp, demo_engine: Engine, tmp_path: Path) -> None:
    pid = contracts(demo_engine)["tranches"]
    pl = Platform(demo_engine)
    pl.deposit(pid, 130_000, tranche=2)
    pl.release(pid, 130_000, tranche=2)
    mp = Marketplace.for_user(demo_engine)
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "6")
        screen = fr_app.screen
        assert isinstance(screen, PaymentsScreen)
        amount = screen.query_one("#pay-amount", Input)
        assert amount.value == "1300,00"  # all that is available, written the French way
        screen.invoice_dir = tmp_path
        amount.value = "1 200,50"
        await pilot.press("i")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, PromptDialog)
        assert fr("Facture de 1 200,50 € sur le projet") in fr_app.screen.title_text
        await pilot.press("enter")
        await settle(pilot, fr_app)
        checks = text(fr_app, "#pay-checks")
        assert fr(f"Contrôles de la facture pour le projet #{pid}, 1 200,50 €{NBSP}:") in checks
        assert "✗" not in checks and "Tous les contrôles sont bons" in checks
        await pilot.press("ctrl+s")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, ConfirmDialog)
        said = dialog_text(fr_app)
        assert fr(f"1 200,50 €[/] sur le projet #{pid}") in said and fr(f"Disponible ensuite{NBSP}: 99,50 €") in said
        await pilot.press("y")
        await settle(pilot, fr_app)
        assert any("jours ouvrés plus tard" in t for t in toasts(fr_app))
    request = next(r for r in mp.payments().requests if r.project_id == pid and r.state == "submitted"
                   and r.amount_cents == 120_050)
    assert request.amount_cents == 120_050


# -- subscription ---------------------------------------------------------------------------------------

async def test_su_1_the_subscription_reads_in_french(fr_app: PelApp, demo_engine: Engine) -> None:
    sub = Marketplace.for_user(demo_engine).subscription()
    assert sub is not None
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "4")
        assert isinstance(fr_app.screen, SubscriptionScreen)
        summary = text(fr_app, "#sub-summary")
        assert fr("Pro · 99,00 € HT par trimestre · 75/35/15 crédits par période") in summary
        assert re.search(r"État +actif", summary)
        assert (f"Renouvellement   tacite le {formats.day(sub.period_end)} · préavis le "
                f"{formats.day(sub.renewal_notice_at)}") in summary
        keys = text(fr_app, "#sub-keys")
        assert f"X{NBSP}: résilier" in keys and "suspendre de 1 à 3 mois" in keys
        assert fr("Essentiel 39,00 €/mois") in text(fr_app, "#sub-plans")
        await pilot.press("X")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, ConfirmDialog)
        assert "Résilier l’abonnement Pro" in fr_app.screen.title_text
        assert "Ni remboursement, ni raccourcissement de la période." in dialog_text(fr_app)


async def test_su_5_suspending_in_french_says_the_months(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "4")
        await pilot.press("Z")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, PromptDialog)
        assert f"Suspendre pendant combien de mois (1 à 3){NBSP}?" in fr_app.screen.title_text
        await pilot.press("2", "enter")
        await settle(pilot, fr_app)
        assert isinstance(fr_app.screen, ConfirmDialog)
        assert fr_app.screen.title_text == f"Suspendre pendant 2 mois{NBSP}?"


# -- profile --------------------------------------------------------------------------------------------

async def test_pf_3_the_profile_reads_in_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "7")
        assert isinstance(fr_app.screen, ProfileScreen)
        main = text(fr_app, "#prof-main")
        assert f"Compétences{NBSP}: Python" in main and f"100{NBSP}%" in main
        assert "Identité légale" in text(fr_app, "#prof-legal") and "SIRET 84913726010005" in text(fr_app, "#prof-legal")
        assert "1 image" in text(fr_app, "#prof-portfolio")  # singular
        cert = text(fr_app, "#prof-cert")
        assert "Pas encore certifié" in cert and "2 certifiées sur 3, 0 en attente" in cert
        assert "0 litige perdu en 12 mois" in cert  # French: 0 takes the singular
        refs = text(fr_app, "#prof-refs")
        assert "Références (vérifiées par le SCP)" in refs and "certifiée · envoyée 1/3" in refs
        prefs = text(fr_app, "#prof-prefs")
        assert "budget minimum" in prefs and fr("500,00 €") in prefs and "récapitulatif activé" in prefs
        for word in ("PF-", "SCP, PF"):
            assert word not in screen_text(fr_app)


# -- sync -----------------------------------------------------------------------------------------------

async def test_sync_on_a_standalone_store_in_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await goto(pilot, fr_app, "0")
        assert isinstance(fr_app.screen, SyncScreen)
        assert f"Base autonome{NBSP}: la place de marché fonctionne ici" in text(fr_app, "#sync-head")
        await pilot.press("s")
        await settle(pilot, fr_app)
        assert any(f"Cette base est autonome{NBSP}: rien à synchroniser." in t for t in toasts(fr_app))


# -- snapshots ------------------------------------------------------------------------------------------

def _goto(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press(key)
        await settle(pilot, pilot.app)

    return run_before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
@pytest.mark.parametrize("key", ["5", "6", "4", "7", "0"], ids=["escrow", "payments", "subscription", "profile", "sync"])
def test_french_b_snapshot(fr_app: PelApp, snap_compare, key: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fr_app, run_before=_goto(key), terminal_size=size)
