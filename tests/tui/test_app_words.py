"""In the app, a refusal names the app's key, never the command line's command."""

from __future__ import annotations

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace
from pel_tui.screens.report import ReportScreen
from tests.tui.helpers import settle, toasts


async def test_su_5_a_refusal_in_the_app_names_the_key_not_the_command(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    mp.suspend(1)
    pid = mp.projects(consulted=False, limit=1).projects[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_project(pid)
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("c")
        await settle(pilot, app)
        said = " ".join(toasts(app))
        assert "key r on the Subscription screen, 4" in said and "pel resume" not in said
        assert not mp.unlocked(pid)["consultation"]
