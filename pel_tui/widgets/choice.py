"""A choice among a few values, all on one line, the chosen one in brackets: `[any]  yes   no`.

The filter form's yes/no/any fields and its order. Textual's `Select` would do, but each one is four
widgets (its current value, its arrow, an overlay with an option list): the form's four of them were
a third of its first build (benchmarks/bench_screens.py). This is one widget, and it shows every
option at once, which a list of two or three needs more than a drop-down: the chosen one is bracketed,
so that it reads without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """`←`/`→` (or `space`) move the choice; a click picks the option clicked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", show=False),
        Binding("right,space", "move(1)", show=False),
    ]
    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        background: $surface;
        &:focus { background-tint: $foreground 5%; }
    }
    """
    value: reactive[str] = reactive("", layout=False)

    def __init__(self, options: Sequence[tuple[str, str]], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.set_reactive(Choice.value, value)

    def _index(self) -> int:
        return next((i for i, (_label, v) in enumerate(self.options) if v == self.value), 0)

    def action_move(self, step: int) -> None:
        self.value = self.options[(self._index() + step) % len(self.options)][1]

    def _parts(self) -> list[tuple[str, str]]:
        chosen = self._index()
        style = "bold reverse" if self.has_focus else "bold"
        return [(f"[{label}]", style) if i == chosen else (f" {label} ", "") for i, (label, _v) in enumerate(self.options)]

    def render(self) -> Content:
        parts = self._parts()
        pieces: list[str | tuple[str, str]] = []
        for i, part in enumerate(parts):
            if i:
                pieces.append(" ")
            pieces.append(part)
        return Content.assemble(*pieces)

    def on_click(self, event: events.Click) -> None:
        x = 0
        for (text, _style), (_label, value) in zip(self._parts(), self.options, strict=True):
            width = cell_len(text) + 1
            if x <= event.x < x + width:
                self.value = value
                return
            x += width

    def on_focus(self) -> None:
        self.refresh()  # the chosen option is shown reversed while the field has the focus

    def on_blur(self) -> None:
        self.refresh()
