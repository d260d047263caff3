"""The Textual application: modes (one per screen), bindings with ids, the engine behind a lock.

Every read and write of the store runs in a worker thread (`await app.db(fn, ...)`), one at a time
(the connection is shared), so the screen never waits on SQLite.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType

from pel_tui.backend import Engine, Marketplace, PelError

if TYPE_CHECKING:
    from pel_tui.backend.models import Notification
    from pel_tui.config import Config
    from pel_tui.filters import Opening

T = TypeVar("T")


def _lazy(module: str, name: str) -> Callable[[], Any]:
    """A mode's screen, imported the first time it is shown (the first paint needs one screen)."""

    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)()

    return make


def _commands() -> Any:
    from pel_tui.commands import PelCommands

    return PelCommands


class PelApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "pel"
    SUB_TITLE = "prestataire"

    MODES: ClassVar[dict[str, Any]] = {
        "projects": _lazy("pel_tui.screens.projects", "ProjectsScreen"),
        "offers": _lazy("pel_tui.screens.offers", "OffersScreen"),
        "credits": _lazy("pel_tui.screens.credits", "CreditsScreen"),
        "subscription": _lazy("pel_tui.screens.subscription", "SubscriptionScreen"),
        "escrow": _lazy("pel_tui.screens.escrow", "EscrowScreen"),
        "payments": _lazy("pel_tui.screens.payments", "PaymentsScreen"),
        "profile": _lazy("pel_tui.screens.profile", "ProfileScreen"),
        "notifications": _lazy("pel_tui.screens.notifications", "NotificationsScreen"),
        "stats": _lazy("pel_tui.screens.stats", "StatsScreen"),
    }
    DEFAULT_MODE = "projects"
    COMMANDS: ClassVar[set[Any]] = {*App.COMMANDS, _commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('projects')", "Projects", id="go.projects"),
        Binding("2", "go('offers')", "Offers", id="go.offers"),
        Binding("3", "go('credits')", "Credits", id="go.credits"),
        Binding("4", "go('subscription')", "Subscription", id="go.subscription", show=False),
        Binding("5", "go('escrow')", "Escrow", id="go.escrow", show=False),
        Binding("6", "go('payments')", "Payments", id="go.payments", show=False),
        Binding("7", "go('profile')", "Profile", id="go.profile", show=False),
        Binding("8", "go('notifications')", "Notifications", id="go.notifications", show=False),
        Binding("9", "go('stats')", "Statistics", id="go.stats", show=False),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Theme", id="app.theme", show=False),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, engine: Engine, *, config: Config | None = None, opening: Opening | None = None) -> None:
        """`opening` is the project list's first page, read before Textual starts (`pel_tui.launch`)."""
        super().__init__()
        self.engine = engine
        self.mp = Marketplace.for_user(engine)
        if opening is None:
            from pel_tui.filters import opening as read_opening

            opening = read_opening(self.mp, config.saved_filters if config else ())
        self.opening: Opening | None = opening  # taken by the projects screen when it mounts
        self.sub_title = self._who(self.mp.unread_count())  # in the first frame, not one later
        self._lock = threading.Lock()
        self._keymap_config = config.keymap if config else {}
        from pel_tui.i18n.voice import AppVoice

        self.voice = AppVoice(self._keymap_config)
        if config and config.theme:
            self.theme = config.theme

    def on_mount(self) -> None:
        if self._keymap_config:
            self.set_keymap(self._keymap_config)
        self.switch_mode(self.DEFAULT_MODE)

    # -- the store, off the UI thread -------------------------------------------------------------

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        with self._lock:
            return fn(*args, **kwargs)

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run an engine call in a thread, one at a time."""
        return await asyncio.to_thread(self._call, fn, args, kwargs)

    async def act(self, fn: Callable[..., T], *args: Any, done: str | None = None, **kwargs: Any) -> T | None:
        """Run an engine command; a refusal becomes a notification that says why and what to do."""
        try:
            result = await self.db(fn, *args, **kwargs)
        except PelError as e:
            self.notify(self.say(e), title="Refused", severity="error", timeout=8)
            return None
        if done:
            self.notify(done, timeout=4)
        self.refresh_unread()
        return result

    def say(self, error: PelError) -> str:
        """A refusal in words, its actions said as this app's keys (after the user's keymap)."""
        from pel_tui.i18n.refusals import render

        return render(error, self.voice)

    def notice(self, n: Notification) -> tuple[str, str]:
        """A notification's title and body, its actions said as this app's keys."""
        from pel_tui.i18n.notices import render

        return render(n, self.voice)

    def refresh_unread(self) -> None:
        # The method, not a coroutine: a worker cancelled before it starts leaves nothing unawaited.
        self.run_worker(self._unread, group="unread", exclusive=True)  # type: ignore[arg-type]

    async def _unread(self) -> None:
        self.sub_title = self._who(await self.db(self.mp.unread_count))

    def _who(self, unread: int) -> str:
        """The title bar's right part: who you are, and your unread notifications (NO-1)."""
        return f"{self.mp.pseudo} · {unread} unread" if unread else self.mp.pseudo

    # -- actions --------------------------------------------------------------------------------------

    async def action_go(self, mode: str) -> None:
        await self.switch_mode(mode)

    def action_help(self) -> None:
        from pel_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def open_project(self, project_id: int) -> None:
        from pel_tui.screens.report import ReportScreen

        self.push_screen(ReportScreen(project_id))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

