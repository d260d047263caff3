"""The project report (PR-5): the public part, then what each credit unlocks (CR-1), and the actions."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from pel_tui.backend.models import ProjectReport, Quote
from pel_tui.i18n.terms import terms
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, OfferForm, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import budget, money, when
from pel_tui.widgets.title_bar import TitleBar

KIND_LABEL = {"consultation": "consultation", "offer": "offer", "contact": "contact"}


class ReportScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="report.back"),
        Binding("c", "consult", "Consult", id="report.consult"),
        Binding("o", "offer", "Offer", id="report.offer"),
        Binding("w", "withdraw", "Withdraw", id="report.withdraw", show=False),
        Binding("a", "ask", "Ask", id="report.ask"),
        Binding("r", "contact", "Contact", id="report.contact"),
        Binding("exclamation_mark", "stale", "Stale", id="report.stale", show=False),
        Binding("A", "confirm_terms", "Accept terms", id="report.confirm"),
        Binding("y", "copy", "Copy", id="report.copy", show=False),
        Binding("j", "scroll(1)", "Down", id="report.down", show=False),
        Binding("k", "scroll(-1)", "Up", id="report.up", show=False),
    ]
    MAIN = "#report-scroll"

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id
        self.report: ProjectReport | None = None
        self.palette_object = f"project #{project_id}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="report-scroll"):
            yield Static("Loading…", id="report-public")
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
        status = p.status if p.status != "open" else "[green]open[/]"
        head = [
            f"[b]#{p.id} {escape(p.title)}[/]",
            f"{escape(p.category)} · {budget(p.budget_min_cents, p.budget_max_cents)} · {escape(p.city)} "
            f"({p.country}) · posted {when(p.created_at)} · {status}" + (" · [b red]URGENT[/]" if p.urgent else ""),
            f"{p.offers} offer(s) · deadline {p.deadline or '—'}",
            "",
            escape(p.summary),
        ]
        self.query_one("#report-public", Static).update("\n".join(head))
        u = r.unlocked
        parts: list[str] = []
        if not u["consultation"]:
            parts.append(
                "\n[b]Report locked[/] — description, specification, other offers, Q&A, files.\n"
                f"[dim]{self.key_for('report.consult', 'c')}: consult (one consultation credit)[/]"
            )
        else:
            parts.append(f"\n[b]Description[/]\n{escape(r.description or '')}")
            if r.specification:
                parts.append(f"\n[b]Specification[/]\n{escape(r.specification)}")
            offers = r.other_offers or []
            parts.append(f"\n[b]Other offers ({len(offers)})[/]")
            parts += [f"  {escape(o.provider)}: {money(o.amount_cents)} in {o.delay_days} d ({o.status})"
                      for o in offers] or ["  none yet"]
            msgs = r.messages or []
            parts.append(f"\n[b]Questions and answers ({len(msgs)})[/]")
            parts += [f"  [dim]{when(m.at)}[/] {m.author}{' ' + escape(m.provider) if m.provider else ''}: "
                      f"{escape(m.body)}" for m in msgs] or ["  none yet  [dim]a: ask (needs the offer credit)[/]"]
            if r.files:
                parts.append("\n[b]Files[/]\n" + "\n".join(f"  {escape(f.name)} ({f.size_bytes // 1024} KB)"
                                                         for f in r.files))
            if r.contact:
                parts.append(f"\n[b]Client[/]  {escape(r.contact.name)} · {escape(r.contact.email)} · "
                             f"{escape(r.contact.phone)}")
            else:
                parts.append("\n[b]Client contact[/] locked  [dim]r: reveal (one contact credit)[/]")
        self.query_one("#report-unlocked", Static).update("\n".join(parts))
        mine: list[str] = []
        if r.my_offer:
            o = r.my_offer
            read = f"read {when(o.read_at)}" if o.read_at else "not read yet"
            mine.append(f"\n[b]Your offer[/] {money(o.amount_cents)} in {o.delay_days} d · {o.status} · "
                        f"version {len(o.versions)} · {read}")
            if o.status in ("submitted", "read") and p.status == "open":
                mine.append(f"[dim]{self.key_for('report.offer', 'o')}: edit (free) · "
                            f"{self.key_for('report.withdraw', 'w')}: withdraw[/]")
            elif o.status == "withdrawn" and p.status == "open":
                mine.append(f"[dim]{self.key_for('report.offer', 'o')}: submit it again (free)[/]")
        if r.contract:
            k = r.contract
            mine.append(f"\n[b]Contract[/] formula {k.formula.upper()} · {money(k.amount_cents)} · {k.status} · "
                        f"commission {money(k.commission_cents)} paid by the {k.commission_payer}")
            mine += [f"  [dim]{escape(t)}[/]" for t in terms(k.terms)]
            if k.status == "awaiting_confirmation":
                mine.append(f"[b yellow]Confirm the terms by {when(k.confirm_by)}: "
                            f"{self.key_for('report.confirm', 'A')} accepts them[/]")
        if r.stale_report:
            mine.append(f"\nStaleness report: {r.stale_report}")
        self.query_one("#report-mine", Static).update("\n".join(mine))

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
        self.notify(f"Copied: {text}", timeout=3)

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
            self.notify(f"Consult #{self.project_id} first ({key}): every action starts from the report.",
                        severity="warning")
            return None
        if q.frozen:
            from pel_tui.backend.errors import CreditsFrozen

            self.notify(self.pel.say(CreditsFrozen(q.frozen)), title="Refused", severity="error")
            return None
        if q.balance_before <= 0:
            self.notify(f"No {kind} credit left (0). Your next allotment comes with the next period; "
                        "packs can be bought.", severity="error", timeout=8)
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
            f"{what} on #{self.project_id} spends [b]1 {KIND_LABEL[kind]} credit[/].",
            f"Balance: {q.balance_before} → {q.balance_after}",
            "At most one credit of each kind per project: doing it again costs nothing.",
        ]
        r = self.report
        if kind == "consultation" and r is not None and r.project.status != "open":
            lines.insert(0, f"[b $warning]#{self.project_id} is {r.project.status.replace('_', ' ')}: "
                            "no offer can follow; only the report can be read.[/]")
        dialog = ConfirmDialog(f"Spend 1 {kind} credit?", lines, "Spend", "Keep it")
        return bool(await self.app.push_screen_wait(dialog))  # type: ignore[arg-type]

    def _run(self, coro: Any) -> None:
        self.run_worker(coro, group="action", exclusive=True)

    def action_consult(self) -> None:
        self._run(self._consult())

    async def _consult(self) -> None:
        if await self._confirm_spend("consultation", "Reading the report"):
            res = await self.pel.act(self.pel.mp.consult, self.project_id)
            if res is not None:
                self.notify("Report unlocked" + ("" if res["spent"] else " (already paid for)"))
                await self.load()

    def action_offer(self) -> None:
        self._run(self._offer())

    async def _offer(self) -> None:
        """The form first; the credit is confirmed when the offer is sent, with the offer beside it."""
        r = self.report
        if r is None:
            return
        if r.project.status != "open":
            self.notify(f"#{self.project_id} is {r.project.status.replace('_', ' ')}: no offer can be made "
                        "or edited.", severity="warning")
            return
        mine = r.my_offer
        q = await self._quote("offer")
        if q is None:
            return
        withdrawn = mine is not None and mine.status == "withdrawn"
        note = ""
        if withdrawn:
            note = "Your offer was withdrawn: sending it submits it again, as a new version."
        elif mine is not None:
            note = "Editing is free: every version is kept and the client sees the latest."
        form = OfferForm(
            f"{'Edit your offer' if mine else 'Make an offer'} on #{self.project_id}",
            amount="" if mine is None else f"{mine.amount_cents / 100:.2f}".replace(".", ","),
            days="" if mine is None else str(mine.delay_days), message="" if mine is None else mine.message,
            min_chars=self.pel.engine.policy.offer_message_min_chars, note=note,
        )
        values = await self.app.push_screen_wait(form)
        if values is None:
            return
        amount, days, message = values
        offer = [f"Your offer: [b]{money(amount)}[/] in {days} days.",
                 f"[dim]{escape(message[:140])}{'…' if len(message) > 140 else ''}[/]"]
        if not await self._confirm_spend("offer", "Sending it", head=offer, q=q):
            self.notify("Not sent; nothing spent.", timeout=3)
            return
        res = await self.pel.act(self.pel.mp.make_offer, self.project_id, amount, days, message)
        if res is not None:
            self.notify(f"Offer {'sent' if res['version'] == 1 else 'edited (version ' + str(res['version']) + ')'}"
                        f": {money(amount)} in {days} days")
            await self.load()

    def action_withdraw(self) -> None:
        self._run(self._withdraw())

    async def _withdraw(self) -> None:
        ok = await self.app.push_screen_wait(ConfirmDialog(
            "Withdraw your offer?", [f"Your offer on #{self.project_id} will be withdrawn: the client no longer "
                                     "sees it.", "The offer credit is not refunded; sending the offer again "
                                     "later costs nothing."], "Withdraw it", "Keep it"))
        if ok and await self.pel.act(self.pel.mp.withdraw, self.project_id, done="Offer withdrawn") is not None:
            await self.load()

    def action_ask(self) -> None:
        self._run(self._ask())

    async def _ask(self) -> None:
        if not await self._confirm_spend("offer", "Writing to the client"):
            return
        text = await self.app.push_screen_wait(PromptDialog(f"Your question on #{self.project_id}", multiline=True))
        if text and await self.pel.act(self.pel.mp.ask, self.project_id, text, done="Message sent") is not None:
            await self.load()

    def action_contact(self) -> None:
        self._run(self._contact())

    async def _contact(self) -> None:
        if await self._confirm_spend("contact", "Revealing the client's contact"):
            res = await self.pel.act(self.pel.mp.reveal_contact, self.project_id)
            if res is not None:
                await self.load()

    def action_stale(self) -> None:
        self._run(self._stale())

    async def _stale(self) -> None:
        days = self.pel.engine.policy.stale_answer_days
        ok = await self.app.push_screen_wait(ConfirmDialog(
            "Report as no longer current?", [f"The client is asked; without an answer within {days} days the",
                                             "project closes and offer and contact credits are refunded."],
            "Report", "Keep it"))
        if ok:
            res = await self.pel.act(self.pel.mp.report_stale, self.project_id)
            if res is not None:
                self.notify(f"Reported; the client has until {self.pel.voice.date(res['client_answer_by'])} to answer")
                await self.load()

    def action_confirm_terms(self) -> None:
        self._run(self._confirm_terms())

    async def _confirm_terms(self) -> None:
        r = self.report
        if r is None or r.contract is None or r.contract.status != "awaiting_confirmation":
            self.notify("No selection of yours awaits confirmation here: nothing to accept.", severity="warning")
            return
        k = r.contract
        lines = [f"Formula {k.formula.upper()} · {money(k.amount_cents)} in {k.delay_days} days",
                 f"Connection commission {money(k.commission_cents)}, paid by the {k.commission_payer}"]
        if k.formula == "r0":
            lines.append(f"R0 option {money(k.r0_fee_cents)}, paid by the client")
        lines += terms(k.terms)
        ok = await self.app.push_screen_wait(ConfirmDialog("Accept the final terms?", lines, "Accept", "Not now"))
        if ok:
            accept = k.commission_payer == "provider"
            if await self.pel.act(self.pel.mp.confirm_terms, self.project_id, accept, done="Terms confirmed"):
                await self.load()
