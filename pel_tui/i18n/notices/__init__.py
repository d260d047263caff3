"""Notifications in words: each kind of `pel_tui.backend.events.EVENTS` has its title and body here.

`render(notification, voice)` gives `(title, body)`; a row written before the store's version 4
keeps the English prose it was stored with. A test renders every kind in both voices.
"""

from __future__ import annotations

from pel_tui.backend.models import Notification
from pel_tui.i18n.notices import account, escrow, payments, profile, projects, service
from pel_tui.i18n.notices.base import Notice, NoticeParams
from pel_tui.i18n.voice import Voice

NOTICES: dict[str, Notice] = {}
for _area in (projects.NOTICES, service.NOTICES, account.NOTICES, escrow.NOTICES, payments.NOTICES,
              profile.NOTICES):
    assert not NOTICES.keys() & _area.keys(), f"said twice: {NOTICES.keys() & _area.keys()}"
    NOTICES.update(_area)


def render(n: Notification, voice: Voice) -> tuple[str, str]:
    """(title, body) of a notification, for the reader `voice` speaks to."""
    if n.prose is not None:
        return n.prose
    notice = NOTICES.get(n.kind)
    if notice is None:  # a test keeps every kind rendered; this only guards a store from a newer version
        return n.kind.replace("_", " "), ""
    return notice(NoticeParams(n.data, n.project_id), voice)


def title(n: Notification, voice: Voice) -> str:
    return render(n, voice)[0]
