"""What a rendering is given: a message's parameters by name, and the voice to say them in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pel_tui.i18n.voice import Voice


class Params:
    """A message's parameters, read as attributes (`p.project_id`); a missing optional one is None."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values.get(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._values.get(name, default)


Say = Callable[[Params, Voice], str]
