"""PR-4: saved filters as tabs of the project list, kept in config.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace
from pel_tui.config import load_config
from pel_tui.filters import Filter
from pel_tui.widgets.dialogs import ConfirmDialog, PromptDialog
from pel_tui.widgets.tab_bar import TabBar
from tests.tui.helpers import listed, settle, text, toasts


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("PEL_CONFIG", str(path))
    return path


def tab_labels(app: PelApp) -> list[str]:
    bar = app.screen.query_one("#filter-tabs", TabBar)
    shown = text(app, "#filter-tabs")
    assert all(name in shown for name in bar.names)  # what the line shows is what it holds
    return bar.names


async def test_pr_4_s_saves_the_filter_as_a_tab_that_the_next_start_shows(
    app: PelApp, demo_engine: Engine, config_file: Path
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('# my settings\ntheme = "textual-dark"  # keep this comment\n', encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("x", "U", "slash", *"site", "escape")  # whole list, urgent only, "site"
        await settle(pilot, app)
        shown = listed(app)
        await pilot.press("S")
        await settle(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Sites urgents", "enter")
        await settle(pilot, app)
        assert tab_labels(app) == ["Mine", "All", "Sites urgents"]
        assert app.screen.query_one(TabBar).active_name == "Sites urgents"
        assert any("saved" in t for t in toasts(app))
    saved = load_config(config_file).saved_filters
    assert [(s.name, s.words, s.urgent) for s in saved] == [("Sites urgents", "site", True)]
    assert "# keep this comment" in config_file.read_text(encoding="utf-8")  # the user's text stays
    expected = Marketplace.for_user(demo_engine).projects("site", urgent=True).projects
    assert shown == [p.id for p in expected][:50]

    # The next start: the tab is there, and it lists the same projects.
    again = PelApp(demo_engine, config=load_config(config_file))
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot, again)
        assert tab_labels(again) == ["Mine", "All", "Sites urgents"]
        await pilot.press("t", "t")
        await settle(pilot, again)
        assert listed(again) == shown
        assert "urgent" in text(again, "#filter-summary")


async def test_pr_4_d_deletes_a_saved_tab_and_never_a_built_in_one(
    demo_engine: Engine, config_file: Path
) -> None:
    from pel_tui.config import save_filter

    save_filter(Filter(words="django").to_saved("Django"))
    save_filter(Filter(words="react").to_saved("React"))
    app = PelApp(demo_engine, config=load_config(config_file))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("D")  # on "Mine"
        await settle(pilot, app)
        assert not isinstance(app.screen, ConfirmDialog)
        assert any("built-in" in t for t in toasts(app))
        await pilot.press("t", "t")  # to "Django"
        await settle(pilot, app)
        await pilot.press("D")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot, app)
        assert tab_labels(app) == ["Mine", "All", "React"]
        assert app.screen.query_one(TabBar).active_name == "Mine"
        assert "Développement web" in text(app, "#filter-summary")  # the preferences again
    assert [s.name for s in load_config(config_file).saved_filters] == ["React"]


async def test_pr_4_a_broken_config_is_not_overwritten(app: PelApp, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    broken = "theme = [unclosed\n"
    config_file.write_text(broken, encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("S", *"Mine2", "enter")
        await settle(pilot, app)
        assert any("Not saved" in t and "config.toml" in t for t in toasts(app))
        assert tab_labels(app) == ["Mine", "All"]
    assert config_file.read_text(encoding="utf-8") == broken


async def test_pr_4_clicking_a_tab_shows_its_list(demo_engine: Engine, config_file: Path) -> None:
    from pel_tui.config import save_filter

    save_filter(Filter(words="site", urgent=True).to_saved("Sites"))
    app = PelApp(demo_engine, config=load_config(config_file))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        line = text(app, "#filter-tabs")
        await pilot.click(TabBar, offset=(1 + line.index("Sites"), 0))  # 1: the bar's padding
        await settle(pilot, app)
        assert app.screen.query_one(TabBar).active_name == "Sites"
        expected = Marketplace.for_user(demo_engine).projects("site", urgent=True).projects
        assert listed(app) == [p.id for p in expected][:50]
