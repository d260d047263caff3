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
from pel_tui.heap import release_heap, settle_heap
from pel_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from pel_tui.backend.models import Notification
    from pel_tui.config import Config
    from pel_tui.filters import Opening

T = TypeVar("T")

#: How often the app looks whether another connection committed (PRAGMA data_version), seconds.
WATCH_SECONDS = 0.5
#: A linked store syncs this often; after a failure it waits 5 s, then twice as long each time
#: (at most 5 minutes), give or take half, so that many devices do not knock at once.
SYNC_SECONDS = 30.0
SYNC_BACKOFF = 5.0
SYNC_MAX_BACKOFF = 300.0
#: The notifications that come as a toast, with a key to go there.
TOASTED = frozenset({"selected", "terms_to_confirm", "escrow_deposit", "escrow_release", "payment_validated",
                     "payment_paid", "payment_rejected", "dispute", "lost"})


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
        "sync": _lazy("pel_tui.screens.sync", "SyncScreen"),
    }
    DEFAULT_MODE = "projects"
    #: The palette offers pel's actions only (Textual's own, "Keys", "Screenshot"..., are not the user's).
    COMMANDS: ClassVar[set[Any]] = {_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('projects')", N_("Projects"), id="go.projects"),
        Binding("2", "go('offers')", N_("Offers"), id="go.offers"),
        Binding("3", "go('credits')", N_("Credits"), id="go.credits"),
        Binding("4", "go('subscription')", N_("Subscription"), id="go.subscription", show=False),
        Binding("5", "go('escrow')", N_("Escrow"), id="go.escrow", show=False),
        Binding("6", "go('payments')", N_("Payments"), id="go.payments", show=False),
        Binding("7", "go('profile')", N_("Profile"), id="go.profile", show=False),
        Binding("8", "go('notifications')", N_("Notifications"), id="go.notifications", show=False),
        Binding("9", "go('stats')", N_("Statistics"), id="go.stats", show=False),
        Binding("0", "go('sync')", N_("Sync"), id="go.sync", show=False),
        Binding("question_mark", "help", N_("Help"), id="app.help"),
        Binding("ctrl+r,f5", "refresh", N_("Refresh"), id="app.refresh", show=False),
        Binding("ctrl+g", "follow", N_("Go to the news"), id="app.follow", show=False),
        Binding("ctrl+t", "toggle_theme", N_("Theme"), id="app.theme", show=False),
        Binding("q", "quit", N_("Quit"), id="app.quit"),
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
        self.sync_text = ""
        self._unread_seen = 0
        self._data_version: int | None = int(engine.conn.execute("PRAGMA data_version").fetchone()[0])
        self._last_notice = int(engine.conn.execute("SELECT coalesce(max(id), 0) FROM notifications").fetchone()[0])
        self.follow: Notification | None = None
        self._sync_timer: Any = None
        self._sync_engine: Engine | None = None
        self._sync_failures = 0
        self._offline_since: int | None = None
        self._refusals_said: set[str] = set()
        self.sub_title = self._who(self.mp.unread_count())  # in the first frame, not one later
        self._lock = threading.Lock()
        self._keymap_config = config.keymap if config else {}
        from pel_tui.i18n.voice import AppVoice

        self.voice = AppVoice(self._keymap_config)
        if self._keymap_config:  # before the first screen is made: its key bar shows the user's keys at once
            self.set_keymap(self._keymap_config)
        #: What the user must read at start, said inside the app (the terminal is covered by then).
        self.startup_notes: list[str] = []
        #: A first start: the store was just made, a demo marketplace; said once the first frame is up.
        self.welcome = False
        if config and config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                known = ", ".join(sorted(self.available_themes))
                self.startup_notes.append(_("The theme {theme} does not exist: the default one is used. "
                                            "Themes: {known}.").format(theme=repr(config.theme), known=known))

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds the screen for 50 ms after a mode switch, to hide the new screen until it has
        its data; pel's screens keep theirs between visits (a return reads again only if the store
        moved), and the first visit's query takes a few ms: 10 ms is enough."""
        super().delay_update(min(delay, 0.01))

    def on_unmount(self) -> None:
        release_heap()

    def on_mount(self) -> None:
        self.switch_mode(self.DEFAULT_MODE)
        self.call_after_refresh(self._after_first_paint)
        self.set_interval(WATCH_SECONDS, self._watch_store)
        self.set_timer(0.3, self._start_sync)  # after the first paint, never before it

    # -- live: what others commit shows at once ----------------------------------------------------

    def _watch_store(self) -> None:
        self.run_worker(self._check_store, group="watch", exclusive=True)  # type: ignore[arg-type]

    async def _check_store(self) -> None:
        """SQLite's data_version moves when another connection (another pel, the sync) commits."""
        version = await self.db(lambda: self.engine.conn.execute("PRAGMA data_version").fetchone()[0])
        if self._data_version is not None and version != self._data_version:
            await self.on_store_changed()
        self._data_version = version

    async def on_store_changed(self) -> None:
        """Show the store as it is now: the unread count, the screen shown, the news that matters."""
        mp = self.mp
        unread, news, sync_text = await self.db(lambda: (mp.unread_count(), self._news(), self._sync_text()))
        self.sync_text = sync_text
        self.sub_title = self._who(unread)
        screen = self.screen
        if hasattr(screen, "reload") and getattr(screen, "is_mounted", False):
            screen.reload()
        for n in news:
            title, _body = self.notice(n)
            self.follow = n
            key = self.voice.keymap.get("app.follow", "ctrl+g").split(",")[0]
            self.notify((f'{title}\n[dim]' + _('{key}: open it').format(key=key) + '[/]'), title=_("New"), timeout=10)

    def _news(self) -> list[Notification]:
        """Notifications of the kinds that matter (a selection, a deposit, a payment), new since the last look."""
        items = self.mp.notifications(unread_only=True, limit=20)
        fresh = [n for n in items if n.id > self._last_notice and n.kind in TOASTED]
        if items:
            self._last_notice = max(self._last_notice, max(n.id for n in items))
        return list(reversed(fresh))

    def action_follow(self) -> None:
        """Open what the last toast was about."""
        n = self.follow
        if n is None:
            return
        if n.kind in ("payment_validated", "payment_paid", "payment_rejected"):
            self.run_worker(self.action_go("payments"))
        elif n.kind in ("escrow_deposit", "escrow_release", "dispute", "changes_requested"):
            self.run_worker(self.action_go("escrow"))
        elif n.project_id is not None:
            self.open_project(n.project_id)

    def action_refresh(self) -> None:
        """Read everything again; on a linked store, sync now."""
        self.run_worker(self.on_store_changed(), group="refresh", exclusive=True)
        self.sync_soon(0)

    # -- sync, in the background --------------------------------------------------------------------

    def _start_sync(self) -> None:
        if self.engine.linked:
            self.sync_soon(0)

    def sync_soon(self, delay: float | None = None) -> None:
        """Sync in `delay` seconds (default: at once after a command, then every interval)."""
        if not self.engine.linked:
            return
        if self._sync_timer is not None:
            self._sync_timer.stop()
        self._sync_timer = self.set_timer(0.05 if delay is None else max(delay, 0.05), self._sync_now)

    def _sync_now(self) -> None:
        self.run_worker(self._sync_worker, thread=True, group="sync", exclusive=True)

    def _sync_worker(self) -> None:
        """One sync, on a connection of its own (so that the screen notices what it wrote)."""
        import random
        import time

        from pel_tui.sync.errors import SyncError
        from pel_tui.sync.run import sync

        if self._sync_engine is None:
            assert self.engine.store.path is not None
            self._sync_engine = Engine.open(self.engine.store.path)

        def progress(done: int, total: int) -> None:
            from pel_tui.i18n import formats

            share = formats.percent(done / total) if total else formats.number(done)
            self.call_from_thread(self._set_sync_text, _("first sync {share}").format(share=share))

        try:
            sync(self._sync_engine, progress=progress)
        except SyncError as e:
            self._sync_failures += 1
            if self._offline_since is None:
                self._offline_since = int(time.time())
            wait = min(SYNC_MAX_BACKOFF, SYNC_BACKOFF * 2 ** (self._sync_failures - 1)) * random.uniform(0.5, 1.5)
            self.call_from_thread(self._after_sync, e, wait)
            return
        self._sync_failures = 0
        self._offline_since = None
        self.call_from_thread(self._after_sync, None, SYNC_SECONDS)

    def _after_sync(self, error: Any, wait: float) -> None:
        self.sync_soon(wait)
        self.run_worker(self._refresh_sync_text, group="sync-text", exclusive=True)  # type: ignore[arg-type]

    async def _refresh_sync_text(self) -> None:
        from pel_tui.sync import status

        text, st = await self.db(lambda: (self._sync_text(), status.read(self.engine.conn)))
        self._set_sync_text(text)
        from pel_tui.backend.errors import from_wire

        for r in st.refused:  # a refused command is never hidden: said once here, kept on the sync screen
            if r.command_id not in self._refusals_said:
                self._refusals_said.add(r.command_id)
                back = " " + _("What it spent came back.") if r.given_back else ""
                self.notify((f'{self.say(from_wire(r.code, r.params))}.{back}\n[dim]' + _('0: the sync screen') + '[/]'),
                            title=_("Refused by the server"), severity="error", timeout=12)

    def show_unread(self, change: int) -> None:
        """The unread count as a screen shows it before the store has it (`M`, undone by `z`)."""
        self.sub_title = self._who(max(0, self._unread_seen + change))

    def _set_sync_text(self, text: str) -> None:
        self.sync_text = text
        self.sub_title = self._who(self._unread_seen)

    def _sync_text(self) -> str:
        """The title bar's word on sync: synced at (server time), pending, offline since, refused."""
        if not self.engine.linked:
            return ""
        from pel_tui.i18n import formats
        from pel_tui.sync import status

        st = status.read(self.engine.conn)
        parts = []
        if self._offline_since is not None:
            parts.append(_("offline since {time}").format(time=formats.clock_time(self._offline_since)))
        elif not st.first_done:
            parts.append(_("first sync…"))
        elif st.synced_at:
            parts.append(_("synced {time}").format(time=formats.clock_time(st.synced_at)))
        if st.pending:
            n = len(st.pending)
            parts.append(ngettext("{n} pending", "{n} pending", n).format(n=formats.number(n)))
        if st.refused:
            n = len(st.refused)
            parts.append(ngettext("{n} refused (0)", "{n} refused (0)", n).format(n=formats.number(n)))
        return " · ".join(parts)

    # -- the store, off the UI thread -------------------------------------------------------------

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        with self._lock:
            return fn(*args, **kwargs)

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run an engine call in a thread, one at a time."""
        return await asyncio.to_thread(self._call, fn, args, kwargs)

    async def act(self, fn: Callable[..., T], *args: Any, done: str | None = None, **kwargs: Any) -> T | None:
        """Run an engine command; a refusal becomes a notification that says why and what to do, and so
        does a storage fault (a full disk, a store locked by another program): nothing was written."""
        from local_store.connection import StoreError

        try:
            result = await self.db(fn, *args, **kwargs)
        except PelError as e:
            self.notify(self.say(e), title=_("Refused"), severity="error", timeout=8)
            return None
        except (StoreError, StoreError.RAW) as e:
            if not self.said_storage_fault(e):
                raise
            return None
        if done:
            self.notify(done, timeout=4)
        self.refresh_unread()
        self.sync_soon()  # a linked store sends it at once
        return result

    def said_storage_fault(self, error: BaseException) -> bool:
        """Say a storage fault (`local_store.connection.StoreError`, or what SQLite raised) in a toast: True
        if it was one, False if it is a bug."""
        from local_store.connection import StoreError

        fault = StoreError.of(error, self.engine.store.path)
        if fault is None:
            return False
        self.notify(str(fault), title=_("The store"), severity="error", timeout=20)
        return True

    def _handle_exception(self, error: Exception) -> None:
        """A screen's read that met a storage fault (a damaged page, a store locked too long) ends its worker
        with a toast, not the application with a traceback; anything else is a bug, as Textual has it."""
        from textual.worker import WorkerFailed

        if isinstance(error, WorkerFailed) and self.is_running and self.said_storage_fault(error.error):
            return
        super()._handle_exception(error)

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
        """The title bar's right part: who you are, your unread notifications (NO-1), the state of sync."""
        self._unread_seen = unread
        from pel_tui.i18n import formats

        parts = [self.mp.pseudo] + ([ngettext("{n} unread", "{n} unread", unread).format(n=formats.number(unread))]
                                    if unread else [])
        if self.sync_text:
            parts.append(self.sync_text)
        return " · ".join(parts)

    # -- actions --------------------------------------------------------------------------------------

    async def action_go(self, mode: str) -> None:
        """A screen's key lands on that screen itself, never on a report left open above it."""
        await self.switch_mode(mode)
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    def _after_first_paint(self) -> None:
        """What waits for the first frame: the settings' problems, and the screens made ready."""
        from pel_tui.screens.help import unknown_ids

        notes = self.startup_notes
        unknown = unknown_ids(self._keymap_config)
        if unknown:
            notes.append(_("[keymap] names no binding {ids}: ? lists every binding id.").format(
                ids=", ".join(repr(u) for u in unknown)))
        if self.welcome:
            self.notify(_("This is a demo marketplace, made for you to try everything: you are {pseudo}, a "
                          "provider. Its clients, competitors and clock are simulated; nothing leaves this "
                          "machine. ? lists the keys.").format(pseudo=self.mp.pseudo),
                        title=_("Welcome"), timeout=15)
        for note in notes:
            self.notify(note, title=_("Settings (config.toml)"), severity="warning", timeout=20)
        self.run_worker(self._catch_up, group="catch-up")  # type: ignore[arg-type]
        self.run_worker(self._warm_up, thread=True, group="warm-up")

    async def _catch_up(self) -> None:
        """The time-based rules due since the store was last open (projects expired, renewals...), applied
        after the first frame, not before it; what they changed is shown at once."""
        from local_store.connection import StoreError

        try:
            batches = await self.db(self.engine.catch_up)
        except (StoreError, StoreError.RAW) as e:  # a full disk, a locked store...: said; the list stays
            if not self.said_storage_fault(e):
                raise
            return
        if batches:
            await self.on_store_changed()

    def _warm_up(self) -> None:
        """Import every screen and dialog in the background, so that none pays its import when first shown."""
        import importlib

        for module in ("pel_tui.screens.report", "pel_tui.widgets.filter_form", "pel_tui.screens.offers",
                       "pel_tui.screens.credits", "pel_tui.screens.subscription", "pel_tui.screens.escrow",
                       "pel_tui.screens.payments", "pel_tui.screens.profile", "pel_tui.screens.notifications",
                       "pel_tui.screens.stats", "pel_tui.screens.sync"):
            importlib.import_module(module)
        settle_heap()  # what was imported lives as long as the app

    def action_command_palette(self) -> None:
        """Textual's command palette, its search box in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def action_help(self) -> None:
        from pel_tui.screens.help import open_help

        open_help(self)

    def open_project(self, project_id: int) -> None:
        from pel_tui.screens.report import ReportScreen

        self.push_screen(ReportScreen(project_id))

    def action_toggle_theme(self) -> None:
        """Light or dark, remembered in config.toml (whose comments and order stay)."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        self.run_worker(self._save_theme(self.theme), group="theme", exclusive=True)

    async def _save_theme(self, theme: str) -> None:
        from pel_tui.config import ConfigError, save_theme

        try:
            await asyncio.to_thread(save_theme, theme)
        except (ConfigError, OSError) as e:
            self.notify(_("The theme is not remembered: {error}").format(error=e), title=_("Settings"),
                        severity="warning", timeout=10)

