"""What every screen shares: the app's engine calls, a reload when the screen comes back, and focus.

A screen names the widget its keys work on (`MAIN`): it has the focus when the screen opens, when
it comes back, and whenever what had the focus is hidden (a form closed once nothing is left to
request), so that the keyboard never types into something the user cannot see.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from pel_tui.heap import settle_heap
from pel_tui.i18n import N_

if TYPE_CHECKING:
    from textual.worker import Worker

    from pel_tui.app import PelApp


def shown(widget: Widget) -> bool:
    """Whether the widget and every container around it are displayed."""
    node: Any = widget
    while isinstance(node, Widget) and not isinstance(node, Screen):
        if not node.display or not node.visible:
            return False
        node = node.parent
    return True


class PelScreen(Screen[Any]):
    """A screen of pel: `load()` runs on mount and whenever the screen is shown again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), id="screen.back", show=False),
    ]
    #: Read the screen's data when it mounts (a screen given its data up front says False).
    LOAD_ON_MOUNT: ClassVar[bool] = True
    #: The widget the screen's keys work on (a selector): focused on open, on return, when focus is lost.
    MAIN: ClassVar[str | None] = None
    #: Read again on every return, even when the store did not move (a screen showing what the store
    #: does not hold); else a return reads again only if it moved (`store_state`).
    READ_ON_RETURN: ClassVar[bool] = False
    #: Made once and kept for the app's life (a mode): once built and read, it is frozen out of the
    #: garbage collector's walks (`pel_tui.heap`). A screen made anew for each visit says False.
    KEPT: ClassVar[bool] = True
    #: Set until the first resume: the resume that follows the mount is not a return to the screen.
    _fresh = True
    #: Set from the mount until its load is done: then the screen is frozen (`KEPT`).
    _freeze_after_load = False
    #: The store as the last load found it (`store_state`): a return to the screen reads it again only
    #: if it moved since, else the screen stays as it is (its figures are those of the store now).
    _seen: tuple[int, int, int] | None = None
    #: The load worker last started.
    _loading: Worker[None] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Textual focuses the first focusable widget once composed, then on_mount moves the focus to MAIN:
        # each move restyles what it leaves and what it enters (payments: 60 of its 289 restyles). MAIN at once.
        if cls.MAIN is not None:
            cls.AUTO_FOCUS = cls.MAIN

    def __init__(self) -> None:
        super().__init__()
        # Textual re-parses every stylesheet and restyles the app for a screen that has not seen the
        # current CSS (≈100 ms on the first visit of each screen); the app's CSS is loaded once, at
        # start, and a new widget's default CSS is parsed on its own when it mounts: nothing to redo.
        with contextlib.suppress(Exception):  # no app yet (a screen made outside one, in a test)
            self._css_update_count = self.app._css_update_count

    @property
    def pel(self) -> PelApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.keep_focus(force=True)
        if self.LOAD_ON_MOUNT:
            # Frozen after the load that follows the mount, not after a later first load (the list's
            # comes with the app: the warm-up freezes it): on a return, what was shown on top may still
            # be alive, and what is frozen is not freed.
            self._freeze_after_load = self.KEPT
            self.reload()

    def on_screen_resume(self) -> None:
        self.keep_focus()
        if self._fresh:
            self._fresh = False
            return
        if self.is_mounted:
            self.reload(if_changed=not self.READ_ON_RETURN)

    def keep_focus(self, force: bool = False) -> None:
        """Focus `MAIN` if nothing shown has the focus (or always, with `force`)."""
        if self.MAIN is None:
            return
        focused = self.focused
        if force or focused is None or not shown(focused):
            with contextlib.suppress(Exception):  # not composed yet
                self.set_focus(self.query_one(self.MAIN))

    def reload(self, if_changed: bool = False) -> None:
        """Read the screen's data again (with `if_changed`, only if the store moved since the last read)."""
        if if_changed and self._loading is not None and not self._loading.is_finished:
            return  # a load under way reads the store as it is now (Textual resumes a new mode's screen twice)
        self._loading = self.run_worker(partial(self._load_then_settle, if_changed), group=f"load-{id(self)}",
                                        exclusive=True)

    def store_state(self) -> tuple[int, int, int]:
        """What moves when the store does: another connection's commit (data_version), this one's
        writes (total_changes), and the clock's minute (what a screen shows of the time, and its rules)."""
        conn = self.pel.engine.conn
        return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes, self.pel.engine.now() // 60

    async def _load_then_settle(self, if_changed: bool = False) -> None:
        state = await self.pel.db(self.store_state)
        if if_changed and state == self._seen:
            return
        await self.load()
        self._seen = state
        if self.is_attached:
            self.keep_focus()
            self.refresh_bindings()  # what applies now may have changed (the key bar follows)
        if self._freeze_after_load:  # the first load of a screen made to stay, while it is the one shown
            self._freeze_after_load = False
            await self._after_refresh(settle_heap)

    async def _after_refresh(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the screen has drawn what the load gave, and return when it has run: the load
        ends with it (what waits for the load, a test, knows it is done)."""
        done = asyncio.Event()

        def run() -> None:
            callback()
            done.set()

        self.call_after_refresh(run)
        with contextlib.suppress(TimeoutError):  # a screen that is not drawn (left meanwhile) waits no more
            await asyncio.wait_for(done.wait(), 1.0)

    async def load(self) -> None:
        """Read what the screen shows (in a worker, through `self.pel.db`)."""

    def applies(self, action: str) -> bool:
        """Whether the action can do something now: the key bar and the palette offer only those."""
        return True

    def label(self, action: str, description: str) -> str:
        """A key's word in the key bar and the palette, as it applies now ("Unhide" on a hidden project)."""
        return description

    def key_for(self, binding_id: str, default: str) -> str:
        """The key the user presses for a binding (after their keymap), as the key bar shows it."""
        keys = self.pel.voice.keymap.get(binding_id, default)
        return self.app.get_key_display(Binding(keys.split(",")[0], ""))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
