"""The escrow account of R0 contracts (ES) and the project's end (FO): figures, tranches, deliverables, disputes."""

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
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.i18n.voice import Voice
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import ConfirmDialog, PelModal, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money
from pel_tui.widgets.title_bar import TitleBar

UNFUNDED_WARNING = N_("Work only on the funded part: the SMA never pays for work on an unfunded part.")


def rate(bp: int) -> str:
    """A rate in basis points as the reader writes it: `2,5 %` (fr), `2.5%` (en)."""
    figure = formats.decimal(bp / 100, 1 if bp % 100 else 0)
    return formats.percent(0).replace("0", figure, 1)


def no_r0(pol: Policy) -> str:
    """What the screen says to a provider without an R0 contract."""
    return (
        _("You have no contract under formula R0 (risk 0). Under R0 the client pays a {rate} option and funds "
          "the project's escrow account (formula R0), by tranches; you deliver, the client releases funds, and "
          "you request payment with an invoice. A dispute goes to the SMA, whose liability is capped at what "
          "the account holds.").format(rate=rate(pol.r0_fee_rate_bp))
        + "\n\n"
        + _("Under the base formula the platform is out of the project once the commission is paid: there is "
            "no escrow account and no payment request; payment is agreed directly with the client.")
    )


def status_word(code: str) -> str:
    """A contract's state in words (`in progress`, `finalized`)."""
    return Voice().status(code, "contract")


def dispute_state(code: str) -> str:
    return {
        "open": pgettext("state of a dispute", "open"),
        "proposed": pgettext("state of a dispute", "proposal from the SMA"),
        "settled": pgettext("state of a dispute", "settled"),
        "decided": pgettext("state of a dispute", "decided by the SMA"),
        "withdrawn": pgettext("state of a dispute", "withdrawn"),
    }.get(code, code.replace("_", " "))


def deliverable_state(code: str) -> str:
    return {
        "submitted": pgettext("state of a deliverable", "submitted"),
        "accepted": pgettext("state of a deliverable", "accepted"),
        "changes_requested": pgettext("state of a deliverable", "changes requested"),
    }.get(code, code.replace("_", " "))


def entry_kind(code: str) -> str:
    """An entry of the escrow account."""
    return {
        "deposit": pgettext("escrow entry", "deposit"),
        "release": pgettext("escrow entry", "release"),
        "refund": pgettext("escrow entry", "refund"),
        "request": pgettext("escrow entry", "payment request"),
        "request_reversal": pgettext("escrow entry", "request rejected"),
        "payment": pgettext("escrow entry", "payment"),
    }.get(code, code.replace("_", " "))


def entry_note(note: str) -> str:
    """The engine's own notes in words (`invoice F-2026-0001`); what a person wrote, as it is."""
    if note.startswith("transfer, invoice "):
        return _("transfer, invoice {number}").format(number=note.removeprefix("transfer, invoice "))
    if note.startswith("invoice ") and " " not in note.removeprefix("invoice "):
        return _("invoice {number}").format(number=note.removeprefix("invoice "))
    return {"dispute outcome": _("dispute outcome"), "agreed by the provider": _("agreed by the provider")}.get(
        note, note)


def labelled(label: str, text: str) -> str:
    """`label: text`, with the language's spacing (French: a no-break space before the colon)."""
    return pgettext("a label and its text", "{label}: {text}").format(label=label, text=text)


def short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def figures_block(f: Figures) -> str:
    """The account's two conservation equations, aligned so they read as sums."""
    w = max(len(money(x)) for x in (f.deposited_cents, f.held_cents, f.released_cents, f.refunded_cents,
                                      f.available_cents, f.requested_cents, f.paid_cents))
    deposited, released = pgettext("escrow figures", "Deposited"), pgettext("escrow figures", "Released")
    terms = {"held": pgettext("escrow figures", "held"), "released": pgettext("escrow figures", "released"),
             "refunded": pgettext("escrow figures", "refunded"), "available": pgettext("escrow figures", "available"),
             "requested": pgettext("escrow figures", "requested"), "paid": pgettext("escrow figures", "paid")}
    lw = max(len(deposited), len(released))
    rw = max(len(t) for t in terms.values())

    def m(cents: int) -> str:
        return money(cents).rjust(w)

    def line(left: str, cents: int | None, sign: str, term: str, term_cents: int) -> str:
        head = f"{left.ljust(lw)} {m(cents)}" if cents is not None else " " * (lw + 1 + w)
        return f"{head}  {sign}  {terms[term].ljust(rw)} {m(term_cents)}"

    return "\n".join([
        line(deposited, f.deposited_cents, "=", "held", f.held_cents),
        line("", None, "+", "released", f.released_cents),
        line("", None, "+", "refunded", f.refunded_cents),
        line(released, f.released_cents, "=", "available", f.available_cents),
        line("", None, "+", "requested", f.requested_cents),
        line("", None, "+", "paid", f.paid_cents),
    ])


def tranche_line(t: Tranche) -> str:
    started = " · " + _("started {date}").format(date=date(t.started_at)) if t.started_at else ""
    delivery = " · " + _("delivery {state}").format(state=deliverable_state(t.delivery)) if t.delivery else ""
    head = f"{t.number}. {escape(t.label)} — {money(t.amount_cents)}"
    if t.funded:
        return "[$success]✓ " + _("funded") + f"[/]  {head}{started}{delivery}"
    line = _("{tranche}: funded {part} of {whole}").format(tranche=head, part=money(t.funded_cents),
                                                            whole=money(t.amount_cents))
    return ("[b $warning]⚠ " + _("NOT FUNDED") + f"[/]  {line}"
            f"{started}{delivery}\n   [$warning]{_(UNFUNDED_WARNING)}[/]")


def dispute_lines(d: Dispute) -> list[str]:
    title = "[b]" + _("Dispute {id}").format(id=d.id) + "[/]"
    opened = (_("{dispute} opened by you on {date}") if d.opened_by == "provider"
              else _("{dispute} opened by the client on {date}")).format(dispute=title, date=date(d.opened_at))
    out = [f"{opened} — {escape(d.reason)}",
           "   " + _("SMA cap {amount} (held when it opened) · status {status}").format(
               amount=money(d.cap_cents), status=f"[b]{dispute_state(d.status)}[/]")]
    if d.proposal_provider_cents is not None:
        accepted = {
            (False, False): _("accepted by nobody yet"), (True, False): _("accepted by you"),
            (False, True): _("accepted by the client"), (True, True): _("accepted by you and the client"),
        }[(d.provider_accepted, d.client_accepted)]
        out.append("   " + _("SMA proposal: {to_you} to you, {to_client} to the client · {accepted}").format(
            to_you=money(d.proposal_provider_cents), to_client=money(d.proposal_client_cents), accepted=accepted))
    if d.resolved_at is not None:
        if d.outcome_provider_cents is None:
            out.append("   " + _("Ended {date}: {status}").format(date=date(d.resolved_at),
                                                                  status=dispute_state(d.status)))
        else:
            out.append("   " + _("Outcome {date} ({status}): {to_you} released to you, {to_client} refunded to "
                                 "the client").format(date=date(d.resolved_at), status=dispute_state(d.status),
                                                      to_you=money(d.outcome_provider_cents),
                                                      to_client=money(d.outcome_client_cents)))
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
    ("start", "escrow.start", "t", N_("start a tranche")), ("deliver", "escrow.deliver", "d", N_("deliver")),
    ("finalize", "escrow.finalize", "F", N_("declare finalized")),
    ("dispute", "escrow.dispute", "!", N_("open a dispute")),
    ("accept", "escrow.accept", "A", N_("accept the SMA's proposal")),
    ("withdraw", "escrow.withdraw", "w", N_("withdraw your dispute")),
    ("rate", "escrow.rate", "R", N_("rate the client")),
    ("report", "escrow.report", "enter", N_("report")), ("payments", "escrow.payments", "i", N_("request a payment")),
)


def hints(v: EscrowView, key: Callable[[str, str], str] | None = None) -> str:
    """The keys that apply to this contract now (`key` says a binding's key after the user's keymap)."""
    def say(binding_id: str, default: str) -> str:
        return key(binding_id, default) if key is not None else default

    keys = [f"{say(bid, default)} {_(what)}" for action, bid, default, what in HINTS if can(v, action)]
    return "[dim]" + " · ".join(keys) + "[/]"


def render_view(v: EscrowView, pol: Policy, key: Callable[[str, str], str] | None = None) -> str:
    lines = [f"[b]#{v.project_id} {escape(v.project_title)}[/]",
             f"R0 · {money(v.amount_cents)} · {status_word(v.contract_status)}"]
    if v.frozen:
        lines.append("[b $error]" + _("Dispute open: held funds are frozen (no release, refund or deposit).") + "[/]")
    if v.finalize_declared_at and not v.finalized_at:
        lines.append(ngettext("Declared finalized on {date}; awaiting the client (deemed confirmed after {n} day).",
                              "Declared finalized on {date}; awaiting the client (deemed confirmed after {n} days).",
                              pol.finalize_deemed_days).format(date=date(v.finalize_declared_at),
                                                               n=formats.number(pol.finalize_deemed_days)))
    if v.finalized_at:
        lines.append(_("Finalized on {date}.").format(date=date(v.finalized_at)))
    lines += ["", "[b]" + _("Escrow account (formula R0)") + "[/]", figures_block(v.figures), "",
              "[b]" + _("Tranches") + "[/]"]
    lines += [tranche_line(t) for t in v.tranches]
    lines += ["", "[b]" + _("Deliverables") + "[/]"]
    for d in v.deliverables:
        answered = " · " + _("answered {date}").format(date=date(d.answered_at)) if d.answered_at else ""
        extra = " · [$warning]" + _("unfunded, acknowledged") + "[/]" if d.unfunded else ""
        if d.reminders_sent and d.status == "submitted":
            extra += " · " + ngettext("client reminded {n} time", "client reminded {n} times",
                                      d.reminders_sent).format(n=formats.number(d.reminders_sent))
        lines.append(_("tranche {n}").format(n=d.tranche) + f" · {date(d.submitted_at)} · "
                     f"[b]{deliverable_state(d.status)}[/]{answered}{extra} — "
                     f"{escape(d.note) or '[dim]' + _('no note') + '[/]'}")
    if not v.deliverables:
        lines.append("[dim]" + pgettext("no deliverable", "none yet") + "[/]")
    lines += ["", "[b]" + _("Account entries") + "[/]"]
    kinds = {e.kind: entry_kind(e.kind) for e in v.entries}
    kw = max([16, *(len(k) for k in kinds.values())])
    for e in v.entries:
        tranche = " " + _("tranche {n}").format(n=e.tranche) if e.tranche else ""
        note = f" — {escape(entry_note(e.note))}" if e.note else ""
        lines.append(f"{date(e.at)}  {kinds[e.kind]:<{kw}} {money(e.amount_cents):>12}{tranche}{note}")
    if not v.entries:
        lines.append("[dim]" + _("no deposit yet") + "[/]")
    lines += ["", "[b]" + _("Disputes (SMA)") + "[/]"]
    for dispute in v.disputes:
        lines += dispute_lines(dispute)
    if not v.disputes:
        lines.append("[dim]" + pgettext("no dispute", "none") + "[/]")
    if v.ratings:
        lines += ["", "[b]" + _("Ratings") + "[/]"]
        you, client = _("You"), _("The client")
        lines += [labelled(you if r.by_side == "provider" else client,
                           f"{'★' * r.stars}{'☆' * (5 - r.stars)} {escape(r.comment)}") for r in v.ratings]
    elif v.finalized_at:
        lines += ["", "[dim]" + ngettext(
            "Ratings show once both sides have rated, or when the {n}-day window closes.",
            "Ratings show once both sides have rated, or when the {n}-day window closes.",
            pol.rating_window_days).format(n=formats.number(pol.rating_window_days)) + "[/]"]
    lines += ["", hints(v, key)]
    return "\n".join(lines)


class TrancheDialog(PelModal[int | None]):
    """Pick a tranche; unfunded ones say so before they are chosen (ES-2)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]
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
                       + (_("funded") if t.funded
                          else _("NOT FUNDED ({amount} funded)").format(amount=money(t.funded_cents))),
                       id=str(t.number))
                for t in self.tranches
            ], id="tranche-options")
            yield Static(_("enter to choose, escape to cancel"), classes="hint")

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

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]
    FOCUS = "#stars"

    def __init__(self, project_id: int) -> None:
        super().__init__()
        self.project_id = project_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Rate the client of #{project} (once; shown when both have rated)").format(
                project=self.project_id), classes="dialog-title")
            yield Select([(f"{'★' * n} {n}", n) for n in range(5, 0, -1)], prompt=_("Stars"), id="stars")
            yield Input(placeholder=_("Comment (optional)"), id="comment")
            yield Static("", id="rating-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Rate"), variant="primary", id="rate")
                yield Button(_("Cancel (esc)"), id="cancel")

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
            self.query_one("#rating-error", Static).update(_("Choose 1 to 5 stars"))
            return
        self.dismiss((stars, self.query_one("#comment", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class EscrowScreen(PelScreen):
    """ES-1..6, FO-2, FO-3: one R0 contract at a time, picked in the list on the left."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "deliver", N_("Deliver"), id="escrow.deliver"),
        Binding("t", "start", N_("Start tranche"), id="escrow.start", show=False),
        Binding("exclamation_mark", "dispute", N_("Dispute"), id="escrow.dispute", show=False),
        Binding("A", "accept", N_("Accept proposal"), id="escrow.accept"),
        Binding("w", "withdraw", N_("Withdraw dispute"), id="escrow.withdraw", show=False),
        Binding("F", "finalize", N_("Finalized"), id="escrow.finalize", show=False),
        Binding("R", "rate", N_("Rate client"), id="escrow.rate"),
        Binding("enter", "report", N_("Project report"), id="escrow.report", show=False),
        Binding("i", "payments", N_("Request payment"), id="escrow.payments"),  # the hints line lists the rest
        Binding("j", "cursor(1)", N_("Down"), id="escrow.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="escrow.up", show=False),
        Binding("ctrl+d", "scroll(1)", N_("Scroll down"), id="escrow.scroll_down", show=False),
        Binding("ctrl+u", "scroll(-1)", N_("Scroll up"), id="escrow.scroll_up", show=False),
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
                yield Static(_("Loading…"), id="escrow-detail")
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
                text += "\n\n" + _("Your base-formula contracts: {contracts}").format(contracts=", ".join(
                    f"#{k.project_id} {escape(k.project_title)}" for k in self.base))
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
                f"[b]#{v.project_id}[/] {mark}{status_word(v.contract_status)}\n"
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
            text += "\n[dim]" + ngettext(
                "The base-formula contract {contracts} has no escrow account.",
                "The base-formula contracts {contracts} have no escrow account.", len(self.base)).format(
                contracts=", ".join(f"#{k.project_id}" for k in self.base)) + "[/]"
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
            self.notify(_("No R0 contract: nothing to do here (see the base formula note)."), severity="warning")
            return None
        if v.contract_status != "in_progress":
            self.notify(_("#{project} is {state}: nothing more to deliver or dispute.").format(
                project=v.project_id, state=status_word(v.contract_status)), severity="warning")
            return None
        return v

    async def _pick_tranche(self, v: EscrowView, title: str) -> Tranche | None:
        if len(v.tranches) == 1:
            return v.tranches[0]
        number = await self.app.push_screen_wait(TrancheDialog(title, v.tranches))
        return next((t for t in v.tranches if t.number == number), None)

    async def _unfunded_ok(self, v: EscrowView, t: Tranche, question: str) -> bool:
        """ES-2: the warning comes before anything is recorded on an unfunded tranche (`question`: go on?)."""
        if t.funded:
            return True
        return bool(await self.app.push_screen_wait(ConfirmDialog(  # type: ignore[arg-type]
            _("Tranche {n} is not funded").format(n=t.number),
            [_("#{project}, tranche {n} ({label}): the client has funded {part} of {whole}.").format(
                project=v.project_id, n=t.number, label=escape(t.label), part=money(t.funded_cents),
                whole=money(t.amount_cents)),
             "[b]" + _("Work only on the funded part; the SMA never pays for work on an unfunded part.") + "[/]",
             question], _("Continue anyway"))))

    def action_deliver(self) -> None:
        self._run(self._deliver())

    async def _deliver(self) -> None:
        v = self._live()
        if v is None:
            return
        t = await self._pick_tranche(v, _("Deliver on #{project}: which tranche?").format(project=v.project_id))
        if t is None or not await self._unfunded_ok(v, t, _("Deliver anyway?")):
            return
        note = await self.app.push_screen_wait(PromptDialog(
            _("What do you deliver for tranche {n}?").format(n=t.number),
            _("e.g. version 1 of the site, staging link")))
        if note is None:
            return
        res = await self.pel.act(self.pel.mp.deliver, v.project_id, t.number, note,
                                 acknowledge_unfunded=not t.funded)
        if res is not None:
            days = self.pel.engine.policy.client_reminder_days
            self.notify(ngettext(
                "Deliverable sent for tranche {n}; the client releases funds or asks for changes (reminded "
                "every {days} day).",
                "Deliverable sent for tranche {n}; the client releases funds or asks for changes (reminded "
                "every {days} days).", days).format(n=t.number, days=formats.number(days)))
            await self.load()

    def action_start(self) -> None:
        self._run(self._start())

    async def _start(self) -> None:
        v = self._live()
        if v is None:
            return
        t = await self._pick_tranche(v, _("Start work on #{project}: which tranche?").format(project=v.project_id))
        if t is None or not await self._unfunded_ok(v, t, _("Start anyway?")):
            return
        if await self.pel.act(self.pel.mp.start_tranche, v.project_id, t.number, acknowledge_unfunded=not t.funded,
                              done=_("Tranche {n} started").format(n=t.number)) is not None:
            await self.load()

    def action_dispute(self) -> None:
        self._run(self._dispute())

    async def _dispute(self) -> None:
        v = self._live()
        if v is None:
            return
        if open_dispute(v) is not None:
            self.notify(_("A dispute is already open on #{project}; the SMA handles it.").format(
                project=v.project_id), severity="warning")
            return
        reason = await self.app.push_screen_wait(PromptDialog(
            _("Open a dispute on #{project}: why?").format(project=v.project_id),
            _("what went wrong, in a sentence or two")))
        if not reason:
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(_("Open a dispute?"), [
            _("The SMA's liability is capped at what the account holds now: {amount}.").format(
                amount=f"[b]{money(v.figures.held_cents)}[/]"),
            _("Held funds freeze until the dispute ends: no release, refund or deposit."),
            _("The SMA proposes a settlement; without agreement it decides. You can withdraw your dispute."),
            _("Reason: {reason}").format(reason=escape(reason))], _("Open dispute")))
        if ok and await self.pel.act(self.pel.mp.open_dispute, v.project_id, reason,
                                     done=_("Dispute opened on #{project}").format(project=v.project_id)) is not None:
            await self.load()

    def action_accept(self) -> None:
        self._run(self._accept())

    async def _accept(self) -> None:
        v = self._live()
        if v is None:
            return
        d = open_dispute(v)
        if d is None or d.status != "proposed" or d.proposal_provider_cents is None:
            self.notify(_("No SMA proposal awaits your answer on #{project}.").format(project=v.project_id),
                        severity="warning")
            return
        if d.provider_accepted:
            self.notify(_("You already accepted; the SMA waits for the client."), severity="warning")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(_("Accept the SMA's proposal?"), [
            _("{to_you} released to you, {to_client} refunded to the client.").format(
                to_you=money(d.proposal_provider_cents), to_client=money(d.proposal_client_cents)),
            _("It applies once both sides accept; this cannot be undone.")], _("Accept")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.accept_settlement, v.project_id)
        if res is not None:
            self.notify(_("Settlement applied: the dispute is settled.") if res["applied"]
                        else _("Accepted; it applies once the client accepts too."))
            await self.load()

    def action_withdraw(self) -> None:
        self._run(self._withdraw())

    async def _withdraw(self) -> None:
        v = self._live()
        if v is None:
            return
        d = open_dispute(v)
        if d is None:
            self.notify(_("No open dispute on #{project}.").format(project=v.project_id), severity="warning")
            return
        if d.opened_by != "provider":
            self.notify(_("The client opened this dispute: only the client can withdraw it. You can accept the "
                          "SMA's proposal ({key}) or wait for its decision.").format(
                key=self.key_for("escrow.accept", "A")), severity="warning")
            return
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Withdraw your dispute?"), [_("The dispute ends without an outcome; held funds are no longer frozen.")],
            _("Withdraw")))
        if ok and await self.pel.act(self.pel.mp.withdraw_dispute, v.project_id,
                                     done=_("Dispute withdrawn")) is not None:
            await self.load()

    def action_finalize(self) -> None:
        self._run(self._finalize())

    async def _finalize(self) -> None:
        v = self._live()
        if v is None:
            return
        days = self.pel.engine.policy.finalize_deemed_days
        ok = await self.app.push_screen_wait(ConfirmDialog(
            _("Declare #{project} finalized?").format(project=v.project_id), [
                ngettext("The client confirms, or is deemed to confirm after {n} day without objection.",
                         "The client confirms, or is deemed to confirm after {n} days without objection.",
                         days).format(n=formats.number(days)),
                _("Progress report requests stop now. Ratings open once it is finalized.")], _("Declare")))
        if not ok:
            return
        res = await self.pel.act(self.pel.mp.declare_finalized, v.project_id)
        if res is not None:
            self.notify(_("Declared finalized; the client has until {date} to object.").format(
                date=self.pel.voice.date(res["client_answer_by"])))
            await self.load()

    def action_rate(self) -> None:
        self._run(self._rate())

    async def _rate(self) -> None:
        v = self.current()
        if v is None:
            return
        if v.finalized_at is None:
            key = self.key_for("escrow.finalize", "F")
            self.notify(_("#{project} is not finalized yet: ratings come after the end ({key} declares it).").format(
                project=v.project_id, key=key), severity="warning")
            return
        if any(r.by_side == "provider" for r in v.ratings):
            self.notify(_("You rated the client of #{project} already: a rating is given once.").format(
                project=v.project_id), severity="information")
            return
        answer = await self.app.push_screen_wait(RatingDialog(v.project_id))
        if answer is None:
            return
        stars, comment = answer
        if await self.pel.act(self.pel.mp.rate_client, v.project_id, stars, comment,
                              done=_("Client rated {stars}/5").format(stars=stars)) is not None:
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
