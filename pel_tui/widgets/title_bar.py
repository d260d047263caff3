"""The line at the top of every screen: the app, then who you are and your unread count (NO-1).

One widget instead of Textual's Header (icon, title and clock space, each styled and laid out):
the first screen paints sooner. The command palette stays on ctrl+p.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static


class TitleBar(Static):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="title-bar")

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._refresh_text, init=False)
            self.watch(node, "sub_title", self._refresh_text, init=False)
        self._refresh_text()

    def _refresh_text(self, *_: Any) -> None:
        title = self.screen.title or self.app.title
        sub = self.screen.sub_title or self.app.sub_title
        self.update(Content.assemble((title, "bold"), (" — " + sub, "dim")) if sub else Content(title),
                    layout=False)  # one line: its size never changes
