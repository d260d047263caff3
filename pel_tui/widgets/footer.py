"""Textual's Footer, recomposed at most once per refresh.

Textual's Footer rebuilds its keys after every change of bindings (a focus change, a screen
resume, a keymap). At start several such changes come within one frame, and each rebuild restyles
a dozen widgets: this one coalesces them, and is compact by default (a FooterKey starts compact,
so a wide footer restyles every key once more as it mounts). It mirrors `Footer.bindings_changed` of Textual 8.2.8
(pinned exactly), `_bindings_ready` included.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _rebuild_pending = False

    def __init__(self, *, compact: bool = True) -> None:
        # Compact, as a FooterKey starts: otherwise each key is restyled twice when it mounts.
        super().__init__(compact=compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
