"""My offers (OF-3, OF-6, OF-7) and the selections awaiting my confirmation of the terms (CT-1, CT-3)."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from pel_tui.backend.models import Contract, Notification, Offer
from pel_tui.i18n.terms import terms
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money, when
from pel_tui.widgets.title_bar import TitleBar

STATE_STYLE = {
    "submitted": "", "read": "cyan", "selected": "b yellow", "won": "b green", "lost": "red",
    "withdrawn": "dim", "declined": "dim", "revoked": "dim",
}
#: Widths of every column but the title (#, amount, delay, state, versions, read), with their padding.
FIXED_COLUMNS = (6 + 12 + 5 + 9 + 2 + 10) + 2 * 7
#: How far back the lost offers' recommendations are looked for (OF-7), in notifications.
NOTIFICATIONS_SCANNED = 500


def styled(state: str) -> str:
    style = STATE_STYLE.get(state, "")
    return f"[{style}]{state}[/]" if style else state


def contract_lines(k: Contract) -> list[str]:
    """CT-2/CT-3: formula, amount, commission and who pays it, the R0 fee."""
    lines = [
        f"Formula [b]{k.formula.upper()}[/] · {money(k.amount_cents)} excl. VAT in {k.delay_days} days",
        f"Connection commission {money(k.commission_cents)}, paid by the [b]{k.commission_payer}[/]",
    ]
    if k.formula == "r0":
        lines.append(f"R0 option (escrow) {money(k.r0_fee_cents)}, paid by the client")
    return lines


class OffersScreen(PelScreen):
    """Every offer of mine with its read receipt, the lost ones' advice, the terms to confirm."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="offers.open", show=False),
        Binding("A", "confirm_terms", "Accept terms", id="offers.confirm"),
        Binding("X", "decline", "Decline", id="offers.decline"),
        Binding("j", "cursor(1)", "Down", id="offers.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="offers.up", show=False),
        Binding("g", "edge(0)", "Top", id="offers.top", show=False),
        Binding("G", "edge(1)", "Bottom", id="offers.bottom", show=False),
        Binding("y", "copy", "Copy id", id="offers.copy", show=False),
    ]
    MAIN = "#offers-table"

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[Offer] = []
        self.awaiting: dict[int, Contract] = {}
        self.contracts: dict[int, Contract] = {}
        self.lost: dict[int, Notification] = {}
        self.title_width = 20
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="offers-awaiting")
        yield Static("Loading…", id="offers-count")
        table: DataTable[str] = DataTable(id="offers-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="offers-detail"):
            yield Static("", id="offers-detail-body")
        yield Footer()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The title column takes what the other columns leave."""
        width = max(12, self.query_one("#offers-table", DataTable).size.width - FIXED_COLUMNS - 2)
        if width != self.title_width:
            self.title_width = width
            self.show_table()

    async def load(self) -> None:
        mp = self.pel.mp

        def read() -> tuple[list[Offer], list[Contract], list[Notification]]:
            return mp.offers(), mp.contracts(), mp.notifications(limit=NOTIFICATIONS_SCANNED)

        offers, contracts, notes = await self.pel.db(read)
        self.offers = offers
        self.loaded = True
        self.contracts = {k.project_id: k for k in contracts}  # the latest contract per project
        self.awaiting = {k.project_id: k for k in contracts if k.status == "awaiting_confirmation"}
        self.lost = {}
        for n in reversed(notes):  # the newest `lost` notification per project wins
            if n.kind == "lost" and n.project_id is not None:
                self.lost[n.project_id] = n
        self.show_awaiting()
        self.show_table()

    def show_awaiting(self) -> None:
        box = self.query_one("#offers-awaiting", Static)
        box.display = bool(self.awaiting)
        lines = []
        for k in self.awaiting.values():  # two lines each, cut to the width (CSS text-overflow)
            lines.append(f"[b yellow]Selected on #{k.project_id}[/] — confirm by [b]{when(k.confirm_by)}[/] "
                         f"[dim]({self.key_for('offers.confirm', 'A')} accept · "
                         f"{self.key_for('offers.decline', 'X')} decline)[/] {escape(k.project_title)}")
            r0 = f" · R0 fee {money(k.r0_fee_cents)} (client)" if k.formula == "r0" else ""
            lines.append(f"  {k.formula.upper()} · {money(k.amount_cents)} · {k.delay_days} d · commission "
                         f"{money(k.commission_cents)} ([b]{k.commission_payer}[/]){r0}")
        box.update("\n".join(lines))

    def show_table(self) -> None:
        table = self.query_one("#offers-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("#", "id", 6), ("title", "title", self.title_width), ("amount", "amount", 12),
                                  ("delay", "delay", 5), ("state", "state", 9), ("v", "v", 2),
                                  ("read", "read", 10)):
            table.add_column(label, key=key, width=width)
        for o in self.offers:
            title = o.project_title if len(o.project_title) <= self.title_width else (
                o.project_title[: self.title_width - 1] + "…")
            table.add_row(
                str(o.project_id), escape(title), f"{money(o.amount_cents):>12}", f"{o.delay_days} d",
                styled(o.status), str(len(o.versions)), date(o.read_at) if o.read_at else "[dim]not read[/]",
                key=str(o.project_id),
            )
        if self.offers:
            table.move_cursor(row=min(max(keep, 0), len(self.offers) - 1))
        by_state: dict[str, int] = {}
        for o in self.offers:
            by_state[o.status] = by_state.get(o.status, 0) + 1
        summary = " · ".join(f"{n} {s}" for s, n in by_state.items())
        if not self.loaded:
            return
        self.query_one("#offers-count", Static).update(
            f" {len(self.offers)} offer(s){': ' + summary if summary else ''}" if self.offers
            else " No offer yet: open a project (1), consult it (c), then make an offer (o)."
        )
        self.show_detail()
    def current(self) -> Offer | None:
        table = self.query_one("#offers-table", DataTable)
        if not self.offers or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return next((o for o in self.offers if str(o.project_id) == key), None)

    def show_detail(self) -> None:
        body = self.query_one("#offers-detail-body", Static)
        o = self.current()
        if o is None:
            body.update("[dim]No offer selected.[/]")
            return
        lines = [f"[b]#{o.project_id} {escape(o.project_title)}[/]  project {o.project_status} · "
                 f"your offer {styled(o.status)}"]
        for v in reversed(o.versions):  # OF-3: whether and when the client read each version
            read = f"[green]read {when(v.read_at)}[/]" if v.read_at else "[dim]not read yet[/]"
            lines.append(f"  version {v.version} of {when(v.created_at)}: {money(v.amount_cents)} in "
                         f"{v.delay_days} d · {read}")
        k = self.contracts.get(o.project_id)
        if k is not None:
            lines.append(f"\n[b]Contract[/] {k.status.replace('_', ' ')}")
            lines += [f"  {line}" for line in contract_lines(k)]
        if o.status == "lost":
            n = self.lost.get(o.project_id)
            lines.append("\n[b]Why it was lost, and what to try next[/]")
            lines.append(f"  {escape(self.pel.notice(n)[1])}" if n else
                         "  [dim]no recommendation received for this project[/]")
            if n:
                rec = n.data if n.prose is not None else n.data.get("recommendations") or {}
                lines += [f"  {line}" for line in recommendations(rec)]
        body.update("\n".join(lines))

    # -- events ---------------------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#offers-table")
    def row_highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#offers-table")
    def row_selected(self) -> None:
        self.action_open()

    # -- actions --------------------------------------------------------------------------------------

    def applies(self, action: str) -> bool:
        if action in ("confirm_terms", "decline"):  # nothing to accept or decline: not offered
            return bool(self.awaiting)
        return True

    def action_copy(self) -> None:
        o = self.current()
        if o is not None:
            self.app.copy_to_clipboard(f"#{o.project_id}")
            self.notify(f"Copied #{o.project_id}", timeout=2)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#offers-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        table = self.query_one("#offers-table", DataTable)
        table.move_cursor(row=(table.row_count - 1) if end else 0)

    def action_open(self) -> None:
        from pel_tui.screens.report import ReportScreen

        o = self.current()
        if o is not None:
            self.app.push_screen(ReportScreen(o.project_id))

    def _target(self) -> Contract | None:
        """The selection to answer: the highlighted offer's, or the only one awaiting."""
        o = self.current()
        if o is not None and o.project_id in self.awaiting:
            return self.awaiting[o.project_id]
        if len(self.awaiting) == 1:
            return next(iter(self.awaiting.values()))
        if not self.awaiting:
            self.notify("No selection awaits your confirmation: nothing to confirm or decline.",
                        severity="warning")
        else:
            self.notify("Several selections await you: highlight the offer marked 'selected' first.",
                        severity="warning")
        return None

    def action_confirm_terms(self) -> None:
        k = self._target()
        if k is not None:
            self.run_worker(self._confirm_terms(k), group="offers-action", exclusive=True)

    async def _confirm_terms(self, k: Contract) -> None:
        lines = [f"#{k.project_id} {escape(k.project_title)}", *contract_lines(k)]
        provider_pays = k.commission_payer == "provider"
        if provider_pays:
            lines.append(f"[b red]The client asks YOU to pay the commission of {money(k.commission_cents)}.[/] "
                         "Confirming is your explicit agreement to pay it.")
        lines.append("")
        lines += [f"[dim]· {escape(t)}[/]" for t in terms(k.terms)]
        title = "Accept the terms and agree to pay the commission?" if provider_pays else "Accept the final terms?"
        ok = await self.app.push_screen_wait(ConfirmDialog(title, lines, "Accept", "Not now"))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.confirm_terms, k.project_id, provider_pays)
        if res is not None:
            self.notify(f"Terms confirmed on #{k.project_id}: the contract starts once the commission "
                        "is paid.", title="Confirmed", timeout=6)
            await self.load()

    def action_decline(self) -> None:
        k = self._target()
        if k is not None:
            self.run_worker(self._decline(k), group="offers-action", exclusive=True)

    async def _decline(self, k: Contract) -> None:
        ok = await self.app.push_screen_wait(ConfirmDialog(
            f"Decline the selection on #{k.project_id}?",
            [escape(k.project_title), *contract_lines(k), "",
             "The project opens again to other offers; your offer is declined.",
             "The offer credit is not refunded."], "Decline it", "Keep it"))
        if ok and await self.pel.act(self.pel.mp.decline, k.project_id,
                                     done=f"Selection on #{k.project_id} declined") is not None:
            await self.load()


def recommendations(data: dict[str, object]) -> list[str]:
    """OF-7's figures, as advice a person can act on."""
    out = []
    price = data.get("price_range_cents")
    won = data.get("winning_amount_cents")
    if isinstance(price, list) and len(price) == 2 and isinstance(won, int):
        out.append(f"[cyan]›[/] The winning offer was {money(won)} (range {money(int(price[0]))}–"
                   f"{money(int(price[1]))}): check your price against it.")
    if data.get("your_offer_was_read") is False:
        out.append("[cyan]›[/] The client never read your offer: a clearer first line helps it stand out.")
    mine, theirs = data.get("your_answer_hours"), data.get("winner_answer_hours")
    if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)) and mine > theirs:
        out.append(f"[cyan]›[/] You answered {mine - theirs:.0f} h after the winner: answer sooner.")
    completeness = data.get("profile_completeness")
    if isinstance(completeness, int) and completeness < 100:
        out.append(f"[cyan]›[/] Your profile is {completeness} % complete: finish it (7).")
    return out
