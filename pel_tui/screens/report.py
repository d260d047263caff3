"""The project report (PR-5): the public part, then what each credit unlocks (CR-1), and the actions."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from pel_tui.backend.models import ProjectReport, Quote
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.i18n.terms import terms
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, OfferForm, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import amount_input, budget, deadline, money, size, state, when
from pel_tui.widgets.title_bar import TitleBar


def one_credit(kind: str) -> str:
    """`1 offer credit` (fr: `1 crédit d’offre`)."""
    return {
        "consultation": _("1 consultation credit"), "offer": _("1 offer credit"), "contact": _("1 contact credit"),
    }.get(kind, kind)


def payer(who: str) -> str:
    """Who pays the commission, in words (after "paid by the": French `payée par le client`)."""
    return {"client": pgettext("who pays", "client"), "provider": pgettext("who pays", "provider")}.get(who, who)


class ReportScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="report.back"),
        Binding("c", "consult", N_("Consult"), id="report.consult"),
        Binding("o", "offer", N_("Offer"), id="report.offer"),
        Binding("w", "withdraw", N_("Withdraw"), id="report.withdraw", show=False),
        Binding("a", "ask", N_("Ask"), id="report.ask"),
        Binding("r", "contact", N_("Contact"), id="report.contact"),
        Binding("exclamation_mark", "stale", N_("Stale"), id="report.stale", show=False),
        Binding("A", "confirm_terms", N_("Accept terms"), id="report.confirm"),
        Binding("y", "copy", N_("Copy"), id="report.copy", show=False),
        Binding("j", "scroll(1)", N_("Down"), id="report.down", show=False),
        Binding("k", "scroll(-1)", N_("Up"), id="report.up", show=False),
    ]
    MAIN = "#report-scroll"
    KEPT = False  # a report is made anew for each project opened

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.report: ProjectReport | None = None
        self.palette_object = _("project #{id}").format(id=project_id)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="report-scroll"):
            yield Static(_("Loading…"), id="report-public")
            yield Static("", id="report-unlocked")
            yield Static("", id="report-mine")
        yield Footer()

    async def load(self) -> None:
        from pel_tui.backend.errors import PelError

        try:
            self.report = await self.pel.db(self.pel.mp.project, self.project_id)
        except PelError as e:
            self.notify(self.pel.say(e), severity="error")
            self.app.pop_screen()
            return
        self.render_report(self.report)
        self.refresh_bindings()

    def render_report(self, r: ProjectReport) -> None:
        p = r.project
        self.sub_title = f"#{p.id}"
        status = escape(state(p.status))
        status = f"[green]{status}[/]" if p.status == "open" else status
        posted = _("posted {date}").format(date=when(p.created_at))
        head = [
            f"[b]#{p.id} {escape(p.title)}[/]",
            f"{escape(p.category)} · {budget(p.budget_min_cents, p.budget_max_cents)} · {escape(p.city)} "
            f"({p.country}) · {posted} · {status}" + ((' · [b red]' + _('URGENT') + '[/]') if p.urgent else ""),
            ngettext("{n} offer", "{n} offers", p.offers).format(n=formats.number(p.offers)) + " · "
            + _("deadline {date}").format(date=escape(deadline(p.deadline))),
            "",
            escape(p.summary),
        ]
        self.query_one("#report-public", Static).update("\n".join(head))
        u = r.unlocked
        parts: list[str] = []
        if not u["consultation"]:
            locked = _("Report locked")
            what = _("description, specification, other offers, Q&A, files.")
            consult = _("{key}: consult (one consultation credit)").format(key=self.key_for("report.consult", "c"))
            parts.append(f"\n[b]{locked}[/] — {what}\n[dim]{consult}[/]")
        else:
            parts.append('\n[b]' + _('Description') + f"[/]\n{escape(r.description or '')}")
            if r.specification:
                parts.append('\n[b]' + _('Specification') + f'[/]\n{escape(r.specification)}')
            offers = r.other_offers or []
            parts.append('\n[b]' + _('Other offers ({n})').format(n=formats.number(len(offers))) + '[/]')
            parts += [f"  {escape(o.provider)}: " + escape(_("{amount} in {days} d ({state})").format(
                amount=money(o.amount_cents), days=o.delay_days, state=state(o.status, "offer")))
                      for o in offers] or [('  ' + _('none yet'))]
            msgs = r.messages or []
            parts.append('\n[b]' + _('Questions and answers ({n})').format(n=formats.number(len(msgs))) + '[/]')
            ask = _("{key}: ask (needs the offer credit)").format(key=self.key_for("report.ask", "a"))
            parts += [f"  [dim]{when(m.at)}[/] {self._author(m.author)}"
                      f"{' ' + escape(m.provider) if m.provider else ''}: "
                      f"{escape(m.body)}" for m in msgs] or [('  ' + _('none yet') + f'  [dim]{ask}[/]')]
            if r.files:
                parts.append(('\n[b]' + _('Files') + '[/]\n') + "\n".join(f"  {escape(f.name)} ({size(f.size_bytes)})"
                                                                 for f in r.files))
            if r.contact:
                parts.append('\n[b]' + _('Client') + f'[/]  {escape(r.contact.name)} · {escape(r.contact.email)} · {escape(r.contact.phone)}')
            else:
                reveal = _("{key}: reveal (one contact credit)").format(key=self.key_for("report.contact", "r"))
                parts.append('\n[b]' + _('Client contact') + '[/] ' + _('locked') + f'  [dim]{reveal}[/]')
        self.query_one("#report-unlocked", Static).update("\n".join(parts))
        mine: list[str] = []
        if r.my_offer:
            o = r.my_offer
            read = _("read {date}").format(date=when(o.read_at)) if o.read_at else _("not read yet")
            figures = _("{amount} in {days} d · {state} · version {version} · {read}").format(
                amount=money(o.amount_cents), days=o.delay_days, state=state(o.status, "offer"),
                version=len(o.versions), read=read)
            mine.append('\n[b]' + _('Your offer') + f'[/] {escape(figures)}')
            if o.status in ("submitted", "read") and p.status == "open":
                keys = _("{edit}: edit (free) · {withdraw}: withdraw").format(
                    edit=self.key_for("report.offer", "o"), withdraw=self.key_for("report.withdraw", "w"))
                mine.append(f"[dim]{keys}[/]")
            elif o.status == "withdrawn" and p.status == "open":
                again = _("{key}: submit it again (free)").format(key=self.key_for("report.offer", "o"))
                mine.append(f"[dim]{again}[/]")
        if r.contract:
            k = r.contract
            figures = _("{formula} · {amount} · {state} · commission {commission} paid by the {payer}").format(
                formula=self.pel.voice.formula(k.formula), amount=money(k.amount_cents),
                state=state(k.status, "contract"), commission=money(k.commission_cents),
                payer=payer(k.commission_payer))
            mine.append('\n[b]' + _('Contract') + f'[/] {escape(figures)}')
            mine += [f"  [dim]{escape(t)}[/]" for t in terms(k.terms)]
            if k.status == "awaiting_confirmation":
                confirm = _("Confirm the terms by {date}: {key} accepts them").format(
                    date=when(k.confirm_by), key=self.key_for("report.confirm", "A"))
                mine.append(f"[b yellow]{escape(confirm)}[/]")
        if r.stale_report:
            report = _("Report as no longer current: {state}").format(state=self._stale_state(r.stale_report))
            mine.append(f"\n{escape(report)}")
        self.query_one("#report-mine", Static).update("\n".join(mine))

    @staticmethod
    def _author(author: str) -> str:
        """Who wrote a message of the Q&A, in words."""
        return {"client": _("client"), "provider": _("provider")}.get(author, author)

    @staticmethod
    def _stale_state(report: Any) -> str:
        """A report as no longer current, in words (its state, never its id)."""
        words = {"pending": _("awaiting the client’s answer"), "confirmed": _("confirmed: the project is closed"),
                 "no_answer": _("no answer: the project is closed"),
                 "denied": _("the client says it is still current"),
                 "moot": _("no longer needed: the project changed since")}
        return words.get(str(report), str(report).replace("_", " "))

    def applies(self, action: str) -> bool:
        """The key bar offers what the report allows now (no Consult once consulted...)."""
        r = self.report
        if r is None:
            return action in ("back", "scroll", "copy")
        open_ = r.project.status == "open"
        offer = r.my_offer
        return {
            "consult": not r.unlocked["consultation"],
            "offer": open_ and (offer is None or offer.status in ("submitted", "read", "withdrawn")),
            "withdraw": open_ and offer is not None and offer.status in ("submitted", "read"),
            "ask": r.unlocked["consultation"] and open_,
            "contact": r.unlocked["consultation"] and not r.unlocked["contact"],
            "stale": open_,
            "confirm_terms": r.contract is not None and r.contract.status == "awaiting_confirmation",
        }.get(action, True)

    def action_copy(self) -> None:
        """The client's email and phone once revealed, else the project's id (the terminal's clipboard)."""
        r = self.report
        if r is not None and r.contact is not None:
            text = f"{r.contact.name} <{r.contact.email}> {r.contact.phone}"
        else:
            text = f"#{self.project_id}"
        self.app.copy_to_clipboard(text)
        self.notify(_("Copied: {text}").format(text=text), timeout=3)

    def action_scroll(self, delta: int) -> None:
        scroll = self.query_one("#report-scroll", VerticalScroll)
        scroll.scroll_relative(y=delta * 3, animate=False)

    # -- spending, with a dialog that says what it costs ----------------------------------------------

    async def _quote(self, kind: str) -> Quote | None:
        """What `kind` costs here; None, said at once, when it cannot be spent (before any form)."""
        q: Quote = await self.pel.db(self.pel.mp.quote, self.project_id, kind)
        if q.already_paid:
            return q
        if q.needs_consultation:
            key = self.key_for("report.consult", "c")
            self.notify(_("Consult #{id} first ({key}): every action starts from the report.").format(
                id=self.project_id, key=key), severity="warning")
            return None
        if q.frozen:
            from pel_tui.backend.errors import CreditsFrozen

            self.notify(self.pel.say(CreditsFrozen(q.frozen)), title=_("Refused"), severity="error")
            return None
        if q.balance_before <= 0:
            left = {"consultation": _("No consultation credit left (0)."), "offer": _("No offer credit left (0)."),
                    "contact": _("No contact credit left (0).")}.get(kind, kind)
            self.notify(left + " " + _("Your next allotment comes with the next period; packs can be bought."),
                        severity="error", timeout=8)
            return None
        return q

    async def _confirm_spend(self, kind: str, what: str, head: list[str] | None = None,
                             q: Quote | None = None) -> bool:
        """Spend one credit of `kind`, asked first with the balance before → after (free: no question)."""
        q = q or await self._quote(kind)
        if q is None:
            return False
        if q.already_paid:
            return True  # already paid for on this project: free, no question
        lines = [
            *(head or []),
            _("{what} on #{id} spends {credit}.").format(what=what, id=self.project_id,
                                                          credit=f"[b]{one_credit(kind)}[/]"),
            _("Balance: {before} → {after}").format(before=formats.number(q.balance_before),
                                                    after=formats.number(q.balance_after)),
            _("At most one credit of each kind per project: doing it again costs nothing."),
        ]
        r = self.report
        if kind == "consultation" and r is not None and r.project.status != "open":
            closed = _("#{id} is {state}: no offer can follow; only the report can be read.").format(
                id=self.project_id, state=state(r.project.status))
            lines.insert(0, f"[b $warning]{escape(closed)}[/]")
        dialog = ConfirmDialog(_("Spend {credit}?").format(credit=one_credit(kind)), lines, _("Spend"), _("Keep it"))
        return bool(await self.app.push_screen_wait(dialog))  # type: ignore[arg-type]

    def _run(self, coro: Any) -> None:
        self.run_worker(coro, group="action", exclusive=True)

    def action_consult(self) -> None:
        self._run(self._consult())

    async def _consult(self) -> None:
        if await self._confirm_spend("consultation", _("Reading the report")):
            res = await self.pel.act(self.pel.mp.consult, self.project_id)
            if res is not None:
                self.notify(_("Report unlocked") if res["spent"] else _("Report unlocked (already paid for)"))
                await self.load()

    def action_offer(self) -> None:
        self._run(self._offer())

    async def _offer(self) -> None:
        """The form first; the credit is confirmed when the offer is sent, with the offer beside it."""
        r = self.report
        if r is None:
            return
        if r.project.status != "open":
            self.notify(_("#{id} is {state}: no offer can be made or edited.").format(
                id=self.project_id, state=state(r.project.status)), severity="warning")
            return
        mine = r.my_offer
        q = await self._quote("offer")
        if q is None:
            return
        withdrawn = mine is not None and mine.status == "withdrawn"
        note = ""
        if withdrawn:
            note = _("Your offer was withdrawn: sending it submits it again, as a new version.")
        elif mine is not None:
            note = _("Editing is free: every version is kept and the client sees the latest.")
        form = OfferForm(
            (_("Edit your offer on #{id}") if mine else _("Make an offer on #{id}")).format(id=self.project_id),
            amount="" if mine is None else amount_input(mine.amount_cents),
            days="" if mine is None else str(mine.delay_days), message="" if mine is None else mine.message,
            min_chars=self.pel.engine.policy.offer_message_min_chars, note=note,
        )
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        amount, days, message = values
        offer = [ngettext("Your offer: {amount} in {n} day.", "Your offer: {amount} in {n} days.", days).format(
                     amount=f"[b]{money(amount)}[/]", n=days),
                 f"[dim]{escape(message[:140])}{'…' if len(message) > 140 else ''}[/]"]
        if not await self._confirm_spend("offer", _("Sending it"), head=offer, q=q):
            self.notify(_("Not sent; nothing spent."), timeout=3)
            return
        res = await self.pel.act(self.pel.mp.make_offer, self.project_id, amount, days, message)
        if res is not None:
            if res["version"] == 1:
                said = ngettext("Offer sent: {amount} in {n} day", "Offer sent: {amount} in {n} days", days)
            else:
                said = ngettext("Offer edited (version {version}): {amount} in {n} day",
                                "Offer edited (version {version}): {amount} in {n} days", days)
            self.notify(said.format(amount=money(amount), n=days, version=res["version"]))
            await self.load()

    def action_withdraw(self) -> None:
        self._run(self._withdraw())

    async def _withdraw(self) -> None:
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Withdraw your offer?"),
            [_("Your offer on #{id} will be withdrawn: the client no longer sees it.").format(id=self.project_id),
             _("The offer credit is not refunded; sending the offer again later costs nothing.")],
            _("Withdraw it"), _("Keep it")))
        if ok and await self.pel.act(self.pel.mp.withdraw, self.project_id, done=_("Offer withdrawn")) is not None:
            await self.load()

    def action_ask(self) -> None:
        self._run(self._ask())

    async def _ask(self) -> None:
        if not await self._confirm_spend("offer", _("Writing to the client")):
            return
        text = await self.app.push_screen_wait(PromptDialog(
            _("Your question on #{id}").format(id=self.project_id), multiline=True))
        if text and await self.pel.act(self.pel.mp.ask, self.project_id, text, done=_("Message sent")) is not None:
            await self.load()

    def action_contact(self) -> None:
        self._run(self._contact())

    async def _contact(self) -> None:
        if await self._confirm_spend("contact", _("Revealing the client’s contact")):
            res = await self.pel.act(self.pel.mp.reveal_contact, self.project_id)
            if res is not None:
                await self.load()

    def action_stale(self) -> None:
        self._run(self._stale())

    async def _stale(self) -> None:
        days = self.pel.engine.policy.stale_answer_days
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Report as no longer current?"),
            [ngettext("The client is asked; without an answer within {n} day the project closes and offer and "
                      "contact credits are refunded.",
                      "The client is asked; without an answer within {n} days the project closes and offer and "
                      "contact credits are refunded.", days).format(n=days)],
            _("Report"), _("Keep it")))
        if ok:
            res = await self.pel.act(self.pel.mp.report_stale, self.project_id)
            if res is not None:
                self.notify(_("Reported; the client has until {date} to answer").format(
                    date=self.pel.voice.date(res["client_answer_by"])))
                await self.load()

    def action_confirm_terms(self) -> None:
        self._run(self._confirm_terms())

    async def _confirm_terms(self) -> None:
        r = self.report
        if r is None or r.contract is None or r.contract.status != "awaiting_confirmation":
            self.notify(_("No selection of yours awaits confirmation here: nothing to accept."), severity="warning")
            return
        k = r.contract
        lines = [ngettext("{formula} · {amount} in {n} day", "{formula} · {amount} in {n} days", k.delay_days).format(
                     formula=self.pel.voice.formula(k.formula), amount=money(k.amount_cents), n=k.delay_days),
                 _("Connection commission {amount}, paid by the {payer}").format(
                     amount=money(k.commission_cents), payer=payer(k.commission_payer))]
        if k.formula == "r0":
            lines.append(_("R0 option {amount}, paid by the client").format(amount=money(k.r0_fee_cents)))
        lines += terms(k.terms)
        ok = await self.app.push_screen_wait(ConfirmDialog(_("Accept the final terms?"), lines, _("Accept"),
                                                           _("Not now")))
        if ok:
            accept = k.commission_payer == "provider"
            if await self.pel.act(self.pel.mp.confirm_terms, self.project_id, accept, done=_("Terms confirmed")):
                await self.load()
