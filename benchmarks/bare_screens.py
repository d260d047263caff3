"""The yardstick of bench_screens: a bare Textual app with a list screen and a second screen.

`2` shows the second screen (a mode, made on its first visit and kept, as pel's screens are), `1`
the list again; `f` pushes a new small dialog each time (as pel pushes its forms), `escape` closes
it. Each screen has a Header, a DataTable and a Footer, the weight of pel's simpler screens.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static


class ListScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="list", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("#", "title", "budget")
        for i in range(50):
            table.add_row(str(i), f"row {i} of the bare table", "1 000 €")
        table.focus()


class SecondScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A summary line of the second screen", id="summary")
        yield Static("Another line: totals, counts, a hint")
        yield DataTable(id="second", cursor_type="row")
        yield Static("The last line under the table")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("when", "kind", "what", "amount")
        for i in range(20):
            table.add_row("01/12/2026 06:00", "kind", f"row {i} of the second table", "2 400,00 €")
        table.focus()


class Dialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 70; height: auto; border: thick $primary; padding: 1 2; }
    Dialog Grid { grid-size: 2; grid-columns: 24 1fr; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("The bare dialog")
            with Grid():
                for i in range(5):
                    yield Label(f"field {i}")
                    yield Input(str(i * 100), compact=True)
            yield Static("bare dialog ready")


class BareScreens(App[None]):
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {"list": ListScreen, "second": SecondScreen}  # type: ignore[assignment]
    DEFAULT_MODE = "list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('list')", "List"),
        Binding("2", "switch_mode('second')", "Second"),
        Binding("f", "dialog", "Dialog"),
        Binding("q", "quit", "Quit"),
    ]

    def action_dialog(self) -> None:
        self.push_screen(Dialog())


if __name__ == "__main__":
    BareScreens().run()
