"""Available projects: a paged list filtered in SQL, a preview beside it, saved filters as tabs."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import importlib
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from pel_tui.backend.models import ProjectPage, ProjectSummary
from pel_tui.filters import ALL, MINE, PAGE, Filter
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import budget, date
from pel_tui.widgets.project_list import ProjectList
from pel_tui.widgets.tab_bar import TabBar
from pel_tui.widgets.title_bar import TitleBar


class ProjectPreview(VerticalScroll):
    """The selected project's public part, beside the list (below it on a narrow terminal)."""

    def __init__(self, first: ProjectSummary | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = first

    def compose(self) -> ComposeResult:
        yield Static(self.text(self.first), id="preview-body")

    def show(self, p: ProjectSummary | None) -> None:
        self.query_one("#preview-body", Static).update(self.text(p))

    def text(self, p: ProjectSummary | None) -> str:
        if p is None:
            return "[dim]No project selected.[/]"
        flags = []
        if p.urgent:
            flags.append("[b red]URGENT[/]")
        if p.consulted:
            flags.append("[green]consulted[/]")
        if p.my_offer:
            flags.append(f"[cyan]your offer: {p.my_offer}[/]")
        if p.hidden:
            flags.append("[dim]hidden[/]")
        if p.old:
            flags.append(f"[dim]older than {self.app.engine.policy.sink_after_days} days[/]")  # type: ignore[attr-defined]
        return (
            f"[b]#{p.id} {_escape(p.title)}[/]\n"
            f"{_escape(p.category)} · {budget(p.budget_min_cents, p.budget_max_cents)}\n"
            f"{_escape(p.city)} ({p.country}) · posted {date(p.created_at)}"
            + (f" · deadline {p.deadline}" if p.deadline else "")
            + f"\n{p.offers} offer(s) received\n"
            + (" ".join(flags) + "\n" if flags else "")
            + f"\n{_escape(p.summary)}\n\n[dim]enter: open the report[/]"
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class ProjectsScreen(PelScreen):
    """PR-3/PR-4: the available projects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: run as the key arrives, so the words typed right after it reach the box.
        Binding("slash", "search", "Search", id="projects.search", priority=True),
        Binding("enter", "open", "Open", id="projects.open", show=False),
        Binding("h", "hide", "Hide", id="projects.hide"),
        Binding("number_sign,colon", "jump", "Go to #", id="projects.jump"),
        Binding("n,right_square_bracket", "page(1)", "Next page", id="projects.next"),
        Binding("p,left_square_bracket", "page(-1)", "Prev page", id="projects.prev", show=False),
        Binding("f", "filters", "Filters", id="projects.filters"),
        Binding("u", "flip('urgent')", "Urgent", id="projects.urgent", show=False),
        Binding("c", "flip('consulted')", "Consulted", id="projects.consulted", show=False),
        Binding("H", "flip('hidden')", "Hidden", id="projects.hidden", show=False),
        Binding("o", "flip('order')", "Order", id="projects.order", show=False),
        Binding("x", "clear", "Clear", id="projects.clear", show=False),
        Binding("t", "next_tab", "Next tab", id="projects.tab", show=False),
        Binding("S", "save_tab", "Save tab", id="projects.save_tab", show=False),
        Binding("D", "delete_tab", "Delete tab", id="projects.delete_tab", show=False),
        Binding("j", "cursor(1)", "Down", id="projects.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="projects.up", show=False),
        Binding("g", "edge(0)", "Top", id="projects.top", show=False),
        Binding("G", "edge(1)", "Bottom", id="projects.bottom", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = Filter()
        self.tabs: dict[str, Filter] = {}
        self.page_offset = 0
        self.page: ProjectPage | None = None
        self.last_seen = 0
        self._ready = False
        self.first_page: ProjectPage | None = None
        self.shown_filter: Filter | None = None

    def compose(self) -> ComposeResult:
        """The first frame already shows the first page: the app read it before Textual started.

        Every text is given here, not in on_mount: a Static updated in on_mount paints blank in
        the first frame, and one frame later.
        """
        first, self.pel.opening = self.pel.opening, None
        page = None
        if first is not None:
            self.tabs, self.last_seen, page = dict(first.tabs), first.last_seen, first.page
            self.filter = self.tabs[MINE]
        self.first_page = page
        names = list(self.tabs) or [MINE, ALL]
        yield TitleBar()
        yield TabBar(names, id="filter-tabs")
        yield Input(self.filter.words, id="words", compact=True,
                    placeholder="/ search words (accents and case do not matter) · f: categories, budget…")
        yield Static(self._summary_text(), id="filter-summary")
        with Horizontal(id="projects-body"):
            yield ProjectList(id="project-table")
            yield ProjectPreview(page.projects[0] if page and page.projects else None, id="preview")
        yield Static(self._pager_text(page) if page else "", id="pager")
        yield Footer()

    LOAD_ON_MOUNT = False  # the first page comes with the app (see compose)

    #: Below this width the preview goes under the list.
    NARROW = 110

    def on_mount(self) -> None:
        self.query_one(ProjectList).focus()
        self._open()

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    def _open(self) -> None:
        self._ready = True
        if self.first_page is None:  # the opening was taken already: read the page
            self.reload()
        else:
            self.show_page(self.first_page)
            self.first_page = None

    def _sync_inputs(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one("#words", Input).value = self.filter.words

    async def load(self) -> None:
        if not self._ready:
            return
        page = await self.pel.db(self.filter.page, self.pel.mp, self.page_offset)
        self.show_page(page)

    def show_page(self, page: ProjectPage) -> None:
        # A new page starts at its top; the same page read again (after `h`, or coming back from a
        # report) keeps the cursor where it was.
        same = self.page is not None and self.page.offset == page.offset and self.shown_filter == self.filter
        self.page, self.shown_filter = page, self.filter
        self.query_one(ProjectList).show(page.projects, self.last_seen, keep_cursor=same)
        # One line each (app.tcss): no layout pass for them on every keystroke.
        self.query_one("#pager", Static).update(self._pager_text(page), layout=False)
        self.query_one("#filter-summary", Static).update(self._summary_text(), layout=False)
        if page.projects and self.page_offset == 0 and not self.filter.words:
            newest = max(p.id for p in page.projects)
            self.run_worker(functools.partial(self.pel.db, self.pel.mp.mark_seen, newest),  # type: ignore[arg-type]
                            group="seen")

    @staticmethod
    def _pager_text(page: ProjectPage) -> str:
        last = min(page.offset + page.limit, page.total)
        first = page.offset + 1 if page.total else 0
        return (f" {first}–{last} of {page.total:,} · page {page.offset // PAGE + 1}"
                "   [dim]n/p pages · / search · f filters · h hide · # go to id · ? help[/]")

    def _summary_text(self) -> str:
        return f" {self.filter.describe()}"

    def current(self) -> ProjectSummary | None:
        return self.query_one(ProjectList).current

    # -- events --------------------------------------------------------------------------------------

    @on(Input.Changed, "#words")
    def words_changed(self, event: Input.Changed) -> None:
        self.set_filter(words=event.value)

    @on(Input.Submitted, "#words")
    def words_submitted(self) -> None:
        self.set_focus(self.query_one(ProjectList))

    @on(TabBar.Changed, "#filter-tabs")
    def tab_activated(self, event: TabBar.Changed) -> None:
        name = event.name
        if name in self.tabs:
            self.filter = self.tabs[name]
            self.page_offset = 0
            self._sync_inputs()
            self.reload()

    @on(ProjectList.Highlighted)
    def row_highlighted(self, event: ProjectList.Highlighted) -> None:
        self.query_one(ProjectPreview).show(event.project)

    @on(ProjectList.Selected)
    def row_selected(self, event: ProjectList.Selected) -> None:
        self.action_open(event.project.id)

    def set_filter(self, **changes: Any) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self.page_offset = 0
        self.reload()

    # -- actions ----------------------------------------------------------------------------------------

    def action_search(self) -> None:
        # At once (Widget.focus defers): with the priority binding, "/react" typed in one burst
        # (a fast typist, a paste, a terminal multiplexer) lands in the box whole.
        self.set_focus(self.query_one("#words", Input))

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id == "words":
            self.set_focus(self.query_one(ProjectList))

    def action_cursor(self, delta: int) -> None:
        self.query_one(ProjectList).action_move(delta)

    def action_edge(self, end: int) -> None:
        self.query_one(ProjectList).action_edge(end)

    def action_open(self, project_id: int | None = None) -> None:
        from pel_tui.screens.report import ReportScreen

        pid = project_id or (p.id if (p := self.current()) else None)
        if pid is not None:
            self.app.push_screen(ReportScreen(pid))

    def action_page(self, delta: int) -> None:
        if self.page is None:
            return
        new = self.page_offset + delta * PAGE
        if 0 <= new < max(self.page.total, 1):
            self.page_offset = new
            self.reload()

    def action_flip(self, what: str) -> None:
        f = self.filter
        cycle: dict[str, tuple[str, Any]] = {
            "urgent": ("urgent", {None: True, True: False, False: None}[f.urgent]),
            "consulted": ("consulted", {None: True, True: False, False: None}[f.consulted]),
            "hidden": ("hidden", {False: True, True: None, None: False}[f.hidden]),
            "order": ("order", "relevance" if f.order == "newest" else "newest"),
        }
        key, value = cycle[what]
        self.set_filter(**{key: value})

    def action_clear(self) -> None:
        self.filter = Filter()
        self.page_offset = 0
        self._sync_inputs()
        self.reload()

    def action_next_tab(self) -> None:
        self.query_one(TabBar).next_tab()

    async def action_hide(self) -> None:
        p = self.current()
        if p is None:
            return
        if p.hidden:
            await self.pel.act(self.pel.mp.unhide, p.id, done=f"#{p.id} is back in your list")
        else:
            await self.pel.act(self.pel.mp.hide, p.id, done=f"#{p.id} hidden (H shows hidden projects)")
        self.reload()

    def action_jump(self) -> None:
        from pel_tui.widgets.dialogs import PromptDialog

        def go(value: str | None) -> None:
            if value and value.strip().lstrip("#").isdigit():
                self.action_open(int(value.strip().lstrip("#")))
            elif value:
                self.notify(f"{value!r} is not a project id (e.g. 48213)", severity="warning")

        self.app.push_screen(PromptDialog("Go to project #", "48213"), go)

    def action_filters(self) -> None:
        from pel_tui.widgets.filter_form import FilterForm

        def apply(f: Filter | None) -> None:
            if f is not None:
                self.filter = f
                self.page_offset = 0
                self._sync_inputs()
                self.reload()

        self.app.push_screen(FilterForm(self.filter), apply)

    # -- saved filters (tabs kept in config.toml) ------------------------------------------------------

    def action_save_tab(self) -> None:
        self.run_worker(self._save_tab(), group="action", exclusive=True)

    async def _save_tab(self) -> None:
        from pel_tui.widgets.dialogs import PromptDialog

        shown = self.query_one(TabBar).active_name
        suggestion = "" if shown in (MINE, ALL) else shown
        name = await self.app.push_screen_wait(PromptDialog(
            f"Save this filter as a tab ({self.filter.describe()}{', ' + repr(self.filter.words) if self.filter.words else ''})",
            "a short name, e.g. Django urgent", value=suggestion))
        name = (name or "").strip()
        if not name:
            return
        if name in (MINE, ALL):
            self.notify(f"{name!r} is a built-in tab: choose another name.", severity="warning")
            return
        await self._import_config()
        from pydantic import ValidationError

        from pel_tui.config import ConfigError, save_filter

        try:
            saved = self.filter.to_saved(name)
            await asyncio.to_thread(save_filter, saved)
        except ValidationError as e:
            self.notify(f"Not saved: {e.errors()[0]['msg']}.", severity="error")
            return
        except (ConfigError, OSError) as e:
            self.notify(f"Not saved: {e}. Fix the file, then save again.", title="Settings", severity="error",
                        timeout=10)
            return
        new = name not in self.tabs
        self.tabs[name] = self.filter
        self.query_one(TabBar).add_tab(name)  # shown as it is: nothing to read again
        from pel_tui.locations import config_path

        self.notify(f"Tab {name!r} {'saved' if new else 'updated'} in {config_path()}")

    @staticmethod
    async def _import_config() -> None:
        """Import the settings module in a thread: pydantic's first import takes ≈70 ms."""
        await asyncio.to_thread(importlib.import_module, "pel_tui.config")

    def action_delete_tab(self) -> None:
        self.run_worker(self._delete_tab(), group="action", exclusive=True)

    async def _delete_tab(self) -> None:
        from pel_tui.widgets.dialogs import ConfirmDialog

        name = self.query_one(TabBar).active_name
        if name in (MINE, ALL) or name not in self.tabs:
            self.notify(f"{name!r} is a built-in tab; only saved tabs (S) can be deleted.", severity="warning")
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                f"Delete the tab {name!r}?", [f"Its filter: {self.filter.describe()}.",
                                              "It is removed from config.toml too."], "Delete")):
            return
        await self._import_config()
        from pel_tui.config import ConfigError, delete_filter

        try:
            await asyncio.to_thread(delete_filter, name)
        except (ConfigError, OSError) as e:
            self.notify(f"Not deleted: {e}", title="Settings", severity="error", timeout=10)
            return
        del self.tabs[name]
        tabs = self.query_one(TabBar)
        tabs.remove_tab(name)
        tabs.action_activate(0)  # back to your preferences
        self.notify(f"Tab {name!r} deleted")
