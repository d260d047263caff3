"""Credits (CR): the balances per kind, what expires next, the whole ledger (CR-7), spending per week."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Digits, Sparkline, Static

from pel_tui.backend.clock import to_datetime
from pel_tui.backend.models import Credits, LedgerEntry
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, when
from pel_tui.widgets.title_bar import TitleBar

KINDS = ("consultation", "offer", "contact")
KIND_USE = {
    "consultation": "unlocks a project's report",
    "offer": "make an offer, write to the client",
    "contact": "reveal the client's details",
}
WEEKS = 16
#: Widths of every ledger column but the reason (time, kind, entry, delta, project), with their padding.
FIXED_COLUMNS = (16 + 12 + 10 + 5 + 7) + 2 * 6
WEEK = timedelta(days=7)
FROZEN_HELP = {
    "suspended": "your subscription is suspended; resume it on the subscription screen (4, then r)",
    "payment_incident": "a payment incident is open; settle it on the subscription screen (4, then $)",
    "ended": "your subscription has ended; subscribe again on the subscription screen (4, then P)",
    "none": "you have no subscription; subscribe on the subscription screen (4, then P)",
}


def weekly_counts(times: Iterable[datetime], end: datetime, weeks: int = WEEKS) -> list[int]:
    """How many of `times` fall in each of the `weeks` weeks up to `end`, oldest week first."""
    counts = [0] * weeks
    for t in times:
        if t > end:
            continue
        back = (end - t) // WEEK
        if back < weeks:
            counts[weeks - 1 - back] += 1
    return counts


def plot_end(now: datetime, times: Iterable[datetime]) -> datetime:
    """Where a weekly plot ends: now, or the newest entry if the store is ahead of the clock."""
    return max([now, *times])


class CreditsScreen(PelScreen):
    """CR-4..CR-7: what the provider holds, when it expires, and every entry of the ledger."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open project", id="credits.open", show=False),
        Binding("j", "cursor(1)", "Down", id="credits.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="credits.up", show=False),
        Binding("g", "edge(0)", "Top", id="credits.top", show=False),
        Binding("G", "edge(1)", "Bottom", id="credits.bottom", show=False),
        Binding("e", "export", "Export CSV", id="credits.export"),
    ]
    MAIN = "#ledger-table"

    def __init__(self) -> None:
        super().__init__()
        self.credits: Credits | None = None
        self.ledger: list[LedgerEntry] = []
        self.reason_width = 24

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="credit-balances"):
            for kind in KINDS:
                with Vertical(classes="credit-card", id=f"card-{kind}") as card:
                    card.border_title = kind
                    card.border_subtitle = KIND_USE[kind]
                    yield Digits("-", id=f"balance-{kind}")
        yield Static("Loading…", id="credit-status")
        with Horizontal(id="credit-middle"):
            yield Static("", id="credit-expiries")
            with Vertical(id="credit-plot"):
                yield Static("", id="credit-plot-title")
                yield Sparkline([], id="credit-sparkline")
                yield Static("", id="credit-plot-axis")
        table: DataTable[str] = DataTable(id="ledger-table", cursor_type="row", zebra_stripes=True)
        yield table

        yield Footer()

    def on_resize(self) -> None:
        # The reason column takes what the others leave (from the screen's width: the table spans it).
        width = max(12, self.size.width - FIXED_COLUMNS - 2)
        if width != self.reason_width:
            self.reason_width = width
            self.show_ledger()

    async def load(self) -> None:
        c = await self.pel.db(self.pel.mp.credits)
        now = to_datetime(self.pel.engine.now())
        self.credits, self.ledger = c, c.ledger
        for kind in KINDS:
            self.query_one(f"#balance-{kind}", Digits).update(str(c.balances.get(kind, 0)))
            self.query_one(f"#card-{kind}").set_class(c.balances.get(kind, 0) == 0, "-empty")
        status = self.query_one("#credit-status", Static)
        status.set_class(not c.spendable, "-frozen")
        if c.spendable:
            status.update(" Credits can be spent: at most one of each kind per project.")
        else:
            reason = c.frozen_reason or "none"
            status.update(f" [b]Frozen ({reason.replace('_', ' ')})[/]: credits cannot be spent; "
                          f"{FROZEN_HELP.get(reason, 'see the subscription screen (4)')}.")
        self.show_expiries(c)
        self.show_plot(c, now)
        self.show_ledger()

    def show_expiries(self, c: Credits) -> None:
        lines = ["[b]Next expiries[/] [dim](soonest spent first)[/]"]
        for lot in c.next_expiries[:4]:
            lines.append(f"{date(lot.expires_at)}{lot.remaining:>5} {lot.kind:<12} [dim]{lot.source}[/]")
        if not c.next_expiries:
            lines.append("[dim]no credit held[/]")
        elif len(c.next_expiries) > 4:
            lines.append(f"[dim]… and {len(c.next_expiries) - 4} more lot(s)[/]")
        self.query_one("#credit-expiries", Static).update("\n".join(lines))

    def show_plot(self, c: Credits, now: datetime) -> None:
        debits = [e.at for e in c.ledger if e.entry_type == "debit"]
        end = plot_end(now, debits)
        counts = weekly_counts(debits, end)
        spark = self.query_one("#credit-sparkline", Sparkline)
        spark.data = [float(n) for n in counts]
        self.query_one("#credit-plot-title", Static).update(
            f"[b]Spent per week[/] total {sum(counts)} · max {max(counts)} [dim]({WEEKS} weeks)[/]"
        )
        start = end - WEEKS * WEEK
        self.query_one("#credit-plot-axis", Static).update(f"[dim]{date(start)}[/] … [dim]{date(end)}[/]")

    def show_ledger(self) -> None:
        table = self.query_one("#ledger-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("time", "time", 16), ("kind", "kind", 12), ("entry", "entry", 10),
                                  ("delta", "delta", 5), ("project", "project", 7),
                                  ("reason", "reason", self.reason_width)):
            table.add_column(label, key=key, width=width)
        for e in self.ledger:
            delta = f"[green]+{e.delta}[/]" if e.delta > 0 else f"[red]{e.delta}[/]"
            table.add_row(
                when(e.at), e.kind, e.entry_type, delta, f"#{e.project_id}" if e.project_id else "",
                escape(e.reason), key=str(e.id),
            )
        if self.ledger:
            table.move_cursor(row=min(max(keep, 0), len(self.ledger) - 1))
        if self.credits is not None:
            table.border_title = f"Ledger: {len(self.ledger)} entries, newest first"

    def current(self) -> LedgerEntry | None:
        table = self.query_one("#ledger-table", DataTable)
        if not self.ledger or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return next((e for e in self.ledger if str(e.id) == key), None)

    @on(DataTable.RowSelected, "#ledger-table")
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        from pel_tui.screens.report import ReportScreen

        e = self.current()
        if e is None:
            return
        if e.project_id is None:
            self.notify(f"This {e.entry_type} ({e.reason}) is not about a project.", severity="information")
            return
        self.app.push_screen(ReportScreen(e.project_id))

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#ledger-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        table = self.query_one("#ledger-table", DataTable)
        table.move_cursor(row=(table.row_count - 1) if end else 0)

    def action_export(self) -> None:
        """The whole ledger as CSV (CR-7), one row per entry."""
        from pathlib import Path

        from pel_tui.widgets.export import export_csv, iso

        if not self.ledger:
            self.notify("The ledger is empty: nothing to export.", severity="information")
            return
        rows = [["entry", "at", "kind", "entry_type", "delta", "project", "reason"]]
        rows += [[str(e.id), iso(e.at), e.kind, e.entry_type, str(e.delta), str(e.project_id or ""), e.reason]
                 for e in self.ledger]
        export_csv(self, "credit-ledger", rows, Path.home())
