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
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, when
from pel_tui.widgets.title_bar import TitleBar

KINDS = ("consultation", "offer", "contact")
#: What each kind of credit does (translated where shown).
KIND_USE = {
    "consultation": N_("unlocks a project’s report"),
    "offer": N_("make an offer, write to the client"),
    "contact": N_("reveal the client’s details"),
}
WEEKS = 16
#: Widths of every ledger column but the reason (time, kind, entry, delta, project), with their padding.
FIXED_COLUMNS = (16 + 12 + 10 + 5 + 7) + 2 * 6
WEEK = timedelta(days=7)
#: Why credits are frozen, and what to do (translated where shown).
FROZEN_HELP = {
    "suspended": N_("your subscription is suspended; resume it on the subscription screen (4, then r)"),
    "payment_incident": N_("a payment incident is open; settle it on the subscription screen (4, then $)"),
    "ended": N_("your subscription has ended; subscribe again on the subscription screen (4, then P)"),
    "none": N_("you have no subscription; subscribe on the subscription screen (4, then P)"),
}


def kind_word(kind: str) -> str:
    """A kind of credit as a card's title and a ledger cell: `consultation`, `offer` (fr: `offre`)."""
    return {"consultation": pgettext("kind of credit, as a name", "consultation"),
            "offer": pgettext("kind of credit, as a name", "offer"),
            "contact": pgettext("kind of credit, as a name", "contact")}.get(kind, kind)


def entry_word(entry_type: str) -> str:
    """A ledger entry's type in words."""
    return {"debit": pgettext("ledger entry", "spent"), "grant": pgettext("ledger entry", "granted"),
            "refund": pgettext("ledger entry", "refunded"), "expiry": pgettext("ledger entry", "expired")}.get(
        entry_type, entry_type.replace("_", " "))


def frozen_word(reason: str) -> str:
    return {"suspended": _("subscription suspended"), "payment_incident": _("payment incident"),
            "ended": _("subscription ended"), "none": _("no subscription")}.get(reason, reason.replace("_", " "))


def reason_words(reason: str) -> str:
    """Why an entry of the ledger was made, in words; a reason the engine writes as a code (`offer`,
    `Pro 2026-10-07`, `referral 3`, `project cancelled`) is said, any other one shown as it was written."""
    import re

    spent = {"consultation": _("report consulted"), "offer": _("offer made"), "contact": _("client contact revealed"),
             "question": _("question to the client")}
    if reason in spent:
        return spent[reason]
    m = re.fullmatch(r"(Essentiel|Pro|Expert) (\d{4})-(\d{2})-(\d{2})", reason)
    if m:
        from datetime import date as day

        when_ = day(int(m[2]), int(m[3]), int(m[4]))
        return _("{plan} allotment of {date}").format(plan=m[1], date=formats.day(datetime(when_.year, when_.month,
                                                                                             when_.day)))
    m = re.fullmatch(r"referral (\d+)", reason)
    if m:
        return _("referral reward #{n}").format(n=m[1])
    m = re.fullmatch(r"project (\w+)", reason)
    if m:
        from pel_tui.widgets.format import state

        return _("project {state}").format(state=state(m[1]))
    return reason


def source_word(source: str) -> str:
    """Where a lot of credits came from."""
    return {"subscription": _("subscription"), "referral": _("referral"), "refund": _("refund"),
            "pack": _("pack"), "purchase": _("pack")}.get(source, source)


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
        Binding("enter", "open", N_("Open project"), id="credits.open", show=False),
        Binding("j", "cursor(1)", N_("Down"), id="credits.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="credits.up", show=False),
        Binding("g", "edge(0)", N_("Top"), id="credits.top", show=False),
        Binding("G", "edge(1)", N_("Bottom"), id="credits.bottom", show=False),
        Binding("e", "export", N_("Export CSV"), id="credits.export"),
    ]
    MAIN = "#ledger-table"

    def __init__(self) -> None:
        super().__init__()
        self.credits: Credits | None = None
        self.ledger: list[LedgerEntry] = []
        self.reason_width = 24
        #: What the screen shows (the credits, the plot's counts and dates), to redraw only what changed.
        self._shown: tuple[Credits, list[int], str, str] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="credit-balances"):
            for kind in KINDS:
                with Vertical(classes="credit-card", id=f"card-{kind}") as card:
                    card.border_title = kind_word(kind)
                    card.border_subtitle = _(KIND_USE[kind])
                    yield Digits("-", id=f"balance-{kind}")
        yield Static(_("Loading…"), id="credit-status")
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
        end, counts = self.plot_figures(c, now)
        shown = (c, counts, date(end - WEEKS * WEEK), date(end))
        if shown == self._shown:
            return  # the store moved, not what this screen shows (another screen's write): nothing to redraw
        self._shown = shown
        self.credits, self.ledger = c, c.ledger
        for kind in KINDS:
            self.query_one(f"#balance-{kind}", Digits).update(str(c.balances.get(kind, 0)))
            self.query_one(f"#card-{kind}").set_class(c.balances.get(kind, 0) == 0, "-empty")
        status = self.query_one("#credit-status", Static)
        status.set_class(not c.spendable, "-frozen")
        if c.spendable:
            status.update(" " + _("Credits can be spent: at most one of each kind per project."))
        else:
            reason = c.frozen_reason or "none"
            frozen = _("Frozen ({reason})").format(reason=frozen_word(reason))
            help_ = _(FROZEN_HELP[reason]) if reason in FROZEN_HELP else _("see the subscription screen (4)")
            status.update(f" [b]{escape(frozen)}[/]" + escape(_(": credits cannot be spent; {help}.").format(
                help=help_)))
        self.show_expiries(c)
        self.show_plot(c, now)
        self.show_ledger()

    def show_expiries(self, c: Credits) -> None:
        lines = [('[b]' + _('Next expiries') + '[/] [dim]' + _('(soonest spent first)') + '[/]')]
        for lot in c.next_expiries[:4]:
            lines.append(f"{date(lot.expires_at)}{formats.number(lot.remaining):>5} {kind_word(lot.kind):<12} "
                         f"[dim]{escape(source_word(lot.source))}[/]")
        if not c.next_expiries:
            lines.append('[dim]' + _('no credit held') + '[/]')
        elif len(c.next_expiries) > 4:
            more = len(c.next_expiries) - 4
            lines.append('[dim]' + ngettext('… and {n} more lot', '… and {n} more lots', more).format(n=more) + '[/]')
        self.query_one("#credit-expiries", Static).update("\n".join(lines))

    @staticmethod
    def plot_figures(c: Credits, now: datetime) -> tuple[datetime, list[int]]:
        """Where the weekly plot ends, and its counts."""
        debits = [e.at for e in c.ledger if e.entry_type == "debit"]
        end = plot_end(now, debits)
        return end, weekly_counts(debits, end)

    def show_plot(self, c: Credits, now: datetime) -> None:
        end, counts = self.plot_figures(c, now)
        spark = self.query_one("#credit-sparkline", Sparkline)
        spark.data = [float(n) for n in counts]
        figures = _("total {total} · max {max}").format(total=formats.number(sum(counts)),
                                                          max=formats.number(max(counts)))
        weeks = ngettext("({n} week)", "({n} weeks)", WEEKS).format(n=WEEKS)
        self.query_one("#credit-plot-title", Static).update('[b]' + _('Spent per week') + f'[/] {figures} [dim]{weeks}[/]')
        start = end - WEEKS * WEEK
        self.query_one("#credit-plot-axis", Static).update(f"[dim]{date(start)}[/] … [dim]{date(end)}[/]")

    def show_ledger(self) -> None:
        table = self.query_one("#ledger-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in ((_("time"), "time", 16), (_("kind"), "kind", 12), (_("entry"), "entry", 10),
                                  (_("delta"), "delta", 5), (_("project"), "project", 7),
                                  (_("reason"), "reason", self.reason_width)):
            table.add_column(label, key=key, width=width)
        for e in self.ledger:
            delta = f"[green]+{e.delta}[/]" if e.delta > 0 else f"[red]{e.delta}[/]"
            table.add_row(
                when(e.at), kind_word(e.kind), entry_word(e.entry_type), delta,
                f"#{e.project_id}" if e.project_id else "", escape(reason_words(e.reason)), key=str(e.id),
            )
        if self.ledger:
            table.move_cursor(row=min(max(keep, 0), len(self.ledger) - 1))
        if self.credits is not None:
            n = len(self.ledger)
            table.border_title = ngettext("Ledger: {n} entry, newest first", "Ledger: {n} entries, newest first",
                                          n).format(n=formats.number(n))

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
            self.notify(_("This entry ({entry}, {reason}) is not about a project.").format(
                entry=entry_word(e.entry_type), reason=reason_words(e.reason)), severity="information")
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
            self.notify(_("The ledger is empty: nothing to export."), severity="information")
            return
        rows = [["entry", "at", "kind", "entry_type", "delta", "project", "reason"]]
        rows += [[str(e.id), iso(e.at), e.kind, e.entry_type, str(e.delta), str(e.project_id or ""), e.reason]
                 for e in self.ledger]
        export_csv(self, "credit-ledger", rows, Path.home())
