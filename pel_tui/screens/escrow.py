"""Escrow of R0 contracts (ES) and the project's end (FO): figures, tranches, deliverables, disputes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from pel_tui.backend.models import Contract
from pel_tui.backend.models_escrow import Dispute, EscrowView, Figures, Tranche
from pel_tui.backend.policy import Policy
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PelModal, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money
from pel_tui.widgets.title_bar import TitleBar

UNFUNDED_WARNING = "Work only on the funded part: the SMA never pays for work on an unfunded part."


def no_r0(pol: Policy) -> str:
    """What the screen says to a provider without an R0 contract."""
    return (
        f"You have no contract under formula R0 (risk 0). Under R0 the client pays a {pol.r0_fee_rate_bp / 100:g}% "
        "option and funds an escrow account for the project, by tranches; you deliver, the client releases funds, "
        "and you request payment with an invoice. A dispute goes to the SMA, whose liability is capped at what "
        "the account holds.\n\nUnder the base formula the platform is out of the project once the commission is "
        "paid: there is no escrow account and no payment request; payment is agreed directly with the client "
        "(CT-5)."
    )

STATUS = {"in_progress": "in progress", "finalized": "finalized"}


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def figures_block(f: Figures) -> str:
    """ES-4's two conservation equations, aligned so they read as sums."""
    w = max(len(money(x)) for x in (f.deposited_cents, f.held_cents, f.released_cents, f.refunded_cents,
                                      f.available_cents, f.requested_cents, f.paid_cents))

    def m(cents: int) -> str:
        return money(cents).rjust(w)

    return "\n".join([
        f"Deposited {m(f.deposited_cents)}  =  held      {m(f.held_cents)}",
        f"          {' ' * w}  +  released  {m(f.released_cents)}",
        f"          {' ' * w}  +  refunded  {m(f.refunded_cents)}",
        f"Released  {m(f.released_cents)}  =  available {m(f.available_cents)}",
        f"          {' ' * w}  +  requested {m(f.requested_cents)}",
        f"          {' ' * w}  +  paid      {m(f.paid_cents)}",
    ])


def tranche_line(t: Tranche) -> str:
    started = f" · started {date(t.started_at)}" if t.started_at else ""
    delivery = f" · delivery {t.delivery.replace('_', ' ')}" if t.delivery else ""
    head = f"{t.number}. {escape(t.label)} — {money(t.amount_cents)}"
    if t.funded:
        return f"[$success]✓ funded[/]  {head}{started}{delivery}"
    return (f"[b $warning]⚠ NOT FUNDED[/]  {head}: funded {money(t.funded_cents)} of {money(t.amount_cents)}"
            f"{started}{delivery}\n   [$warning]{UNFUNDED_WARNING}[/]")


def dispute_lines(d: Dispute) -> list[str]:
    by = "you" if d.opened_by == "provider" else "the client"
    out = [f"[b]Dispute {d.id}[/] opened by {by} on {date(d.opened_at)} — {escape(d.reason)}",
           f"   SMA cap {money(d.cap_cents)} (held when it opened) · status [b]{d.status}[/]"]
    if d.proposal_provider_cents is not None:
        accepted = [who for who, ok in (("you", d.provider_accepted), ("the client", d.client_accepted)) if ok]
        out.append(f"   SMA proposal: {money(d.proposal_provider_cents)} to you, "
                   f"{money(d.proposal_client_cents)} to the client · accepted by "
                   f"{' and '.join(accepted) or 'nobody yet'}")
    if d.resolved_at is not None:
        if d.outcome_provider_cents is None:
            out.append(f"   Ended {date(d.resolved_at)}: {d.status}")
        else:
            out.append(f"   Outcome {date(d.resolved_at)} ({d.status}): {money(d.outcome_provider_cents)} "
                       f"released to you, {money(d.outcome_client_cents)} refunded to the client")
    return out


def open_dispute(v: EscrowView) -> Dispute | None:
    return next((d for d in v.disputes if d.status in ("open", "proposed")), None)


def can(v: EscrowView, action: str) -> bool:
    """Whether an action of the escrow screen applies to this contract now."""
    live = v.contract_status == "in_progress"
    d = open_dispute(v)
    return {
        "start": live, "deliver": live, "finalize": live and v.finalize_declared_at is None,
        "dispute": live and d is None,
        "accept": live and d is not None and d.status == "proposed" and not d.provider_accepted,
        "withdraw": live and d is not None and d.opened_by == "provider",
        "rate": v.finalized_at is not None and not any(r.by_side == "provider" for r in v.ratings),
    }.get(action, True)


#: The hints line: (action, binding id, default key, what it does).
HINTS = (
    ("start", "escrow.start", "t", "start a tranche"), ("deliver", "escrow.deliver", "d", "deliver"),
    ("finalize", "escrow.finalize", "F", "declare finalized"), ("dispute", "escrow.dispute", "!", "open a dispute"),
    ("accept", "escrow.accept", "A", "accept the SMA's proposal"),
    ("withdraw", "escrow.withdraw", "w", "withdraw your dispute"), ("rate", "escrow.rate", "R", "rate the client"),
    ("report", "escrow.report", "enter", "report"), ("payments", "escrow.payments", "i", "request a payment"),
)


def hints(v: EscrowView, key: Callable[[str, str], str] | None = None) -> str:
    """The keys that apply to this contract now (`key` says a binding's key after the user's keymap)."""
    def say(binding_id: str, default: str) -> str:
        return key(binding_id, default) if key is not None else default

    keys = [f"{say(bid, default)} {what}" for action, bid, default, what in HINTS if can(v, action)]
    return "[dim]" + " · ".join(keys) + "[/]"


def render_view(v: EscrowView, pol: Policy, key: Callable[[str, str], str] | None = None) -> str:
    lines = [f"[b]#{v.project_id} {escape(v.project_title)}[/]",
             f"R0 · {money(v.amount_cents)} · {STATUS.get(v.contract_status, v.contract_status)}"]
    if v.frozen:
        lines.append("[b $error]Dispute open: held funds are frozen (no release, refund or deposit).[/]")
    if v.finalize_declared_at and not v.finalized_at:
        lines.append(f"Declared finalized on {date(v.finalize_declared_at)}; awaiting the client "
                     f"(deemed confirmed after {pol.finalize_deemed_days} days).")
    if v.finalized_at:
        lines.append(f"Finalized on {date(v.finalized_at)}.")
    lines += ["", "[b]Escrow account[/] (ES-4)", figures_block(v.figures), "", "[b]Tranches[/] (ES-2)"]
    lines += [tranche_line(t) for t in v.tranches]
    lines += ["", "[b]Deliverables[/]"]
    for d in v.deliverables:
        answered = f" · answered {date(d.answered_at)}" if d.answered_at else ""
        extra = " · [$warning]unfunded, acknowledged[/]" if d.unfunded else ""
        if d.reminders_sent and d.status == "submitted":
            extra += f" · client reminded {d.reminders_sent}×"
        lines.append(f"tranche {d.tranche} · {date(d.submitted_at)} · [b]{d.status.replace('_', ' ')}[/]"
                     f"{answered}{extra} — {escape(d.note) or '[dim]no note[/]'}")
    if not v.deliverables:
        lines.append("[dim]none yet[/]")
    lines += ["", "[b]Account entries[/]"]
    for e in v.entries:
        tranche = f" tranche {e.tranche}" if e.tranche else ""
        note = f" — {escape(e.note)}" if e.note else ""
        lines.append(f"{date(e.at)}  {e.kind.replace('_', ' '):<16} {money(e.amount_cents):>12}{tranche}{note}")
    if not v.entries:
        lines.append("[dim]no deposit yet[/]")
    lines += ["", "[b]Disputes[/] (ES-6)"]
    for dispute in v.disputes:
        lines += dispute_lines(dispute)
    if not v.disputes:
        lines.append("[dim]none[/]")
    if v.ratings:
        lines += ["", "[b]Ratings[/]"]
        lines += [f"{'You' if r.by_side == 'provider' else 'The client'}: {'★' * r.stars}{'☆' * (5 - r.stars)} "
                  f"{escape(r.comment)}" for r in v.ratings]
    elif v.finalized_at:
        lines += ["", "[dim]Ratings show once both sides have rated, or when the "
                  f"{pol.rating_window_days}-day window closes.[/]"]
    lines += ["", hints(v, key)]
    return "\n".join(lines)


class TrancheDialog(PelModal[int | None]):
    """Pick a tranche; unfunded ones say so before they are chosen (ES-2)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    FOCUS = "#tranche-options"

    def __init__(self, title: str, tranches: list[Tranche]) -> None:
        super().__init__()
        self.title_text = title
        self.tranches = tranches

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*[
                Option(f"{t.number}. {t.label} — {money(t.amount_cents)} · "
                       + ("funded" if t.funded else f"NOT FUNDED ({money(t.funded_cents)} funded)"),
                       id=str(t.number))
                for t in self.tranches
            ], id="tranche-options")
            yield Static("enter to choose, escape to cancel", classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next((i for i, t in enumerate(self.tranches) if t.delivery is None), 0)
        super().on_mount()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RatingDialog(PelModal[tuple[int, str] | None]):
    """FO-3: 1 to 5 stars and a comment, given once."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    FOCUS = "#stars"

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Rate the client of #{self.project_id} (once; shown when both have rated)",
                        classes="dialog-title")
            yield Select([(f"{'★' * n} {n}", n) for n in range(5, 0, -1)], prompt="Stars", id="stars")
            yield Input(placeholder="Comment (optional)", id="comment")
            yield Static("", id="rating-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rate", variant="primary", id="rate")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "rate":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.submit()

    def submit(self) -> None:
        stars = self.query_one("#stars", Select).value
        if not isinstance(stars, int):
            self.query_one("#rating-error", Static).update("Choose 1 to 5 stars")
            return
        self.dismiss((stars, self.query_one("#comment", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class EscrowScreen(PelScreen):
    """ES-1..6, FO-2, FO-3: one R0 contract at a time, picked in the list on the left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "deliver", "Deliver", id="escrow.deliver"),
        Binding("t", "start", "Start tranche", id="escrow.start", show=False),
        Binding("exclamation_mark", "dispute", "Dispute", id="escrow.dispute", show=False),
        Binding("A", "accept", "Accept proposal", id="escrow.accept"),
        Binding("w", "withdraw", "Withdraw dispute", id="escrow.withdraw", show=False),
        Binding("F", "finalize", "Finalized", id="escrow.finalize", show=False),
        Binding("R", "rate", "Rate client", id="escrow.rate"),
        Binding("enter", "report", "Report", id="escrow.report", show=False),
        Binding("i", "payments", "Request payment", id="escrow.payments"),  # the hints line lists the rest
        Binding("j", "cursor(1)", "Down", id="escrow.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="escrow.up", show=False),
        Binding("ctrl+d", "scroll(1)", "Scroll down", id="escrow.scroll_down", show=False),
        Binding("ctrl+u", "scroll(-1)", "Scroll up", id="escrow.scroll_up", show=False),
    ]
    MAIN = "#escrow-list"

    def __init__(self) -> None:
        super().__init__()
        self.views: list[EscrowView] = []
        self.base: list[Contract] = []
        self.selected: int | None = None  # project id
        self._wanted: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="escrow-body"):
            yield OptionList(id="escrow-list")
            # Not focusable: the keys always work on the list (the detail scrolls with ctrl+d/ctrl+u, the wheel).
            with VerticalScroll(id="escrow-scroll", can_focus=False):
                yield Static("Loading…", id="escrow-detail")
        yield Footer()

    async def load(self) -> None:
        mp = self.pel.mp
        self.views, contracts = await self.pel.db(lambda: (mp.escrows(), mp.contracts()))
        self.base = [k for k in contracts if k.formula == "base" and k.status in ("in_progress", "finalized")]
        self.show()

    def show(self) -> None:
        options = self.query_one("#escrow-list", OptionList)
        detail = self.query_one("#escrow-detail", Static)
        self.set_class(not self.views, "-empty")
        if not self.views:
            options.clear_options()
            text = no_r0(self.pel.engine.policy)
            if self.base:
                text += "\n\nYour base-formula contracts: " + ", ".join(
                    f"#{k.project_id} {escape(k.project_title)}" for k in self.base)
            detail.update(text)
            return
        ids = [v.project_id for v in self.views]
        if self._wanted in ids:
            self.selected, self._wanted = self._wanted, None
        if self.selected not in ids:
            self.selected = ids[0]
        options.clear_options()
        for v in self.views:
            mark = "⚖ " if v.frozen else "⚠ " if any(not t.funded for t in v.tranches) else ""
            options.add_option(Option(
                f"[b]#{v.project_id}[/] {mark}{STATUS.get(v.contract_status, v.contract_status)}\n"
                f"[dim]{escape(short(v.project_title, 21))}[/]", id=str(v.project_id)))
        options.highlighted = ids.index(self.selected)
        self.show_detail()

    def want_project(self, project_id: int) -> None:
        """Come from a notification: this project's account shown (when it has one)."""
        self._wanted = project_id
        if self.views:
            self.show()

    def show_detail(self) -> None:
        v = self.current()
        if v is None:
            return
        text = render_view(v, self.pel.engine.policy, self.key_for)
        if self.base:
            text += ("\n[dim]Base-formula contracts (" + ", ".join(f"#{k.project_id}" for k in self.base)
                     + ") have no escrow account (CT-5).[/]")
        self.query_one("#escrow-detail", Static).update(text)

    def current(self) -> EscrowView | None:
        return next((v for v in self.views if v.project_id == self.selected), None)

    @on(OptionList.OptionHighlighted, "#escrow-list")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self.selected:
            self.selected = int(event.option.id)
            self.show_detail()
            self.query_one("#escrow-scroll", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#escrow-list")
    def selected_option(self) -> None:
        self.action_report()

    def action_scroll(self, delta: int) -> None:
        scroll = self.query_one("#escrow-scroll", VerticalScroll)
        scroll.scroll_relative(y=delta * max(3, scroll.size.height // 2), animate=False)

    def action_cursor(self, delta: int) -> None:
        """`j`/`k`: the next or previous contract (the list has the focus)."""
        options = self.query_one("#escrow-list", OptionList)
        self.set_focus(options)
        if options.option_count:
            options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def applies(self, action: str) -> bool:
        v = self.current()
        if v is None:
            return action in ("scroll", "cursor")
        return can(v, action)

    # -- actions ---------------------------------------------------------------------------------------

    def _run(self, coro: object) -> None:
        self.run_worker(coro, group="escrow-action", exclusive=True)  # type: ignore[arg-type]

    def _live(self) -> EscrowView | None:
        v = self.current()
        if v is None:
            self.notify("No R0 contract: nothing to do here (see the base formula note).", severity="warning")
            return None
        if v.contract_status != "in_progress":
            self.notify(f"#{v.project_id} is {STATUS.get(v.contract_status, v.contract_status)}: "
                        "nothing more to deliver or dispute.", severity="warning")
            return None
        return v

    async def _pick_tranche(self, v: EscrowView, title: str) -> Tranche | None:
        if len(v.tranches) == 1:
            return v.tranches[0]
        number = await self.app.push_screen_wait(TrancheDialog(title, v.tranches))
        return next((t for t in v.tranches if t.number == number), None)

    async def _unfunded_ok(self, v: EscrowView, t: Tranche, doing: str) -> bool:
        """ES-2: the warning comes before anything is recorded on an unfunded tranche."""
        if t.funded:
            return True
        return bool(await self.app.push_screen_wait(ConfirmDialog(  # type: ignore[arg-type]
            f"Tranche {t.number} is not funded",
            [f"#{v.project_id}, tranche {t.number} ({escape(t.label)}): the client has funded "
             f"{money(t.funded_cents)} of {money(t.amount_cents)}.",
             "[b]Work only on the funded part; the SMA never pays for work on an unfunded part.[/]",
             f"{doing} anyway?"], "Continue anyway")))

    def action_deliver(self) -> None:
        self._run(self._deliver())

    async def _deliver(self) -> None:
        v = self._live()
        if v is None:
            return
        t = await self._pick_tranche(v, f"Deliver on #{v.project_id}: which tranche?")
        if t is None or not await self._unfunded_ok(v, t, "Deliver"):
            return
        note = await self.app.push_screen_wait(PromptDialog(
            f"What do you deliver for tranche {t.number}?", "e.g. version 1 of the site, staging link"))
        if note is None:
            return
        res = await self.pel.act(self.pel.mp.deliver, v.project_id, t.number, note,
                                 acknowledge_unfunded=not t.funded)
        if res is not None:
            self.notify(f"Deliverable sent for tranche {t.number}; the client releases funds or asks for "
                        f"changes (reminded every {self.pel.engine.policy.client_reminder_days} days).")
            await self.load()

    def action_start(self) -> None:
        self._run(self._start())

    async def _start(self) -> None:
        v = self._live()
        if v is None:
            return
        t = await self._pick_tranche(v, f"Start work on #{v.project_id}: which tranche?")
        if t is None or not await self._unfunded_ok(v, t, "Start"):
            return
        if await self.pel.act(self.pel.mp.start_tranche, v.project_id, t.number,
                              acknowledge_unfunded=not t.funded, done=f"Tranche {t.number} started") is not None:
            await self.load()

    def action_dispute(self) -> None:
        self._run(self._dispute())

    async def _dispute(self) -> None:
        v = self._live()
        if v is None:
            return
        if open_dispute(v) is not None:
            self.notify(f"A dispute is already open on #{v.project_id}; the SMA handles it.", severity="warning")
            return
        reason = await self.app.push_screen_wait(PromptDialog(
            f"Open a dispute on #{v.project_id}: why?", "what went wrong, in a sentence or two"))
        if not reason:
            return
        ok = await self.app.push_screen_wait(ConfirmDialog("Open a dispute?", [
            f"The SMA's liability is capped at what the account holds now: [b]{money(v.figures.held_cents)}[/].",
            "Held funds freeze until the dispute ends: no release, refund or deposit.",
            "The SMA proposes a settlement; without agreement it decides. You can withdraw your dispute.",
            f"Reason: {escape(reason)}"], "Open dispute"))
        if ok and await self.pel.act(self.pel.mp.open_dispute, v.project_id, reason,
                                     done=f"Dispute opened on #{v.project_id}") is not None:
            await self.load()

    def action_accept(self) -> None:
        self._run(self._accept())

    async def _accept(self) -> None:
        v = self._live()
        if v is None:
            return
        d = open_dispute(v)
        if d is None or d.status != "proposed" or d.proposal_provider_cents is None:
            self.notify(f"No SMA proposal awaits your answer on #{v.project_id}.", severity="warning")
            return
        if d.provider_accepted:
            self.notify("You already accepted; the SMA waits for the client.", severity="warning")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog("Accept the SMA's proposal?", [
            f"{money(d.proposal_provider_cents)} released to you, {money(d.proposal_client_cents)} refunded "
            "to the client.", "It applies once both sides accept; this cannot be undone."], "Accept"))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.accept_settlement, v.project_id)
        if res is not None:
            self.notify("Settlement applied: the dispute is settled." if res["applied"]
                        else "Accepted; it applies once the client accepts too.")
            await self.load()

    def action_withdraw(self) -> None:
        self._run(self._withdraw())

    async def _withdraw(self) -> None:
        v = self._live()
        if v is None:
            return
        d = open_dispute(v)
        if d is None:
            self.notify(f"No open dispute on #{v.project_id}.", severity="warning")
            return
        if d.opened_by != "provider":
            self.notify("The client opened this dispute: only the client can withdraw it. You can accept "
                        f"the SMA's proposal ({self.key_for('escrow.accept', 'A')}) or wait for its decision.",
                        severity="warning")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            "Withdraw your dispute?", ["The dispute ends without an outcome; held funds are no longer frozen."],
            "Withdraw"))
        if ok and await self.pel.act(self.pel.mp.withdraw_dispute, v.project_id,
                                     done="Dispute withdrawn") is not None:
            await self.load()

    def action_finalize(self) -> None:
        self._run(self._finalize())

    async def _finalize(self) -> None:
        v = self._live()
        if v is None:
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(f"Declare #{v.project_id} finalized?", [
            f"The client confirms, or is deemed to confirm after {self.pel.engine.policy.finalize_deemed_days} "
            "days without objection.",
            "Progress report requests stop now. Ratings open once it is finalized."], "Declare"))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.declare_finalized, v.project_id)
        if res is not None:
            self.notify(f"Declared finalized; the client has until {self.pel.voice.date(res['client_answer_by'])} "
                        "to object.")
            await self.load()

    def action_rate(self) -> None:
        self._run(self._rate())

    async def _rate(self) -> None:
        v = self.current()
        if v is None:
            return
        if v.finalized_at is None:
            key = self.key_for("escrow.finalize", "F")
            self.notify(f"#{v.project_id} is not finalized yet: ratings come after the end ({key} declares it).",
                        severity="warning")
            return
        if any(r.by_side == "provider" for r in v.ratings):
            self.notify(f"You rated the client of #{v.project_id} already: a rating is given once.",
                        severity="information")
            return
        answer = await self.app.push_screen_wait(RatingDialog(v.project_id))
        if answer is None:
            return
        stars, comment = answer
        if await self.pel.act(self.pel.mp.rate_client, v.project_id, stars, comment,
                              done=f"Client rated {stars}/5") is not None:
            await self.load()

    def action_report(self) -> None:
        from pel_tui.screens.report import ReportScreen

        if self.selected is not None:
            self.app.push_screen(ReportScreen(self.selected))

    async def action_payments(self) -> None:
        pid = self.selected
        await self.app.switch_mode("payments")
        screen = self.app.screen
        if pid is not None and hasattr(screen, "want_project"):
            screen.want_project(pid)
