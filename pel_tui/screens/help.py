"""`?`: every key of every screen, with the binding ids a keymap can remap."""

from __future__ import annotations

import importlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

SCREENS = (
    ("pel_tui.app", "PelApp", "Everywhere"),
    ("pel_tui.screens.projects", "ProjectsScreen", "Projects"),
    ("pel_tui.screens.report", "ReportScreen", "Project report"),
    ("pel_tui.screens.offers", "OffersScreen", "My offers"),
    ("pel_tui.screens.credits", "CreditsScreen", "Credits"),
    ("pel_tui.screens.notifications", "NotificationsScreen", "Notifications"),
    ("pel_tui.screens.subscription", "SubscriptionScreen", "Subscription"),
    ("pel_tui.screens.escrow", "EscrowScreen", "Escrow"),
    ("pel_tui.screens.payments", "PaymentsScreen", "Payment requests"),
    ("pel_tui.screens.profile", "ProfileScreen", "Profile"),
    ("pel_tui.screens.stats", "StatsScreen", "Statistics"),
    ("pel_tui.screens.sync", "SyncScreen", "Sync"),
)


def all_bindings() -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every binding of every screen that exists."""
    rows = []
    for module, name, where in SCREENS:
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        for b in cls.BINDINGS:
            if isinstance(b, Binding):
                rows.append((where, b.key.replace("question_mark", "?").replace("number_sign", "#")
                             .replace("slash", "/").replace("left_square_bracket", "[")
                             .replace("right_square_bracket", "]"), b.description, b.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            yield Static("Remap any key in config.toml: [keymap] \"binding.id\" = \"keys\". "
                         "ctrl+p opens the command palette.", classes="hint")
            table: DataTable[str] = DataTable(id="help-table", cursor_type="row")
            table.add_columns("screen", "keys", "action", "binding id")
            for row in all_bindings():
                table.add_row(*row)
            yield table

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
