"""What every screen shares: the app's engine calls, and a reload when the screen comes back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from pel_tui.app import PelApp


class PelScreen(Screen[Any]):
    """A screen of pel: `load()` runs on mount and whenever the screen is shown again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="screen.back", show=False),
    ]
    #: Read the screen's data when it mounts (a screen given its data up front says False).
    LOAD_ON_MOUNT: ClassVar[bool] = True
    #: Set until the first resume: the resume that follows the mount is not a return to the screen.
    _fresh = True

    @property
    def pel(self) -> PelApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        if self.LOAD_ON_MOUNT:
            self.reload()

    def on_screen_resume(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        if self.is_mounted:
            self.reload()

    def reload(self) -> None:
        self.run_worker(self.load, group=f"load-{id(self)}", exclusive=True)  # type: ignore[arg-type]

    async def load(self) -> None:
        """Read what the screen shows (in a worker, through `self.pel.db`)."""

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
