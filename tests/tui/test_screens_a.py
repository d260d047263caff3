"""My offers, credits, subscription, notifications and statistics, driven from the keyboard."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Digits, Input, Sparkline, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace, Platform
from pel_tui.backend.models import Notification
from pel_tui.screens.credits import entry_word, kind_word, weekly_counts
from pel_tui.screens.notifications import NotificationsScreen, destination
from pel_tui.screens.offers import OffersScreen
from pel_tui.screens.report import ReportScreen
from pel_tui.screens.subscription import PlanDialog
from pel_tui.widgets.dialogs import ConfirmDialog, PromptDialog
from pel_tui.widgets.format import date, when


def awaiting(engine: Engine) -> int:
    """The project of the demo's selection waiting for camille-dev's confirmation (CT-1)."""
    return next(k.project_id for k in Marketplace.for_user(engine).contracts() if k.status == "awaiting_confirmation")


def lost(engine: Engine) -> Notification:
    """The demo's lost offer (OF-7): its notification, with the figures the screen shows."""
    return next(n for n in Marketplace.for_user(engine).notifications(limit=10_000) if n.kind == "lost")


async def settle(pilot: Pilot[None], app: PelApp) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[None], app: PelApp, screen: type) -> None:
    """Wait for a dialog (its worker waits for the answer, so `settle` would wait for ever)."""
    for _ in range(100):
        await pilot.pause(0.02)
        if isinstance(app.screen, screen):
            await pilot.pause()
            return
    raise AssertionError(f"{screen.__name__} did not show; the screen is {app.screen!r}")


def text(app: PelApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def toasts(app: PelApp) -> list[str]:
    return [n.message for n in app._notifications]


def dialog_text(app: PelApp) -> str:
    return "\n".join(str(s.content) for s in app.screen.query(Static))


async def highlight(pilot: Pilot[None], app: PelApp, selector: str, key: str) -> None:
    table = app.screen.query_one(selector, DataTable)
    table.move_cursor(row=table.get_row_index(key))
    await settle(pilot, app)


async def open_mode(pilot: Pilot[None], app: PelApp, key: str) -> None:
    await settle(pilot, app)
    await pilot.press(key)
    await settle(pilot, app)


# -- my offers ---------------------------------------------------------------------------------------


async def test_of_3_every_offer_with_its_state_versions_and_read_receipt(app: PelApp, demo_engine: Engine) -> None:
    mine = Marketplace.for_user(demo_engine).offers()
    pid = awaiting(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        assert isinstance(app.screen, OffersScreen)
        table = app.screen.query_one("#offers-table", DataTable)
        assert table.row_count == len(mine)
        row = table.get_row(str(pid))
        assert "selected" in str(row[4]) and row[5] == "1"
        won_twice = next(o for o in mine if len(o.versions) == 2)
        await highlight(pilot, app, "#offers-table", str(won_twice.project_id))
        detail = text(app, "#offers-detail-body")
        read = won_twice.versions[-1].read_at
        assert "version 2" in detail and "version 1" in detail and read is not None and f"read {when(read)}" in detail


async def test_ct_1_ct_3_awaiting_selection_shows_formula_amount_and_commission(
    app: PelApp, demo_engine: Engine
) -> None:
    pid = awaiting(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        box = text(app, "#offers-awaiting")
        assert f"#{pid}" in box and "R0" in box
        assert "€2,400.00" in box and "commission €120.00 ([b]client" in box
        assert "R0 fee €60.00" in box


async def test_of_7_a_lost_offer_shows_the_recommendations(app: PelApp, demo_engine: Engine) -> None:
    from pel_tui.widgets.format import money

    n = lost(demo_engine)
    lo, hi = n.data["recommendations"]["price_range_cents"]
    won = n.data["recommendations"]["winning_amount_cents"]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await highlight(pilot, app, "#offers-table", str(n.project_id))
        detail = text(app, "#offers-detail-body")
        assert f"The winning offer was {money(won)} (range {money(lo)}–{money(hi)})" in detail


async def test_ct_1_f_then_y_confirms_the_terms_in_the_store(app: PelApp, demo_engine: Engine) -> None:
    pid = awaiting(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await pilot.press("A")
        await until(pilot, app, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        shown = dialog_text(app)
        assert "€120.00" in shown and "paid by the [b]client" in shown and "no paper contract" in shown
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, OffersScreen)
        assert not app.screen.query_one("#offers-awaiting").display
    k = next(k for k in Marketplace.for_user(demo_engine).contracts() if k.project_id == pid)
    assert k.status == "awaiting_commission" and k.confirmed_at is not None


async def test_ct_3_provider_paying_the_commission_is_said_and_agreed_explicitly(
    app: PelApp, demo_engine: Engine
) -> None:
    mp = Marketplace.for_user(demo_engine)
    pid = next(o.project_id for o in mp.offers() if o.status == "submitted")
    Platform(demo_engine).select(pid, mp.pseudo, "base", commission_payer="provider")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await highlight(pilot, app, "#offers-table", str(pid))
        await pilot.press("A")
        await until(pilot, app, ConfirmDialog)
        shown = dialog_text(app)
        assert "YOU to pay the commission" in shown and "explicit agreement" in shown
        await pilot.press("y")
        await settle(pilot, app)
    k = next(k for k in mp.contracts() if k.project_id == pid)
    assert k.status == "awaiting_commission" and k.commission_payer == "provider"


async def test_ct_1_d_declines_and_the_project_opens_again(app: PelApp, demo_engine: Engine) -> None:
    pid = awaiting(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await pilot.press("X")
        await until(pilot, app, ConfirmDialog)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
    mp = Marketplace.for_user(demo_engine)
    assert next(k for k in mp.contracts() if k.project_id == pid).status == "declined"
    assert mp.project(pid).project.status == "open"


async def test_ct_1_f_without_a_selection_is_a_notification(app: PelApp, demo_engine: Engine) -> None:
    Marketplace.for_user(demo_engine).decline(awaiting(demo_engine))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await pilot.press("A")
        await settle(pilot, app)
        assert isinstance(app.screen, OffersScreen)
        assert any("nothing to confirm" in m for m in toasts(app))


async def test_offers_enter_opens_the_project_report(app: PelApp, demo_engine: Engine) -> None:
    pid = lost(demo_engine).project_id
    assert pid is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "2")
        await highlight(pilot, app, "#offers-table", str(pid))
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and app.screen.project_id == pid


# -- credits -----------------------------------------------------------------------------------------


async def test_cr_7_balances_expiries_and_the_whole_ledger(app: PelApp, demo_engine: Engine) -> None:
    c = Marketplace.for_user(demo_engine).credits()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "3")
        for kind, n in c.balances.items():
            assert app.screen.query_one(f"#balance-{kind}", Digits).value == str(n)
        table = app.screen.query_one("#ledger-table", DataTable)
        assert table.row_count == len(c.ledger)
        first = table.get_row_at(0)
        e = c.ledger[0]
        assert first[1] == kind_word(e.kind) and first[2] == entry_word(e.entry_type) and first[4] == f"#{e.project_id}"
        assert date(c.next_expiries[0].expires_at) in text(app, "#credit-expiries")
        spark = app.screen.query_one("#credit-sparkline", Sparkline)
        debits = [x.at for x in c.ledger if x.entry_type == "debit"]
        assert sum(spark.data or []) == len(debits)  # the demo's debits all fall in the last 16 weeks


async def test_cr_7_enter_on_a_ledger_row_opens_its_project(app: PelApp, demo_engine: Engine) -> None:
    first = Marketplace.for_user(demo_engine).credits().ledger[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "3")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and app.screen.project_id == first.project_id


def test_weekly_counts_oldest_week_first() -> None:
    from datetime import UTC, datetime, timedelta

    end = datetime(2026, 11, 27, tzinfo=UTC)
    times = [end, end - timedelta(days=1), end - timedelta(days=8), end - timedelta(weeks=20), end + timedelta(1)]
    assert weekly_counts(times, end, weeks=4) == [0, 0, 1, 2]


# -- subscription -------------------------------------------------------------------------------------


def end_subscription(engine: Engine) -> None:
    """Test set-up: the demo user's subscription has ended (as after SU-6's 30 days unsettled, paid)."""
    with engine.store.write():
        engine.store.conn.execute("UPDATE subscriptions SET status = 'ended'")


async def test_su_1_plan_status_period_renewal_and_invoices(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    sub = mp.subscription()
    assert sub is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        summary = text(app, "#sub-summary")
        assert "Pro" in summary and "€99.00" in summary and "quarter" in summary and "active" in summary
        assert f"renews tacitly on {date(sub.period_end)}" in summary
        assert f"notice on {date(sub.renewal_notice_at)}" in summary
        table = app.screen.query_one("#invoice-table", DataTable)
        assert table.row_count == len(mp.platform_invoices())
        assert table.get_row_at(0)[0] == "PEL-2026-000001"


async def test_su_2_a_wrong_sentence_is_refused_then_the_exact_one_subscribes(
    app: PelApp, demo_engine: Engine
) -> None:
    end_subscription(demo_engine)
    mp = Marketplace.for_user(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("P")
        await until(pilot, app, PlanDialog)
        await pilot.press("enter")  # the first plan: essentiel
        await until(pilot, app, PromptDialog)
        sentence = mp.subscription_sentence("essentiel")
        assert sentence in " ".join(app.screen.title_text.split())
        await pilot.press(*"je souscris", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)  # a wrong sentence: said beside the field, kept
        assert "not the sentence above" in text(app, "#form-error")
        assert app.screen.query_one(Input).value == "je souscris"
        sub = mp.subscription()
        assert sub is not None and sub.status == "ended"
        app.screen.query_one(Input).value = sentence.replace("'", "’")  # a typographic apostrophe is one
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Essentiel" in text(app, "#sub-summary")
    sub = mp.subscription()
    assert sub is not None and sub.plan == "essentiel" and sub.status == "active"


async def test_su_2_subscribing_over_a_live_plan_says_what_to_do(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("P")
        await settle(pilot, app)
        assert any("cancel it (X) first" in m for m in toasts(app))


async def test_su_4_cancel_keeps_it_active_until_the_period_end(app: PelApp, demo_engine: Engine) -> None:
    live = Marketplace.for_user(demo_engine).subscription()
    assert live is not None
    end = date(live.period_end)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("X")
        await until(pilot, app, ConfirmDialog)
        shown = dialog_text(app)
        assert end in shown and "No refund" in shown
        await pilot.press("y")
        await settle(pilot, app)
        assert f"active until {end}" in text(app, "#sub-summary")
    sub = Marketplace.for_user(demo_engine).subscription()
    assert sub is not None and sub.cancel_requested_at is not None and sub.status == "active"


async def test_su_5_suspend_then_resume(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("Z")
        await until(pilot, app, PromptDialog)
        await pilot.press("4", "enter")  # out of range: said beside the field, nothing done
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog) and "from 1 to 3" in text(app, "#form-error")
        await pilot.press("backspace", "2", "enter")
        await until(pilot, app, ConfirmDialog)  # what it uses up: the year's one suspension
        await pilot.press("y")
        await settle(pilot, app)
        sub = mp.subscription()
        assert sub is not None and sub.status == "suspended"
        assert "suspended" in text(app, "#sub-summary")
        await pilot.press("r")
        await until(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
    sub = mp.subscription()
    assert sub is not None and sub.status == "active"


async def test_su_6_settle_with_nothing_due_is_a_notification(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("dollar_sign")
        await settle(pilot, app)
        assert any("Nothing is due" in m for m in toasts(app))


async def test_su_8_e_saves_the_selected_invoice_as_pdf(app: PelApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "4")
        await pilot.press("e")
        await until(pilot, app, PromptDialog)
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot, app)
        saved = tmp_path / "PEL-2026-000001.pdf"
        assert saved.read_bytes().startswith(b"%PDF-")
        assert any(str(saved) in m for m in toasts(app))
        await pilot.press("e")
        await until(pilot, app, PromptDialog)
        app.screen.query_one(Input).value = str(tmp_path / "no" / "such" / "dir")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog) and "No directory" in text(app, "#form-error")
        await pilot.press("escape")
        await settle(pilot, app)


# -- notifications -------------------------------------------------------------------------------------


async def test_no_1_newest_first_unread_marked_and_the_text_shown(app: PelApp, demo_engine: Engine) -> None:
    items = Marketplace.for_user(demo_engine).notifications()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "8")
        assert isinstance(app.screen, NotificationsScreen)
        table = app.screen.query_one("#notif-table", DataTable)
        assert table.row_count == len(items)
        assert "●" in str(table.get_row_at(0)[0])
        title, body = app.notice(items[0])
        assert title in text(app, "#notif-text") and body in text(app, "#notif-text")
        await pilot.press("enter")  # opens what it is about (a report, the escrow, a payment) and marks it read
        await settle(pilot, app)
        mode, pid = destination(items[0])
        if mode == "report":
            assert isinstance(app.screen, ReportScreen) and app.screen.project_id == pid
        else:
            assert app.current_mode == mode
    assert next(n for n in Marketplace.for_user(demo_engine).notifications() if n.id == items[0].id).read


async def test_no_1_m_marks_one_and_shift_m_marks_all_read(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    before = mp.unread_count()
    first = mp.notifications()[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "8")
        await pilot.press("m")
        await settle(pilot, app)
        assert mp.unread_count() == before - 1
        assert next(n for n in mp.notifications() if n.id == first.id).read
        assert str(app.screen.query_one("#notif-table", DataTable).get_row_at(0)[0]) == ""
        assert f"{before - 1} unread" in app.sub_title
        assert f"camille-dev · {before - 1} unread" in text(app, "#title-bar")  # the line at the top
        await pilot.press("M")  # all read on screen at once; z undoes it for a few seconds
        await settle(pilot, app)
        assert "unread" not in app.sub_title and "unread" not in text(app, "#title-bar")
        assert "0 unread" in text(app, "#notif-count")
        await pilot.press("z")
        await settle(pilot, app)
        assert f"{before - 1} unread" in app.sub_title and mp.unread_count() == before - 1
        await pilot.press("M")
        await settle(pilot, app)
        await open_mode(pilot, app, "1")  # leaving the screen writes it to the store
    assert mp.unread_count() == 0


# -- statistics ------------------------------------------------------------------------------------------


async def test_st_1_my_figures_beside_the_platforms(app: PelApp, demo_engine: Engine) -> None:
    s = Marketplace.for_user(demo_engine).stats()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_mode(pilot, app, "9")
        bars = text(app, "#stats-bars")
        assert f"{s.win_rate * 100:.0f}%" in bars and "10%" in bars and "33%" in bars
        spark = app.screen.query_one("#stats-sparkline", Sparkline)
        assert sum(spark.data or []) == s.offers_made


# -- snapshots ---------------------------------------------------------------------------------------------


def _go(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        app: PelApp = pilot.app  # type: ignore[assignment]
        await open_mode(pilot, app, key)

    return run_before


def test_snapshot_offers(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("2"), terminal_size=(120, 40))


def test_snapshot_offers_small(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("2"), terminal_size=(80, 24))


def test_snapshot_credits(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("3"), terminal_size=(120, 40))


def test_snapshot_credits_small(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("3"), terminal_size=(80, 24))


def test_snapshot_subscription(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("4"), terminal_size=(120, 40))


def test_snapshot_subscription_small(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("4"), terminal_size=(80, 24))


def test_snapshot_notifications(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("8"), terminal_size=(120, 40))


def test_snapshot_notifications_small(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("8"), terminal_size=(80, 24))


def test_snapshot_stats(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("9"), terminal_size=(120, 40))


def test_snapshot_stats_small(snap_compare, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, run_before=_go("9"), terminal_size=(80, 24))
