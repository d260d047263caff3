"""The command palette: entries read "verb: object" and follow the current screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from pel_tui.i18n import N_, _

if TYPE_CHECKING:
    from pel_tui.app import PelApp

#: The screens as the palette names them (translated where shown).
SCREEN_NAMES = {
    "projects": N_("projects"), "offers": N_("my offers"), "credits": N_("credits"),
    "subscription": N_("subscription"), "escrow": N_("escrow"), "payments": N_("payment requests"),
    "profile": N_("profile"), "notifications": N_("notifications"), "stats": N_("statistics"), "sync": N_("sync"),
}


def entry(verb: str, obj: str) -> str:
    """A palette entry, "verb: object" (`consult: project #12`; French: `consulter : projet n° 12`)."""
    return _("{verb}: {object}").format(verb=verb, object=obj)


class PelCommands(Provider):
    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        """The actions of the screen the palette was opened on (`self.screen`, not the palette itself)
        that can do something now, as its keys say them after the user's keymap; then the screens.
        Bindings without an id are the widgets' own (Textual's cursor keys): not offered."""
        app: PelApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, Callable[[], Any], str]] = []
        screen = self.screen
        obj = _(getattr(screen, "palette_object", None) or SCREEN_NAMES.get(app.current_mode, N_("this screen")))
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
            described = _(b.description)  # marked with N_ where the bindings are declared
            words = labels(b.action, described) if labels is not None else described
            out.append((entry(words.lower(), obj), partial(target.run_action, b.action),
                        _("key {key}").format(key=app.get_key_display(b))))
        for mode, name in SCREEN_NAMES.items():
            out.append((entry(_("open"), _(name)), partial(app.run_action, f"go('{mode}')"), _("switch screen")))
        out.append((entry(_("show"), _("keys")), app.action_help, _("every key, and the ids a keymap can remap")))
        return out

    async def discover(self) -> Hits:
        for text, run, help_ in self._entries():
            yield DiscoveryHit(text, run, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        digits = query.strip().lstrip("#")
        if digits.isdigit():
            app: PelApp = self.app  # type: ignore[assignment]
            yield Hit(100, entry(_("open"), _("project #{id}").format(id=digits)),
                      partial(app.open_project, int(digits)), help=_("project report"))
        for text, run, help_ in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, help=help_)
