"""The lines around every screen: the key bar (main keys, keymap, click) and the title bar."""

from __future__ import annotations

from pel_tui.app import PelApp
from pel_tui.backend import Engine
from pel_tui.config import Config
from pel_tui.widgets.footer import Footer
from tests.tui.helpers import settle, text


async def test_the_key_bar_shows_the_main_keys_as_the_keymap_says(demo_engine: Engine) -> None:
    app = PelApp(demo_engine, config=Config(keymap={"projects.hide": "d"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        keys = text(app, "#key-bar")
        assert "d Hide" in keys and "h Hide" not in keys
        assert "/ Search" in keys and "? Help" in keys and "^p palette" in keys
        await pilot.press("slash")  # in the search box, letters are text: only its keys remain
        await settle(pilot, app)
        assert "Hide" not in text(app, "#key-bar")
        await pilot.press("escape", "5")
        await settle(pilot, app)
        assert "Deliver" in text(app, "#key-bar")


async def test_clicking_a_key_presses_it(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        keys = text(app, "#key-bar")
        assert "page 1" in text(app, "#pager")
        await pilot.click(Footer, offset=(1 + keys.index("n Next page"), 0))  # 1: the bar's padding
        await settle(pilot, app)
        assert "page 2" in text(app, "#pager")


async def test_the_title_bar_follows_the_screen(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert text(app, "#title-bar").startswith("pel — camille-dev")
        app.open_project(app.screen.query_one("#project-table").ids[0])  # type: ignore[attr-defined]
        await settle(pilot, app)
        assert text(app, "#title-bar").startswith("pel — #")


async def test_a_first_start_says_in_the_app_that_this_is_a_demo_and_whose_account_it_is(app: PelApp) -> None:
    app.welcome = True  # as `pel` does when it has just made the demo store
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "demo marketplace" in said and "you are camille-dev" in said
