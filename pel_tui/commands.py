"""The command palette: entries read "verb: object" and follow the current screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

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
        """The actions of the screen the palette was opened on (`self.screen`, not the palette itself)
        that can do something now, as its keys say them after the user's keymap; then the screens.
        Bindings without an id are the widgets' own (Textual's cursor keys): not offered."""
        app: PelApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, Callable[[], Any], str]] = []
        screen = self.screen
        obj = getattr(screen, "palette_object", None) or SCREEN_NAMES.get(app.current_mode, "this screen")
        applies = getattr(screen, "applies", None)
        labels = getattr(screen, "label", None)
        seen: set[str] = set()
        for _key, active in screen.active_bindings.items():
            b = active.binding
            if (not b.description or not b.id or b.action in seen or b.action in ("back", "app.back")
                    or b.action.startswith(("go(", "app.go(")) or b.system
                    or (applies is not None and not applies(b.action))):
                continue
            seen.add(b.action)
            target: Any = app if active.node is app else active.node  # a screen or a widget: both run actions
            words = labels(b.action, b.description) if labels is not None else b.description
            out.append((f"{words.lower()}: {obj}", partial(target.run_action, b.action),
                        f"key {app.get_key_display(b)}"))
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
