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
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.i18n.terms import terms
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money, state, when
from pel_tui.widgets.title_bar import TitleBar

STATE_STYLE = {
    "submitted": "", "read": "cyan", "selected": "b yellow", "won": "b green", "lost": "red",
    "withdrawn": "dim", "declined": "dim", "revoked": "dim",
}
#: Widths of every column but the title (#, amount, delay, state, versions, read), with their padding.
FIXED_COLUMNS = (6 + 12 + 5 + 9 + 2 + 10) + 2 * 7
#: How far back the lost offers' recommendations are looked for (OF-7), in notifications.
NOTIFICATIONS_SCANNED = 500


def short_state(status: str) -> str:
    """An offer's state in one short word, for the table's narrow column (`read`; French `lue`)."""
    return {
        "submitted": pgettext("offer state, short", "submitted"), "read": pgettext("offer state, short", "read"),
        "selected": pgettext("offer state, short", "selected"), "won": pgettext("offer state, short", "won"),
        "lost": pgettext("offer state, short", "lost"), "withdrawn": pgettext("offer state, short", "withdrawn"),
        "declined": pgettext("offer state, short", "declined"), "revoked": pgettext("offer state, short", "revoked"),
    }.get(status) or state(status, "offer")


def counted(status: str, n: int) -> str:
    """`9 submitted` (French `9 envoyées`): how many offers are in a state."""
    forms = {
        "submitted": ngettext("{n} submitted", "{n} submitted", n), "read": ngettext("{n} read", "{n} read", n),
        "selected": ngettext("{n} selected", "{n} selected", n), "won": ngettext("{n} won", "{n} won", n),
        "lost": ngettext("{n} lost", "{n} lost", n), "withdrawn": ngettext("{n} withdrawn", "{n} withdrawn", n),
        "declined": ngettext("{n} declined", "{n} declined", n), "revoked": ngettext("{n} revoked", "{n} revoked", n),
    }
    return forms.get(status, "{n} " + short_state(status)).format(n=formats.number(n))


def styled(status: str, words: str | None = None) -> str:
    """A state in words (short ones by default), coloured as it matters."""
    style = STATE_STYLE.get(status, "")
    text = escape(short_state(status) if words is None else words)
    return f"[{style}]{text}[/]" if style else text


def payer(who: str) -> str:
    """Who pays the commission, in words (after "paid by the": French `payée par le client`)."""
    return {"client": pgettext("who pays", "client"), "provider": pgettext("who pays", "provider")}.get(who, who)


def contract_lines(k: Contract) -> list[str]:
    """CT-2/CT-3: formula, amount, commission and who pays it, the R0 fee."""
    from pel_tui.i18n.voice import Voice

    lines = [
        ngettext("{formula} · {amount} excl. VAT in {n} day", "{formula} · {amount} excl. VAT in {n} days",
                 k.delay_days).format(formula=f"[b]{Voice().formula(k.formula)}[/]", amount=money(k.amount_cents),
                                      n=k.delay_days),
        _("Connection commission {amount}, paid by the {payer}").format(
            amount=money(k.commission_cents), payer=f"[b]{payer(k.commission_payer)}[/]"),
    ]
    if k.formula == "r0":
        lines.append(_("R0 option (escrow) {amount}, paid by the client").format(amount=money(k.r0_fee_cents)))
    return lines


class OffersScreen(PelScreen):
    """Every offer of mine with its read receipt, the lost ones' advice, the terms to confirm."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), id="offers.open", show=False),
        Binding("A", "confirm_terms", N_("Accept terms"), id="offers.confirm"),
        Binding("X", "decline", N_("Decline"), id="offers.decline"),
        Binding("j", "cursor(1)", N_("Down"), id="offers.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="offers.up", show=False),
        Binding("g", "edge(0)", N_("Top"), id="offers.top", show=False),
        Binding("G", "edge(1)", N_("Bottom"), id="offers.bottom", show=False),
        Binding("y", "copy", N_("Copy id"), id="offers.copy", show=False),
    ]
    MAIN = "#offers-table"

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[Offer] = []
        self.pending: set[int] = set()  # projects a command not yet on the server is about
        self.awaiting: dict[int, Contract] = {}
        self.contracts: dict[int, Contract] = {}
        self.lost: dict[int, Notification] = {}
        self.title_width = 20
        self.loaded = False
        #: What the last load read (offers, contracts, lost notices, pending), to redraw only what changed.
        self._shown: tuple[list[Offer], list[Contract], list[Notification], set[int]] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="offers-awaiting")
        yield Static(_("Loading…"), id="offers-count")
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

        engine = self.pel.engine

        def read() -> tuple[list[Offer], list[Contract], list[Notification], set[int]]:
            pending: set[int] = set()
            if engine.linked:  # an offer made offline shows as pending until the server has it
                from pel_tui.sync.status import pending_projects

                pending = pending_projects(engine.conn)
            return mp.offers(), mp.contracts(), mp.notifications(limit=NOTIFICATIONS_SCANNED), pending

        offers, contracts, notes, pending = await self.pel.db(read)
        shown = (offers, contracts, [n for n in notes if n.kind == "lost"], pending)
        if shown == self._shown:
            return  # the store moved, not what this screen shows (another screen's write): nothing to redraw
        self._shown = shown
        self.offers, self.pending = offers, pending
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
            selected = _("Selected on #{id}").format(id=k.project_id)
            confirm = _("confirm by {date}").format(date=f"[b]{when(k.confirm_by)}[/]")
            keys = _("{accept} accept · {decline} decline").format(
                accept=self.key_for("offers.confirm", "A"), decline=self.key_for("offers.decline", "X"))
            lines.append(f"[b yellow]{selected}[/] — {confirm} [dim]({escape(keys)})[/] {escape(k.project_title)}")
            r0 = _(" · R0 fee {amount} (client)").format(amount=money(k.r0_fee_cents)) if k.formula == "r0" else ""
            figures = _("{formula} · {amount} · {days} d · commission {commission} ({payer})").format(
                formula=k.formula.upper(), amount=money(k.amount_cents), days=k.delay_days,
                commission=money(k.commission_cents), payer=f"[b]{payer(k.commission_payer)}[/]")
            lines.append(f"  {figures}{r0}")
        box.update("\n".join(lines))

    def show_table(self) -> None:
        table = self.query_one("#offers-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("#", "id", 6), (_("title"), "title", self.title_width),
                                  (_("amount"), "amount", 12), (_("delay"), "delay", 5), (_("state"), "state", 9),
                                  (pgettext("version, one letter", "v"), "v", 2), (_("read"), "read", 10)):
            table.add_column(label, key=key, width=width)
        for o in self.offers:
            title = o.project_title if len(o.project_title) <= self.title_width else (
                o.project_title[: self.title_width - 1] + "…")
            table.add_row(
                str(o.project_id), escape(title), f"{money(o.amount_cents):>12}",
                _("{n} d").format(n=o.delay_days), styled(o.status), str(len(o.versions)),
                ("[b yellow]" + _("pending") + "[/]") if o.project_id in self.pending
                else date(o.read_at) if o.read_at else ("[dim]" + _("not read") + "[/]"),
                key=str(o.project_id),
            )
        if self.offers:
            table.move_cursor(row=min(max(keep, 0), len(self.offers) - 1))
        by_state: dict[str, int] = {}
        for o in self.offers:
            by_state[o.status] = by_state.get(o.status, 0) + 1
        summary = " · ".join(counted(s, n) for s, n in by_state.items())
        if not self.loaded:
            return
        count = ngettext("{n} offer", "{n} offers", len(self.offers)).format(n=formats.number(len(self.offers)))
        self.query_one("#offers-count", Static).update(escape(
            (f' {count}' + str(_(': ') + summary if summary else '')) if self.offers
            else " " + _("No offer yet: open a project ({projects}), consult it ({consult}), then make an offer "
                         "({offer}).").format(projects=self.key_for("go.projects", "1"),
                                              consult=self.key_for("report.consult", "c"),
                                              offer=self.key_for("report.offer", "o"))
        ))
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
            body.update('[dim]' + _('No offer selected.') + '[/]')
            return
        project = _("project {state}").format(state=escape(state(o.project_status)))
        yours = _("your offer {state}").format(state=styled(o.status, state(o.status, "offer")))
        lines = [f"[b]#{o.project_id} {escape(o.project_title)}[/]  {project} · {yours}"]
        for v in reversed(o.versions):  # OF-3: whether and when the client read each version
            read = (('[green]' + _('read {date}').format(date=when(v.read_at)) + '[/]') if v.read_at
                    else ('[dim]' + _('not read yet') + '[/]'))
            version = _("version {n} of {date}: {amount} in {days} d").format(
                n=v.version, date=when(v.created_at), amount=money(v.amount_cents), days=v.delay_days)
            lines.append(f"  {version} · {read}")
        k = self.contracts.get(o.project_id)
        if k is not None:
            lines.append('\n[b]' + _('Contract') + f"[/] {escape(state(k.status, 'contract'))}")
            lines += [f"  {line}" for line in contract_lines(k)]
        if o.status == "lost":
            n = self.lost.get(o.project_id)
            lines.append('\n[b]' + _('Why it was lost, and what to try next') + '[/]')
            lines.append(f"  {escape(self.pel.notice(n)[1])}" if n else
                         ('  [dim]' + _('no recommendation received for this project') + '[/]'))
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
            self.notify(_("Copied #{id}").format(id=o.project_id), timeout=2)

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
            self.notify(_("No selection awaits your confirmation: nothing to confirm or decline."),
                        severity="warning")
        else:
            self.notify(_("Several selections await you: highlight the offer marked “{state}” first.").format(
                state=short_state("selected")), severity="warning")
        return None

    def action_confirm_terms(self) -> None:
        k = self._target()
        if k is not None:
            self.run_worker(self._confirm_terms(k), group="offers-action", exclusive=True)

    async def _confirm_terms(self, k: Contract) -> None:
        lines = [f"#{k.project_id} {escape(k.project_title)}", *contract_lines(k)]
        provider_pays = k.commission_payer == "provider"
        if provider_pays:
            asks = _("The client asks YOU to pay the commission of {amount}.").format(amount=money(k.commission_cents))
            lines.append(f"[b red]{asks}[/] " + _("Confirming is your explicit agreement to pay it."))
        lines.append("")
        lines += [f"[dim]· {escape(t)}[/]" for t in terms(k.terms)]
        title = (_("Accept the terms and agree to pay the commission?") if provider_pays
                 else _("Accept the final terms?"))
        ok = await self.app.push_screen_wait(ConfirmDialog(title, lines, _("Accept"), _("Not now")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.confirm_terms, k.project_id, provider_pays)
        if res is not None:
            self.notify(_("Terms confirmed on #{id}: the contract starts once the commission is paid.").format(
                id=k.project_id), title=_("Confirmed"), timeout=6)
            await self.load()

    def action_decline(self) -> None:
        k = self._target()
        if k is not None:
            self.run_worker(self._decline(k), group="offers-action", exclusive=True)

    async def _decline(self, k: Contract) -> None:
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Decline the selection on #{id}?").format(id=k.project_id),
            [escape(k.project_title), *contract_lines(k), "",
             _("The project opens again to other offers; your offer is declined."),
             _("The offer credit is not refunded.")], _("Decline it"), _("Keep it")))
        if ok and await self.pel.act(self.pel.mp.decline, k.project_id,
                                     done=_("Selection on #{id} declined").format(id=k.project_id)) is not None:
            await self.load()


def recommendations(data: dict[str, object]) -> list[str]:
    """OF-7's figures, as advice a person can act on."""
    out = []
    price = data.get("price_range_cents")
    won = data.get("winning_amount_cents")
    if isinstance(price, list) and len(price) == 2 and isinstance(won, int):
        out.append("[cyan]›[/] " + _("The winning offer was {amount} (range {low}–{high}): check your price "
                                     "against it.").format(amount=money(won), low=money(int(price[0])),
                                                           high=money(int(price[1]))))
    if data.get("your_offer_was_read") is False:
        out.append("[cyan]›[/] " + _("The client never read your offer: a clearer first line helps it stand out."))
    mine, theirs = data.get("your_answer_hours"), data.get("winner_answer_hours")
    if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)) and mine > theirs:
        hours = round(mine - theirs)
        out.append("[cyan]›[/] " + ngettext("You answered {n} h after the winner: answer sooner.",
                                            "You answered {n} h after the winner: answer sooner.", hours).format(
            n=formats.number(hours)))
    completeness = data.get("profile_completeness")
    if isinstance(completeness, int) and completeness < 100:
        out.append("[cyan]›[/] " + _("Your profile is {percent} complete: finish it ({key}).").format(
            percent=formats.percent(completeness / 100), key="7"))
    return out
