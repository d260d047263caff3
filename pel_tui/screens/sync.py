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

from pel_tui.screens.base import PelScreen
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.title_bar import TitleBar


def _when(ts: int | None) -> str:
    return "—" if ts is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


class SyncScreen(PelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "acknowledge", "Acknowledge", id="sync.ack"),
        Binding("s", "sync", "Sync now", id="sync.now"),
        Binding("j", "cursor(1)", "Down", id="sync.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="sync.up", show=False),
    ]
    palette_object = "sync"

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[Any] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="sync-scroll"):
            yield Static("Loading…", id="sync-head")
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
            head.update("[b]Standalone store[/]: the marketplace is played here, on this machine.\n"
                        "[dim]To link it to a server: in a terminal, pel login URL (an empty store, or --new-store).[/]")
            return
        where = await self.pel.db(lambda: tokens.load(st.server, st.account))
        lines = [f"[b]{escape(st.account)}[/] on {escape(st.server)}",
                 f"token: {escape(where[1]) if where else '[b $error]none: log in again (pel login)[/]'}",
                 f"last sync: {_when(st.synced_at)} (server time)" + ("" if st.first_done else " · first sync…")]
        if st.last_error:
            lines.append(f"[b $warning]last error[/]: {escape(st.last_error)} at {_when(st.error_at)}")
        if abs(st.clock_skew) > 120:
            off = abs(st.clock_skew)
            size = f"{off // 86_400} days" if off >= 2 * 86_400 else f"{off // 3600} h" if off >= 7200 else \
                f"{off // 60} min"
            way = "behind" if st.clock_skew < 0 else "ahead of"
            lines.append(f"[b $warning]this device's clock is {size} {way} the server's: deadlines are the "
                         "server's[/]")
        head.update("\n".join(lines))
        pending = ["", f"[b]Pending[/] ({len(st.pending)})"] + [
            f"  {p.command:<22} {escape(json.dumps(json.loads(p.args), ensure_ascii=False)[:60])}"
            f"  [dim]tries {p.attempts}{' · ' + escape(p.last_error) if p.last_error else ''}[/]" for p in st.pending
        ] if st.pending else ["", "[b]Pending[/]: nothing, everything is on the server."]
        self.query_one("#sync-pending", Static).update("\n".join(pending))
        self.refused = st.refused
        self.query_one("#sync-refused-title", Static).update(
            f"\n[b]Refused by the server[/] ({len(st.refused)}): a: acknowledge" if st.refused else "")
        table = self.query_one("#sync-refused", DataTable)
        table.clear(columns=True)
        table.display = bool(st.refused)
        if st.refused:
            from pel_tui.backend.errors import from_wire

            table.add_columns("when", "command", "why", "given back")
            for r in st.refused:
                why = self.pel.say(from_wire(r.code, r.params))
                table.add_row(_when(r.refused_at), r.command, why, "yes" if r.given_back else "—", key=r.command_id)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#sync-refused", DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    async def action_acknowledge(self) -> None:
        from pel_tui.sync import status

        table = self.query_one("#sync-refused", DataTable)
        if not self.refused or table.cursor_row < 0:
            self.notify("No refusal to acknowledge.", severity="warning")
            return
        r = self.refused[min(table.cursor_row, len(self.refused) - 1)]

        def ack() -> int:
            with self.pel.engine.store.write() as conn:
                return status.acknowledge(conn, r.command_id, int(time.time()))

        await self.pel.db(ack)
        await self.load()

    def action_sync(self) -> None:
        if not self.pel.engine.linked:
            self.notify("This store is standalone: nothing to sync.", severity="warning")
            return
        self.pel.sync_soon(0)
        self.notify("Syncing…", timeout=2)
