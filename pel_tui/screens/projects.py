"""Available projects: a paged list filtered in SQL, a preview beside it, saved filters as tabs."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Input, Static, Tab, Tabs

from pel_tui.backend.models import ProjectPage, ProjectSummary
from pel_tui.filters import ALL, MINE, PAGE, Filter
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import budget, date


class ProjectPreview(VerticalScroll):
    """The selected project's public part, beside the list (below it on a narrow terminal)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-body")

    def show(self, p: ProjectSummary | None) -> None:
        body = self.query_one("#preview-body", Static)
        if p is None:
            body.update("[dim]No project selected.[/]")
            return
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
            flags.append("[dim]older than 30 days[/]")
        body.update(
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
        Binding("slash", "search", "Search", id="projects.search"),
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
        self.tab_name = MINE
        self.page_offset = 0
        self.page: ProjectPage | None = None
        self.rows: dict[int, ProjectSummary] = {}
        self.last_seen = 0
        self.title_width = 30
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        first = self.pel.opening
        names = list(first.tabs) if first else [MINE, ALL]
        yield Tabs(*[Tab(Content(name), id=f"tab-{i}") for i, name in enumerate(names)], id="filter-tabs")
        yield Input(placeholder="/ search words (accents and case do not matter) · f: categories, budget…",
                    id="words", compact=True)
        yield Static("", id="filter-summary")
        with Horizontal(id="projects-body"):
            table: DataTable[str] = DataTable(id="project-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield ProjectPreview(id="preview")
        yield Static("", id="pager")
        yield Footer()

    LOAD_ON_MOUNT = False  # the first page comes with the app (`_open`)

    #: Widths of every column but the title, with their padding.
    FIXED_COLUMNS = (1 + 7 + 10 + 15 + 6 + 4) + 2 * 6

    def _columns(self, table: DataTable[str]) -> None:
        table.clear(columns=True)
        table.add_column("", key="new", width=1)
        table.add_column("#", key="id", width=7)
        table.add_column("posted", key="posted", width=10)
        table.add_column("title", key="title", width=self.title_width)
        table.add_column("budget", key="budget", width=15)
        table.add_column("offers", key="offers", width=6)
        table.add_column("", key="flags", width=4)

    def on_mount(self) -> None:
        table = self.query_one("#project-table", DataTable)
        self.title_width = self._title_width(self.app.size.width)
        self._columns(table)
        table.focus()
        self._open()

    def _title_width(self, screen_width: int) -> int:
        """What the title column gets once the list has its width (2/3 of the screen, or all of it)."""
        wide = screen_width >= self.NARROW
        table = screen_width - max(30, round(screen_width / 3)) if wide else screen_width
        return max(12, table - self.FIXED_COLUMNS - 3)

    #: Below this width the preview goes under the list.
    NARROW = 110

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The title column takes what the other columns leave (re-rendered from memory)."""
        table = self.query_one("#project-table", DataTable)
        width = max(12, table.size.width - self.FIXED_COLUMNS - 3)
        self.log(f"title width {width}, estimated {self._title_width(self.size.width)}")
        if width != self.title_width:
            self.title_width = width
            if self.page is not None:
                self.show_page(self.page)

    def _open(self) -> None:
        """The first frame shows the first page: the app read it before Textual started."""
        first = self.pel.opening
        if first is None:  # shown a second time (a mode is made once): read again
            self._ready = True
            self.reload()
            return
        self.pel.opening = None
        self.tabs = dict(first.tabs)
        self.last_seen = first.last_seen
        self.filter = self.tabs[MINE]
        self.tab_name = MINE
        self._sync_inputs()
        self._ready = True
        self.show_page(first.page)

    def _sync_inputs(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one("#words", Input).value = self.filter.words

    async def load(self) -> None:
        if not self._ready:
            return
        page = await self.pel.db(self.filter.page, self.pel.mp, self.page_offset)
        self.show_page(page)

    def show_page(self, page: ProjectPage) -> None:
        self.page = page
        table = self.query_one("#project-table", DataTable)
        keep = table.cursor_row
        self._columns(table)
        self.rows = {p.id: p for p in page.projects}
        for p in page.projects:
            flags = ("U" if p.urgent else "") + ("C" if p.consulted else "") + ("O" if p.my_offer else "")
            title = p.title if not p.old else f"[dim]{_escape(p.title)}[/]"
            table.add_row(
                "●" if p.id > self.last_seen and self.last_seen else "", f"{p.id}", date(p.created_at),
                title, budget(p.budget_min_cents, p.budget_max_cents), str(p.offers), flags, key=str(p.id),
            )
        if page.projects:
            table.move_cursor(row=min(keep, len(page.projects) - 1))
        last = min(page.offset + page.limit, page.total)
        first = page.offset + 1 if page.total else 0
        self.query_one("#pager", Static).update(
            f" {first}–{last} of {page.total:,} · page {page.offset // PAGE + 1}"
            "   [dim]n/p pages · / search · f filters · h hide · # go to id · ? help[/]"
        )
        self.query_one("#filter-summary", Static).update(f" {self.filter.describe()}")
        self.query_one(ProjectPreview).show(self.current())
        if page.projects and self.page_offset == 0 and not self.filter.words:
            newest = max(p.id for p in page.projects)
            self.run_worker(self.pel.db(self.pel.mp.mark_seen, newest), group="seen")

    def current(self) -> ProjectSummary | None:
        table = self.query_one("#project-table", DataTable)
        if not self.rows or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return self.rows.get(int(key or 0))

    # -- events --------------------------------------------------------------------------------------

    @on(Input.Changed, "#words")
    def words_changed(self, event: Input.Changed) -> None:
        self.set_filter(words=event.value)

    @on(Input.Submitted, "#words")
    def words_submitted(self) -> None:
        self.query_one("#project-table").focus()

    @on(Tabs.TabActivated, "#filter-tabs")
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        if not self.tabs or event.tab is None:
            return
        name = str(event.tab.label)
        if name in self.tabs:
            if name == self.tab_name and self.filter == self.tabs[name]:
                return  # the tab shown at start, or one coming back unchanged: nothing to read
            self.tab_name = name
            self.filter = self.tabs[name]
            self.page_offset = 0
            self._sync_inputs()
            self.reload()

    @on(DataTable.RowHighlighted, "#project-table")
    def row_highlighted(self) -> None:
        self.query_one(ProjectPreview).show(self.current())

    @on(DataTable.RowSelected, "#project-table")
    def row_selected(self) -> None:
        self.action_open()

    def set_filter(self, **changes: Any) -> None:
        self.filter = dataclasses.replace(self.filter, **changes)
        self.page_offset = 0
        self.reload()

    # -- actions ----------------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#words", Input).focus()

    def action_back(self) -> None:
        if self.focused is not None and self.focused.id == "words":
            self.query_one("#project-table").focus()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#project-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        table = self.query_one("#project-table", DataTable)
        table.move_cursor(row=(table.row_count - 1) if end else 0)

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
        self.query_one("#filter-tabs", Tabs).action_next_tab()

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

        suggestion = "" if self.tab_name in (MINE, ALL) else self.tab_name
        name = await self.app.push_screen_wait(PromptDialog(
            f"Save this filter as a tab ({self.filter.describe()}{', ' + repr(self.filter.words) if self.filter.words else ''})",
            "a short name, e.g. Django urgent", value=suggestion))
        name = (name or "").strip()
        if not name:
            return
        if name in (MINE, ALL):
            self.notify(f"{name!r} is a built-in tab: choose another name.", severity="warning")
            return
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
        tabs = self.query_one("#filter-tabs", Tabs)
        new = name not in self.tabs
        self.tabs[name] = self.filter
        self.tab_name = name
        if new:
            await tabs.add_tab(Tab(Content(name), id=f"tab-{len(self.tabs) - 1}"))
        tab = next(t for t in tabs.query(Tab) if str(t.label) == name)
        tabs.active = tab.id or ""
        from pel_tui.locations import config_path

        self.notify(f"Tab {name!r} {'saved' if new else 'updated'} in {config_path()}")

    def action_delete_tab(self) -> None:
        self.run_worker(self._delete_tab(), group="action", exclusive=True)

    async def _delete_tab(self) -> None:
        from pel_tui.widgets.dialogs import ConfirmDialog

        name = self.tab_name
        if name in (MINE, ALL) or name not in self.tabs:
            self.notify(f"{name!r} is a built-in tab; only saved tabs (S) can be deleted.", severity="warning")
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                f"Delete the tab {name!r}?", [f"Its filter: {self.filter.describe()}.",
                                              "It is removed from config.toml too."], "Delete")):
            return
        from pel_tui.config import ConfigError, delete_filter

        try:
            await asyncio.to_thread(delete_filter, name)
        except (ConfigError, OSError) as e:
            self.notify(f"Not deleted: {e}", title="Settings", severity="error", timeout=10)
            return
        tabs = self.query_one("#filter-tabs", Tabs)
        tab = next(t for t in tabs.query(Tab) if str(t.label) == name)
        del self.tabs[name]
        await tabs.remove_tab(tab)
        tabs.active = next(t.id for t in tabs.query(Tab) if str(t.label) == MINE) or ""
        self.notify(f"Tab {name!r} deleted")
