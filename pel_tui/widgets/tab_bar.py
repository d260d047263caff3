"""The project list's tabs on one line: your preferences, everything, then your saved filters.

One Static, like gh-dash's section line, instead of Textual's Tabs (a widget per tab and an
animated underline, ≈25 ms of the first paint). `t` (the screen's binding) goes to the next tab;
clicking a tab shows it.
"""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static


class TabBar(Static):
    DEFAULT_CSS = """
    TabBar {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    class Changed(Message):
        """The user chose another tab."""

        def __init__(self, bar: TabBar, name: str) -> None:
            super().__init__()
            self.bar = bar
            self.name = name

        @property
        def control(self) -> TabBar:
            return self.bar

    def __init__(self, names: list[str], *, id: str | None = None) -> None:
        self.names = list(names)
        self.active = 0
        super().__init__(self._text(), id=id)

    @property
    def active_name(self) -> str:
        return self.names[self.active]

    def _text(self) -> Content:
        parts = []
        for i, name in enumerate(self.names):
            label = escape(name)
            if i == self.active:
                parts.append(f"[b u $text-accent]{label}[/]")
            else:
                parts.append(f"[@click=activate({i})]{label}[/]")
        return Content.from_markup("   ".join(parts))

    def _show(self) -> None:
        self.update(self._text(), layout=False)  # one line: its size never changes

    def action_activate(self, index: int) -> None:
        """Show tab `index` and say so (a click, `t`, or the screen after a save)."""
        if 0 <= index < len(self.names):
            self.active = index
            self._show()
            self.post_message(self.Changed(self, self.names[index]))

    def next_tab(self) -> None:
        self.action_activate((self.active + 1) % len(self.names))

    def add_tab(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)
        self.active = self.names.index(name)
        self._show()

    def remove_tab(self, name: str) -> None:
        if name in self.names:
            self.names.remove(name)
            self.active = 0
            self._show()
