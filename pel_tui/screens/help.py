"""`?`: every key of every screen as the user presses it (after their keymap), searchable, with the
binding ids a keymap can remap."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.keys import format_key
from textual.markup import escape
from textual.widgets import DataTable, Input, Label, Static

from pel_tui.i18n import N_, _, pgettext
from pel_tui.widgets.dialogs import PelModal

SCREENS = (
    ("pel_tui.app", "PelApp", N_("Everywhere")),
    ("pel_tui.screens.projects", "ProjectsScreen", N_("Projects")),
    ("pel_tui.widgets.project_list", "ProjectList", N_("Projects")),
    ("pel_tui.screens.report", "ReportScreen", N_("Project report")),
    ("pel_tui.screens.offers", "OffersScreen", N_("My offers")),
    ("pel_tui.screens.credits", "CreditsScreen", N_("Credits")),
    ("pel_tui.screens.notifications", "NotificationsScreen", N_("Notifications")),
    ("pel_tui.screens.subscription", "SubscriptionScreen", N_("Subscription")),
    ("pel_tui.screens.escrow", "EscrowScreen", N_("Escrow")),
    ("pel_tui.screens.payments", "PaymentsScreen", N_("Payment requests")),
    ("pel_tui.screens.profile", "ProfileScreen", N_("Profile")),
    ("pel_tui.screens.stats", "StatsScreen", N_("Statistics")),
    ("pel_tui.screens.sync", "SyncScreen", N_("Sync")),
    ("pel_tui.widgets.dialogs", "ConfirmDialog", N_("Dialogs")),
    ("pel_tui.widgets.dialogs", "FormDialog", N_("Dialogs")),
)


def _key_word(name: str) -> str:
    """A named key as the keyboard of the reader's language prints it (`Échap`, `Entrée`, `Maj`)."""
    words = {
        "escape": pgettext("key", "Esc"), "enter": pgettext("key", "Enter"), "space": pgettext("key", "Space"),
        "tab": pgettext("key", "Tab"), "backspace": pgettext("key", "Backspace"),
        "delete": pgettext("key", "Del"), "insert": pgettext("key", "Ins"),
        "pageup": pgettext("key", "PgUp"), "pagedown": pgettext("key", "PgDn"),
        "home": pgettext("key", "Home"), "end": pgettext("key", "End"),
        "shift": pgettext("key", "Shift"), "alt": pgettext("key", "Alt"),
    }
    return words.get(name) or format_key(name)


def key_names(keys: str) -> str:
    """`dollar_sign,ctrl+r,escape` as a person reads it: `$, ^r, Esc` (French: `$, ^r, Échap`)."""
    out = []
    for key in keys.split(","):
        *mods, name = key.strip().split("+")
        shown = _key_word(name)
        if "ctrl" in mods:
            mods.remove("ctrl")
            shown = f"^{shown}"
        out.append("+".join([*(_key_word(m) for m in mods), shown]))
    return ", ".join(out)


def all_bindings(keymap: Mapping[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every binding of every screen that exists, after the keymap."""
    keymap = keymap or {}
    rows = []
    for module, name, where in SCREENS:
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        for b in cls.BINDINGS:
            if isinstance(b, Binding) and b.description:
                keys = keymap.get(b.id or "", b.key)
                rows.append((_(where), key_names(keys), _(b.description), b.id or ""))
    return rows


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids of a keymap that name no binding (a typo would otherwise change nothing, silently)."""
    if not keymap:
        return []
    known = {row[3] for row in all_bindings()}
    return [i for i in keymap if i not in known]


#: The name of the help screen kept by `open_help`.
INSTALLED = "help"


def open_help(app: App[Any]) -> None:
    """Show the help screen, made once and kept (installed): a second `?` does not build its table of
    every key again (≈100 ms, benchmarks/bench_screens.py); it opens as a new one would, unsearched."""
    if app.is_screen_installed(INSTALLED):
        help_screen = app.get_screen(INSTALLED, HelpScreen)
        help_screen.reset()
    else:
        help_screen = HelpScreen()
        app.install_screen(help_screen, INSTALLED)
    app.push_screen(help_screen)


class HelpScreen(PelModal[None]):
    KEPT = True  # installed: made once
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="help.close"),
        Binding("question_mark,q", "close", N_("Close"), id="help.close_keys", show=False),
        Binding("j", "move(1)", N_("Down"), id="help.down", show=False),
        Binding("k", "move(-1)", N_("Up"), id="help.up", show=False),
        Binding("slash", "search", N_("Search"), id="help.search", show=False),
    ]
    FOCUS = "#help-table"

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "voice", None)
        self.rows = all_bindings(keymap.keymap if keymap is not None else {})
        with Vertical(classes="dialog help"):
            yield Label(_("Keys"), classes="dialog-title")
            yield Static(escape(_("/ searches · j/k move · Esc closes. Remap a key in config.toml: "
                                  "[keymap] \"binding id\" = \"keys\". ctrl+p opens the command palette.")),
                         classes="hint")
            yield Input(placeholder=_("/ search: a key, an action, a screen"), id="help-search", compact=True)
            yield DataTable(id="help-table", cursor_type="row")

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#help-table", DataTable)
        table.add_columns(_("screen"), _("keys"), _("action"), _("binding id"))
        self.show("")
        super().on_mount()

    #: The search the table shows.
    _query: str | None = None

    def reset(self) -> None:
        """As a new help screen: no search, the table at its top and focused."""
        search = self.query_one("#help-search", Input)
        if search.value:
            search.value = ""
        self.show("")
        table: DataTable[str] = self.query_one("#help-table", DataTable)
        table.move_cursor(row=0, animate=False)
        table.scroll_home(animate=False)
        self.set_focus(table)

    def show(self, query: str) -> None:
        if query == self._query:
            return
        self._query = query
        table: DataTable[str] = self.query_one("#help-table", DataTable)
        table.clear()
        words = query.lower().split()
        for row in self.rows:
            text = " ".join(row).lower()
            if all(w in text for w in words):
                table.add_row(*row)

    @on(Input.Changed, "#help-search")
    def searched(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#help-search")
    def search_done(self) -> None:
        self.set_focus(self.query_one("#help-table"))

    def action_search(self) -> None:
        self.set_focus(self.query_one("#help-search"))

    def action_move(self, delta: int) -> None:
        table: DataTable[str] = self.query_one("#help-table", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_close(self) -> None:
        if self.focused is not None and self.focused.id == "help-search":
            self.set_focus(self.query_one("#help-table"))  # escape leaves the search first
            return
        self.dismiss(None)
