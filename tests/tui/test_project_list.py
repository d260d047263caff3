"""PR-3: the project list widget (drawn line by line): cursor, scrolling, mouse, the new mark."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace
from pel_tui.screens.report import ReportScreen
from pel_tui.widgets.project_list import ProjectList
from tests.tui.helpers import settle, text


async def test_pr_3_the_cursor_scrolls_the_page_and_the_preview_follows(app: PelApp) -> None:
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot, app)
        plist = app.screen.query_one(ProjectList)
        assert len(plist.projects) == 50 and plist.cursor == 0 and plist.scroll_offset.y == 0
        await pilot.press("G")
        await settle(pilot, app)
        last = plist.projects[-1]
        assert plist.current == last and plist.scroll_offset.y > 0
        assert f"#{last.id} " in text(app, "#preview-body")
        # The last row is drawn on the last line of the list, under the pinned heading.
        bottom = plist.render_line(plist.size.height - 1).text
        assert str(last.id) in bottom
        assert "title" in plist.render_line(0).text
        await pilot.press("g", "j", "j")
        await settle(pilot, app)
        assert plist.cursor == 2 and plist.scroll_offset.y == 0


async def test_pr_3_a_click_picks_a_row_and_a_second_click_opens_it(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        plist = app.screen.query_one(ProjectList)
        third = plist.projects[2]
        await pilot.click(ProjectList, offset=(20, 3))  # line 0 is the heading
        await settle(pilot, app)
        assert plist.current == third
        assert f"#{third.id} " in str(app.screen.query_one("#preview-body", Static).content)
        await pilot.click(ProjectList, offset=(20, 3))
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen) and app.screen.project_id == third.id


async def test_pr_3_projects_new_since_the_last_visit_are_marked(demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    top = mp.projects(limit=50).projects
    mp.mark_seen(top[10].id)  # the last visit saw up to the 11th newest
    app = PelApp(demo_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")  # the whole list, newest first
        await settle(pilot, app)
        plist = app.screen.query_one(ProjectList)
        assert plist.ids == [p.id for p in top]
        marked = [p.id for i, p in enumerate(plist.projects) if "●" in plist.render_line(i + 1).text]
        assert marked == [p.id for p in top[:10]]


async def test_pr_4_slash_and_words_typed_in_one_burst_all_reach_the_search_box(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for key in ("slash", *"react"):  # queued together, as a terminal delivers a fast burst
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot, app)
        assert app.screen.query_one("#words", Input).value == "react"
