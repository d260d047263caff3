"""The subscription (SU-1..SU-6) and the platform's own invoices (SU-8)."""

from __future__ import annotations

from collections.abc import Coroutine
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from pel_tui.backend.errors import PelError
from pel_tui.backend.models import PlatformInvoice, Subscription
from pel_tui.backend.policy import Plan
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PelModal, PromptDialog, whole_number
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money
from pel_tui.widgets.title_bar import TitleBar

#: What fits on a line of a dialog (76 columns wide, with its border and padding).
DIALOG_TEXT_WIDTH = 66
PERIOD = {1: "month", 3: "quarter", 12: "year"}
STATUS_STYLE = {"active": "b green", "suspended": "b yellow", "payment_incident": "b red", "ended": "dim"}
#: Widths of every invoice column but the label (number, date, excl. VAT, incl. VAT), with their padding.
FIXED_COLUMNS = (15 + 10 + 11 + 11) + 2 * 5


def wrap(text: str) -> str:
    """A dialog's title does not wrap by itself: cut it to the dialog's width."""
    import textwrap

    return textwrap.fill(text, DIALOG_TEXT_WIDTH)


def period_name(months: int) -> str:
    return PERIOD.get(months, f"{months} months")


def same_sentence(typed: str, sentence: str) -> bool:
    """SU-2's sentence, as typed: a typographic apostrophe or quote is the plain one (a phone's keyboard,
    a paste from a mail), and spaces do not count; every word and capital does."""

    def plain(text: str) -> str:
        for fancy, simple in (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
            text = text.replace(fancy, simple)
        return " ".join(text.split())

    return plain(typed) == plain(sentence)


class PlanDialog(PelModal[str | None]):
    """SU-1: pick a plan; the next step shows the sentence to type (SU-2)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    FOCUS = "#plan-list"

    def __init__(self, plans: list[Plan]) -> None:
        super().__init__()
        self.plans = plans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog plan-dialog"):
            yield Label("Choose a plan", classes="dialog-title")
            yield OptionList(*[
                Option(f"{p.label:<10} {money(p.price_cents):>10} excl. VAT per {period_name(p.months):<8} "
                       f"{p.consultation}/{p.offer}/{p.contact} credits", id=p.name)
                for p in self.plans
            ], id="plan-list")
            yield Static("Credits per period: consultation / offer / contact. Renewed tacitly; "
                         "cancel any time before the renewal date.", classes="hint")
            yield Static("enter: choose · escape: cancel", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SubscriptionScreen(PelScreen):
    """What the provider pays, until when, what happens next; and the invoices to keep."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("P", "subscribe", "Subscribe", id="subscription.subscribe"),
        Binding("X", "cancel", "Cancel plan", id="subscription.cancel"),
        Binding("Z", "suspend", "Suspend", id="subscription.suspend"),
        Binding("r", "resume", "Resume", id="subscription.resume"),
        Binding("dollar_sign", "settle", "Settle", id="subscription.settle"),
        Binding("e", "save_invoice", "Save PDF", id="subscription.save"),
        Binding("y", "copy", "Copy number", id="subscription.copy", show=False),
        Binding("j", "cursor(1)", "Down", id="subscription.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="subscription.up", show=False),
    ]
    MAIN = "#invoice-table"

    def __init__(self) -> None:
        super().__init__()
        self.sub: Subscription | None = None
        self.invoices: list[PlatformInvoice] = []
        self.label_width = 20
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Loading…", id="sub-summary")
        yield Static("", id="sub-keys")
        yield Static("", id="sub-plans")
        table: DataTable[str] = DataTable(id="invoice-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        width = max(12, self.query_one("#invoice-table", DataTable).size.width - FIXED_COLUMNS - 2)
        if width != self.label_width:
            self.label_width = width
            self.show_invoices()

    async def load(self) -> None:
        mp = self.pel.mp
        self.sub, self.invoices = await self.pel.db(lambda: (mp.subscription(), mp.platform_invoices()))
        self.loaded = True
        self.show_summary()
        self.show_invoices()

    # -- what is shown --------------------------------------------------------------------------------

    def show_plans(self) -> None:
        plans = self.pel.engine.policy.plans.values()
        self.query_one("#sub-plans", Static).update(" [b]Plans[/] " + " · ".join(
            f"{p.label} {money(p.price_cents)}/{period_name(p.months)} "
            f"[dim]({p.consultation}/{p.offer}/{p.contact} credits)[/]" for p in plans
        ))

    def show_summary(self) -> None:
        self.show_plans()
        s = self.sub
        box = self.query_one("#sub-summary", Static)
        keys = self.query_one("#sub-keys", Static)
        key = self.key_for
        if s is None:
            box.update("[b]No subscription.[/] Credits come with a plan's allotment each period.")
            keys.update(f" [dim]{key('subscription.subscribe', 'P')}: subscribe[/]")
            return
        plan = self.pel.engine.policy.plans.get(s.plan)
        allot = f" · {plan.consultation}/{plan.offer}/{plan.contact} credits per period" if plan else ""
        style = STATUS_STYLE.get(s.status, "b")
        lines = [
            f"[b]Plan[/]      {s.plan_label} · {money(s.price_cents)} excl. VAT per {period_name(s.months)}{allot}",
            f"[b]Status[/]    [{style}]{s.status.replace('_', ' ')}[/]",
            f"[b]Period[/]    {date(s.period_start)} → {date(s.period_end)}  [dim](since {date(s.started_at)})[/]",
        ]
        if s.status == "ended":
            lines.append("[b]Renewal[/]   none: the subscription has ended")
        elif s.cancel_requested_at is not None:
            lines.append(f"[b]Renewal[/]   cancelled on {date(s.cancel_requested_at)}: active until "
                         f"{date(s.period_end)}, then ends; no refund")
        elif s.renews:
            lines.append(f"[b]Renewal[/]   renews tacitly on {date(s.period_end)} · notice on "
                         f"{date(s.renewal_notice_at)}")
        if s.status == "payment_incident":
            lines.append(f"[b red]Payment incident[/] since {date(s.incident_since)}: credits are frozen "
                         "until it is settled.")
        if s.amount_due_cents:
            lines.append(f"[b red]Amount due[/] {money(s.amount_due_cents)} — "
                         f"{key('subscription.settle', 'dollar_sign')}: settle it")
        for sp in s.suspensions:
            end = (f"ended {date(sp.ended_at)}" if sp.ended_at
                   else f"until {date(sp.planned_end)} ({key('subscription.resume', 'r')}: resume early)")
            lines.append(f"[b]Suspended[/] {date(sp.started_at)}, {end}")
        if s.status == "suspended":
            lines.append("[yellow]Credits are frozen while suspended; expiries move out by the days suspended.[/]")
        pol = self.pel.engine.policy
        if s.can_suspend_from is not None and s.status == "active":
            lines.append(f"[dim]Next suspension possible from {date(s.can_suspend_from)} "
                         f"(once per {pol.suspension_every_months} months).[/]")
        box.update("\n".join(lines))
        hints = []
        if s.status == "ended":
            hints.append(f"{key('subscription.subscribe', 'P')}: subscribe")
        elif s.cancel_requested_at is None:
            hints.append(f"{key('subscription.cancel', 'X')}: cancel")
        if s.status == "active" and s.can_suspend_from is None:
            hints.append(f"{key('subscription.suspend', 'Z')}: suspend {pol.suspension_min_months}–"
                         f"{pol.suspension_max_months} months")
        if s.status == "suspended":
            hints.append(f"{key('subscription.resume', 'r')}: resume")
        if s.amount_due_cents:
            hints.append(f"{key('subscription.settle', 'dollar_sign')}: settle")
        hints.append(f"{key('subscription.save', 'e')}: save the selected invoice as PDF")
        keys.update(" [dim]" + " · ".join(hints) + "[/]")

    def show_invoices(self) -> None:
        table = self.query_one("#invoice-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("number", "number", 15), ("issued", "issued", 10),
                                  ("label", "label", self.label_width), ("excl. VAT", "ht", 11),
                                  ("incl. VAT", "ttc", 11)):
            table.add_column(label, key=key, width=width)
        for inv in self.invoices:
            text = inv.label if len(inv.label) <= self.label_width else inv.label[: self.label_width - 1] + "…"
            table.add_row(inv.number, date(inv.issued_at), escape(text), f"{money(inv.amount_cents):>11}",
                          f"{money(inv.amount_cents + inv.vat_cents):>11}", key=str(inv.id))
        if self.invoices:
            table.move_cursor(row=min(max(keep, 0), len(self.invoices) - 1))
        if self.loaded:
            table.border_title = f"Platform invoices ({len(self.invoices)})" if self.invoices else \
                "Platform invoices: none yet"

    def current_invoice(self) -> PlatformInvoice | None:
        table = self.query_one("#invoice-table", DataTable)
        if not self.invoices or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return next((i for i in self.invoices if str(i.id) == key), None)

    # -- actions --------------------------------------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        self.run_worker(coro, group="subscription-action", exclusive=True)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#invoice-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def applies(self, action: str) -> bool:
        """The key bar offers what the subscription's state allows."""
        s = self.sub
        live = s is not None and s.status != "ended"
        return {
            "subscribe": not live,
            "cancel": live and s is not None and s.cancel_requested_at is None,
            "suspend": s is not None and s.status == "active" and s.can_suspend_from is None,
            "resume": s is not None and s.status == "suspended",
            "settle": s is not None and bool(s.amount_due_cents),
            "save_invoice": bool(self.invoices),
            "copy": bool(self.invoices),
        }.get(action, True)

    def action_copy(self) -> None:
        inv = self.current_invoice()
        if inv is not None:
            self.app.copy_to_clipboard(inv.number)
            self.notify(f"Copied {inv.number}", timeout=2)

    def action_subscribe(self) -> None:
        self._run(self._subscribe())

    async def _subscribe(self) -> None:
        s = self.sub
        if s is not None and s.status != "ended":
            if s.cancel_requested_at is not None:  # cancelled already: say when, not "cancel it first"
                self.notify(f"Your {s.plan_label} plan is cancelled and ends on {date(s.period_end)}; a new "
                            "plan can start from then.", severity="information", timeout=8)
            else:
                self.notify(f"You already have the {s.plan_label} plan ({s.status.replace('_', ' ')}). "
                            f"A new plan can start once it has ended: cancel it "
                            f"({self.key_for('subscription.cancel', 'X')}) first.", severity="warning", timeout=8)
            return
        plans = list(self.pel.engine.policy.plans.values())
        name = await self.app.push_screen_wait(PlanDialog(plans))
        if name is None:
            return
        plan = self.pel.engine.policy.plans[name]
        sentence = await self.pel.db(self.pel.mp.subscription_sentence, name)

        def check(typed: str) -> str | None:
            if same_sentence(typed, sentence):
                return None
            return "This is not the sentence above: type it word for word, capitals included."

        typed = await self.app.push_screen_wait(PromptDialog(
            f"To subscribe to {plan.label}, type this sentence exactly:\n\n{wrap(sentence)}",
            placeholder="the sentence above, word for word", check=check,
        ))
        if typed is None:
            self.notify("No subscription: the confirmation sentence was not typed.", severity="warning")
            return
        res = await self.pel.act(self.pel.mp.subscribe, name, sentence)  # what was typed matches it
        if res is not None:
            granted = res["granted"]
            self.notify(f"Subscribed to {plan.label} until {self.pel.voice.date(res['period_ends_at'])}: "
                        f"{granted['consultation']}/{granted['offer']}/{granted['contact']} credits granted.",
                        title="Subscribed", timeout=6)
            await self.load()

    def action_cancel(self) -> None:
        self._run(self._cancel())

    async def _cancel(self) -> None:
        s = self.sub
        if s is None or s.status == "ended":
            self.notify("You have no live subscription to cancel; s subscribes.", severity="warning")
            return
        if s.cancel_requested_at is not None:
            self.notify(f"Already cancelled: active until {date(s.period_end)}.", severity="information")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            f"Cancel the {s.plan_label} plan?",
            [f"It will not renew on {date(s.period_end)}.",
             f"It stays active until [b]{date(s.period_end)}[/], the end of the paid period.",
             "No refund and no shortening of the period."], "Cancel the plan", "Keep the plan"))
        if ok:
            res = await self.pel.act(self.pel.mp.cancel_subscription)
            if res is not None:
                self.notify(f"Cancelled: active until {self.pel.voice.date(res['active_until'])}, then ended. "
                            "No refund.",
                            title="Cancelled", timeout=6)
                await self.load()

    def action_suspend(self) -> None:
        self._run(self._suspend())

    async def _suspend(self) -> None:
        pol = self.pel.engine.policy
        lo, hi = pol.suspension_min_months, pol.suspension_max_months
        s = self.sub
        if s is None or s.status != "active":
            self.notify("Only an active subscription can be suspended.", severity="warning")
            return
        if s.can_suspend_from is not None:
            self.notify(f"One suspension per {pol.suspension_every_months} months: the next one is possible "
                        f"from {date(s.can_suspend_from)}.", severity="warning", timeout=8)
            return
        value = await self.app.push_screen_wait(PromptDialog(
            wrap(f"Suspend for how many months ({lo} to {hi})? Credits are frozen meanwhile; the period's end "
                 f"and every expiry move out by the days suspended. Once per {pol.suspension_every_months} "
                 "months."),
            placeholder=f"{lo}–{hi}", check=whole_number(lo, hi, "months"),
        ))
        if value is None:
            return
        months = int(value)
        ok = await self.app.push_screen_wait(ConfirmDialog(
            f"Suspend for {months} month{'s' if months > 1 else ''}?",
            [f"This uses your one suspension per {pol.suspension_every_months} months.",
             "Credits are frozen until it ends; the period's end and every expiry move out by the days "
             "suspended.",
             f"You can come back early ({self.key_for('subscription.resume', 'r')})."], "Suspend", "Keep it active"))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.suspend, months)
        if res is not None:
            self.notify(f"Suspended until {self.pel.voice.date(res['suspended_until'])}; "
                        f"{self.key_for('subscription.resume', 'r')} resumes early.",
                        title="Suspended")
            await self.load()

    def action_resume(self) -> None:
        self._run(self._resume())

    async def _resume(self) -> None:
        s = self.sub
        if s is None or s.status != "suspended":
            self.notify("Your subscription is not suspended: nothing to resume.", severity="information")
            return
        pol = self.pel.engine.policy
        ok = await self.app.push_screen_wait(ConfirmDialog("Resume now?", [
            "The suspension ends today; credits can be spent again.",
            f"It still counts as your suspension of these {pol.suspension_every_months} months: the next one "
            "waits its turn."], "Resume", "Stay suspended"))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.resume)
        if res is not None:
            self.notify("Resumed: credits can be spent again; the period now ends on "
                        f"{self.pel.voice.date(res['period_ends_at'])}.", title="Resumed")
            await self.load()

    def action_settle(self) -> None:
        self._run(self._settle())

    async def _settle(self) -> None:
        s = self.sub
        if s is None or not s.amount_due_cents:
            self.notify("Nothing is due.", severity="information")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            f"Pay {money(s.amount_due_cents)} now?",
            [f"{money(s.amount_due_cents)} is charged to your payment method.",
             "A subscription in payment incident then starts its new period."], "Pay", "Not now"))
        if ok:
            res = await self.pel.act(self.pel.mp.settle)
            if res is not None:
                self.notify(f"Paid {money(res['paid_cents'])}.", title="Settled")
                await self.load()

    def action_save_invoice(self) -> None:
        self._run(self._save_invoice())

    async def _save_invoice(self) -> None:
        inv = self.current_invoice()
        if inv is None:
            self.notify("No invoice to save yet: invoices come with each subscription period.",
                        severity="warning")
            return
        home = Path.home()
        default = home if home.is_dir() else Path.cwd()

        def check(value: str) -> str | None:
            target = Path(value).expanduser()
            if not target.is_dir() and (target.suffix.lower() != ".pdf" or not target.parent.is_dir()):
                return f"No directory {value}: type an existing directory (or a file name ending in .pdf)."
            return None

        value = await self.app.push_screen_wait(PromptDialog(
            f"Save invoice {inv.number} as PDF in directory", placeholder=str(default), value=str(default),
            check=check))
        if value is None:
            return
        target = Path(value).expanduser()
        try:
            path = await self.pel.db(self.pel.mp.save_platform_invoice, inv.number, str(target))
        except (PelError, OSError) as e:
            why = self.pel.say(e) if isinstance(e, PelError) else str(e)
            self.notify(f"Could not save {inv.number}: {why}. Try another directory.", title="Refused",
                        severity="error", timeout=8)
            return
        self.notify(f"Saved {path}", title=f"Invoice {inv.number}", timeout=8)
