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


async def test_the_filter_form_and_help_made_once_open_as_new_ones_would(app: PelApp) -> None:
    """The filter form and the help are built once and kept (a later `f` or `?` is fast); each opening
    shows what a new one would: the list's current filter (not what was typed then cancelled), and the
    help unsearched with every key."""
    from textual.widgets import DataTable, Input

    from pel_tui.widgets.filter_form import FilterForm

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        form = app.screen
        assert isinstance(form, FilterForm)
        shown = form.query_one("#bmin", Input).value
        form.query_one("#bmin", Input).value = "777"
        await pilot.press("escape")  # cancelled: the list keeps its filter
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        assert app.screen is form and form.query_one("#bmin", Input).value == shown
        form.query_one("#bmin", Input).value = "800"
        await pilot.press("ctrl+s")  # applied
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        assert app.screen is form and form.query_one("#bmin", Input).value == "800"
        assert form.focused is form.query_one("#bmin", Input)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        help_screen = app.screen
        every = help_screen.query_one("#help-table", DataTable).row_count
        await pilot.press("slash", "h", "i", "d", "e")
        await settle(pilot, app)
        assert help_screen.query_one("#help-table", DataTable).row_count < every
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert app.screen is help_screen
        assert help_screen.query_one("#help-search", Input).value == ""
        assert help_screen.query_one("#help-table", DataTable).row_count == every


async def test_pr_4_the_filter_forms_choices_show_every_option_and_move_by_key_and_by_click(app: PelApp) -> None:
    """PR-4: urgent, consulted, hidden and the order are each one line with every option, the chosen one
    in brackets (it reads without colour); arrows and space move it, a click picks an option, and what
    is chosen is what the list then applies."""
    from pel_tui.screens.projects import ProjectsScreen
    from pel_tui.widgets.choice import Choice

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        urgent = app.screen.query_one("#urgent", Choice)
        assert str(urgent.render()) == "[any]  yes   no "
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # budget min → max → countries → since → offers → urgent
        assert app.screen.focused is urgent
        await pilot.press("right")
        assert urgent.value == "yes" and str(urgent.render()) == " any  [yes]  no "
        await pilot.press("tab", "space", "space")  # consulted: any → yes → no
        assert app.screen.query_one("#consulted", Choice).value == "no"
        await pilot.press("tab", "left")  # hidden: "hide them" → "show all", round the end
        assert app.screen.query_one("#hidden", Choice).value == "any"
        order = app.screen.query_one("#order", Choice)
        await pilot.click(order, offset=(str(order.render()).index("relevance"), 0))
        assert order.value == "relevance"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProjectsScreen)
        f = screen.filter
        assert (f.urgent, f.consulted, f.hidden, f.order) == (True, False, None, "relevance")
        await pilot.press("f")  # the form opened again shows what the list applies
        await settle(pilot, app)
        assert str(app.screen.query_one("#urgent", Choice).render()) == " any  [yes]  no "
        assert app.screen.query_one("#order", Choice).value == "relevance"


async def test_what_the_app_keeps_is_frozen_out_of_the_collector_and_nothing_it_drops(app: PelApp) -> None:
    """A screen kept for the app's life (a mode) is frozen out of the garbage collector's walks once
    built (pel_tui.heap: the collections that fell inside a first visit made it 100-200 ms slower); a
    report, made anew for each project, is never frozen (the collector frees it once nothing holds it);
    and when the app ends, nothing of it stays frozen."""
    import gc
    import weakref

    from pel_tui.screens.offers import OffersScreen
    from pel_tui.screens.report import ReportScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for _ in range(1000):  # the warm-up's freeze, after the first paint, comes before the report
            if gc.get_freeze_count():
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        report = weakref.ref(app.screen)
        await pilot.press("escape")  # closed (and gone) before the next freeze
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        await pilot.pause(0.1)  # the freeze follows the screen's first frame with its data
        offers = app.screen
        assert isinstance(offers, OffersScreen)
        assert gc.get_freeze_count() > 0
        walked = gc.get_objects()  # what the collector walks: not what is frozen
        assert all(o is not offers for o in walked)
        closed = report()
        assert closed is None or any(o is closed for o in walked)
        del walked, closed
    assert gc.get_freeze_count() == 0
