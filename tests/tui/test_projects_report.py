"""The projects list and the project report, driven from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace, Platform
from pel_tui.screens.projects import ProjectsScreen
from pel_tui.screens.report import ReportScreen
from tests.tui.helpers import listed

MESSAGE = "Bonjour, je brasse depuis dix ans et je peux livrer ce site en trois semaines."


def post_rare(engine: Engine) -> int:
    pl = Platform(engine)
    return int(pl.post(
        "Site pour une brasserie de zythologie", "Une brasserie artisanale cherche un site vitrine.",
        "Un site en trois langues, avec la carte des bières.", "Développement web", 100_000, 200_000,
    )["project_id"])


async def settle(pilot, app: PelApp) -> None:  # type: ignore[no-untyped-def]
    """Let workers and messages run; never waits on a worker that is waiting on a dialog."""
    for _ in range(6):
        await pilot.pause(0.03)


def table_ids(app: PelApp) -> list[int]:
    return listed(app)


async def test_pr_3_list_opens_newest_first_with_the_preferences(app: PelApp, demo_engine: Engine) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProjectsScreen)
        ids = table_ids(app)
        assert len(ids) == 50 and ids == sorted(ids, reverse=True)
        mp = Marketplace.for_user(demo_engine)
        expected = mp.projects(categories=("Développement web", "Application mobile"), budget_min_cents=50_000,
                               countries=("FR", "BE", "CH"), limit=50)
        assert ids == [p.id for p in expected.projects]
        assert f"of {expected.total:,}" in str(app.screen.query_one("#pager", Static).content)
        await pilot.press("n")
        await settle(pilot, app)
        assert table_ids(app)[0] == expected.projects[-1].id - 0 or table_ids(app)[0] < ids[-1]


async def test_pr_4_typing_in_the_search_box_filters_as_you_type(app: PelApp, demo_engine: Engine) -> None:
    pid = post_rare(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"ZYTHOLOG")
        await settle(pilot, app)
        assert table_ids(app) == [pid]
        assert "zythologie" in str(app.screen.query_one("#preview-body", Static).content)
        await pilot.press(*'" AND title:*')  # user text is words, never syntax
        await settle(pilot, app)
        assert table_ids(app) == []


async def test_pr_7_h_hides_and_the_store_knows(app: PelApp, demo_engine: Engine) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        first = table_ids(app)[0]
        await pilot.press("h")
        await settle(pilot, app)
        assert first not in table_ids(app)
        assert Marketplace.for_user(demo_engine).project(first).project.hidden


async def test_pr_5_jump_to_any_project_by_id(app: PelApp, demo_engine: Engine) -> None:
    removed = post_rare(demo_engine)
    Platform(demo_engine).remove(removed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("number_sign", *str(removed), "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        text = str(app.screen.query_one("#report-public", Static).content)
        assert f"#{removed}" in text and "removed" in text
        assert "Report locked" in str(app.screen.query_one("#report-unlocked", Static).content)


async def test_cr_1_consult_offer_edit_and_confirm_from_the_report(app: PelApp, demo_engine: Engine) -> None:
    """The beginning of a provider's day: find, consult (dialog with balances), offer, edit, confirm terms."""
    pid = post_rare(demo_engine)
    mp = Marketplace.for_user(demo_engine)
    before = mp.credits().balances
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"zythologie", "enter", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and app.screen.project_id == pid
        await pilot.press("c")
        await settle(pilot, app)
        dialog_text = " ".join(str(s.content) for s in app.screen.query(Static))
        assert f"Balance: {before['consultation']} → {before['consultation'] - 1}" in dialog_text
        await pilot.press("y")
        await settle(pilot, app)
        assert mp.credits().balances["consultation"] == before["consultation"] - 1
        assert "Description" in str(app.screen.query_one("#report-unlocked", Static).content)
        await pilot.press("o")  # the form first; the credit is confirmed when the offer is sent
        await settle(pilot, app)
        app.screen.query_one("#amount", Input).value = "1 500,50"
        app.screen.query_one("#days", Input).value = "21"
        app.screen.query_one("#message").text = MESSAGE  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        dialog_text = " ".join(str(s.content) for s in app.screen.query(Static))
        assert f"Balance: {before['offer']} → {before['offer'] - 1}" in dialog_text and "€1,500.50" in dialog_text
        await pilot.press("y")
        await settle(pilot, app)
        offer = next(o for o in mp.offers() if o.project_id == pid)
        assert (offer.project_id, offer.amount_cents, offer.delay_days) == (pid, 150_050, 21)
        assert "Your offer[/] €1,500.50" in str(app.screen.query_one("#report-mine", Static).content)
        # Editing costs nothing: no spend dialog, the form comes prefilled.
        await pilot.press("o")
        await settle(pilot, app)
        assert app.screen.query_one("#amount", Input).value == "1500.50"  # English: the point, and it parses back
        app.screen.query_one("#amount", Input).value = "1400"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        offer = next(o for o in mp.offers() if o.project_id == pid)
        assert offer.amount_cents == 140_000 and len(offer.versions) == 2
        assert mp.credits().balances["offer"] == before["offer"] - 1
        # Selected by the client (the platform's side), then the terms are confirmed with f.
        Platform(demo_engine).select(pid, "camille-dev", "r0")
        app.screen.reload()  # type: ignore[attr-defined]
        await settle(pilot, app)
        assert "Confirm the terms" in str(app.screen.query_one("#report-mine", Static).content)
        await pilot.press("A")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        contract = next(k for k in mp.contracts() if k.project_id == pid)
        assert contract.status == "awaiting_commission" and contract.commission_cents == 7_000


async def test_cr_5_no_credit_left_is_a_notification_not_a_crash(app: PelApp, demo_engine: Engine) -> None:
    pid = post_rare(demo_engine)
    mp = Marketplace.for_user(demo_engine)
    with demo_engine.store.write() as c:  # spend every consultation credit on other projects
        n = mp.credits().balances["consultation"]
        lots = c.execute("SELECT id FROM credit_grants WHERE kind = 'consultation'").fetchall()
        for (gid,) in lots:
            left = c.execute("SELECT sum(delta) FROM credit_entries WHERE grant_id = ?", (gid,)).fetchone()[0]
            if left:
                c.execute("INSERT INTO credit_entries(provider_id, kind, entry_type, delta, grant_id, reason, at) "
                          "VALUES (?, 'consultation', 'adjustment', ?, ?, 'test', 0)", (mp.provider_id, -left, gid))
    assert n > 0 and mp.credits().balances["consultation"] == 0
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_project(pid)
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        assert any("No consultation credit left" in str(n.message) for n in app._notifications)
        assert not mp.unlocked(pid)["consultation"]


async def test_of_1_closed_project_refusal_is_shown(app: PelApp, demo_engine: Engine) -> None:
    pid = post_rare(demo_engine)
    Platform(demo_engine).cancel(pid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_project(pid)
        await settle(pilot, app)
        await pilot.press("c", "y")
        await settle(pilot, app)
        assert any("cancelled" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_projects(snap_compare, app: PelApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_report(snap_compare, app: PelApp, demo_engine: Engine, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    pid = Marketplace.for_user(demo_engine).offers()[0].project_id

    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, app)
        app.open_project(pid)
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=ready)
