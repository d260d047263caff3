"""Available projects: a paged list filtered in SQL, a preview beside it, saved filters as tabs."""

from __future__ import annotations

import asyncio
import functools
import importlib
from typing import Any, ClassVar

import msgspec
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from pel_tui.backend.models import ProjectPage, ProjectSummary
from pel_tui.filters import ALL, MINE, ORDERS, PAGE, Filter, order_label, tab_label
from pel_tui.i18n import N_, _, formats, ngettext
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import budget, date, deadline, state
from pel_tui.widgets.project_list import FLAGS, ProjectList
from pel_tui.widgets.tab_bar import TabBar
from pel_tui.widgets.title_bar import TitleBar

#: A heading clicked, and the order it sorts by.
HEADING_ORDER = {"posted": "newest", "#": "newest", "title": "relevance"}


class ProjectPreview(VerticalScroll, can_focus=False):
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
            return ('[dim]' + _('No project selected.') + '[/]')
        flags = []
        if p.urgent:
            flags.append('[b red]' + _('URGENT') + '[/]')
        if p.consulted:
            flags.append('[green]' + _('consulted') + '[/]')
        if p.my_offer:
            flags.append('[cyan]' + str(_escape(_('your offer: {state}').format(state=state(p.my_offer, 'offer')))) + '[/]')
        if p.hidden:
            flags.append('[dim]' + _('hidden') + '[/]')
        if p.old:
            days = self.app.engine.policy.sink_after_days  # type: ignore[attr-defined]
            flags.append('[dim]' + ngettext('older than {n} day', 'older than {n} days', days).format(n=days) + '[/]')
        offers = ngettext("{n} offer received", "{n} offers received", p.offers).format(n=formats.number(p.offers))
        posted = _("{city} ({country}) · posted {date}").format(
            city=_escape(p.city), country=p.country, date=date(p.created_at))
        deadline_ = _(" · deadline {date}").format(date=_escape(deadline(p.deadline))) if p.deadline else ""
        return (
            f"[b]#{p.id} {_escape(p.title)}[/]\n"
            f"{_escape(p.category)} · {budget(p.budget_min_cents, p.budget_max_cents)}\n"
            f"{posted}{deadline_}"
            + f"\n{offers}\n"
            + (" ".join(flags) + "\n" if flags else "")
            + (f'\n{_escape(p.summary)}\n\n[dim]' + _('enter: open the report') + '[/]')
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


class ProjectsScreen(PelScreen):
    """PR-3/PR-4: the available projects."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: run as the key arrives, so the words typed right after it reach the box.
        Binding("slash", "search", N_("Search"), id="projects.search", priority=True),
        Binding("enter", "open", N_("Open"), id="projects.open", show=False),
        Binding("h", "hide", N_("Hide"), id="projects.hide"),  # "Unhide" on a hidden project (`label`)
        Binding("number_sign", "jump", N_("Go to #"), id="projects.jump"),
        Binding("colon", "go_to_page", N_("Go to page"), id="projects.page", show=False),
        Binding("n,right_square_bracket", "page(1)", N_("Next page"), id="projects.next"),
        Binding("p,left_square_bracket", "page(-1)", N_("Prev page"), id="projects.prev", show=False),
        Binding("f", "filters", N_("Filters"), id="projects.filters"),
        # The flag filters take the flags' letters (U, C, H in the list's last column).
        Binding("U", "flip('urgent')", N_("Urgent"), id="projects.urgent", show=False),
        Binding("C", "flip('consulted')", N_("Consulted"), id="projects.consulted", show=False),
        Binding("H", "flip('hidden')", N_("Hidden"), id="projects.hidden", show=False),
        Binding("s", "sort", N_("Sort"), id="projects.sort", show=False),
        Binding("x", "clear", N_("Clear filters"), id="projects.clear", show=False),
        Binding("z", "undo", N_("Undo"), id="projects.undo", show=False),
        Binding("t", "next_tab(1)", N_("Next tab"), id="projects.tab", show=False),
        Binding("T", "next_tab(-1)", N_("Prev tab"), id="projects.prev_tab", show=False),
        Binding("S", "save_tab", N_("Save tab"), id="projects.save_tab", show=False),
        Binding("D", "delete_tab", N_("Delete tab"), id="projects.delete_tab", show=False),
        Binding("y", "copy", N_("Copy id"), id="projects.copy", show=False),
        Binding("j", "cursor(1)", N_("Down"), id="projects.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="projects.up", show=False),
        Binding("g", "edge(0)", N_("Top"), id="projects.top", show=False),
        Binding("G", "edge(1)", N_("Bottom"), id="projects.bottom", show=False),
    ]
    MAIN = "#project-table"

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
        #: What `z` brings back: (tab, filter, page offset) before `x` cleared them.
        self._undo: tuple[int, Filter, int] | None = None
        self._cursor_at_end = False  # `k` on the first row: the previous page opens on its last row
        self._empty_text = ""
        self._on_hidden = False

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
                    placeholder=_("/ search words (accents and case do not matter) · f: categories, budget…"))
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
        super().on_mount()
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

    # -- what the list shows -------------------------------------------------------------------------

    async def load(self) -> None:
        if not self._ready:
            return
        mp, f = self.pel.mp, self.filter

        def read() -> tuple[ProjectPage, str]:
            page = f.page(mp, self.page_offset)
            return page, self._why_empty(f, page) if page.total == 0 else ""

        page, self._empty_text = await self.pel.db(read)
        self.show_page(page)

    def _why_empty(self, f: Filter, page: ProjectPage) -> str:
        """An empty list says why, and what to do (in the worker: it may count the All tab)."""
        tab = tab_label(self.tab_name())
        words = _(" for “{words}”").format(words=f.words) if f.words else ""
        clear, search = self.key_for("projects.clear", "x"), self.key_for("projects.search", "slash")
        if f == Filter(words=f.words):  # no filter but the words: fewer words, then
            return _("No open project{words}. Try other words ({key}).").format(words=words, key=search)
        elsewhere = Filter(words=f.words).count(self.pel.mp)
        if not elsewhere:
            return _("0 in {tab}{words}, none in {all} either. Try other words ({key}).").format(
                tab=tab, words=words, all=tab_label(ALL), key=search)
        return ngettext("0 in {tab}{words}, {n} in {all}: {key} clears the filters.",
                        "0 in {tab}{words}, {n} in {all}: {key} clears the filters.", elsewhere).format(
            tab=tab, words=words, n=formats.number(elsewhere), all=tab_label(ALL), key=clear)

    def show_page(self, page: ProjectPage) -> None:
        # A new page starts at its top; the same page read again (after `h`, or coming back from a
        # report) keeps the cursor where it was.
        same = self.page is not None and self.page.offset == page.offset and self.shown_filter == self.filter
        self.page, self.shown_filter = page, self.filter
        at_end, self._cursor_at_end = self._cursor_at_end, False
        self.query_one(ProjectList).show(page.projects, self.last_seen, keep_cursor=same, at_end=at_end,
                                         empty_text=self._empty_text if not page.projects else "",
                                         sorted_by="posted" if self.filter.order == "newest" else "title")
        # One line each (app.tcss): no layout pass for them on every keystroke.
        self.query_one("#pager", Static).update(self._pager_text(page), layout=False)
        self.query_one("#filter-summary", Static).update(self._summary_text(), layout=False)
        tabs = self.query_one(TabBar)
        tabs.set_modified(self.tabs.get(tabs.active_name) not in (None, self.filter))
        if page.projects and self.page_offset == 0 and not self.filter.words:
            newest = max(p.id for p in page.projects)
            self.run_worker(functools.partial(self.pel.db, self.pel.mp.mark_seen, newest),  # type: ignore[arg-type]
                            group="seen")

    def _pager_text(self, page: ProjectPage) -> str:
        last = min(page.offset + page.limit, page.total)
        first = page.offset + 1 if page.total else 0
        pages = max(1, -(-page.total // PAGE))
        legend = " · ".join((f'{letter} ' + _(what)) for letter, what in FLAGS)
        keys = _("{next}/{prev} pages · {page} page N").format(
            next=self.key_for("projects.next", "n"), prev=self.key_for("projects.prev", "p"),
            page=self.key_for("projects.page", "colon"))
        where = _("{first}–{last} of {total} · page {page} of {pages}").format(
            first=formats.number(first), last=formats.number(last), total=formats.number(page.total),
            page=formats.number(page.offset // PAGE + 1), pages=formats.number(pages))
        return (f' {where}   [dim]' + _('flags: {legend} · {keys}').format(legend=legend, keys=keys) + '[/]')

    def _summary_text(self) -> str:
        return f" {self.filter.describe()}"

    def current(self) -> ProjectSummary | None:
        return self.query_one(ProjectList).current

    def tab_name(self) -> str:
        return self.query_one(TabBar).active_name

    def label(self, action: str, description: str) -> str:
        if action == "hide" and (p := self.current()) is not None and p.hidden:
            return _("Unhide")
        return description

    def applies(self, action: str) -> bool:
        if action.startswith("page("):
            p = self.page
            return p is None or (p.offset + PAGE < p.total if "-" not in action else p.offset > 0)
        return True

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
        hidden = event.project is not None and event.project.hidden
        if hidden != self._on_hidden:  # Hide or Unhide in the key bar
            self._on_hidden = hidden
            self.refresh_bindings()

    @on(ProjectList.Selected)
    def row_selected(self, event: ProjectList.Selected) -> None:
        self.action_open(event.project.id)

    @on(ProjectList.Edge)
    def past_the_edge(self, event: ProjectList.Edge) -> None:
        """`j` on the last row goes on to the next page; `k` on the first, back to the previous one."""
        if event.direction < 0 and self.page_offset > 0:
            self._cursor_at_end = True
        self.action_page(event.direction)

    @on(ProjectList.HeadingClicked)
    def heading_clicked(self, event: ProjectList.HeadingClicked) -> None:
        order = HEADING_ORDER.get(event.column)
        if order is None:
            self.notify(_("The list sorts by {orders}: click “{posted}” or “{title}”, or press {key}.").format(
                orders=_(" or ").join(order_label(o) for o in ORDERS), posted=_("posted"), title=_("title"),
                key=self.key_for("projects.sort", "s")), severity="information")
        elif order != self.filter.order:
            self.set_filter(order=order)
            self.notify(_("Sorted by {order}").format(order=order_label(order)), timeout=3)

    def set_filter(self, **changes: Any) -> None:
        self.filter = msgspec.structs.replace(self.filter, **changes)
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
        else:
            self._cursor_at_end = False

    def action_go_to_page(self) -> None:
        from pel_tui.widgets.dialogs import PromptDialog, whole_number

        pages = max(1, -(-(self.page.total if self.page else 0) // PAGE))

        def go(value: str | None) -> None:
            if value:
                self.page_offset = (int(value) - 1) * PAGE
                self.reload()

        self.app.push_screen(PromptDialog(_("Go to page (1 to {pages})").format(pages=formats.number(pages)),
                                          str(pages), check=whole_number(1, pages, _("pages"))), go)

    def action_flip(self, what: str) -> None:
        f = self.filter
        cycle: dict[str, tuple[str, Any]] = {
            "urgent": ("urgent", {None: True, True: False, False: None}[f.urgent]),
            "consulted": ("consulted", {None: True, True: False, False: None}[f.consulted]),
            "hidden": ("hidden", {False: True, True: None, None: False}[f.hidden]),
        }
        key, value = cycle[what]
        self.set_filter(**{key: value})

    def action_sort(self) -> None:
        orders = list(ORDERS)
        order = orders[(orders.index(self.filter.order) + 1) % len(orders)]
        self.set_filter(order=order)
        self.notify(_("Sorted by {order}").format(order=order_label(order)), timeout=3)

    def action_clear(self) -> None:
        """Every filter off: the All tab, with `z` to come back (the tab's own filter is never lost)."""
        tabs = self.query_one(TabBar)
        if self.filter == Filter():
            self.notify(_("No filter to clear: the list shows every open project."), severity="information")
            return
        self._undo = (tabs.active, self.filter, self.page_offset)
        undo = self.key_for("projects.undo", "z")
        shown = tab_label(tabs.active_name)
        self.tabs.setdefault(ALL, Filter())
        if ALL not in tabs.names:
            tabs.names.insert(1, ALL)
        tabs.action_activate(tabs.names.index(ALL))  # through tab_activated: the list follows
        self.notify(_("Filters cleared: every open project ({all}). The filter of {tab} is kept; {key} undoes.")
                    .format(all=tab_label(ALL), tab=shown, key=undo), timeout=6)

    def action_undo(self) -> None:
        if self._undo is None:
            self.notify(_("Nothing to undo."), severity="information")
            return
        (tab, f, offset), self._undo = self._undo, None
        tabs = self.query_one(TabBar)
        with self.prevent(TabBar.Changed):
            tabs.action_activate(min(tab, len(tabs.names) - 1))
        self.filter, self.page_offset = f, offset
        self._sync_inputs()
        self.reload()
        self.notify(_("Filters back as they were."), timeout=3)

    def action_next_tab(self, step: int = 1) -> None:
        self.query_one(TabBar).next_tab(step)

    def action_copy(self) -> None:
        p = self.current()
        if p is not None:
            self.app.copy_to_clipboard(f"#{p.id}")
            self.notify(_("Copied #{id}").format(id=p.id), timeout=2)

    async def action_hide(self) -> None:
        p = self.current()
        if p is None:
            return
        if p.hidden:
            await self.pel.act(self.pel.mp.unhide, p.id, done=_("#{id} is back in your list").format(id=p.id))
        else:
            key = self.key_for("projects.hidden", "H")
            await self.pel.act(self.pel.mp.hide, p.id,
                               done=_("#{id} hidden ({key} shows hidden projects)").format(id=p.id, key=key))
        self.reload()

    def action_jump(self) -> None:
        from pel_tui.widgets.dialogs import PromptDialog

        def check(value: str) -> str | None:
            return None if value.lstrip("#").isdigit() else _("“{value}” is not a project id (e.g. 48213)").format(
                value=value)

        def go(value: str | None) -> None:
            if value:
                self.action_open(int(value.lstrip("#")))

        self.app.push_screen(PromptDialog(_("Go to project #"), "48213", check=check), go)

    def action_filters(self) -> None:
        from pel_tui.widgets.filter_form import open_filter_form

        def apply(f: Filter | None) -> None:
            if f is not None:
                self.filter = f
                self.page_offset = 0
                self._sync_inputs()
                self.reload()

        open_filter_form(self.app, self.filter, apply)

    # -- saved filters (tabs kept in config.toml) ------------------------------------------------------

    def action_save_tab(self) -> None:
        self.run_worker(self._save_tab(), group="action", exclusive=True)

    async def _save_tab(self) -> None:
        from pel_tui.widgets.dialogs import PromptDialog

        shown = self.tab_name()
        suggestion = "" if shown in (MINE, ALL) else shown

        def check(name: str) -> str | None:
            if name in (MINE, ALL, tab_label(MINE), tab_label(ALL)):
                return _("“{name}” is a built-in tab: choose another name.").format(name=name)
            if len(name) > 30:
                return ngettext("At most 30 characters ({n} typed).", "At most 30 characters ({n} typed).",
                                len(name)).format(n=len(name))
            return None

        words = f", “{self.filter.words}”" if self.filter.words else ""
        name = await self.app.push_screen_wait(PromptDialog(
            _("Save this filter as a tab ({filter})").format(filter=f"{self.filter.describe()}{words}"),
            _("a short name, e.g. Django urgent"), value=suggestion, check=check))
        name = (name or "").strip()
        if not name:
            return
        await self._import_config()
        from pydantic import ValidationError

        from pel_tui.config import ConfigError, save_filter

        try:
            saved = self.filter.to_saved(name)
            await asyncio.to_thread(save_filter, saved)
        except ValidationError as e:
            self.notify(_("Not saved: {reason}.").format(reason=e.errors()[0]["msg"]), severity="error")
            return
        except (ConfigError, OSError) as e:
            self.notify(_("Not saved: {reason}. Fix the file, then save again.").format(reason=e),
                        title=_("Settings"), severity="error", timeout=10)
            return
        new = name not in self.tabs
        self.tabs[name] = self.filter
        self.query_one(TabBar).add_tab(name)  # shown as it is: nothing to read again
        from pel_tui.locations import config_path

        said = _("Tab “{name}” saved in {file}") if new else _("Tab “{name}” updated in {file}")
        self.notify(said.format(name=name, file=config_path()))

    @staticmethod
    async def _import_config() -> None:
        """Import the settings module in a thread: pydantic's first import takes ≈70 ms."""
        await asyncio.to_thread(importlib.import_module, "pel_tui.config")

    def action_delete_tab(self) -> None:
        self.run_worker(self._delete_tab(), group="action", exclusive=True)

    async def _delete_tab(self) -> None:
        from pel_tui.widgets.dialogs import ConfirmDialog

        name = self.tab_name()
        if name in (MINE, ALL) or name not in self.tabs:
            save = self.key_for("projects.save_tab", "S")
            self.notify(_("“{name}” is a built-in tab; only saved tabs ({key}) can be deleted.").format(
                name=tab_label(name), key=save), severity="warning")
            return
        if not await self.app.push_screen_wait(ConfirmDialog(
                _("Delete the tab “{name}”?").format(name=name),
                [_("Its filter: {filter}.").format(filter=self.tabs[name].describe()),
                 _("It is removed from config.toml too.")], _("Delete"), _("Keep it"))):
            return
        await self._import_config()
        from pel_tui.config import ConfigError, delete_filter

        try:
            await asyncio.to_thread(delete_filter, name)
        except (ConfigError, OSError) as e:
            self.notify(_("Not deleted: {reason}").format(reason=e), title=_("Settings"), severity="error", timeout=10)
            return
        del self.tabs[name]
        tabs = self.query_one(TabBar)
        tabs.remove_tab(name)
        tabs.action_activate(0)  # back to your preferences
        self.notify(_("Tab “{name}” deleted").format(name=name))
