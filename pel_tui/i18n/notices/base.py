"""What a notice's rendering is given: its data by name (and the project it is about), and the voice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pel_tui.i18n.say import Params
from pel_tui.i18n.voice import Voice


class NoticeParams(Params):
    def __init__(self, values: dict[str, Any], project_id: int | None) -> None:
        super().__init__({**values, "project_id": project_id})


Notice = Callable[[NoticeParams, Voice], tuple[str, str]]
