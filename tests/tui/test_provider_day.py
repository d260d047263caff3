"""A provider's whole day, from the keyboard, on the demo store: each step checks the screen and the store.

Find a project by keyword, consult it, offer, edit the offer, get selected (the platform's side),
confirm the terms, see the deposit, deliver, get a release, request payment with a generated
invoice, see it paid.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace, Platform
from pel_tui.screens.escrow import EscrowScreen
from pel_tui.screens.payments import PaymentsScreen
from pel_tui.screens.projects import ProjectsScreen
from pel_tui.screens.report import ReportScreen
from pel_tui.widgets.dialogs import ConfirmDialog, OfferForm, PromptDialog
from pel_tui.widgets.format import money
from tests.tui.helpers import listed, screen_text, settle, text, toasts

MESSAGE = "Bonjour, je brasse depuis dix ans et je peux livrer ce site en trois semaines."


async def test_cr_1_ct_1_es_4_pa_7_a_providers_whole_day(app: PelApp, demo_engine: Engine, tmp_path: Path) -> None:
    pl = Platform(demo_engine)
    mp = Marketplace.for_user(demo_engine)
    pid = int(pl.post(
        "Site pour une brasserie de zythologie", "Une brasserie artisanale cherche un site vitrine.",
        "Un site en trois langues, avec la carte des bières.", "Développement web", 100_000, 200_000,
    )["project_id"])
    credits = mp.credits().balances
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)

        # 1. Find it by keyword (accents and case do not matter), as you type.
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.press("slash", *"ZYTHOLOG")
        await settle(pilot, app)
        assert listed(app) == [pid]
        assert "1–1 of 1 · page 1" in text(app, "#pager")
        assert "Site pour une brasserie de zythologie" in text(app, "#preview-body")

        # 2. Open it and consult it: the dialog says which credit and the balance before and after.
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and app.screen.project_id == pid
        assert "Report locked" in text(app, "#report-unlocked")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        c = credits["consultation"]
        assert f"Balance: {c} → {c - 1}" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        assert mp.credits().balances["consultation"] == c - 1 and mp.unlocked(pid)["consultation"]
        assert "Un site en trois langues" in text(app, "#report-unlocked")

        # 3. Make an offer: the form, then the offer credit, confirmed with the offer beside it.
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, OfferForm)
        app.screen.query_one("#amount", Input).value = "1 500"
        app.screen.query_one("#days", Input).value = "21"
        app.screen.query_one("#message").text = MESSAGE  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        assert f"Balance: {credits['offer']} → {credits['offer'] - 1}" in screen_text(app)
        assert "€1,500.00 in 21 days" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        offer = next(o for o in mp.offers() if o.project_id == pid)
        assert (offer.amount_cents, offer.delay_days, offer.status) == (150_000, 21, "submitted")
        assert "€1,500.00" in text(app, "#report-mine")
        assert mp.credits().balances["offer"] == credits["offer"] - 1

        # 4. Edit it: no credit, the form comes back filled.
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, OfferForm)
        assert app.screen.query_one("#amount", Input).value == "1500.00"
        app.screen.query_one("#amount", Input).value = "1400"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        offer = next(o for o in mp.offers() if o.project_id == pid)
        assert offer.amount_cents == 140_000 and len(offer.versions) == 2
        assert mp.credits().balances["offer"] == credits["offer"] - 1
        assert "€1,400.00" in text(app, "#report-mine")

        # 5. The client selects it with the R0 formula; the terms are confirmed from the report.
        pl.select(pid, "camille-dev", "r0")
        app.screen.reload()  # type: ignore[attr-defined]
        await settle(pilot, app)
        assert "Confirm the terms" in text(app, "#report-mine")
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        terms = screen_text(app)
        assert "Formula R0 (risk 0) · €1,400.00 in 21 days" in terms and "Connection commission" in terms
        await pilot.press("y")
        await settle(pilot, app)
        contract = next(k for k in mp.contracts() if k.project_id == pid)
        assert contract.status == "awaiting_commission"
        pl.pay_commission(pid)
        assert next(k for k in mp.contracts() if k.project_id == pid).status == "in_progress"

        # 6. The client deposits the whole amount: the escrow screen shows it.
        pl.deposit(pid, 140_000)
        await pilot.press("escape", "5")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, EscrowScreen)
        options = screen.query_one("#escrow-list", OptionList)
        assert str(pid) in [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.focus()
        for _ in range(options.option_count):
            if screen.selected == pid:
                break
            await pilot.press("down")
            await settle(pilot, app)
        assert screen.selected == pid
        shown = text(app, "#escrow-detail")
        assert re.search(r"Deposited +€1,400\.00 += +held +€1,400\.00", shown)
        assert mp.escrow(pid).figures.held_cents == 140_000

        # 7. Deliver (one tranche, funded: no warning), with a note.
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Site en ligne", "enter")
        await settle(pilot, app)
        delivered = mp.escrow(pid).deliverables
        assert [d.note for d in delivered] == ["Site en ligne"]
        assert "Site en ligne" in text(app, "#escrow-detail")

        # 8. The client releases the money: available to request.
        pl.release(pid, 140_000)
        screen.reload()
        await settle(pilot, app)
        assert mp.escrow(pid).figures.available_cents == 140_000
        assert re.search(r"Released +€1,400\.00 += +available +€1,400\.00", text(app, "#escrow-detail"))

        # 9. Request the payment with a generated invoice: every check passes, then send.
        await pilot.press("i")
        await settle(pilot, app)
        pay = app.screen
        assert isinstance(pay, PaymentsScreen)
        assert pay.query_one("#pay-amount", Input).value == "1400.00"
        pay.invoice_dir = tmp_path
        await pilot.press("i")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")
        await settle(pilot, app)
        invoice = Path(pay.query_one("#pay-path", Input).value)
        assert invoice.parent == tmp_path and invoice.read_bytes().startswith(b"%PDF")
        checks = text(app, "#pay-checks")
        assert "✗" not in checks and "All checks pass" in checks
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog) and "€1,400.00" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        request = next(r for r in mp.payments().requests if r.project_id == pid)
        assert (request.amount_cents, request.state) == (140_000, "submitted")
        assert mp.escrow(pid).figures.available_cents == 0

        # 10. The platform validates it; three business days later it is paid.
        pl.validate_payment(request.id)
        pl.advance(6)
        app.refresh_unread()
        pay.reload()
        await settle(pilot, app)
        request = next(r for r in mp.payments().requests if r.project_id == pid)
        assert request.state == "paid" and mp.escrow(pid).figures.paid_cents == 140_000
        rows = pay.query_one("#pay-table", DataTable)
        row = next(rows.get_row_at(i) for i in range(rows.row_count) if str(rows.get_row_at(i)[0]) == str(pid))
        assert "paid" in " ".join(str(c) for c in row)
        assert not [t for t in toasts(app) if "Refused" in t]
        paid = sum(r.amount_cents for r in mp.payments().requests if r.state == "paid")
        assert f"paid {sum(1 for r in mp.payments().requests if r.state == 'paid')} · {money(paid)}" in text(
            app, "#pay-totals")
