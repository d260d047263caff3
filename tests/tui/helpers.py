"""What the pilot tests share: letting the app settle, and reading what a screen shows."""

from __future__ import annotations

from textual.content import Content
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static

from pel_tui.app import PelApp

#: Workers that may wait on a dialog (push_screen_wait): never awaited while a dialog is open.
ACTIONS = {"escrow-action", "profile-action", "pay-submit", "pay-generate", "action"}


async def settle(pilot: Pilot[None], app: PelApp) -> None:
    """Until every worker is done, or the only ones left wait for the dialog on top."""
    calm = 0
    for _ in range(1000):
        await pilot.pause(0.01)
        running = [w for w in app.workers if not w.is_finished]
        idle = not running or (isinstance(app.screen, ModalScreen) and all(w.group in ACTIONS for w in running))
        calm = calm + 1 if idle else 0
        if calm >= 5:  # idle for a few turns: a dialog being dismissed is not a dialog waiting
            break
    await pilot.pause()


def plain(static: Static) -> str:
    """What a Static shows, without its markup (a Content is already text: its brackets are text)."""
    content = static.content
    return content.plain if isinstance(content, Content) else Content.from_markup(str(content)).plain


def text(app: PelApp, selector: str) -> str:
    """What a Static of the current screen shows, without its markup."""
    return plain(app.screen.query_one(selector, Static))


def screen_text(app: PelApp) -> str:
    """Everything the Statics of the current screen (or dialog) show, without markup."""
    return " ".join(plain(s) for s in app.screen.query(Static))


def toasts(app: PelApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def listed(app: PelApp) -> list[int]:
    """The project ids the list shows, top to bottom."""
    from pel_tui.widgets.project_list import ProjectList

    return app.screen.query_one("#project-table", ProjectList).ids
