"""The line at the bottom of every screen: the main keys of what has focus, each clickable.

One Static instead of Textual's Footer, which mounts a widget per key and rebuilds them all after
every change of bindings (a focus change, a screen resume): at start that work delayed the first
page by 40-90 ms (benchmarks/bench_tui.py, with and without it). The keys shown are the bindings
with `show=True` of the focused widget and its ancestors that apply now (the screen's `applies`:
no `Consult` on a report already consulted), as the user's keymap displays them; `?` lists every
key. Clicking a key presses it.
"""

from __future__ import annotations

import contextlib

from textual.content import Content
from textual.dom import NoScreen
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from pel_tui.i18n import _


class Footer(Static):
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    _pending = False
    _shown = ""

    def __init__(self) -> None:
        super().__init__(id="key-bar")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._show_keys()

    def on_unmount(self) -> None:
        with contextlib.suppress(NoScreen):  # the screen went first
            self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self._pending:  # several changes within a frame: one update
            self._pending = True
            self.call_after_refresh(self._show_keys)

    def _show_keys(self) -> None:
        self._pending = False
        if not self.is_attached:  # a refresh after the screen closed
            return
        parts: list[str] = []
        seen: set[str] = set()
        applies = getattr(self.screen, "applies", None)  # what cannot do anything now is not offered
        labels = getattr(self.screen, "label", None)
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or (applies is not None and not applies(binding.action)):
                continue
            seen.add(binding.action)
            key = escape(self.app.get_key_display(binding))
            described = _(binding.description)  # marked with N_ where the bindings are declared
            label = escape(labels(binding.action, described) if labels else described)
            style = "" if enabled else "dim "
            parts.append(f"[{style}@click=app.simulate_key('{binding.key}')][b $accent]{key}[/] {label}[/]")
        palette = self.app.COMMAND_PALETTE_BINDING
        parts.append(f"[@click=app.simulate_key('{palette}')][b $accent]^p[/] " + str(escape(_('palette'))) + '[/]')
        text = "  ".join(parts)
        if text != self._shown:
            self._shown = text
            self.update(Content.from_markup(text), layout=False)  # one line: its size never changes
