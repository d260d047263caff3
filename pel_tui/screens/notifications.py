"""Notifications (NO-1): newest first, unread marked, the selected one's text beside the list."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from pel_tui.backend.models import Notification
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import when
from pel_tui.widgets.title_bar import TitleBar

LIMIT = 200
#: Widths of every column but the title (unread mark, time, kind), with their padding.
FIXED_COLUMNS = (1 + 16 + 17) + 2 * 4
#: Below this width the text goes under the list instead of beside it.
WIDE = 140


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")


class NotificationsScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open project", id="notifications.open", show=False),
        Binding("m", "mark", "Mark read", id="notifications.mark"),
        Binding("M", "mark_all", "All read", id="notifications.mark_all"),
        Binding("j", "cursor(1)", "Down", id="notifications.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="notifications.up", show=False),
        Binding("g", "edge(0)", "Top", id="notifications.top", show=False),
        Binding("G", "edge(1)", "Bottom", id="notifications.bottom", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Notification] = []
        self.title_width = 30
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading…", id="notif-count")
        with Horizontal(id="notif-body"):
            table: DataTable[str] = DataTable(id="notif-table", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="notif-detail"):
                yield Static("", id="notif-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notif-table", DataTable).focus()
        super().on_mount()

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "-narrow")
        self._fit()

    def _fit(self) -> None:
        # From the screen's width: the table's own size lags one layout behind a change of class.
        table_width = self.size.width if self.size.width < WIDE else self.size.width * 3 // 5
        width = max(12, table_width - FIXED_COLUMNS - 2)
        if width != self.title_width:
            self.title_width = width
            self.show_list()

    async def load(self) -> None:
        self.items = await self.pel.db(self.pel.mp.notifications, limit=LIMIT)
        self.loaded = True
        self.show_list()

    def show_list(self) -> None:
        table = self.query_one("#notif-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("", "unread", 1), ("time", "time", 16), ("kind", "kind", 17),
                                  ("title", "title", self.title_width)):
            table.add_column(label, key=key, width=width)
        for n in self.items:
            title = self.pel.notice(n)[0]
            title = title if len(title) <= self.title_width else title[: self.title_width - 1] + "…"
            title = escape(title) if n.read else f"[b]{escape(title)}[/]"
            table.add_row("" if n.read else "[b cyan]●[/]", when(n.at), kind_label(n.kind)[:17], title,
                          key=str(n.id))
        if self.items:
            table.move_cursor(row=min(max(keep, 0), len(self.items) - 1))
        if self.loaded:
            unread = sum(not n.read for n in self.items)
            self.query_one("#notif-count", Static).update(
                f" {len(self.items)} notification(s), [b]{unread} unread[/]"
                + (f" [dim](the {LIMIT} newest)[/]" if len(self.items) >= LIMIT else "")
                if self.items else " No notification yet."
            )
        self.show_detail()

    def current(self) -> Notification | None:
        table = self.query_one("#notif-table", DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return next((n for n in self.items if str(n.id) == key), None)

    def show_detail(self) -> None:
        text = self.query_one("#notif-text", Static)
        n = self.current()
        if n is None:
            text.update("[dim]No notification selected.[/]")
            return
        title, body = self.pel.notice(n)
        lines = [f"[b]{escape(title)}[/]",
                 f"[dim]{when(n.at)} · {kind_label(n.kind)} · {'read' if n.read else 'unread'}[/]", "",
                 escape(body)]
        if n.project_id is not None:
            lines += ["", f"[dim]enter: open the report of #{n.project_id}[/]"]
        if not n.read:
            lines.append("[dim]m: mark read · M: mark all read[/]")
        text.update("\n".join(lines))

    @on(DataTable.RowHighlighted, "#notif-table")
    def row_highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#notif-table")
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from pel_tui.screens.report import ReportScreen

        n = self.current()
        if n is None:
            return
        if n.project_id is None:
            self.notify("This notification is not about a project; its text is beside the list.",
                        severity="information")
            return
        self.app.push_screen(ReportScreen(n.project_id))

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#notif-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        table = self.query_one("#notif-table", DataTable)
        table.move_cursor(row=(table.row_count - 1) if end else 0)

    def action_mark(self) -> None:
        n = self.current()
        if n is None or n.read:
            return
        self.run_worker(self._mark([n.id]), group="notifications-mark")

    def action_mark_all(self) -> None:
        if any(not n.read for n in self.items):
            self.run_worker(self._mark(None), group="notifications-mark")

    async def _mark(self, ids: list[int] | None) -> None:
        res = await self.pel.act(self.pel.mp.mark_read, ids)
        if res is None:
            return
        if ids is None:
            self.notify(f"{res['marked']} notification(s) marked read.", timeout=3)
        self.pel.refresh_unread()
        await self.load()
        if ids is not None:
            self.action_cursor(1)  # on to the next one, as a mail reader does
