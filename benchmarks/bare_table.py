"""The yardstick of bench_tui: a bare Textual app showing a 50-row table (header, table, footer)."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("#", "title", "budget")
        for i in range(50):
            table.add_row(str(i), f"row {i} of the bare table", "1 000 €")
        table.focus()


if __name__ == "__main__":
    Bare().run()
