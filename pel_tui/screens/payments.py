"""Payment requests (PA): the dashboard (PA-5) and a new request checked before it is sent (PA-1..3, PA-7)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Select, Static

from pel_tui.backend.errors import PelError
from pel_tui.backend.models_escrow import EscrowView
from pel_tui.backend.provider.payments import STATES, PaymentDashboard
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.i18n.refusals.payments import check_name, detail
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PromptDialog
from pel_tui.widgets.export import export_csv, iso
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import amount_input, money
from pel_tui.widgets.title_bar import TitleBar

STATE_STYLE = {"submitted": "$warning", "validated": "$accent", "paid": "$success", "rejected": "$error"}
STATE_COLOR = {"submitted": "yellow", "validated": "cyan", "paid": "green", "rejected": "red"}  # Rich, in the table
NOTHING_AVAILABLE = N_(
    "Nothing to request now: every released amount is already requested or paid. The client releases "
    "funds from the escrow account (formula R0) after a delivery (escrow screen, 5)."
)


def euros_input(cents: int) -> str:
    """An amount to edit in a field, as the reader writes it (`1400,00` in French, `1400.00` in English);
    `parse_euros` reads it back."""
    return amount_input(cents)


def day_month(d: datetime) -> str:
    """A short day without its year, in the reader's order: `20/11` (fr), `20/11` (en_GB), `11/20` (en_US)."""
    text = formats.day(d)
    year = str(formats.local(d).year)
    return re.sub(rf"^{year}\W|\W{year}$", "", text)


def parse_euros(text: str) -> int | None:
    from pel_tui.backend.errors import InvalidInput
    from pel_tui.backend.money import parse_euros as parse

    try:
        cents = parse(text)
    except InvalidInput:
        return None
    return cents if cents > 0 else None


def labelled(label: str, text: str) -> str:
    """`label: text`, with the language's spacing (French: a no-break space before the colon)."""
    return pgettext("a label and its text", "{label}: {text}").format(label=label, text=text)


class PaymentsScreen(PelScreen):
    """PA-5's dashboard above, a new request below: project, amount, invoice, checks, submit."""

    # The form's keys work from its fields too: ctrl+ keys, or letters no field takes (on the table).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "generate", N_("Invoice"), id="payments.generate"),
        Binding("ctrl+o", "browse", N_("Browse"), id="payments.browse", show=False),
        Binding("v", "check", N_("Check"), id="payments.check", show=False),
        Binding("ctrl+s", "submit", N_("Send"), id="payments.submit"),
        Binding("enter", "report", N_("Project report"), id="payments.report", show=False),
        Binding("e", "export", N_("Export CSV"), id="payments.export", show=False),
        Binding("y", "copy", N_("Copy number"), id="payments.copy", show=False),
        Binding("j", "cursor(1)", N_("Down"), id="payments.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="payments.up", show=False),
    ]
    MAIN = "#pay-table"

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: PaymentDashboard | None = None
        self.views: list[EscrowView] = []
        self.base_ids: list[int] = []
        self.can_invoice: tuple[bool, PelError | None] = (True, None)
        self.invoice_dir = Path.home()
        self._wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="pay-scroll"):
            table: DataTable[str | Text] = DataTable(id="pay-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("", id="pay-totals")
            with Vertical(id="pay-form"):
                yield Static("", id="pay-note")
                with Horizontal(classes="pay-row"):
                    yield Select[int]([], prompt=_("R0 project with money available"), id="pay-project")
                    yield Input(placeholder=_("amount €"), id="pay-amount")
                with Horizontal(classes="pay-row"):
                    yield Input(placeholder=_("invoice PDF path (ctrl+o: browse · i: generate one)"), id="pay-path")
                    yield Button(_("Browse (^o)"), id="pay-browse")
                with Horizontal(classes="pay-row"):
                    yield Button(_("Generate (i)"), id="pay-generate")
                    yield Button(_("Check (v)"), id="pay-check")
                    yield Button(_("Submit (^s)"), variant="primary", id="pay-submit")
                yield Static("", id="pay-checks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pay-form").border_title = _("New payment request")
        super().on_mount()

    def on_resize(self) -> None:
        if self.dashboard is not None:
            self.call_after_refresh(self.show_dashboard, self.dashboard)

    def want_project(self, project_id: int) -> None:
        """Come from the escrow screen: this project in the form (when it has money available)."""
        self._wanted = project_id
        if self.dashboard is not None:
            self._apply_wanted()

    async def load(self) -> None:
        mp = self.pel.mp
        dashboard, self.views, contracts, self.can_invoice = await self.pel.db(
            lambda: (mp.payments(), mp.escrows(), mp.contracts(), mp.can_invoice()))
        self.dashboard = dashboard
        self.base_ids = [k.project_id for k in contracts if k.formula == "base"
                         and k.status in ("in_progress", "finalized")]
        self.show_dashboard(dashboard)
        self.show_form()
        self._apply_wanted()

    def show_dashboard(self, dash: PaymentDashboard) -> None:
        table = self.query_one("#pay-table", DataTable)
        narrow = self.size.width < 110  # dates lose their year so that the title keeps some room
        day_width = 5 if narrow else 10

        def day(d: datetime | None) -> str:
            return "—" if d is None else day_month(d) if narrow else formats.day(d)

        fixed = 6 + 12 + 11 + 9 + 3 * day_width + 2 * 8 + 2
        title_width = max(8, self.size.width - fixed)
        keep = table.cursor_row
        table.clear(columns=True)
        columns = (("#", "project", 6), (_("project"), "title", title_width), (_("amount"), "amount", 12),
                   (_("invoice"), "invoice", 11), (_("state"), "state", 9),
                   (pgettext("column, narrow", "sent") if narrow else _("submitted"), "submitted", day_width),
                   (pgettext("column, narrow", "valid") if narrow else _("validated"), "validated", day_width),
                   (pgettext("column, narrow", "paid") if narrow else _("paid / due"), "paid", day_width))
        for label, key, width in columns:
            table.add_column(label, key=key, width=width)
        state = self.pel.voice.status
        for q in dash.requests:
            table.add_row(
                str(q.project_id), q.project_title, money(q.amount_cents).rjust(12), q.invoice_number,
                Text(state(q.state, "payment"), style=STATE_COLOR.get(q.state, "")), day(q.submitted_at),
                day(q.validated_at or q.rejected_at), day(q.paid_at or q.pay_on), key=str(q.id),
            )
        if dash.requests:
            table.move_cursor(row=min(max(keep, 0), len(dash.requests) - 1))
        table.styles.height = len(dash.requests) + 1 if dash.requests else 2
        totals = "   ".join(f"[{STATE_STYLE[s]}]{state(s, 'payment')}[/] {formats.number(dash.counts[s])} · "
                           f"{money(dash.totals_cents[s])}" for s in STATES)
        rejected = [q for q in dash.requests if q.state == "rejected" and q.reject_reason]
        extra = "".join("\n[dim]" + _("{invoice} rejected: {reason}; send a new request with a new invoice.").format(
            invoice=q.invoice_number, reason=escape(q.reject_reason or "")) + "[/]" for q in rejected)
        empty = "[dim]" + _("No payment request yet.") + "[/]\n" if not dash.requests else ""
        self.query_one("#pay-totals", Static).update(f"{empty}" + _("Totals:") + f" {totals}{extra}")

    def available(self) -> list[EscrowView]:
        return [v for v in self.views if v.figures.available_cents > 0]

    def show_form(self) -> None:
        notes = []
        ok, why = self.can_invoice
        if not ok and why is not None:
            notes.append("[b $warning]" + _("You cannot request a payment yet:") + f"[/] {escape(self.pel.say(why))}")
        if not self.views:
            notes.append(_("You have no R0 contract: payment requests exist only under formula R0."))
        if self.base_ids:
            notes.append(_("Base formula ({projects}): nothing to request here; the platform is out of the project "
                           "after the commission and payment is agreed directly with the client.").format(
                projects=", ".join(f"#{p}" for p in self.base_ids)))
        avail = self.available()
        if self.views and not avail:
            notes.append(_(NOTHING_AVAILABLE))
        self.query_one("#pay-note", Static).update("\n".join(notes))
        select = self.query_one("#pay-project", Select)
        keep = select.value
        with self.prevent(Select.Changed):
            select.set_options([(_("#{project} · {amount} available").format(
                project=v.project_id, amount=money(v.figures.available_cents)), v.project_id) for v in avail])
            if any(v.project_id == keep for v in avail):
                select.value = keep
            elif len(avail) == 1:
                select.value = avail[0].project_id
                self._default_amount(avail[0])
        # On the form, not the screen: a class on the screen restyles every widget of it.
        self.query_one("#pay-form").set_class(not avail or not ok, "-closed")

    def _apply_wanted(self) -> None:
        pid, self._wanted = self._wanted, None
        if pid is None:
            return
        table = self.query_one("#pay-table", DataTable)
        if self.dashboard is not None:
            rows = [i for i, q in enumerate(self.dashboard.requests) if q.project_id == pid]
            if rows:
                table.move_cursor(row=rows[0])
        if pid in self.base_ids:
            self.notify(_("#{project} is under the base formula: no payment request.").format(project=pid),
                        severity="warning")
            return
        view = next((v for v in self.available() if v.project_id == pid), None)
        if view is None:
            v = next((v for v in self.views if v.project_id == pid), None)
            if v is not None:
                f = v.figures
                self.notify(_("#{project}: nothing available to request ({requested} requested, {paid} paid, "
                              "{held} still held in the escrow account).").format(
                    project=pid, requested=money(f.requested_cents), paid=money(f.paid_cents),
                    held=money(f.held_cents)))
            return
        self.query_one("#pay-project", Select).value = pid
        # The amount is all that is available; the next step is the invoice, so its key works at once.
        self.query_one("#pay-generate" if self.can_invoice[0] else "#pay-path").focus()

    def _default_amount(self, v: EscrowView) -> None:
        self.query_one("#pay-amount", Input).value = euros_input(v.figures.available_cents)

    # -- the form --------------------------------------------------------------------------------------

    @on(Select.Changed, "#pay-project")
    def project_changed(self, event: Select.Changed) -> None:
        v = next((v for v in self.views if v.project_id == event.value), None)
        if v is not None:
            self._default_amount(v)
        self.query_one("#pay-checks", Static).update("")

    @on(Input.Submitted, "#pay-path")
    @on(Input.Submitted, "#pay-amount")
    def path_submitted(self) -> None:
        self.action_check()

    @on(Input.Changed, "#pay-path")
    @on(Input.Changed, "#pay-amount")
    def field_changed(self) -> None:
        self.query_one("#pay-checks", Static).update("")

    @on(Button.Pressed, "#pay-browse")
    def browse_pressed(self) -> None:
        self.action_browse()

    @on(Button.Pressed, "#pay-generate")
    def generate_pressed(self) -> None:
        self.action_generate()

    @on(Button.Pressed, "#pay-check")
    def check_pressed(self) -> None:
        self.action_check()

    @on(Button.Pressed, "#pay-submit")
    def submit_pressed(self) -> None:
        self.action_submit()

    def _fields(self, need_path: bool = True) -> tuple[int, int, str] | None:
        """(project, cents, path) from the form, or a notification saying what to fill in."""
        ok, why = self.can_invoice
        if not ok:
            self.notify(self.pel.say(why) if why is not None else "", title=_("No legal identity"),
                        severity="error", timeout=10)
            return None
        if not self.available():
            self.notify(_(NOTHING_AVAILABLE), severity="warning")
            return None
        pid = self.query_one("#pay-project", Select).value
        if not isinstance(pid, int):
            self.notify(_("Choose the project first."), severity="warning")
            return None
        cents = parse_euros(self.query_one("#pay-amount", Input).value)
        if cents is None:
            self.notify(_("Amount: euros above 0, e.g. {whole} or {cents}.").format(
                whole=formats.number(500), cents=euros_input(50_050)), severity="warning")
            return None
        path = self.query_one("#pay-path", Input).value.strip()
        if need_path and not path:
            browse, generate = self.key_for("payments.browse", "ctrl+o"), self.key_for("payments.generate", "i")
            self.notify(_("Give the invoice PDF: type its path, browse ({browse}) or generate it ({generate}).").format(
                browse=browse, generate=generate), severity="warning")
            return None
        return pid, cents, str(Path(path).expanduser()) if path else ""

    def applies(self, action: str) -> bool:
        open_ = bool(self.available()) and self.can_invoice[0]
        if action in ("generate", "browse", "check", "submit"):
            return open_
        if action in ("report", "export", "copy"):
            return self.dashboard is not None and bool(self.dashboard.requests)
        return True

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#pay-table", DataTable)
        self.set_focus(table)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def current_request(self) -> Any:
        table = self.query_one("#pay-table", DataTable)
        if self.dashboard and 0 <= table.cursor_row < len(self.dashboard.requests):
            return self.dashboard.requests[table.cursor_row]
        return None

    def action_copy(self) -> None:
        q = self.current_request()
        if q is not None:
            self.app.copy_to_clipboard(q.invoice_number)
            self.notify(_("Copied {number}").format(number=q.invoice_number), timeout=2)

    def action_export(self) -> None:
        if self.dashboard is None or not self.dashboard.requests:
            self.notify(_("No payment request to export yet."), severity="information")
            return
        rows = [["request", "project", "title", "amount_eur", "invoice", "state", "submitted", "validated",
                 "rejected", "paid", "pay_on", "reject_reason"]]
        for q in self.dashboard.requests:
            rows.append([str(q.id), str(q.project_id), q.project_title, f"{q.amount_cents / 100:.2f}",
                         q.invoice_number, q.state, *(iso(d) for d in (q.submitted_at, q.validated_at, q.rejected_at,
                                                                        q.paid_at, q.pay_on)), q.reject_reason or ""])
        export_csv(self, "payment-requests", rows, self.invoice_dir)

    def action_browse(self) -> None:
        from textual_fspicker import FileOpen, Filters

        def chosen(path: Path | None) -> None:
            if path is not None:
                with self.prevent(Input.Changed):
                    self.query_one("#pay-path", Input).value = str(path)
                self.action_check()

        start = self.query_one("#pay-path", Input).value.strip()
        folder = Path(start).expanduser().parent if start else self.invoice_dir
        self.app.push_screen(FileOpen(folder if folder.is_dir() else Path.cwd(), _("Invoice PDF"),
                                      filters=Filters(("PDF", lambda p: p.suffix.lower() == ".pdf"),
                                                      (_("All files"), lambda _p: True))), chosen)

    def action_check(self) -> None:
        fields = self._fields()
        if fields is not None:
            self.run_worker(self._check(*fields), group="pay-check", exclusive=True)

    async def _check(self, pid: int, cents: int, path: str) -> Any:
        """Every PA-2/PA-3 check, shown one per line; the report, or None when the file cannot be read."""
        out = self.query_one("#pay-checks", Static)
        try:
            report = await self.pel.db(self.pel.mp.check_invoice_file, pid, cents, path)
        except PelError as e:
            out.update(f"[b $error]✗ {escape(self.pel.say(e))}[/]")
            return None
        voice = self.pel.voice
        lines = ["[$success]✓[/] " + labelled(check_name(c.name), escape(detail(c, voice))) if c.ok
                 else "[b $error]✗ " + labelled(check_name(c.name), escape(detail(c, voice))) + "[/]"
                 for c in report.checks]
        send = self.key_for("payments.submit", "ctrl+s")
        verdict = ("[b $success]" + _("All checks pass: {key} submits.").format(key=send) + "[/]" if report.ok
                   else "[b $error]" + _("The invoice is refused: fix what is marked ✗, then check again.") + "[/]")
        out.update("\n".join([_("Invoice checks for #{project}, {amount}:").format(project=pid, amount=money(cents)),
                               *lines, verdict]))
        return report

    def action_submit(self) -> None:
        fields = self._fields()
        if fields is not None:
            self.run_worker(self._submit(*fields), group="pay-submit", exclusive=True)

    async def _submit(self, pid: int, cents: int, path: str) -> None:
        report = await self._check(pid, cents, path)
        if report is None or not report.ok:
            self.notify(_("Nothing was sent: the invoice fails the checks shown below."), severity="error")
            return
        v = next(v for v in self.views if v.project_id == pid)
        ok = await self.app.push_screen_wait(ConfirmDialog(_("Submit this payment request?"), [
            _("{amount} on #{project}, invoice {invoice}.").format(
                amount=f"[b]{money(cents)}[/]", project=pid, invoice=f"[b]{escape(report.invoice_number or '')}[/]"),
            _("Available after it: {amount}.").format(amount=money(v.figures.available_cents - cents)),
            _("The invoice is stored as is and never edited; if rejected, send a new one.")],
            _("Send the request"), _("Not now")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.request_payment, pid, cents, path)
        if res is not None:
            days = self.pel.engine.policy.payment_business_days
            self.notify(ngettext(
                "Request {invoice} submitted: {amount} on #{project}. Accounting validates it; the transfer "
                "follows {n} business day later.",
                "Request {invoice} submitted: {amount} on #{project}. Accounting validates it; the transfer "
                "follows {n} business days later.", days).format(
                invoice=res["invoice_number"], amount=money(cents), project=pid, n=formats.number(days)))
            self.query_one("#pay-path", Input).value = ""
            self.query_one("#pay-checks", Static).update("")
            await self.load()

    def action_generate(self) -> None:
        fields = self._fields(need_path=False)
        if fields is not None:
            self.run_worker(self._generate(fields[0], fields[1]), group="pay-generate", exclusive=True)

    async def _generate(self, pid: int, cents: int) -> None:
        folder = await self.app.push_screen_wait(PromptDialog(
            _("Invoice for {amount} on #{project}: save in folder").format(amount=money(cents), project=pid),
            value=str(self.invoice_dir)))
        if not folder:
            return
        res = await self.pel.act(self.pel.mp.generate_invoice, pid, cents, str(Path(folder).expanduser()))
        if res is None:
            return
        self.invoice_dir = Path(res["path"]).parent
        with self.prevent(Input.Changed):  # the checks below are for this very file: keep them
            self.query_one("#pay-path", Input).value = res["path"]
        self.notify(_("Invoice {number} written: {path}").format(number=res["number"], path=res["path"]))
        await self._check(pid, cents, res["path"])
        self.query_one("#pay-submit", Button).focus()

    def action_report(self) -> None:
        from pel_tui.screens.report import ReportScreen

        table = self.query_one("#pay-table", DataTable)
        q = self.current_request()
        if self.focused is table and q is not None:
            self.app.push_screen(ReportScreen(q.project_id))
