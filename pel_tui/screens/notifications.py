"""Notifications (NO-1): newest first, unread marked, the selected one's text beside the list.

`enter` opens what a notification is about (the report, the escrow account, the payment requests...)
and marks it read; `m` marks it read and moves on; `f` shows one kind only; `M` marks them all read,
which `z` undoes for a few seconds (the store is written once that time is over, or on leaving).
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from pel_tui.backend.models import Notification
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import PelModal, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import when
from pel_tui.widgets.title_bar import TitleBar

LIMIT = 200
#: Widths of every column but the title (unread mark, time, kind), with their padding.
FIXED_COLUMNS = (1 + 16 + 17) + 2 * 4
#: Below this width the text goes under the list instead of beside it.
WIDE = 140
#: The screen a notification's kind is about (the rest are about their project's report).
DESTINATION = {
    "payment_paid": "payments", "payment_validated": "payments", "payment_rejected": "payments",
    "escrow_deposit": "escrow", "escrow_release": "escrow", "changes_requested": "escrow", "dispute": "escrow",
    "finalize_objection": "escrow", "finalized": "escrow", "client_reminded": "escrow",
    "progress_request": "escrow",
    "credits_refunded": "credits", "credits_expiring": "credits",
    "subscription_resumed": "subscription", "subscription_ended": "subscription",
    "payment_incident": "subscription", "renewal_notice": "subscription",
    "reference_sent": "profile", "reference_confirmed": "profile", "reference_refused": "profile",
    "reference_expired": "profile", "certified": "profile", "referral_rewarded": "profile",
    "referral_refused": "profile", "digest": "projects",
}
#: Where `enter` goes, in words (translated where shown).
SCREEN_WORDS = {"payments": N_("the payment requests"), "escrow": N_("the escrow account"),
                "credits": N_("the credits"), "subscription": N_("the subscription"), "profile": N_("the profile"),
                "projects": N_("the project list")}


def _kinds() -> dict[str, str]:
    """Each kind of notification in a few words (the list's kind column: 17 characters at most)."""
    return {
        "lost": pgettext("kind of notification", "offer lost"), "offer_read": pgettext("kind of notification", "offer read"),
        "message": pgettext("kind of notification", "message"), "credits_refunded": pgettext("kind of notification", "credits refunded"),
        "credits_expiring": pgettext("kind of notification", "credits expiring"), "digest": pgettext("kind of notification", "new projects"),
        "selected": pgettext("kind of notification", "selected"), "terms_to_confirm": pgettext("kind of notification", "terms to confirm"),
        "project_started": pgettext("kind of notification", "project started"), "selection_revoked": pgettext("kind of notification", "selection revoked"),
        "subscription_resumed": pgettext("kind of notification", "subscription back"), "subscription_ended": pgettext("kind of notification", "subscription ended"),
        "payment_incident": pgettext("kind of notification", "payment incident"), "renewal_notice": pgettext("kind of notification", "renewal notice"),
        "plan_changed": pgettext("kind of notification", "plan changed"), "escrow_deposit": pgettext("kind of notification", "escrow deposit"),
        "escrow_release": pgettext("kind of notification", "escrow release"), "changes_requested": pgettext("kind of notification", "changes requested"),
        "dispute": pgettext("kind of notification", "dispute"), "finalize_objection": pgettext("kind of notification", "objection"),
        "finalized": pgettext("kind of notification", "finalized"), "client_reminded": pgettext("kind of notification", "client reminded"),
        "progress_request": pgettext("kind of notification", "progress request"), "payment_paid": pgettext("kind of notification", "payment paid"),
        "payment_validated": pgettext("kind of notification", "payment validated"), "payment_rejected": pgettext("kind of notification", "payment rejected"),
        "reference_sent": pgettext("kind of notification", "reference sent"), "reference_confirmed": pgettext("kind of notification", "reference confirmed"),
        "reference_refused": pgettext("kind of notification", "reference refused"), "certified": pgettext("kind of notification", "certified"),
        "referral_rewarded": pgettext("kind of notification", "referral rewarded"), "referral_refused": pgettext("kind of notification", "referral refused"),
        "reference_expired": pgettext("kind of notification", "reference expired"),
    }


def kind_label(kind: str) -> str:
    """A kind of notification in words, never its id."""
    return _kinds().get(kind) or kind.replace("_", " ")


def destination(n: Notification) -> tuple[str, int | None]:
    """(screen mode, project) a notification opens: a mode's screen, or ("report", id)."""
    mode = DESTINATION.get(n.kind)
    if mode is not None:
        return mode, n.project_id
    return ("report", n.project_id) if n.project_id is not None else ("", None)


class KindDialog(PelModal[str | None]):
    """Show one kind of notification only (or every kind again)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]
    FOCUS = "#kinds"

    def __init__(self, counts: dict[str, int], current: str | None) -> None:
        super().__init__()
        self.counts = counts
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Show which notifications?"), classes="dialog-title")
            yield OptionList(Option(escape(_("every kind ({n})").format(n=formats.number(sum(self.counts.values())))),
                                    id=""),
                             *[Option(escape(f"{kind_label(k)} ({formats.number(n)})"), id=k)
                               for k, n in sorted(self.counts.items())],
                             id="kinds")
            yield Static(_("enter: choose · escape: cancel"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = ["", *sorted(self.counts)]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        super().on_mount()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotificationsScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), id="notifications.open", show=False),
        Binding("m", "mark", N_("Read, next"), id="notifications.mark"),
        Binding("M", "mark_all", N_("All read"), id="notifications.mark_all"),
        Binding("z", "undo", N_("Undo"), id="notifications.undo", show=False),
        Binding("f", "kind", N_("Filter kind"), id="notifications.kind"),
        Binding("a", "answer", N_("Answer"), id="notifications.answer"),
        Binding("j", "cursor(1)", N_("Down"), id="notifications.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="notifications.up", show=False),
        Binding("g", "edge(0)", N_("Top"), id="notifications.top", show=False),
        Binding("G", "edge(1)", N_("Bottom"), id="notifications.bottom", show=False),
    ]
    MAIN = "#notif-table"
    #: How long `z` can undo `M` (seconds) before the store is written.
    UNDO_SECONDS: ClassVar[float] = 6.0

    def __init__(self) -> None:
        super().__init__()
        self.all_items: list[Notification] = []
        self.items: list[Notification] = []
        self.kind: str | None = None
        self.title_width = 30
        self.loaded = False
        self._pending_all: list[int] = []  # marked read on screen, not yet in the store (`z` undoes)
        self._pending_timer: Any = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(_("Loading…"), id="notif-count")
        with Horizontal(id="notif-body"):
            table: DataTable[str] = DataTable(id="notif-table", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="notif-detail", can_focus=False):
                yield Static("", id="notif-text")
        yield Footer()

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE, "-narrow")
        self._fit()

    def _fit(self) -> None:
        # From the screen's width: the table's own size lags one layout behind a change of class.
        table_width = self.size.width if self.size.width < WIDE else self.size.width * 3 // 5
        width = max(12, table_width - FIXED_COLUMNS - 2)
        if width != self.title_width:
            self.title_width = width
            self.show_list()

    async def load(self) -> None:
        items = await self.pel.db(self.pel.mp.notifications, limit=LIMIT)
        pending = set(self._pending_all)
        all_items = [msgspec.structs.replace(n, read=True) if n.id in pending else n for n in items]
        if self.loaded and all_items == self.all_items:
            return  # the store moved, not what this screen shows (another screen's write): nothing to redraw
        self.all_items = all_items
        self.loaded = True
        self.show_list()

    def show_list(self) -> None:
        self.items = [n for n in self.all_items if self.kind is None or n.kind == self.kind]
        table = self.query_one("#notif-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        for label, key, width in (("", "unread", 1), (_("time"), "time", 16), (_("kind"), "kind", 17),
                                  (_("title"), "title", self.title_width)):
            table.add_column(label, key=key, width=width)
        for n in self.items:
            title = self.pel.notice(n)[0]
            title = title if len(title) <= self.title_width else title[: self.title_width - 1] + "…"
            title = escape(title) if n.read else f"[b]{escape(title)}[/]"
            table.add_row("" if n.read else "[b cyan]●[/]", when(n.at), escape(kind_label(n.kind)[:17]), title,
                          key=str(n.id))
        if self.items:
            table.move_cursor(row=min(max(keep, 0), len(self.items) - 1))
        if self.loaded:
            unread = sum(not n.read for n in self.items)
            shown = ngettext("{n} notification", "{n} notifications", len(self.items)).format(
                n=formats.number(len(self.items)))
            every = _("{key}: every kind").format(key=self.key_for("notifications.kind", "f"))
            only = (" " + escape(_("of kind “{kind}”").format(kind=kind_label(self.kind))) + f" [dim]({every})[/]"
                    if self.kind else "")
            unread_words = ngettext("{n} unread", "{n} unread", unread).format(n=formats.number(unread))
            newest = _("(the {n} newest)").format(n=formats.number(LIMIT))
            self.query_one("#notif-count", Static).update(
                f" {shown}{only}, [b]{unread_words}[/]"
                + (f" [dim]{newest}[/]" if len(self.all_items) >= LIMIT else "")
                if self.items else " " + (_("No notification of this kind.") if self.kind
                                          else _("No notification yet."))
            )
        self.show_detail()

    def current(self) -> Notification | None:
        table = self.query_one("#notif-table", DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        try:
            key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return next((n for n in self.items if str(n.id) == key), None)

    def show_detail(self) -> None:
        text = self.query_one("#notif-text", Static)
        n = self.current()
        if n is None:
            text.update('[dim]' + _('No notification selected.') + '[/]')
            return
        title, body = self.pel.notice(n)
        read = pgettext("a notification", "read") if n.read else pgettext("a notification", "unread")
        lines = [f"[b]{escape(title)}[/]",
                 f"[dim]{when(n.at)} · {escape(kind_label(n.kind))} · {read}[/]", "",
                 escape(body)]
        mode, pid = destination(n)
        enter = self.key_for("notifications.open", "enter")
        if mode == "report":
            lines += ["", ('[dim]' + str(escape(_('{key}: open the report of #{id}').format(key=enter, id=pid))) + '[/]')]
        elif mode:
            where = _(SCREEN_WORDS[mode])
            said = (_("{key}: open {where} of #{id}").format(key=enter, where=where, id=pid) if pid
                    else _("{key}: open {where}").format(key=enter, where=where))
            lines += ["", f"[dim]{escape(said)}[/]"]
        if n.kind == "progress_request":
            answer = _("{key}: answer it with a progress report").format(key=self.key_for("notifications.answer", "a"))
            lines.append(f"[dim]{escape(answer)}[/]")
        if not n.read:
            keys = _("{mark}: mark read and go to the next · {all}: mark all read").format(
                mark=self.key_for("notifications.mark", "m"), all=self.key_for("notifications.mark_all", "M"))
            lines.append(f"[dim]{escape(keys)}[/]")
        text.update("\n".join(lines))

    def applies(self, action: str) -> bool:
        n = self.current()
        if action == "answer":
            return n is not None and n.kind == "progress_request"
        if action == "mark_all":
            return any(not x.read for x in self.all_items)
        if action == "undo":
            return bool(self._pending_all)
        return True

    @on(DataTable.RowHighlighted, "#notif-table")
    def row_highlighted(self) -> None:
        self.show_detail()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#notif-table")
    def row_selected(self) -> None:
        self.action_open()

    # -- actions --------------------------------------------------------------------------------------

    def action_open(self) -> None:
        """Open what the notification is about, and mark it read."""
        n = self.current()
        if n is None:
            return
        mode, pid = destination(n)
        if not mode:
            self.notify(_("This notification is about nothing to open; its text is beside the list."),
                        severity="information")
            self.action_mark()
            return
        self.run_worker(self._open(n, mode, pid), group="notifications-open", exclusive=True)

    async def _open(self, n: Notification, mode: str, pid: int | None) -> None:
        if not n.read:
            await self.pel.act(self.pel.mp.mark_read, [n.id])
        if mode == "report" and pid is not None:
            self.pel.open_project(pid)
            return
        await self.app.switch_mode(mode)
        screen = self.app.screen
        if pid is not None and hasattr(screen, "want_project"):
            screen.want_project(pid)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#notif-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_edge(self, end: int) -> None:
        table = self.query_one("#notif-table", DataTable)
        table.move_cursor(row=(table.row_count - 1) if end else 0)

    def action_mark(self) -> None:
        """Mark this one read (if it is unread) and move to the next, as a mail reader does."""
        n = self.current()
        if n is None:
            return
        if n.read:
            self.action_cursor(1)
            return
        self.run_worker(self._mark([n.id]), group="notifications-mark")

    async def _mark(self, ids: list[int]) -> None:
        res = await self.pel.act(self.pel.mp.mark_read, ids)
        if res is None:
            return
        self.pel.refresh_unread()
        await self.load()
        if len(ids) == 1:
            self.action_cursor(1)

    def action_mark_all(self) -> None:
        """Every notification read at once on screen; the store follows unless `z` undoes it in time."""
        unread = [n.id for n in self.all_items if not n.read]
        if not unread:
            self.notify(_("Nothing unread."), severity="information", timeout=3)
            return
        self._commit()  # one pending at a time
        self._pending_all = unread
        self.all_items = [msgspec.structs.replace(n, read=True) for n in self.all_items]
        self.show_list()
        self.refresh_bindings()
        self.pel.show_unread(-len(unread))  # the title bar says it at once, too
        undo = self.key_for("notifications.undo", "z")
        self.notify(ngettext("{n} notification marked read; {key} undoes.",
                             "{n} notifications marked read; {key} undoes.", len(unread))
                    .format(n=formats.number(len(unread)), key=undo), timeout=self.UNDO_SECONDS)
        self._pending_timer = self.set_timer(self.UNDO_SECONDS, self._commit)

    def action_undo(self) -> None:
        if not self._pending_all:
            self.notify(_("Nothing to undo."), severity="information", timeout=3)
            return
        if self._pending_timer is not None:
            self._pending_timer.stop()
        back, self._pending_all, self._pending_timer = set(self._pending_all), [], None
        self.all_items = [msgspec.structs.replace(n, read=False) if n.id in back else n for n in self.all_items]
        self.show_list()
        self.refresh_bindings()
        self.pel.show_unread(len(back))
        self.notify(_("Unread again, as they were."), timeout=3)

    def _commit(self) -> None:
        """Write the pending `M` to the store (its undo time is over, or the screen is left)."""
        ids, self._pending_all = self._pending_all, []
        if self._pending_timer is not None:
            self._pending_timer.stop()
            self._pending_timer = None
        if ids:
            self.run_worker(self._mark_all(ids), group="notifications-mark-all")

    async def _mark_all(self, ids: list[int]) -> None:
        if await self.pel.act(self.pel.mp.mark_read, ids) is not None:
            self.pel.refresh_unread()
            if self.is_attached and self.app.screen is self:
                await self.load()

    def on_screen_suspend(self) -> None:
        self._commit()

    def on_unmount(self) -> None:
        self._commit()

    def action_kind(self) -> None:
        counts: dict[str, int] = {}
        for n in self.all_items:
            counts[n.kind] = counts.get(n.kind, 0) + 1

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self.kind = kind or None
                self.query_one("#notif-table", DataTable).move_cursor(row=0)
                self.show_list()
                self.refresh_bindings()

        self.app.push_screen(KindDialog(counts, self.kind), chosen)

    def action_answer(self) -> None:
        n = self.current()
        if n is None or n.kind != "progress_request" or n.project_id is None:
            self.notify(_("Only a progress request can be answered (its kind: {kind}).").format(
                kind=kind_label("progress_request")), severity="information")
            return
        self.run_worker(self._answer(n), group="notifications-answer", exclusive=True)

    async def _answer(self, n: Notification) -> None:
        pid = n.project_id
        assert pid is not None
        report = getattr(self.pel.mp, "report_progress", None)
        if report is None:
            self.notify(_("Answering from here is not available yet: in a terminal, {command}.").format(
                command=f"pel progress {pid} TEXT"), severity="warning", timeout=8)
            return
        text = await self.app.push_screen_wait(PromptDialog(
            _("Progress report on #{id}: how is the project going?").format(id=pid), multiline=True))
        if not text:
            return
        if await self.pel.act(report, pid, text, done=_("Progress report sent on #{id}").format(id=pid)) is not None:
            if not n.read:
                await self.pel.act(self.pel.mp.mark_read, [n.id])
            self.pel.refresh_unread()
            await self.load()
