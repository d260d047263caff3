"""Sync (0): the server and the account, the pending commands, the refused ones and what came back.

A standalone store says so, and how to link one. On a linked store: where the token is kept,
the last sync (server time), every pending command with its attempts and last error, and every
refusal with the server's reason until it is acknowledged (`a`).
"""

from __future__ import annotations

import json
import time
from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.title_bar import TitleBar


def _when(ts: int | None) -> str:
    return formats.when(ts)


def _skew(off: int) -> str:
    """How far apart two clocks are: `3 days`, `5 h`, `12 min`."""
    if off >= 2 * 86_400:
        return ngettext("{n} day", "{n} days", off // 86_400).format(n=formats.number(off // 86_400))
    if off >= 7200:
        return _("{n} h").format(n=formats.number(off // 3600))
    return _("{n} min").format(n=formats.number(off // 60))


def labelled(label: str, text: str) -> str:
    """`label: text`, with the language's spacing (French: a no-break space before the colon)."""
    return pgettext("a label and its text", "{label}: {text}").format(label=label, text=text)


class SyncScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "acknowledge", N_("Acknowledge"), id="sync.ack"),
        Binding("s", "sync", N_("Sync now"), id="sync.now"),
        Binding("j", "cursor(1)", N_("Down"), id="sync.down", show=False),
        Binding("k", "cursor(-1)", N_("Up"), id="sync.up", show=False),
    ]
    palette_object = "sync"
    #: The login token lives outside the store (the keyring): read again on every return.
    READ_ON_RETURN = True

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[Any] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="sync-scroll"):
            yield Static(_("Loading…"), id="sync-head")
            yield Static("", id="sync-pending")
            yield Static("", id="sync-refused-title")
            table: DataTable[str] = DataTable(id="sync-refused", cursor_type="row", zebra_stripes=True)
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sync-refused", DataTable).focus()
        super().on_mount()

    async def load(self) -> None:
        from pel_tui.sync import status, tokens

        st = await self.pel.db(status.read, self.pel.engine.conn)
        head = self.query_one("#sync-head", Static)
        if not st.linked:
            head.update(_("[b]Standalone store[/]: the marketplace is played here, on this machine.") + "\n[dim]"
                        + _("To link it to a server: in a terminal, {command} (an empty store, or {option}).").format(
                            command="pel login URL", option="--new-store") + "[/]")
            return
        where = await self.pel.db(lambda: tokens.load(st.server, st.account))
        token = escape(where[1]) if where else "[b $error]" + _("none: log in again ({command})").format(
            command="pel login") + "[/]"
        lines = [_("{account} on {server}").format(account=f"[b]{escape(st.account)}[/]", server=escape(st.server)),
                 _("token: {where}").format(where=token),
                 _("last sync: {when} (server time)").format(when=_when(st.synced_at))
                 + ("" if st.first_done else " · " + _("first sync…"))]
        if st.last_error:
            lines.append(labelled("[b $warning]" + _("last error") + "[/]", _("{error} at {when}").format(
                error=escape(st.last_error), when=_when(st.error_at))))
        if abs(st.clock_skew) > 120:
            size = _skew(abs(st.clock_skew))
            ahead = (_("this device's clock is {size} behind the server's: deadlines are the server's")
                     if st.clock_skew < 0 else
                     _("this device's clock is {size} ahead of the server's: deadlines are the server's"))
            lines.append(f"[b $warning]{ahead.format(size=size)}[/]")
        head.update("\n".join(lines))
        tries = [ngettext("{n} try", "{n} tries", p.attempts).format(n=formats.number(p.attempts))
                 for p in st.pending]
        pending = ["", "[b]" + _("Pending") + f"[/] ({formats.number(len(st.pending))})"] + [
            f"  {p.command:<22} {escape(json.dumps(json.loads(p.args), ensure_ascii=False)[:60])}"
            f"  [dim]{n}{' · ' + escape(p.last_error) if p.last_error else ''}[/]"
            for p, n in zip(st.pending, tries, strict=True)
        ] if st.pending else ["", labelled("[b]" + _("Pending") + "[/]", _("nothing, everything is on the server."))]
        self.query_one("#sync-pending", Static).update("\n".join(pending))
        self.refused = st.refused
        self.query_one("#sync-refused-title", Static).update(
            "\n" + labelled("[b]" + _("Commands refused by the server") + f"[/] ({formats.number(len(st.refused))})",
                            _("{key}: acknowledge").format(key=self.key_for("sync.ack", "a"))) if st.refused else "")
        table = self.query_one("#sync-refused", DataTable)
        table.clear(columns=True)
        table.display = bool(st.refused)
        if st.refused:
            from pel_tui.backend.errors import from_wire

            table.add_columns(_("when"), _("command"), _("why"), _("given back"))
            for r in st.refused:
                why = self.pel.say(from_wire(r.code, r.params))
                table.add_row(_when(r.refused_at), r.command, why, _("yes") if r.given_back else "—", key=r.command_id)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#sync-refused", DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    async def action_acknowledge(self) -> None:
        from pel_tui.sync import status

        table = self.query_one("#sync-refused", DataTable)
        if not self.refused or table.cursor_row < 0:
            self.notify(_("No refusal to acknowledge."), severity="warning")
            return
        r = self.refused[min(table.cursor_row, len(self.refused) - 1)]

        def ack() -> int:
            with self.pel.engine.store.write() as conn:
                return status.acknowledge(conn, r.command_id, int(time.time()))

        await self.pel.db(ack)
        await self.load()

    def action_sync(self) -> None:
        if not self.pel.engine.linked:
            self.notify(_("This store is standalone: nothing to sync."), severity="warning")
            return
        self.pel.sync_soon(0)
        self.notify(_("Syncing…"), timeout=2)
