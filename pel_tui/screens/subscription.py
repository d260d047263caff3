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
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PelModal, PromptDialog, whole_number
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money
from pel_tui.widgets.title_bar import TitleBar

#: What fits on a line of a dialog (76 columns wide, with its border and padding).
DIALOG_TEXT_WIDTH = 66
STATUS_STYLE = {"active": "b green", "suspended": "b yellow", "payment_incident": "b red", "ended": "dim"}
#: Widths of every invoice column but the label (number, date, excl. VAT, incl. VAT), with their padding.
FIXED_COLUMNS = (15 + 10 + 11 + 11) + 2 * 5


def labelled(label: str, text: str) -> str:
    """`label: text`, with the language's spacing (French: a no-break space before the colon)."""
    return pgettext("a label and its text", "{label}: {text}").format(label=label, text=text)


def wrap(text: str) -> str:
    """A dialog's title does not wrap by itself: cut it to the dialog's width."""
    import textwrap

    return textwrap.fill(text, DIALOG_TEXT_WIDTH)


def period_name(months: int) -> str:
    """A plan's period as a noun after an amount: `39,00 €/mois` (fr), `€39.00/month` (en)."""
    named = {1: pgettext("period", "month"), 3: pgettext("period", "quarter"), 12: pgettext("period", "year")}
    return named.get(months) or ngettext("{n} month", "{n} months", months).format(n=formats.number(months))


def per_period(months: int) -> str:
    """`per month`, `per quarter`, `per year`, `every 6 months`."""
    named = {1: _("per month"), 3: _("per quarter"), 12: _("per year")}
    return named.get(months) or ngettext("every {n} month", "every {n} months", months).format(
        n=formats.number(months))


def credits(consultation: int, offer: int, contact: int) -> str:
    """A plan's allotment: `30/5/3 credits` (consultation / offer / contact)."""
    return _("{consultation}/{offer}/{contact} credits").format(
        consultation=formats.number(consultation), offer=formats.number(offer), contact=formats.number(contact))


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

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]
    FOCUS = "#plan-list"

    def __init__(self, plans: list[Plan]) -> None:
        super().__init__()
        self.plans = plans

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog plan-dialog"):
            yield Label(_("Choose a plan"), classes="dialog-title")
            prices = {p.name: _("excl. VAT {per_period}").format(per_period=per_period(p.months)) for p in self.plans}
            width = max((len(x) for x in prices.values()), default=0)
            yield OptionList(*[
                Option(f"{p.label:<10} {money(p.price_cents):>10} {prices[p.name]:<{width + 1}} "
                       f"{credits(p.consultation, p.offer, p.contact)}", id=p.name)
                for p in self.plans
            ], id="plan-list")
            yield Static(_("Credits per period: consultation / offer / contact. Renewed tacitly; "
                           "cancel any time before the renewal date."), classes="hint")
            yield Static(_("enter: choose · escape: cancel"), classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SubscriptionScreen(PelScreen):
    """What the provider pays, until when, what happens next; and the invoices to keep."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("P", "subscribe", N_("Subscribe"), id="subscription.subscribe"),
        Binding("X", "cancel", N_("Cancel plan"), id="subscription.cancel"),
        Binding("Z", "suspend", N_("Suspend"), id="subscription.suspend"),
        Binding("r", "resume", N_("Resume"), id="subscription.resume"),
        Binding("dollar_sign", "settle", N_("Settle"), id="subscription.settle"),
        Binding("e", "save_invoice", N_("Save PDF"), id="subscription.save"),
        Binding("y", "copy", N_("Copy number"), id="subscription.copy", show=False),
        Binding("j", "cursor(1)", N_("Down"), id="subscription.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="subscription.up", show=False),
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
        yield Static(_("Loading…"), id="sub-summary")
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
        self.query_one("#sub-plans", Static).update(" [b]" + _("Plans") + "[/] " + " · ".join(
            f"{p.label} {money(p.price_cents)}/{period_name(p.months)} "
            f"[dim]({credits(p.consultation, p.offer, p.contact)})[/]" for p in plans
        ))

    def show_summary(self) -> None:
        self.show_plans()
        s = self.sub
        box = self.query_one("#sub-summary", Static)
        keys = self.query_one("#sub-keys", Static)
        key = self.key_for
        if s is None:
            box.update("[b]" + _("No subscription.") + "[/] " + _("Credits come with a plan's allotment each period."))
            keys.update(" [dim]" + labelled(key("subscription.subscribe", "P"), _("subscribe")) + "[/]")
            return
        plan = self.pel.engine.policy.plans.get(s.plan)
        allot = " · " + _("{credits} per period").format(credits=credits(plan.consultation, plan.offer, plan.contact)) \
            if plan else ""
        style = STATUS_STYLE.get(s.status, "b")
        heads = {"Plan": pgettext("subscription summary", "Plan"), "Status": pgettext("subscription summary", "Status"),
                 "Period": pgettext("subscription summary", "Period"),
                 "Renewal": pgettext("subscription summary", "Renewal")}
        hw = max(len(h) for h in heads.values()) + 3

        def head(name: str) -> str:
            return f"[b]{heads[name]}[/]" + " " * (hw - len(heads[name]))

        lines = [
            head("Plan") + f"{s.plan_label} · {money(s.price_cents)} "
            + _("excl. VAT {per_period}").format(per_period=per_period(s.months)) + allot,
            head("Status") + f"[{style}]{self.pel.voice.status(s.status, 'subscription')}[/]",
            head("Period") + f"{date(s.period_start)} → {date(s.period_end)}  [dim]("
            + _("since {date}").format(date=date(s.started_at)) + ")[/]",
        ]
        if s.status == "ended":
            lines.append(head("Renewal") + _("none: the subscription has ended"))
        elif s.cancel_requested_at is not None:
            lines.append(head("Renewal") + _("cancelled on {date}: active until {end}, then ends; no refund").format(
                date=date(s.cancel_requested_at), end=date(s.period_end)))
        elif s.renews:
            lines.append(head("Renewal") + _("renews tacitly on {date} · notice on {notice}").format(
                date=date(s.period_end), notice=date(s.renewal_notice_at)))
        if s.status == "payment_incident":
            lines.append(_("{incident} since {date}: credits are frozen until it is settled.").format(
                incident="[b red]" + _("Payment incident") + "[/]", date=date(s.incident_since)))
        if s.amount_due_cents:
            lines.append("[b red]" + _("Amount due") + f"[/] {money(s.amount_due_cents)} — "
                         + _("{key}: settle it").format(key=key("subscription.settle", "dollar_sign")))
        for sp in s.suspensions:
            end = (_("ended {date}").format(date=date(sp.ended_at)) if sp.ended_at
                   else _("until {date} ({key}: resume early)").format(date=date(sp.planned_end),
                                                                        key=key("subscription.resume", "r")))
            lines.append("[b]" + _("Suspended") + f"[/] {date(sp.started_at)}, {end}")
        if s.status == "suspended":
            lines.append("[yellow]" + _("Credits are frozen while suspended; expiries move out by the days suspended.") + "[/]")
        pol = self.pel.engine.policy
        every = pol.suspension_every_months
        if s.can_suspend_from is not None and s.status == "active":
            lines.append("[dim]" + ngettext("Next suspension possible from {date} (once per {n} month).",
                                            "Next suspension possible from {date} (once per {n} months).",
                                            every).format(date=date(s.can_suspend_from), n=formats.number(every))
                         + "[/]")
        box.update("\n".join(lines))
        hints = []
        if s.status == "ended":
            hints.append(labelled(key("subscription.subscribe", "P"), _("subscribe")))
        elif s.cancel_requested_at is None:
            hints.append(labelled(key("subscription.cancel", "X"), _("cancel the plan")))
        if s.status == "active" and s.can_suspend_from is None:
            hints.append(labelled(key("subscription.suspend", "Z"), ngettext(
                "suspend {lo}–{hi} month", "suspend {lo}–{hi} months", pol.suspension_max_months).format(
                lo=pol.suspension_min_months, hi=pol.suspension_max_months)))
        if s.status == "suspended":
            hints.append(labelled(key("subscription.resume", "r"), _("resume")))
        if s.amount_due_cents:
            hints.append(labelled(key("subscription.settle", "dollar_sign"), _("settle")))
        hints.append(labelled(key("subscription.save", "e"), _("save the selected invoice as PDF")))
        keys.update(" [dim]" + " · ".join(hints) + "[/]")

    def show_invoices(self) -> None:
        table = self.query_one("#invoice-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in ((_("number"), "number", 15), (_("issued"), "issued", 10),
                                  (_("label"), "label", self.label_width), (_("excl. VAT"), "ht", 11),
                                  (_("incl. VAT"), "ttc", 11)):
            table.add_column(label, key=key, width=width)
        for inv in self.invoices:
            text = inv.label if len(inv.label) <= self.label_width else inv.label[: self.label_width - 1] + "…"
            table.add_row(inv.number, date(inv.issued_at), escape(text), f"{money(inv.amount_cents):>11}",
                          f"{money(inv.amount_cents + inv.vat_cents):>11}", key=str(inv.id))
        if self.invoices:
            table.move_cursor(row=min(max(keep, 0), len(self.invoices) - 1))
        if self.loaded:
            table.border_title = _("Platform invoices ({n})").format(n=formats.number(len(self.invoices))) \
                if self.invoices else _("Platform invoices: none yet")

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
            self.notify(_("Copied {number}").format(number=inv.number), timeout=2)

    def action_subscribe(self) -> None:
        self._run(self._subscribe())

    async def _subscribe(self) -> None:
        s = self.sub
        if s is not None and s.status != "ended":
            if s.cancel_requested_at is not None:  # cancelled already: say when, not "cancel it first"
                self.notify(_("Your {plan} plan is cancelled and ends on {date}; a new plan can start from then.")
                            .format(plan=s.plan_label, date=date(s.period_end)), severity="information", timeout=8)
            else:
                self.notify(_("You already have the {plan} plan ({state}). A new plan can start once it has ended: "
                              "cancel it ({key}) first.").format(
                    plan=s.plan_label, state=self.pel.voice.status(s.status, "subscription"),
                    key=self.key_for("subscription.cancel", "X")), severity="warning", timeout=8)
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
            return _("This is not the sentence above: type it word for word, capitals included.")

        typed = await self.app.push_screen_wait(PromptDialog(
            _("To subscribe to {plan}, type this sentence exactly:").format(plan=plan.label) + f"\n\n{wrap(sentence)}",
            placeholder=_("the sentence above, word for word"), check=check,
        ))
        if typed is None:
            self.notify(_("No subscription: the confirmation sentence was not typed."), severity="warning")
            return
        res = await self.pel.act(self.pel.mp.subscribe, name, sentence)  # what was typed matches it
        if res is not None:
            granted = res["granted"]
            self.notify(_("Subscribed to {plan} until {date}: {credits} granted.").format(
                plan=plan.label, date=self.pel.voice.date(res["period_ends_at"]),
                credits=credits(granted["consultation"], granted["offer"], granted["contact"])),
                title=_("Subscribed"), timeout=6)
            await self.load()

    def action_cancel(self) -> None:
        self._run(self._cancel())

    async def _cancel(self) -> None:
        s = self.sub
        if s is None or s.status == "ended":
            self.notify(_("You have no live subscription to cancel; {key} subscribes.").format(
                key=self.key_for("subscription.subscribe", "P")), severity="warning")
            return
        if s.cancel_requested_at is not None:
            self.notify(_("Already cancelled: active until {date}.").format(date=date(s.period_end)),
                        severity="information")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Cancel the {plan} plan?").format(plan=s.plan_label),
            [_("It will not renew on {date}.").format(date=date(s.period_end)),
             _("It stays active until {date}, the end of the paid period.").format(
                 date=f"[b]{date(s.period_end)}[/]"),
             _("No refund and no shortening of the period.")], _("Cancel the plan"), _("Keep the plan")))
        if ok:
            res = await self.pel.act(self.pel.mp.cancel_subscription)
            if res is not None:
                self.notify(_("Cancelled: active until {date}, then ended. No refund.").format(
                    date=self.pel.voice.date(res["active_until"])), title=_("Cancelled"), timeout=6)
                await self.load()

    def action_suspend(self) -> None:
        self._run(self._suspend())

    async def _suspend(self) -> None:
        pol = self.pel.engine.policy
        lo, hi = pol.suspension_min_months, pol.suspension_max_months
        s = self.sub
        if s is None or s.status != "active":
            self.notify(_("Only an active subscription can be suspended."), severity="warning")
            return
        if s.can_suspend_from is not None:
            self.notify(ngettext("One suspension per {n} month: the next one is possible from {date}.",
                                 "One suspension per {n} months: the next one is possible from {date}.",
                                 pol.suspension_every_months).format(
                n=formats.number(pol.suspension_every_months), date=date(s.can_suspend_from)),
                severity="warning", timeout=8)
            return
        value = await self.app.push_screen_wait(PromptDialog(
            wrap(_("Suspend for how many months ({lo} to {hi})? Credits are frozen meanwhile; the period's end "
                   "and every expiry move out by the days suspended. Once per {every} months.").format(
                lo=lo, hi=hi, every=pol.suspension_every_months)),
            placeholder=f"{lo}–{hi}", check=whole_number(lo, hi, _("months")),
        ))
        if value is None:
            return
        months = int(value)
        ok = await self.app.push_screen_wait(ConfirmDialog(
            ngettext("Suspend for {n} month?", "Suspend for {n} months?", months).format(n=months),
            [ngettext("This uses your one suspension per {n} month.", "This uses your one suspension per {n} months.",
                      pol.suspension_every_months).format(n=pol.suspension_every_months),
             _("Credits are frozen until it ends; the period's end and every expiry move out by the days "
               "suspended."),
             _("You can come back early ({key}).").format(key=self.key_for("subscription.resume", "r"))],
            _("Suspend"), _("Keep it active")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.suspend, months)
        if res is not None:
            self.notify(_("Suspended until {date}; {key} resumes early.").format(
                date=self.pel.voice.date(res["suspended_until"]), key=self.key_for("subscription.resume", "r")),
                title=_("Suspended"))
            await self.load()

    def action_resume(self) -> None:
        self._run(self._resume())

    async def _resume(self) -> None:
        s = self.sub
        if s is None or s.status != "suspended":
            self.notify(_("Your subscription is not suspended: nothing to resume."), severity="information")
            return
        pol = self.pel.engine.policy
        ok = await self.app.push_screen_wait(ConfirmDialog(_("Resume now?"), [
            _("The suspension ends today; credits can be spent again."),
            _("It still counts as your suspension of these {n} months: the next one waits its turn.").format(
                n=pol.suspension_every_months)], _("Resume"), _("Stay suspended")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.resume)
        if res is not None:
            self.notify(_("Resumed: credits can be spent again; the period now ends on {date}.").format(
                date=self.pel.voice.date(res["period_ends_at"])), title=_("Resumed"))
            await self.load()

    def action_settle(self) -> None:
        self._run(self._settle())

    async def _settle(self) -> None:
        s = self.sub
        if s is None or not s.amount_due_cents:
            self.notify(_("Nothing is due."), severity="information")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Pay {amount} now?").format(amount=money(s.amount_due_cents)),
            [_("{amount} is charged to your payment method.").format(amount=money(s.amount_due_cents)),
             _("A subscription in payment incident then starts its new period.")], _("Pay"), _("Not now")))
        if ok:
            res = await self.pel.act(self.pel.mp.settle)
            if res is not None:
                self.notify(_("Paid {amount}.").format(amount=money(res["paid_cents"])), title=_("Settled"))
                await self.load()

    def action_save_invoice(self) -> None:
        self._run(self._save_invoice())

    async def _save_invoice(self) -> None:
        inv = self.current_invoice()
        if inv is None:
            self.notify(_("No invoice to save yet: invoices come with each subscription period."),
                        severity="warning")
            return
        home = Path.home()
        default = home if home.is_dir() else Path.cwd()

        def check(value: str) -> str | None:
            target = Path(value).expanduser()
            if not target.is_dir() and (target.suffix.lower() != ".pdf" or not target.parent.is_dir()):
                return _("No directory {path}: type an existing directory (or a file name ending in .pdf).").format(
                    path=value)
            return None

        value = await self.app.push_screen_wait(PromptDialog(
            _("Save invoice {number} as PDF in directory").format(number=inv.number), placeholder=str(default),
            value=str(default),
            check=check))
        if value is None:
            return
        target = Path(value).expanduser()
        try:
            path = await self.pel.db(self.pel.mp.save_platform_invoice, inv.number, str(target))
        except (PelError, OSError) as e:
            why = self.pel.say(e) if isinstance(e, PelError) else str(e)
            self.notify(_("Could not save {number}: {why}. Try another directory.").format(number=inv.number, why=why),
                        title=_("Refused"), severity="error", timeout=8)
            return
        self.notify(_("Saved {path}").format(path=path), title=_("Invoice {number}").format(number=inv.number),
                    timeout=8)
