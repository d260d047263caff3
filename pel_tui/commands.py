"""The command palette: entries read "verb: object" and follow the current screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from pel_tui.app import PelApp

SCREEN_NAMES = {
    "projects": "projects", "offers": "my offers", "credits": "credits", "subscription": "subscription",
    "escrow": "escrow", "payments": "payment requests", "profile": "profile",
    "notifications": "notifications", "stats": "statistics", "sync": "sync",
}


class PelCommands(Provider):
    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: PelApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, Callable[[], Any], str]] = []
        screen = app.screen
        obj = getattr(screen, "palette_object", None) or SCREEN_NAMES.get(app.current_mode, "this screen")
        for b in getattr(screen, "BINDINGS", []):
            if isinstance(b, Binding) and b.description and b.action not in ("back",):
                out.append((f"{b.description.lower()}: {obj}", partial(screen.run_action, b.action),
                            f"key {b.key}"))
        for mode, name in SCREEN_NAMES.items():
            out.append((f"open: {name}", partial(app.run_action, f"go('{mode}')"), "switch screen"))
        out.append(("show: keys", app.action_help, "every key, and the ids a keymap can remap"))
        return out

    async def discover(self) -> Hits:
        for text, run, help_ in self._entries():
            yield DiscoveryHit(text, run, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        digits = query.strip().lstrip("#")
        if digits.isdigit():
            app: PelApp = self.app  # type: ignore[assignment]
            yield Hit(100, f"open: project #{digits}", partial(app.open_project, int(digits)), help="project report")
        for text, run, help_ in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, help=help_)
