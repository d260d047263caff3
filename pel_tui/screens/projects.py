"""Available projects: a paged list filtered in SQL, a preview beside it, saved filters as tabs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Header, Input, Select, Static, Tab, Tabs

from pel_tui.backend.models import ProjectPage, ProjectSummary
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.format import budget, date

PAGE = 50
CATEGORIES = (
    "Développement web", "Application mobile", "Graphisme & design", "Rédaction", "Marketing digital",
    "Traduction", "Vidéo & animation", "Data & IA", "SEO", "Administratif",
)


@dataclass(frozen=True)
class Filter:
    """What the list asks the engine for (PR-4); a saved filter is one of these with a name."""

    words: str = ""
    categories: tuple[str, ...] = ()
    budget_min_cents: int | None = None
    budget_max_cents: int | None = None
    countries: tuple[str, ...] = ()
    urgent: bool | None = None
    since_days: int | None = None
    max_offers: int | None = None
    consulted: bool | None = None
    hidden: bool | None = False
    order: Literal["newest", "relevance"] = "newest"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def describe(self) -> str:
        parts = []
        if self.categories:
            parts.append(" / ".join(self.categories))
        lo, hi = self.budget_min_cents, self.budget_max_cents
        if lo is not None and hi is not None:
            parts.append(f"budget {lo // 100}–{hi // 100} €")
        elif lo is not None:
            parts.append(f"budget ≥ {lo // 100} €")
        elif hi is not None:
            parts.append(f"budget ≤ {hi // 100} €")
        if self.countries:
            parts.append(",".join(self.countries))
        if self.urgent is not None:
            parts.append("urgent" if self.urgent else "not urgent")
        if self.since_days:
            parts.append(f"last {self.since_days} d")
        if self.max_offers is not None:
            parts.append(f"≤ {self.max_offers} offers")
        if self.consulted is not None:
            parts.append("consulted" if self.consulted else "not consulted")
        if self.hidden is None:
            parts.append("with hidden")
        elif self.hidden:
            parts.append("hidden only")
        if self.order == "relevance":
            parts.append("by relevance")
        return " · ".join(parts) or "no filter"


def preferences_filter(prefs: dict[str, Any]) -> Filter:
    """PF-1: the provider's preferences as the default filter."""
    return Filter(
        words=" ".join(prefs.get("keywords", [])),
        categories=tuple(prefs.get("categories", [])),
        budget_min_cents=prefs.get("min_budget_cents"),
        countries=tuple(prefs.get("countries", [])),
    )


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
        self.rows: dict[int, ProjectSummary] = {}
        self.last_seen = 0
        self.title_width = 30
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(id="filter-tabs")
        with Horizontal(id="filter-bar"):
            yield Input(placeholder="/ search words (accents and case do not matter)", id="words")
            yield Select([(c, c) for c in CATEGORIES], prompt="All categories", id="category", allow_blank=True)
        yield Static("", id="filter-summary")
        with Horizontal(id="projects-body"):
            table: DataTable[str] = DataTable(id="project-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield ProjectPreview(id="preview")
        yield Static("", id="pager")
        yield Footer()

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
        self._columns(table)
        table.focus()
        self.setup()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 110, "-narrow")
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The title column takes what the other columns leave (re-rendered from memory)."""
        table = self.query_one("#project-table", DataTable)
        width = max(12, table.size.width - self.FIXED_COLUMNS - 3)
        if width != self.title_width:
            self.title_width = width
            if self.page is not None:
                self.show_page(self.page)

    @work(group="setup")
    async def setup(self) -> None:
        from pel_tui.config import load_config

        prefs, self.last_seen, config = await self.pel.db(
            lambda: (self.pel.mp.preferences(), self.pel.mp.last_seen_project(), load_config())
        )
        self.tabs = {"Mine": preferences_filter(prefs), "All": Filter()}
        for saved in config.saved_filters:
            self.tabs[saved.name] = Filter(
                words=saved.words, categories=tuple(saved.categories),
                budget_min_cents=None if saved.budget_min is None else saved.budget_min * 100,
                urgent=saved.urgent, max_offers=saved.max_offers,
            )
        tabs = self.query_one("#filter-tabs", Tabs)
        for i, name in enumerate(self.tabs):
            await tabs.add_tab(Tab(name, id=f"tab-{i}"))
        self.filter = self.tabs["Mine"]
        self._sync_inputs()
        self._ready = True
        self.reload()

    def _sync_inputs(self) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#words", Input).value = self.filter.words
            category = self.query_one("#category", Select)
            cats = self.filter.categories
            if len(cats) == 1 and cats[0] in CATEGORIES:
                category.value = cats[0]
            else:
                category.clear()

    async def load(self) -> None:
        if not self._ready:
            return
        f = self.filter
        now = self.pel.engine.now()
        page = await self.pel.db(
            self.pel.mp.projects, f.words or None, categories=f.categories,
            budget_min_cents=f.budget_min_cents, budget_max_cents=f.budget_max_cents, countries=f.countries,
            urgent=f.urgent, posted_since=None if f.since_days is None else now - f.since_days * 86_400,
            max_offers=f.max_offers, consulted=f.consulted, hidden=f.hidden, order=f.order,
            offset=self.page_offset, limit=PAGE,
        )
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

    @on(Select.Changed, "#category")
    def category_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.set_filter(categories=() if value is Select.BLANK else (str(value),))

    @on(Tabs.TabActivated, "#filter-tabs")
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        if not self.tabs or event.tab is None:
            return
        name = str(event.tab.label)
        if name in self.tabs:
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
