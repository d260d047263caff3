"""The project list's tabs on one line: your preferences, everything, then your saved filters.

One Static, like gh-dash's section line, instead of Textual's Tabs (a widget per tab and an
animated underline, ≈25 ms of the first paint). `t`/`T` (the screen's bindings) go to the next or
the previous tab; clicking a tab shows it. The active tab is between brackets, so that it reads
without colour (a screen reader, a capture in plain text).
"""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static

from pel_tui.filters import tab_label


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
        self.modified = False
        super().__init__(self._text(), id=id)

    @property
    def active_name(self) -> str:
        return self.names[self.active]

    def _text(self) -> Content:
        """The active tab between brackets (it reads without colour too), `*` when its filter was changed."""
        parts = []
        for i, name in enumerate(self.names):
            label = escape(tab_label(name))  # the built-in tabs in the user's language
            if i == self.active:
                mark = "*" if self.modified else ""
                parts.append(f"[b $text-accent]\\[[u]{label}[/u]{mark}][/]")
            else:
                parts.append(f"[@click=activate({i})] {label} [/]")
        return Content.from_markup("  ".join(parts))

    def _show(self) -> None:
        self.update(self._text(), layout=False)  # one line: its size never changes

    def action_activate(self, index: int) -> None:
        """Show tab `index` and say so (a click, `t`, or the screen after a save)."""
        if 0 <= index < len(self.names):
            self.active = index
            self.modified = False
            self._show()
            self.post_message(self.Changed(self, self.names[index]))

    def next_tab(self, step: int = 1) -> None:
        """The next tab (`step` -1: the previous one), round the end."""
        self.action_activate((self.active + step) % len(self.names))

    def set_modified(self, modified: bool) -> None:
        """Whether the list shows the tab's filter as it was, or changed since (`u`, words...)."""
        if modified != self.modified:
            self.modified = modified
            self._show()

    def add_tab(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)
        self.active = self.names.index(name)
        self.modified = False
        self._show()

    def remove_tab(self, name: str) -> None:
        if name in self.names:
            self.names.remove(name)
            self.active = 0
            self._show()
